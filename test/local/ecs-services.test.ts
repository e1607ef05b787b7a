import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  InvalidParameterException,
  ListServicesCommand,
  RegisterTaskDefinitionCommand,
  type Service,
  ServiceNotFoundException,
  UpdateServiceCommand,
  paginateListServices,
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

async function registerImage(image: string, family = 'web'): Promise<string> {
  const out = await t.clients.ecs.send(new RegisterTaskDefinitionCommand({family, containerDefinitions: [appContainer('app', image)]}))
  return out.taskDefinition?.taskDefinitionArn ?? ''
}

async function describe1(name = 'web'): Promise<Service> {
  const out = await t.clients.ecs.send(new DescribeServicesCommand({cluster: 'default', services: [name]}))
  const service = out.services?.[0]
  if (!service) throw new Error(`service ${name} missing`)
  return service
}

const steady = async (name = 'web'): Promise<Service | undefined> => {
  const service = await describe1(name)
  const only = service.deployments?.length === 1 ? service.deployments[0] : undefined
  return only?.rolloutState === 'COMPLETED' && service.runningCount === service.desiredCount ? service : undefined
}

/** Tasks of the service that are not STOPPED yet (RUNNING, PENDING and stopping ones). */
const unstopped = (): Promise<number> =>
  t.local.read((world) => Object.values(world.ecs.tasks).filter((s) => s.task.group === 'service:web' && s.task.lastStatus !== 'STOPPED').length)

