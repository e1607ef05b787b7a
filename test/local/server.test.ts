import {mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
  CreateServiceCommand,
  ServerException,
} from '@aws-sdk/client-ecs'
import {afterEach, describe, expect, it} from 'vitest'
import {VirtualClock} from '../../src/clock.js'
import {LiveFaults} from '../../src/local/faults.js'
import {localClock} from '../../src/local/index.js'
import {startServer} from '../../src/local/server.js'
import {MemoryStore} from '../../src/local/store.js'
import type {LocalService} from '../../src/local/types.js'
import {appContainer} from './support/app-container.js'
import {clientsFor, startTestAws, type TestAws, type TestAwsOptions} from '../support/local-aws.js'
import {advanceUntil} from '../support/time.js'

const open: TestAws[] = []
const dirs: string[] = []

async function start(options: TestAwsOptions<VirtualClock> = {}): Promise<TestAws> {
  const t = await startTestAws(options)
  open.push(t)
  return t
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hako-local-'))
  dirs.push(dir)
  return dir
}

afterEach(async () => {
  for (const t of open.splice(0)) await t.close()
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true})
})

describe('the local AWS server', () => {
  it('answers an unknown ECS operation with 501 naming it', async () => {
    const t = await start()
    const error = await t.clients.ecs
      .send(new CreateCapacityProviderCommand({name: 'cp', autoScalingGroupProvider: {autoScalingGroupArn: 'x'}}))
      .catch((e: unknown) => e)
    expect((error as {$metadata?: {httpStatusCode?: number}}).$metadata?.httpStatusCode).toBe(501)
    expect((error as Error).message).toBe('hako local AWS does not implement ecs operation CreateCapacityProvider')
  })

  it('answers a request no service claims with 501', async () => {
    const t = await start()
    const response = await fetch(`${t.local.endpoint}/nothing-here`, {method: 'POST', headers: {'x-amz-target': 'Nope.Op'}})
    expect(response.status).toBe(501)
    expect(await response.text()).toContain('X-Amz-Target Nope.Op')
  })

  it('turns a handler bug into a 500 carrying the message', async () => {
    const broken: LocalService = {
      name: 'broken',
      matches: () => true,
      operation: () => 'Explode',
      input: () => ({}),
      handle: () => {
        throw new Error('boom in handler')
      },
    }
    const clock = new VirtualClock()
    const server = await startServer({
      services: [broken],
      store: new MemoryStore(),
      clock,
      faults: new LiveFaults(() => clock.now()),
      advance: () => {},
      onCall: () => {},
    })
    try {
      const response = await fetch(`${server.endpoint}/`, {method: 'POST'})
      expect(response.status).toBe(500)
      expect(await response.text()).toContain('boom in handler')
    } finally {
      await server.close()
    }
  })

  it('records every call with its service, operation and input', async () => {
    const t = await start()
    await t.clients.ecs.send(new ListClustersCommand({maxResults: 5}))
    await t.clients.ecs.send(new ListClustersCommand({}))
    expect(t.local.count({service: 'ecs', operation: 'ListClusters'})).toBe(2)
    expect(t.local.calls()[0]).toMatchObject({service: 'ecs', operation: 'ListClusters', input: {maxResults: 5}, at: t.clock.now()})
    t.local.resetCalls()
    expect(t.local.count()).toBe(0)
  })

  it('throttles with a token bucket and refills it as (virtual) time passes', async () => {
    const t = await start()
    t.local.faults.operation('ListClusters', {rate: 1, burst: 2})
    await t.clients.ecs.send(new ListClustersCommand({}))
    await t.clients.ecs.send(new ListClustersCommand({}))
    const error = await t.clients.ecs.send(new ListClustersCommand({})).catch((e: unknown) => e)
    // ECS has no modelled ThrottlingException class; the SDK names the error after __type.
    expect((error as Error).name).toBe('ThrottlingException')
    expect((error as Error).message).toBe('Rate exceeded')
    t.clock.advance(1_000)
    await expect(t.clients.ecs.send(new ListClustersCommand({}))).resolves.toBeDefined()
  })

  it('answers throttling in a shape the SDK retries', async () => {
    const t = await start({maxAttempts: 3})
    t.local.faults.operation('ecs:ListClusters', {throttleNext: 2})
    const out = await t.clients.ecs.send(new ListClustersCommand({}))
    expect(out.clusterArns).toEqual(['arn:aws:ecs:ap-northeast-1:123456789012:cluster/default'])
    expect(t.local.count({operation: 'ListClusters'})).toBe(3)
    expect(out.$metadata.attempts).toBe(3)
  })

  it('answers 5xx for the next N calls', async () => {
    const t = await start()
    t.local.faults.operation('ListClusters', {failNext: 1})
    await expect(t.clients.ecs.send(new ListClustersCommand({}))).rejects.toBeInstanceOf(ServerException)
    await expect(t.clients.ecs.send(new ListClustersCommand({}))).resolves.toBeDefined()
  })

  it('reads the region from the request signature', async () => {
    const t = await start()
    const west = clientsFor(t.endpoint, {region: 'us-west-2'})
    try {
      await west.ecs.send(new CreateClusterCommand({clusterName: 'far'}))
      const here = await t.clients.ecs.send(new ListClustersCommand({}))
      expect(here.clusterArns?.some((a) => a.includes('cluster/far'))).toBe(false)
      const there = await west.ecs.send(new ListClustersCommand({}))
      expect(there.clusterArns).toContain('arn:aws:ecs:us-west-2:123456789012:cluster/far')
    } finally {
      west.destroy()
    }
  })

  it('ensureCluster creates a cluster with its container instances once', async () => {
    const t = await start({containerInstances: {count: 2}})
    expect(await t.local.ensureCluster('web')).toEqual({created: true, instances: 2})
    expect(await t.local.ensureCluster('web')).toEqual({created: false, instances: 2})
    expect(await t.local.ensureCluster('default')).toEqual({created: false, instances: 2})
  })
})

