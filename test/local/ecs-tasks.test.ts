import {CreateLogGroupCommand, GetLogEventsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {
  CreateClusterCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListContainerInstancesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
  paginateListTasks,
} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {appContainer} from './support/app-container.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'
import {advanceUntil} from '../support/time.js'

let t: TestAws

beforeEach(async () => {
  t = await startTestAws()
})
afterEach(async () => {
  await t.close()
})

async function register(container: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
  const out = await t.clients.ecs.send(
    new RegisterTaskDefinitionCommand({family: 'job', containerDefinitions: [appContainer('app', 'example/job:1', container)], ...extra}),
  )
  return out.taskDefinition?.taskDefinitionArn ?? ''
}

async function run(taskDefinition: string, extra: Record<string, unknown> = {}): Promise<Task> {
  const out = await t.clients.ecs.send(new RunTaskCommand({taskDefinition, ...extra}))
  const task = out.tasks?.[0]
  if (!task) throw new Error(`RunTask failed: ${JSON.stringify(out.failures)}`)
  return task
}

const stopped = (taskArn: string) => async (): Promise<Task | undefined> => {
  const out = await t.clients.ecs.send(new DescribeTasksCommand({tasks: [taskArn]}))
  const task = out.tasks?.[0]
  return task?.lastStatus === 'STOPPED' ? task : undefined
}

describe('RunTask', () => {
  it("ends `sh -c 'exit 3'` with exit code 3 after going through PENDING and RUNNING", async () => {
    const taskDefinition = await register({command: ['sh', '-c', 'sleep 10; exit 3']})
    const task = await run(taskDefinition, {startedBy: 'hako'})
    expect(task.lastStatus).toBe('PENDING')
    expect(task.containerInstanceArn).toMatch(/container-instance\/default\//)
    const statuses = new Set<string>()
    const done = await advanceUntil(
      t.clock,
      async () => {
        const out = await t.clients.ecs.send(new DescribeTasksCommand({tasks: [task.taskArn ?? '']}))
        statuses.add(out.tasks?.[0]?.lastStatus ?? '')
        return stopped(task.taskArn ?? '')()
      },
      {stepMs: 2_000},
    )
    expect([...statuses]).toEqual(expect.arrayContaining(['PENDING', 'RUNNING', 'STOPPED']))
    expect(done.containers?.[0]?.exitCode).toBe(3)
    expect(done.stopCode).toBe('EssentialContainerExited')
    expect(done.stoppedReason).toBe('Essential container in task exited')
    expect(done.startedBy).toBe('hako')
    // The task's 10 s sleep is visible in its timestamps.
    expect((done.executionStoppedAt?.getTime() ?? 0) - (done.startedAt?.getTime() ?? 0)).toBe(10_000)
  })

  it('applies command overrides', async () => {
    const taskDefinition = await register({command: ['sleep', '3600']})
    const task = await run(taskDefinition, {overrides: {containerOverrides: [{name: 'app', command: ['exit', '7']}]}})
    const done = await advanceUntil(t.clock, stopped(task.taskArn ?? ''))
    expect(done.containers?.[0]?.exitCode).toBe(7)
  })

  it('writes `echo hi` to CloudWatch Logs through the awslogs driver', async () => {
    await t.clients.logs().send(new CreateLogGroupCommand({logGroupName: '/hako/job'}))
    const taskDefinition = await register({
      command: ['echo', 'hi'],
      logConfiguration: {logDriver: 'awslogs', options: {'awslogs-group': '/hako/job', 'awslogs-region': 'ap-northeast-1', 'awslogs-stream-prefix': 'job'}},
    })
    const task = await run(taskDefinition)
    const done = await advanceUntil(t.clock, stopped(task.taskArn ?? ''))
    expect(done.containers?.[0]?.exitCode).toBe(0)
    const taskId = task.taskArn?.split('/').at(-1)
    const events = await t.clients.logs().send(new GetLogEventsCommand({logGroupName: '/hako/job', logStreamName: `job/app/${taskId}`}))
    expect(events.events?.map((e) => e.message)).toEqual(['hi'])
  })

  it('fails to start when the awslogs group does not exist', async () => {
    const taskDefinition = await register({
      command: ['echo', 'hi'],
      logConfiguration: {logDriver: 'awslogs', options: {'awslogs-group': '/missing', 'awslogs-stream-prefix': 'job'}},
    })
    const task = await run(taskDefinition)
    const done = await advanceUntil(t.clock, stopped(task.taskArn ?? ''))
    expect(done.stopCode).toBe('TaskFailedToStart')
    expect(done.stoppedReason).toMatch(/^ResourceInitializationError: .*log group does not exist/)
  })

  it('ends an unknown command with 0 after a short while', async () => {
    const taskDefinition = await register({command: ['bundle', 'exec', 'rake', 'db:migrate']})
    const task = await run(taskDefinition)
    const done = await advanceUntil(t.clock, stopped(task.taskArn ?? ''))
    expect(done.containers?.[0]?.exitCode).toBe(0)
  })

  it('stops a task on request with UserInitiated and the reason', async () => {
    const taskDefinition = await register({command: ['sleep', '3600']})
    const task = await run(taskDefinition)
    t.clock.advance(60_000)
    const out = await t.clients.ecs.send(new StopTaskCommand({task: task.taskArn, reason: 'cancelled by hako'}))
    expect(out.task?.desiredStatus).toBe('STOPPED')
    const done = await advanceUntil(t.clock, stopped(task.taskArn ?? ''))
    expect(done.stopCode).toBe('UserInitiated')
    expect(done.stoppedReason).toBe('cancelled by hako')
  })

  it('stops a task whose image cannot be pulled, without an exit code', async () => {
    t.local.faults.image({image: 'example/job:*', cannotPull: true})
    const taskDefinition = await register({command: ['sleep', '1']})
    const task = await run(taskDefinition)
    const done = await advanceUntil(t.clock, stopped(task.taskArn ?? ''))
    expect(done.stopCode).toBe('TaskFailedToStart')
    expect(done.stoppedReason).toMatch(/^CannotPullContainerError: /)
    expect(done.containers?.[0]?.exitCode).toBeUndefined()
    expect(done.containers?.[0]?.reason).toMatch(/^CannotPullContainerError: /)
  })

  it('reports placement failures as RESOURCE:MEMORY per container instance', async () => {
    const taskDefinition = await register({memory: 5000})
    const out = await t.clients.ecs.send(new RunTaskCommand({taskDefinition}))
    expect(out.tasks).toEqual([])
    expect(out.failures).toHaveLength(3)
    expect(out.failures?.every((f) => f.reason === 'RESOURCE:MEMORY' && f.arn?.includes(':container-instance/default/'))).toBe(true)
  })

  it('takes container instance resources while a task runs', async () => {
    const taskDefinition = await register({memory: 1024, cpu: 512})
    const task = await run(taskDefinition)
    const out = await t.clients.ecs.send(new DescribeContainerInstancesCommand({containerInstances: [task.containerInstanceArn ?? '']}))
    const remaining = Object.fromEntries((out.containerInstances?.[0]?.remainingResources ?? []).map((r) => [r.name, r.integerValue]))
    expect(remaining).toMatchObject({CPU: 2048 - 512, MEMORY: 4096 - 1024})
    expect(out.containerInstances?.[0]?.ec2InstanceId).toMatch(/^i-[0-9a-f]{17}$/)
  })

  it('rejects RunTask on a cluster without container instances', async () => {
    await t.close()
    t = await startTestAws({containerInstances: {count: 0}})
    await t.clients.ecs.send(new CreateClusterCommand({clusterName: 'empty'}))
    const listed = await t.clients.ecs.send(new ListContainerInstancesCommand({cluster: 'empty'}))
    expect(listed.containerInstanceArns).toEqual([])
    const taskDefinition = await register({})
    const error = await t.clients.ecs.send(new RunTaskCommand({cluster: 'empty', taskDefinition})).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidParameterException)
    expect((error as Error).message).toBe('No Container Instances were found in your cluster.')
  })

  it('gives Fargate tasks an ENI with a private address', async () => {
    const taskDefinition = await register({command: ['sleep', '100']}, {requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512'})
    const task = await run(taskDefinition, {
      launchType: 'FARGATE',
      networkConfiguration: {awsvpcConfiguration: {subnets: ['subnet-1'], securityGroups: ['sg-1']}},
    })
    expect(task.lastStatus).toBe('PROVISIONING')
    expect(task.containerInstanceArn).toBeUndefined()
    const eni = task.attachments?.[0]
    expect(eni?.type).toBe('ElasticNetworkInterface')
    expect(eni?.details?.find((d) => d.name === 'privateIPv4Address')?.value).toMatch(/^10\.0\.\d+\.\d+$/)
    expect(eni?.details?.find((d) => d.name === 'subnetId')?.value).toBe('subnet-1')
  })

  it('lists tasks by family and startedBy, paginated, and reports missing tasks as failures', async () => {
    const taskDefinition = await register({command: ['sleep', '3600'], memory: 64})
    await t.clients.ecs.send(new RunTaskCommand({taskDefinition, count: 5, startedBy: 'batch'}))
    await t.clients.ecs.send(new RunTaskCommand({taskDefinition, count: 1}))
    const arns: string[] = []
    for await (const page of paginateListTasks({client: t.clients.ecs, pageSize: 2}, {family: 'job', startedBy: 'batch'})) arns.push(...(page.taskArns ?? []))
    expect(arns).toHaveLength(5)
    const all = await t.clients.ecs.send(new ListTasksCommand({family: 'job'}))
    expect(all.taskArns).toHaveLength(6)
    const described = await t.clients.ecs.send(new DescribeTasksCommand({tasks: [arns[0] ?? '', 'f'.repeat(32)]}))
    expect(described.tasks).toHaveLength(1)
    expect(described.failures).toEqual([{arn: `arn:aws:ecs:ap-northeast-1:123456789012:task/default/${'f'.repeat(32)}`, reason: 'MISSING'}])
  })
})