describe('services', () => {
  it('starts the desired tasks, completes the deployment and reports a steady state in events', async () => {
    const taskDefinition = await registerImage('example/app:1')
    const created = await t.clients.ecs.send(new CreateServiceCommand({serviceName: 'web', taskDefinition, desiredCount: 2}))
    expect(created.service?.deployments?.[0]?.id).toMatch(/^ecs-svc\/\d{19}$/)
    expect(created.service?.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS')
    const service = await advanceUntil(t.clock, () => steady())
    const messages = (service.events ?? []).map((e) => e.message ?? '')
    expect(messages[0]).toBe('(service web) has reached a steady state.')
    expect(messages[1]).toMatch(/^\(service web\) \(deployment ecs-svc\/\d+\) deployment completed\.$/)
    expect(messages.at(-1)).toMatch(/^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/)
    expect(new Set(service.events?.map((e) => e.id)).size).toBe(service.events?.length)
    expect(service.deployments?.[0]?.rolloutStateReason).toMatch(/completed/)
  })

  it('keeps a rolling update (desired 4, min 50 %, max 200 %) between 2 running and 8 tasks', async () => {
    const v1 = await registerImage('example/app:1')
    await t.clients.ecs.send(
      new CreateServiceCommand({
        serviceName: 'web',
        taskDefinition: v1,
        desiredCount: 4,
        deploymentConfiguration: {minimumHealthyPercent: 50, maximumPercent: 200},
      }),
    )
    await advanceUntil(t.clock, () => steady())
    const v2 = await registerImage('example/app:2')
    const updated = await t.clients.ecs.send(new UpdateServiceCommand({service: 'web', taskDefinition: v2}))
    expect(updated.service?.deployments?.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE'])

    let lowest = Number.POSITIVE_INFINITY
    let highest = 0
    const done = await advanceUntil(
      t.clock,
      async () => {
        const service = await describe1()
        const total = await unstopped()
        lowest = Math.min(lowest, service.runningCount ?? 0)
        highest = Math.max(highest, total)
        expect(service.runningCount).toBeGreaterThanOrEqual(2)
        expect(total).toBeLessThanOrEqual(8)
        expect((service.runningCount ?? 0) + (service.pendingCount ?? 0)).toBeLessThanOrEqual(8)
        return (await steady()) && service.taskDefinition === v2 ? service : undefined
      },
      {stepMs: 1_000},
    )
    expect(done.deployments?.[0]?.taskDefinition).toBe(v2)
    // The update used its room on both sides instead of replacing one task at a time.
    expect(lowest).toBe(2)
    expect(highest).toBeGreaterThan(4)
    expect(done.events?.some((e) => /has stopped 2 running tasks/.test(e.message ?? ''))).toBe(true)
  })

  it('does not create a deployment for a desiredCount change alone, but does for forceNewDeployment', async () => {
    const v1 = await registerImage('example/app:1')
    await t.clients.ecs.send(new CreateServiceCommand({serviceName: 'web', taskDefinition: v1, desiredCount: 1}))
    await advanceUntil(t.clock, () => steady())
    const scaled = await t.clients.ecs.send(new UpdateServiceCommand({service: 'web', desiredCount: 3}))
    expect(scaled.service?.deployments).toHaveLength(1)
    const forced = await t.clients.ecs.send(new UpdateServiceCommand({service: 'web', forceNewDeployment: true}))
    expect(forced.service?.deployments?.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE'])
    const done = await advanceUntil(t.clock, () => steady())
    expect(done.runningCount).toBe(3)
  })

  it('trips the circuit breaker on a crashing image and rolls back to the last completed deployment', async () => {
    const v1 = await registerImage('example/app:1')
    await t.clients.ecs.send(
      new CreateServiceCommand({
        serviceName: 'web',
        taskDefinition: v1,
        desiredCount: 2,
        deploymentConfiguration: {deploymentCircuitBreaker: {enable: true, rollback: true}},
      }),
    )
    const before = await advanceUntil(t.clock, () => steady())
    const completedId = before.deployments?.[0]?.id
    t.local.faults.image({image: 'example/crash:*', exitCode: 1})
    const v2 = await registerImage('example/crash:1')
    await t.clients.ecs.send(new UpdateServiceCommand({service: 'web', taskDefinition: v2}))

    const failedSeen = await advanceUntil(t.clock, async () => {
      const service = await describe1()
      return service.deployments?.find((d) => d.rolloutState === 'FAILED') ? service : undefined
    })
    const failed = failedSeen.deployments?.find((d) => d.rolloutState === 'FAILED')
    expect(failed?.taskDefinition).toBe(v2)
    expect(failed?.failedTasks).toBeGreaterThanOrEqual(3)
    expect(failed?.rolloutStateReason).toBe('ECS deployment circuit breaker: tasks failed to start.')
    expect(failedSeen.deployments?.[0]?.taskDefinition).toBe(v1)
    expect(failedSeen.deployments?.[0]?.rolloutStateReason).toContain(`rolling back to deploymentId ${completedId}`)
    expect(failedSeen.events?.some((e) => e.message === `(service web) (deployment ${failed?.id}) deployment failed: tasks failed to start.`)).toBe(true)

    const after = await advanceUntil(t.clock, () => steady())
    expect(after.taskDefinition).toBe(v1)
    expect(after.deployments?.[0]?.taskDefinition).toBe(v1)
  })

  it('without rollback, a failed deployment stops launching tasks', async () => {
    t.local.faults.image({image: 'example/crash:*', exitCode: 2})
    const v1 = await registerImage('example/crash:1')
    await t.clients.ecs.send(
      new CreateServiceCommand({
        serviceName: 'web',
        taskDefinition: v1,
        desiredCount: 4,
        deploymentConfiguration: {deploymentCircuitBreaker: {enable: true, rollback: false}},
      }),
    )
    const failed = await advanceUntil(t.clock, async () => {
      const service = await describe1()
      return service.deployments?.[0]?.rolloutState === 'FAILED' ? service : undefined
    })
    expect(failed.deployments).toHaveLength(1)
    const started = (s: Service): number => (s.events ?? []).filter((e) => /has started/.test(e.message ?? '')).length
    t.clock.advance(10 * 60_000)
    const later = await describe1()
    expect(started(later)).toBe(started(failed))
    expect(later.runningCount).toBe(0)
  })

  it('replaces the tasks of a crash loop for ever when the circuit breaker is off', async () => {
    t.local.faults.image({image: 'example/crash:*', exitCode: 1})
    const v1 = await registerImage('example/crash:1')
    await t.clients.ecs.send(new CreateServiceCommand({serviceName: 'web', taskDefinition: v1, desiredCount: 1}))
    const looping = await advanceUntil(t.clock, async () => {
      const service = await describe1()
      return (service.deployments?.[0]?.failedTasks ?? 0) >= 6 ? service : undefined
    })
    expect(looping.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS')
    const stopped = await t.local.read((world) => Object.values(world.ecs.tasks).filter((s) => s.task.lastStatus === 'STOPPED'))
    expect(stopped[0]?.task.stopCode).toBe('EssentialContainerExited')
    expect(stopped[0]?.task.containers?.[0]?.exitCode).toBe(1)
  })

  it('reports missing services as failures and rejects more than 10 names', async () => {
    const out = await t.clients.ecs.send(new DescribeServicesCommand({services: ['ghost']}))
    expect(out.services).toEqual([])
    expect(out.failures).toEqual([{arn: 'arn:aws:ecs:ap-northeast-1:123456789012:service/ghost', reason: 'MISSING'}])
    const names = Array.from({length: 11}, (_, i) => `s${i}`)
    await expect(t.clients.ecs.send(new DescribeServicesCommand({services: names}))).rejects.toBeInstanceOf(InvalidParameterException)
    await expect(t.clients.ecs.send(new UpdateServiceCommand({service: 'ghost', desiredCount: 1}))).rejects.toBeInstanceOf(ServiceNotFoundException)
  })

  it('pages ListServices (10 per page by default)', async () => {
    const taskDefinition = await registerImage('example/app:1')
    for (let i = 0; i < 12; i += 1) {
      await t.clients.ecs.send(new CreateServiceCommand({serviceName: `svc${i}`, taskDefinition, desiredCount: 0}))
    }
    const first = await t.clients.ecs.send(new ListServicesCommand({}))
    expect(first.serviceArns).toHaveLength(10)
    expect(first.nextToken).toBeDefined()
    const all: string[] = []
    for await (const page of paginateListServices({client: t.clients.ecs}, {})) all.push(...(page.serviceArns ?? []))
    expect(all).toHaveLength(12)
    expect(new Set(all).size).toBe(12)
  })

  it('refuses to delete a scaled service unless forced, then drains it to INACTIVE', async () => {
    const taskDefinition = await registerImage('example/app:1')
    await t.clients.ecs.send(new CreateServiceCommand({serviceName: 'web', taskDefinition, desiredCount: 2}))
    await advanceUntil(t.clock, () => steady())
    await expect(t.clients.ecs.send(new DeleteServiceCommand({service: 'web'}))).rejects.toThrow(/scaled above 0/)
    const deleted = await t.clients.ecs.send(new DeleteServiceCommand({service: 'web', force: true}))
    expect(deleted.service?.status).toBe('DRAINING')
    const gone = await advanceUntil(t.clock, async () => ((await describe1()).status === 'INACTIVE' ? true : undefined))
    expect(gone).toBe(true)
    expect((await t.clients.ecs.send(new ListServicesCommand({}))).serviceArns).toEqual([])
  })

  it('validates a Fargate service like ECS (network configuration required, FARGATE compatibility)', async () => {
    const ec2Only = await registerImage('example/app:1')
    const error = await t.clients.ecs
      .send(new CreateServiceCommand({serviceName: 'web', taskDefinition: ec2Only, desiredCount: 1, launchType: 'FARGATE'}))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidParameterException)
    expect((error as Error).message).toBe('Task definition does not support launch_type FARGATE.')
  })

  it('runs a DAEMON service as one task per container instance', async () => {
    const taskDefinition = await registerImage('example/agent:1', 'agent')
    await t.clients.ecs.send(new CreateServiceCommand({serviceName: 'agent', taskDefinition, schedulingStrategy: 'DAEMON'}))
    const service = await advanceUntil(t.clock, () => steady('agent'))
    expect(service.runningCount).toBe(3)
    const instances = await t.local.read((world) =>
      Object.values(world.ecs.tasks)
        .filter((s) => s.task.group === 'service:agent')
        .map((s) => s.task.containerInstanceArn),
    )
    expect(new Set(instances).size).toBe(3)
  })

  it('says so in events when Fargate has no capacity', async () => {
    t.local.faults.cluster('default', {insufficientCapacity: true})
    const out = await t.clients.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [appContainer('app', 'example/app:1')],
      }),
    )
    await t.clients.ecs.send(
      new CreateServiceCommand({
        serviceName: 'web',
        taskDefinition: out.taskDefinition?.taskDefinitionArn,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: {awsvpcConfiguration: {subnets: ['subnet-1']}},
      }),
    )
    t.clock.advance(1_000)
    const service = await describe1()
    expect(service.runningCount).toBe(0)
    expect(service.events?.[0]?.message).toMatch(/^\(service web\) was unable to place a task\. Reason: Capacity is unavailable at this time\./)
  })

  it('takes a health check grace period without a load balancer and waits it out before stopping a task whose container health check fails', async () => {
    t.local.faults.image({image: 'example/checked:*', unhealthy: true})
    const out = await t.clients.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [appContainer('app', 'example/checked:1', {healthCheck: {command: ['CMD-SHELL', 'true'], interval: 5, retries: 1}})],
      }),
    )
    const created = await t.clients.ecs.send(
      new CreateServiceCommand({
        serviceName: 'web',
        taskDefinition: out.taskDefinition?.taskDefinitionArn,
        desiredCount: 1,
        healthCheckGracePeriodSeconds: 300,
      }),
    )
    expect(created.service?.healthCheckGracePeriodSeconds).toBe(300)
    const stopped = await advanceUntil(t.clock, () =>
      t.local.read((world) => Object.values(world.ecs.tasks).find((s) => s.task.lastStatus === 'STOPPED')?.task),
    )
    expect(stopped.stoppedReason).toBe('Task failed container health checks')
    // The world keeps ECS's epoch seconds.
    expect(Number(stopped.stoppingAt) - Number(stopped.startedAt)).toBeGreaterThanOrEqual(300)
  })
})
