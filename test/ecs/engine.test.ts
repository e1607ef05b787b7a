import {DescribeTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {registerIfChanged} from '../../src/ecs/register.js'
import {rollbackService, planRollback} from '../../src/ecs/rollback.js'
import {applyService, describeService, primaryDeployment} from '../../src/ecs/service-apply.js'
import {waitForDeployment, type WaitResult} from '../../src/ecs/wait.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'
import {CLUSTER, createInput, taskDefinition, updateInput} from './support/inputs.js'
import type {CreateServiceCommandInput, UpdateServiceCommandInput} from '@aws-sdk/client-ecs'

let e: TestAws
let reporter: MemoryReporter

beforeEach(async () => {
  e = await startTestAws({clusters: [CLUSTER]})
  reporter = new MemoryReporter()
})
afterEach(async () => {
  await e.close()
})

const TEN_MINUTES = 10 * 60_000

interface DeployOptions {
  timeoutMs?: number
  signal?: AbortSignal
  create?: Partial<CreateServiceCommandInput>
  update?: Partial<UpdateServiceCommandInput>
}

/** register → describe → apply → wait: the deploy use case's engine steps. */
async function deploy(image: string, options: DeployOptions = {}) {
  const ecs = e.clients.ecs
  const current = await describeService(ecs, CLUSTER, 'hello')
  const registered = await registerIfChanged(ecs, taskDefinition(image), {reporter, clock: e.clock})
  const applied = await applyService(ecs, {
    cluster: CLUSTER,
    current,
    create: createInput(registered.arn, options.create),
    update: updateInput(registered.arn, options.update),
    reporter,
  })
  let wait: WaitResult | undefined
  if (applied.changed) {
    wait = await waitForDeployment(ecs, {
      cluster: CLUSTER,
      service: 'hello',
      clock: e.clock,
      reporter,
      timeoutMs: options.timeoutMs ?? TEN_MINUTES,
      expectedTaskDefinitionArn: registered.arn,
      sinceEventId: applied.sinceEventId,
      signal: options.signal,
    })
  }
  return {registered, applied, wait, previousServiceTaskDefinition: current?.taskDefinition}
}

const writes = () =>
  ['RegisterTaskDefinition', 'CreateService', 'UpdateService', 'DeregisterTaskDefinition', 'DeleteService'].reduce(
    (n, operation) => n + e.local.count({service: 'ecs', operation}),
    0,
  )

describe('first deploy', () => {
  it('creates the service in one CreateService with its desired count and waits until steady', async () => {
    const {registered, applied, wait} = await deploy('example/app:1')
    expect(registered.registered).toBe(true)
    expect(applied.action).toBe('created')
    expect(e.local.count({service: 'ecs', operation: 'CreateService'})).toBe(1)
    expect(e.local.count({service: 'ecs', operation: 'UpdateService'})).toBe(0)
    const create = e.local.calls().find((c) => c.operation === 'CreateService')?.input as {desiredCount?: number}
    expect(create.desiredCount).toBe(2)
    expect(wait?.outcome).toBe('steady')
    expect(reporter.messages('info')).toContain(`Registered task definition: ${registered.arn}`)
    expect(reporter.messages('info')).toContain(`Created service: ${applied.serviceArn}`)
    // Each event once, oldest first, ending with the steady state.
    const eventLines = reporter.messages('info').filter((m) => /^\d{4}-\d\d-\d\dT.*Z: \(service hello\)/.test(m))
    expect(eventLines.at(-1)).toMatch(/has reached a steady state\.$/)
    expect(new Set(eventLines).size).toBe(eventLines.length)
    expect(reporter.messages('status').some((s) => /^running \d\/2 · pending \d/.test(s))).toBe(true)
  })
})

describe('second identical deploy', () => {
  it('makes no write and exactly two ECS calls', async () => {
    await deploy('example/app:1')
    e.local.resetCalls()
    reporter = new MemoryReporter()
    const {registered, applied, wait} = await deploy('example/app:1')
    expect(registered.changed).toBe(false)
    expect(applied.action).toBe('unchanged')
    expect(wait).toBeUndefined()
    expect(
      e.local
        .calls()
        .map((c) => c.operation)
        .sort(),
    ).toEqual(['DescribeServices', 'DescribeTaskDefinition'])
    expect(reporter.messages('info')).toEqual([`Task definition isn't changed: ${registered.arn}`, "Service isn't changed"])
  })

  it('registers anyway with force', async () => {
    const first = await deploy('example/app:1')
    const forced = await registerIfChanged(e.clients.ecs, taskDefinition('example/app:1'), {reporter, force: true})
    expect(forced.registered).toBe(true)
    expect(forced.arn).not.toBe(first.registered.arn)
    expect(forced.diff).toBe('')
  })
})

describe('image change', () => {
  it('registers one revision and makes one UpdateService, then is steady on it', async () => {
    const first = await deploy('example/app:1')
    e.local.resetCalls()
    const second = await deploy('example/app:2')
    expect(e.local.count({service: 'ecs', operation: 'RegisterTaskDefinition'})).toBe(1)
    expect(e.local.count({service: 'ecs', operation: 'UpdateService'})).toBe(1)
    expect(e.local.count({service: 'ecs', operation: 'CreateService'})).toBe(0)
    expect(second.registered.previousArn).toBe(first.registered.arn)
    expect(second.registered.diff).toContain('-      "image": "example/app:1"')
    expect(second.registered.diff).toContain('+      "image": "example/app:2"')
    expect(second.applied.deploymentStarted).toBe(true)
    expect(second.wait?.outcome).toBe('steady')
    const service = await describeService(e.clients.ecs, CLUSTER, 'hello')
    expect(primaryDeployment(service)?.taskDefinition).toBe(second.registered.arn)
  })

  it('dry run reports the diff and writes nothing', async () => {
    await deploy('example/app:1')
    e.local.resetCalls()
    const ecs = e.clients.ecs
    const current = await describeService(ecs, CLUSTER, 'hello')
    const registered = await registerIfChanged(ecs, taskDefinition('example/app:2'), {reporter, dryRun: true})
    const applied = await applyService(ecs, {
      cluster: CLUSTER,
      current,
      create: createInput(registered.arn),
      update: updateInput(registered.arn),
      reporter,
      dryRun: true,
    })
    expect(registered.changed).toBe(true)
    expect(registered.registered).toBe(false)
    expect(applied.action).toBe('updated')
    expect(applied.diff).toContain('+  "taskDefinition": "hello:(new revision)"')
    expect(writes()).toBe(0)
  })
})

describe('failure', () => {
  it('detects a crashing image, rolls back to the previous revision and deregisters the failed one', async () => {
    const good = await deploy('example/app:1')
    e.local.faults.image({image: 'example/app:broken', exitCode: 1, afterSeconds: 0})
    const bad = await deploy('example/app:broken')
    expect(bad.wait?.outcome).toBe('failed')
    expect(bad.wait?.diagnostics.some((l) => /^task [0-9a-f]+: task_definition=hello:2 last_status=STOPPED/.test(l))).toBe(true)
    expect(bad.wait?.diagnostics.some((l) => /^ {2}container app: exit_code=1/.test(l))).toBe(true)

    const rollback = await rollbackService(e.clients.ecs, {
      cluster: CLUSTER,
      service: 'hello',
      currentArn: bad.registered.arn,
      deregisterCurrent: true,
      reporter,
      clock: e.clock,
      timeoutMs: TEN_MINUTES,
    })
    expect(rollback.plan.targetArn).toBe(good.registered.arn)
    expect(rollback.outcome).toBe('steady')
    expect(rollback.deregistered).toBe(bad.registered.arn)
    const service = await describeService(e.clients.ecs, CLUSTER, 'hello')
    expect(service?.taskDefinition).toBe(good.registered.arn)
    const failed = await e.clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: bad.registered.arn}))
    expect(failed.taskDefinition?.status).toBe('INACTIVE')
    // The next deploy of the good image compares against the rolled-back revision: nothing to do.
    const again = await deploy('example/app:1')
    expect(again.registered.changed).toBe(false)
    expect(again.applied.action).toBe('unchanged')
  })

  it('never deregisters the only revision (a failed first deploy)', async () => {
    e.local.faults.image({image: 'example/app:broken', exitCode: 1})
    const bad = await deploy('example/app:broken')
    expect(bad.wait?.outcome).toBe('failed')
    const plan = await planRollback(e.clients.ecs, {cluster: CLUSTER, service: 'hello', deregisterCurrent: true})
    expect(plan.targetArn).toBeUndefined()
    expect(plan.deregisterArn).toBeUndefined()
    const result = await rollbackService(e.clients.ecs, {
      cluster: CLUSTER,
      service: 'hello',
      deregisterCurrent: true,
      reporter,
      clock: e.clock,
      timeoutMs: TEN_MINUTES,
    })
    expect(result.outcome).toBe('no-target')
    expect(e.local.count({service: 'ecs', operation: 'DeregisterTaskDefinition'})).toBe(0)
  })

  it("reports ECS's own circuit-breaker rollback", async () => {
    const breaker = {deploymentConfiguration: {deploymentCircuitBreaker: {enable: true, rollback: true}}}
    await deploy('example/app:1', {create: breaker, update: breaker})
    e.local.faults.image({image: 'example/app:broken', exitCode: 1})
    const bad = await deploy('example/app:broken', {update: breaker})
    expect(bad.wait?.outcome).toBe('circuit-breaker-rollback')
    expect(reporter.messages('info').some((m) => /rolling back to deployment/.test(m))).toBe(true)
  })

  it('times out when the tasks never turn healthy', async () => {
    await deploy('example/app:1')
    e.local.faults.cluster(CLUSTER, {insufficientCapacity: true})
    const stuck = await deploy('example/app:2', {timeoutMs: 60_000})
    expect(stuck.wait?.outcome).toBe('timeout')
    expect(stuck.wait?.reason).toBe('not steady after 60 s')
  })

  it('survives throttling and 5xx replies while waiting', async () => {
    await deploy('example/app:1')
    const ecs = e.clients.ecs
    const current = await describeService(ecs, CLUSTER, 'hello')
    const registered = await registerIfChanged(ecs, taskDefinition('example/app:2'), {reporter})
    const applied = await applyService(ecs, {cluster: CLUSTER, current, create: createInput(registered.arn), update: updateInput(registered.arn), reporter})
    // One DescribeServices per 20 s, its one token spent now; then two 5xx replies first.
    e.local.faults.operation('DescribeServices', {rate: 0.05, burst: 1})
    await describeService(ecs, CLUSTER, 'hello')
    e.local.faults.operation('ecs:DescribeServices', {failNext: 2})
    e.local.resetCalls()
    const wait = await waitForDeployment(ecs, {
      cluster: CLUSTER,
      service: 'hello',
      clock: e.clock,
      reporter,
      timeoutMs: TEN_MINUTES,
      expectedTaskDefinitionArn: registered.arn,
      sinceEventId: applied.sinceEventId,
    })
    expect(wait.outcome).toBe('steady')
    const warnings = reporter.messages('warn')
    const throttled = warnings.filter((m) => /^DescribeServices service hello in cluster default failed: ThrottlingException/.test(m)).length
    const failed = warnings.filter((m) => /^DescribeServices service hello in cluster default failed: ServerException/.test(m)).length
    expect(failed).toBe(2)
    expect(throttled).toBeGreaterThanOrEqual(1)
    expect(wait.transientErrors).toBe(failed + throttled)
    expect(e.local.count({service: 'ecs', operation: 'DescribeServices'})).toBe(wait.polls)
  })

  it('stops waiting on abort with outcome interrupted', async () => {
    await deploy('example/app:1')
    const controller = new AbortController()
    // Ctrl-C arrives while the rollout is in progress: after the first live status.
    reporter = new (class extends MemoryReporter {
      override status(text: string): void {
        super.status(text)
        controller.abort(new Error('SIGINT'))
      }
    })()
    const result = await deploy('example/app:2', {signal: controller.signal})
    expect(result.wait?.outcome).toBe('interrupted')
    expect(result.wait?.polls).toBe(1)
    expect(reporter.messages('status')).toHaveLength(1)
  })

  it('reports superseded when someone else deployed another revision meanwhile', async () => {
    await deploy('example/app:1')
    const ecs = e.clients.ecs
    const current = await describeService(ecs, CLUSTER, 'hello')
    const ours = await registerIfChanged(ecs, taskDefinition('example/app:2'), {reporter})
    const applied = await applyService(ecs, {cluster: CLUSTER, current, create: createInput(ours.arn), update: updateInput(ours.arn), reporter})
    const theirs = await registerIfChanged(ecs, taskDefinition('example/app:3'), {reporter})
    await applyService(ecs, {
      cluster: CLUSTER,
      current: await describeService(ecs, CLUSTER, 'hello'),
      create: createInput(theirs.arn),
      update: updateInput(theirs.arn),
      reporter,
    })
    const wait = await waitForDeployment(ecs, {
      cluster: CLUSTER,
      service: 'hello',
      clock: e.clock,
      reporter,
      timeoutMs: TEN_MINUTES,
      expectedTaskDefinitionArn: ours.arn,
      sinceEventId: applied.sinceEventId,
    })
    expect(wait.outcome).toBe('superseded')
    expect(wait.reason).toContain(theirs.arn)
  })
})

