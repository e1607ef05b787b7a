/**
 * The shared poller against the local AWS (real SDK, virtual clock): concurrent describes of one
 * cluster become one DescribeServices of up to 10 names, and each caller gets its own answer.
 */
import {CreateServiceCommand, DeleteServiceCommand, RegisterTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {isThrottling} from '../../src/aws/retryable.js'
import {AwsCallError} from '../../src/errors.js'
import {ServicePoller, chunkNames} from '../../src/ecs/service-poller.js'
import {EventClock} from '../../src/local/event-clock.js'
import {waitForDeployment} from '../../src/ecs/wait.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'
import {CLUSTER, taskDefinition} from './support/inputs.js'

let e: TestAws
let poller: ServicePoller

beforeEach(async () => {
  e = await startTestAws({clusters: [CLUSTER]})
  poller = new ServicePoller(e.clients.ecs, {clock: e.clock})
})
afterEach(async () => {
  await e.close()
})

/** Creates services svc-0…svc-(n-1) in CLUSTER (desired 0 unless told), then forgets those calls. */
async function createServices(n: number, desiredCount = 0): Promise<string[]> {
  const td = await e.clients.ecs.send(new RegisterTaskDefinitionCommand(taskDefinition('example/app:1')))
  const names = Array.from({length: n}, (_, i) => `svc-${i}`)
  for (const serviceName of names) {
    await e.clients.ecs.send(new CreateServiceCommand({cluster: CLUSTER, serviceName, taskDefinition: td.taskDefinition?.taskDefinitionArn, desiredCount}))
  }
  e.local.resetCalls()
  return names
}

const describeCalls = () =>
  e.local
    .calls()
    .filter((c) => c.operation === 'DescribeServices')
    .map((c) => c.input as {cluster?: string; services?: string[]})

describe('ServicePoller', () => {
  it('sends three concurrent describes of one cluster as one DescribeServices with the three names', async () => {
    const names = await createServices(3)
    const services = await Promise.all(names.map((name) => poller.describe(CLUSTER, name)))
    expect(services.map((s) => s?.serviceName)).toEqual(names)
    expect(describeCalls()).toEqual([{cluster: CLUSTER, services: names}])
  })

  it('splits 12 names into two calls of 10 and 2, and every caller still gets its own service', async () => {
    const names = await createServices(12)
    const services = await Promise.all(names.map((name) => poller.describe(CLUSTER, name)))
    expect(services.map((s) => s?.serviceName)).toEqual(names)
    expect(describeCalls().map((c) => c.services)).toEqual([names.slice(0, 10), names.slice(10)])
  })

  it('answers undefined for a missing or deleted service, as describeService does, in the same call', async () => {
    const [kept, deleted] = await createServices(2)
    await e.clients.ecs.send(new DeleteServiceCommand({cluster: CLUSTER, service: deleted, force: true}))
    e.local.resetCalls()
    const [a, b, c] = await Promise.all([poller.describe(CLUSTER, kept!), poller.describe(CLUSTER, 'nope'), poller.describe(CLUSTER, deleted!)])
    expect(a?.serviceName).toBe(kept)
    expect(b).toBeUndefined()
    expect(c).toBeUndefined()
    expect(describeCalls()).toHaveLength(1)
  })

  it('asks once for a name two callers want, and answers both', async () => {
    const [name] = await createServices(1)
    const [a, b] = await Promise.all([poller.describe(CLUSTER, name!), poller.describe(CLUSTER, name!)])
    expect(a?.serviceArn).toBeDefined()
    expect(b?.serviceArn).toBe(a?.serviceArn)
    expect(describeCalls()).toEqual([{cluster: CLUSTER, services: [name]}])
  })

  it('batches each cluster on its own', async () => {
    const names = await createServices(2)
    await e.local.ensureCluster('other')
    const results = await Promise.all([poller.describe(CLUSTER, names[0]!), poller.describe('other', 'x'), poller.describe(CLUSTER, names[1]!)])
    expect(results.map((s) => s?.serviceName)).toEqual([names[0], undefined, names[1]])
    expect(describeCalls().sort((a, b) => String(a.cluster).localeCompare(String(b.cluster)))).toEqual([
      {cluster: CLUSTER, services: names},
      {cluster: 'other', services: ['x']},
    ])
  })

  it("gives a throttled batch's error to every caller in it, naming the call and the services", async () => {
    const names = await createServices(3)
    e.local.faults.operation('ecs:DescribeServices', {throttleNext: 1})
    const settled = await Promise.allSettled(names.map((name) => poller.describe(CLUSTER, name)))
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected'])
    for (const s of settled) {
      const reason = (s as PromiseRejectedResult).reason as unknown
      expect(reason).toBeInstanceOf(AwsCallError)
      expect(isThrottling(reason)).toBe(true)
      expect((reason as Error).message).toContain('DescribeServices services svc-0, svc-1, svc-2 in cluster default failed')
    }
    // The next poll goes through.
    const again = await Promise.all(names.map((name) => poller.describe(CLUSTER, name)))
    expect(again.every((s) => s !== undefined)).toBe(true)
    expect(describeCalls()).toHaveLength(2)
  })

  it('rejects only the caller whose signal aborts', async () => {
    const names = await createServices(2)
    const controller = new AbortController()
    const aborted = poller.describe(CLUSTER, names[0]!, controller.signal)
    const other = poller.describe(CLUSTER, names[1]!)
    controller.abort(new Error('stop'))
    await expect(aborted).rejects.toThrow('stop')
    expect((await other)?.serviceName).toBe(names[1])
  })

  it('serves concurrent waits: two services followed to steady with every poll a two-name call', async () => {
    // On an EventClock the two waits run side by side in simulated time, as they would for real.
    const clock = new EventClock()
    const side = await startTestAws({clock, clusters: [CLUSTER]})
    const {local, clients} = side
    try {
      const shared = new ServicePoller(clients.ecs, {clock})
      const td = await clients.ecs.send(new RegisterTaskDefinitionCommand(taskDefinition('example/app:1')))
      const arn = td.taskDefinition?.taskDefinitionArn ?? ''
      for (const serviceName of ['a', 'b']) {
        await clients.ecs.send(new CreateServiceCommand({cluster: CLUSTER, serviceName, taskDefinition: arn, desiredCount: 2}))
      }
      local.resetCalls()
      const wait = (service: string) =>
        waitForDeployment(clients.ecs, {
          cluster: CLUSTER,
          service,
          clock,
          reporter: new MemoryReporter(),
          timeoutMs: 600_000,
          expectedTaskDefinitionArn: arn,
          describe: shared.describe,
        })
      const [a, b] = await Promise.all([wait('a'), wait('b')])
      expect([a.outcome, b.outcome]).toEqual(['steady', 'steady'])
      const calls = local
        .calls()
        .filter((c) => c.operation === 'DescribeServices')
        .map((c) => c.input as {services?: string[]})
      expect(calls.length).toBeGreaterThan(1)
      expect(calls.every((c) => c.services?.length === 2)).toBe(true)
      expect(calls.length).toBeLessThan(a.polls + b.polls)
      // Their DescribeTasks are shared too: never one call per wait for the same moment.
      const tasks = local.calls().filter((c) => c.operation === 'DescribeTasks')
      expect(tasks.every((c) => ((c.input as {tasks?: string[]}).tasks ?? []).length >= 2)).toBe(true)
    } finally {
      await side.close()
      clock.close()
    }
  })
})

describe('chunkNames', () => {
  it('cuts at 10', () => {
    const names = Array.from({length: 21}, (_, i) => String(i))
    expect(chunkNames(names).map((c) => c.length)).toEqual([10, 10, 1])
    expect(chunkNames([])).toEqual([])
  })
})