describe('persistence in a directory', () => {
  it('keeps the world across a restart, and the deployment keeps progressing', async () => {
    const dir = tempDir()
    const clock = new VirtualClock()
    const first = await start({dir, clock})
    const td = await first.clients.ecs.send(new RegisterTaskDefinitionCommand({family: 'web', containerDefinitions: [appContainer()]}))
    await first.clients.ecs.send(new CreateServiceCommand({serviceName: 'web', taskDefinition: td.taskDefinition?.taskDefinitionArn, desiredCount: 2}))
    await first.close()
    open.splice(open.indexOf(first), 1)

    const second = await start({dir, clock})
    const described = await second.clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'web'}))
    expect(described.taskDefinition?.revision).toBe(1)
    const steady = await advanceUntil(clock, async () => {
      const out = await second.clients.ecs.send(new DescribeServicesCommand({services: ['web']}))
      return out.services?.[0]?.runningCount === 2 ? out.services[0] : undefined
    })
    expect(steady.deployments?.[0]?.rolloutState).toBe('COMPLETED')
  })

  it('lets two servers on one directory see one history', async () => {
    const dir = tempDir()
    const clock = new VirtualClock()
    const a = await start({dir, clock})
    const b = await start({dir, clock})
    await a.clients.ecs.send(new RegisterTaskDefinitionCommand({family: 'web', containerDefinitions: [appContainer()]}))
    await b.clients.ecs.send(new RegisterTaskDefinitionCommand({family: 'web', containerDefinitions: [appContainer()]}))
    const latest = await a.clients.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'web'}))
    expect(latest.taskDefinition?.revision).toBe(2)
  })

  it('takes over a stale lock left by a dead process', async () => {
    const dir = tempDir()
    const t = await start({dir})
    const lock = join(dir, 'state.lock')
    writeFileSync(lock, '')
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old)
    await expect(t.clients.ecs.send(new ListClustersCommand({}))).resolves.toBeDefined()
  })

  it('refuses a corrupt state file and says how to reset', async () => {
    const dir = tempDir()
    const t = await start({dir})
    writeFileSync(join(dir, 'state.json'), '{not json')
    const error = await t.local.read(() => 0).catch((e: unknown) => e)
    expect((error as Error).message).toContain(`local AWS state ${join(dir, 'state.json')} is corrupt`)
    expect((error as {hint?: string}).hint).toContain(`rm -rf ${dir}`)
    const response = await fetch(`${t.local.endpoint}/`, {
      method: 'POST',
      headers: {'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters'},
      body: '{}',
    })
    expect(response.status).toBe(500)
    expect(await response.text()).toContain('is corrupt')
  })

  it('applies faults declared in faults.json', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'faults.json'), JSON.stringify({operations: {ListClusters: {failNext: 1}}}))
    const t = await start({dir})
    await expect(t.clients.ecs.send(new ListClustersCommand({}))).rejects.toBeInstanceOf(ServerException)
    await expect(t.clients.ecs.send(new ListClustersCommand({}))).resolves.toBeDefined()
  })

  it('shares one simulated time between processes through clock.json', () => {
    const dir = tempDir()
    const a = localClock(dir, 20)
    const b = localClock(dir, 20)
    expect(b.origin).toEqual(a.origin)
    const faster = localClock(dir, 40)
    // A new speed continues from the current simulated time instead of jumping.
    expect(Math.abs(faster.now() - a.now())).toBeLessThan(1_000)
  })
})
