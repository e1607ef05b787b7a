import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type AvailableStatus, status, type StatusReport} from '../../src/app/status.js'
import {ExitCode} from '../../src/errors.js'
import {ensureHostedZone} from '../../src/local/route53/state.js'
import {renderStatus} from '../../src/ui/status-report.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {deployed, HELLO_ALB, SIMPLE} from '../support/deploy.js'

const FARGATE = 'examples/hello-fargate.jsonnet'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['simple', 'eagletmt', 'hello']})
})

afterEach(async () => {
  await env.close()
})

function available(report: StatusReport): AvailableStatus {
  if (!report.available) throw new Error('expected an available status')
  return report
}

describe('hako status against the local AWS', () => {
  it('reports the deployment, the tasks on their EC2 instances and the events of a deployed service', async () => {
    await deployed(env, SIMPLE)
    await env.renew()
    const writesBefore = env.writeCount()

    const result = await status(env.deps, {file: SIMPLE})

    expect(result.exitCode).toBe(ExitCode.ok)
    expect(env.writeCount()).toBe(writesBefore)
    const report = available(result.report)
    expect(report.loadBalancers).toEqual([])
    expect(report.deployments).toEqual([
      {
        status: 'PRIMARY',
        taskDefinition: 'simple:1',
        desiredCount: 2,
        pendingCount: 0,
        runningCount: 2,
        rolloutState: 'COMPLETED',
        rolloutStateReason: expect.any(String),
        images: [{container: 'app', image: 'example/simple:v1'}],
      },
    ])
    // No scheduler.autoscaling: nothing is asked of Application Auto Scaling.
    expect(report.autoscaling).toBeNull()
    expect(env.local.count({service: 'application-autoscaling'})).toBe(0)
    expect(report.tasks).toHaveLength(2)
    for (const task of report.tasks) {
      expect(task).toMatchObject({
        lastStatus: 'RUNNING',
        desiredStatus: 'RUNNING',
        taskDefinition: 'simple:1',
        instanceId: expect.stringMatching(/^i-/),
        instanceName: 'ecs-simple',
      })
      expect(task.privateIp).toBeUndefined()
    }
    expect(report.events.length).toBeGreaterThan(0)
    expect(report.events.length).toBeLessThanOrEqual(10)
    expect(report.events[0]?.message).toMatch(/has reached a steady state/)
    // The report is data: a JSON round trip keeps it whole.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report)
  })

  it("renders hako's layout", async () => {
    await deployed(env, SIMPLE)
    const report = available((await status(env.deps, {file: SIMPLE})).report)

    const text = renderStatus(report)

    const [task1, task2] = report.tasks
    const events = report.events.map((e) => `  ${e.createdAt}: ${e.message}`)
    expect(text).toBe(
      [
        'Deployments:',
        `  [PRIMARY] simple:1 desired_count=2, pending_count=0, running_count=2, image=example/simple:v1, rollout_state=COMPLETED (${report.deployments[0]?.rolloutStateReason})`,
        'Tasks:',
        `  [RUNNING] ${task1?.id} task_definition=simple:1, desired_status=RUNNING, instance_id=${task1?.instanceId} (ecs-simple)`,
        `  [RUNNING] ${task2?.id} task_definition=simple:1, desired_status=RUNNING, instance_id=${task2?.instanceId} (ecs-simple)`,
        'Events:',
        ...events,
        'Autoscaling: No',
        'Service Discovery: No',
        '',
      ].join('\n'),
    )
  })

  it('lists the load balancer listeners in front of the service', async () => {
    await env.local.mutate((world) => {
      ensureHostedZone(world, 'example.com.')
    })
    await deployed(env, HELLO_ALB)

    const report = available((await status(env.deps, {file: HELLO_ALB})).report)

    expect(report.loadBalancers).toEqual([{dnsName: expect.stringMatching(/^hako-hello-alb-/), port: 80, containerName: 'app', containerPort: 3000}])
    expect(renderStatus(report)).toMatch(/^Load balancer:\n {2}hako-hello-alb-\S+:80 -> app:3000\nDeployments:\n/)
  })

  it("names each task's EC2 instance by its Name tag, with one DescribeInstances for all of them", async () => {
    await deployed(env, SIMPLE)
    env.local.resetCalls()

    const report = available((await status(env.deps, {file: SIMPLE})).report)

    const ids = [...new Set(report.tasks.map((t) => t.instanceId))].sort()
    const calls = env.local.calls().filter((c) => c.service === 'ec2')
    expect(calls.map((c) => c.operation)).toEqual(['DescribeInstances'])
    const asked = calls[0]?.input as {InstanceId: Record<string, string>}
    expect(Object.keys(asked)).toEqual(['InstanceId'])
    expect(Object.values(asked.InstanceId).sort()).toEqual(ids)
    expect(env.reporter.messages('warn')).toEqual([])
  })

  it('shows the ids only, with a warning, when ec2:DescribeInstances is denied', async () => {
    await deployed(env, SIMPLE)
    env.local.faults.operation('ec2:DescribeInstances', {
      rejectNext: {count: 1, type: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.'},
    })

    const result = await status(env.deps, {file: SIMPLE})

    expect(result.exitCode).toBe(ExitCode.ok)
    const report = available(result.report)
    expect(report.deployments).toHaveLength(1)
    expect(report.tasks).toHaveLength(2)
    for (const task of report.tasks) {
      expect(task.instanceId).toMatch(/^i-/)
      expect(task.instanceName).toBeUndefined()
    }
    expect(renderStatus(report)).toContain(`desired_status=RUNNING, instance_id=${report.tasks[0]?.instanceId}\n`)
    expect(env.reporter.messages('warn')).toEqual([
      expect.stringMatching(/^ec2:DescribeInstances was denied \(.*UnauthorizedOperation.*\).*Grant ec2:DescribeInstances/),
    ])
  })

  it('shows the ids only when the instances are gone from EC2, and still the names of the others', async () => {
    await deployed(env, SIMPLE)
    const report0 = available((await status(env.deps, {file: SIMPLE})).report)
    const [first, second] = report0.tasks.map((t) => t.instanceId)
    env.local.faults.operation('ec2:DescribeInstances', {
      rejectNext: {count: 1, type: 'InvalidInstanceID.NotFound', message: `The instance ID '${first}' does not exist`},
    })
    env.local.resetCalls()

    const report = available((await status(env.deps, {file: SIMPLE})).report)

    expect(env.local.count({service: 'ec2', operation: 'DescribeInstances'})).toBe(first === second ? 1 : 2)
    for (const task of report.tasks) expect(task.instanceName).toBe(task.instanceId === first ? undefined : 'ecs-simple')
    expect(env.reporter.messages('warn')).toEqual([])
  })

  it('an EC2 failure other than a denial fails status, naming the call', async () => {
    await deployed(env, SIMPLE)
    env.local.faults.operation('ec2:DescribeInstances', {rejectNext: {count: 1, type: 'InvalidParameterValue', message: 'bad'}})

    await expect(status(env.deps, {file: SIMPLE})).rejects.toThrow(/^ec2:DescribeInstances 2 instance\(s\) failed: InvalidParameterValue: bad/)
  })

  it('shows the private address of Fargate tasks', async () => {
    await deployed(env, FARGATE)

    const report = available((await status(env.deps, {file: FARGATE})).report)

    expect(report.tasks).toHaveLength(2)
    for (const task of report.tasks) {
      expect(task.privateIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
      expect(task.instanceId).toBeUndefined()
    }
    // No container instance, no EC2 call.
    expect(env.local.count({service: 'ec2'})).toBe(0)
    expect(renderStatus(report)).toContain(`desired_status=RUNNING, private_ip=${report.tasks[0]?.privateIp}`)
  })

  it('still reports a deployment whose task definition can no longer be described, without its images', async () => {
    await deployed(env, SIMPLE)
    env.local.faults.operation('ecs:DescribeTaskDefinition', {rejectNext: {count: 1, type: 'ClientException', message: 'Unable to describe task definition.'}})

    const report = available((await status(env.deps, {file: SIMPLE})).report)

    expect(report.deployments.map((d) => [d.taskDefinition, d.images])).toEqual([['simple:1', []]])
    expect(renderStatus(report)).toContain('running_count=2, rollout_state=')
  })

  it('a missing service is unavailable with exit 1', async () => {
    const result = await status(env.deps, {file: SIMPLE})

    expect(result).toEqual({exitCode: ExitCode.error, report: {available: false, cluster: 'simple', service: 'simple'}})
    expect(renderStatus(result.report)).toBe('Unavailable\n')
  })
})