describe('hako rollback', () => {
  it('plans without writing, then rolls back to the previous ACTIVE revision of exactly this family', async () => {
    const v1 = await deploy('example/app:1')
    const v2 = await deploy('example/app:2')
    // Same prefix, other family: must never be a rollback target.
    await registerIfChanged(e.clients.ecs, taskDefinition('example/app:9', {family: 'hello-oneshot'}), {reporter})
    e.local.resetCalls()
    const plan = await planRollback(e.clients.ecs, {cluster: CLUSTER, service: 'hello', deregisterCurrent: true})
    expect(plan).toMatchObject({currentArn: v2.registered.arn, targetArn: v1.registered.arn, deregisterArn: v2.registered.arn})
    expect(writes()).toBe(0)
    const result = await rollbackService(e.clients.ecs, {
      cluster: CLUSTER,
      service: 'hello',
      deregisterCurrent: true,
      reporter,
      clock: e.clock,
      timeoutMs: TEN_MINUTES,
    })
    expect(result.outcome).toBe('steady')
    expect(e.local.count({service: 'ecs', operation: 'UpdateService'})).toBe(1)
    expect(reporter.messages('info')).toContain(`Current task definition is hello:2. Rolling back to ${v1.registered.arn}`)
    const service = await describeService(e.clients.ecs, CLUSTER, 'hello')
    expect(primaryDeployment(service)?.taskDefinition).toBe(v1.registered.arn)
  })
})

describe('registerIfChanged errors', () => {
  it('does not take a failing DescribeTaskDefinition for "no revision"', async () => {
    e.local.faults.operation('DescribeTaskDefinition', {failNext: 1})
    await expect(registerIfChanged(e.clients.ecs, taskDefinition('example/app:1'), {reporter})).rejects.toThrow(
      /^DescribeTaskDefinition task definition family hello failed: ServerException/,
    )
    expect(e.local.count({service: 'ecs', operation: 'RegisterTaskDefinition'})).toBe(0)
  })
})
