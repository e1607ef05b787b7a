/**
 * applyServiceDiscovery / removeServiceDiscovery against the local Cloud Map (real SDK, virtual
 * clock): errors, failed operations, unchangeable settings, the delete retries; and the pure
 * comparison.
 */
import {
  CreatePrivateDnsNamespaceCommand,
  CreateServiceCommand,
  DeregisterInstanceCommand,
  GetOperationCommand,
  GetServiceCommand,
  RegisterInstanceCommand,
  ServiceNotFound,
} from '@aws-sdk/client-servicediscovery'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {Clock} from '../../src/clock.js'
import {HakoError} from '../../src/errors.js'
import {
  applyServiceDiscovery,
  DELETE_ATTEMPTS,
  planServiceDiscovery,
  DELETE_RETRY_MS,
  removeServiceDiscovery,
  type ServiceDiscovery,
  serviceDiscoveryChanges,
} from '../../src/ecs/service-discovery.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'
import {rejection} from '../support/rejection.js'

let t: TestAws
let reporter: MemoryReporter
let namespaceId: string

const sd = () => t.clients.serviceDiscovery
const ctx = (extra: {dryRun?: boolean; clock?: Clock} = {}) => ({clients: t.clients, reporter, dryRun: extra.dryRun ?? false, clock: extra.clock ?? t.clock})
const cloudMapWrites = () => t.local.calls().filter((c) => c.service === 'servicediscovery' && /^(Create|Update|Delete)/.test(c.operation))

function entry(overrides: Partial<ServiceDiscovery['service']> = {}, ttl = 60): ServiceDiscovery {
  return {
    container_name: 'app',
    container_port: 80,
    service: {
      name: 'web',
      namespace_id: namespaceId,
      dns_config: {dns_records: [{type: 'SRV', ttl}], routing_policy: 'MULTIVALUE'},
      health_check_custom_config: {failure_threshold: 1},
      ...overrides,
    },
  }
}

beforeEach(async () => {
  t = await startTestAws()
  reporter = new MemoryReporter()
  const {OperationId} = await sd().send(new CreatePrivateDnsNamespaceCommand({Name: 'internal.local', Vpc: 'vpc-1'}))
  t.clock.advance(10_000)
  namespaceId = (await sd().send(new GetOperationCommand({OperationId}))).Operation?.Targets?.NAMESPACE ?? ''
  t.local.resetCalls()
})
afterEach(async () => {
  await t.close()
})

const failure = (run: Promise<unknown>): Promise<HakoError> => rejection(run, HakoError)

describe('planServiceDiscovery', () => {
  it('takes a service a concurrent first deploy created after the plan read as its own', async () => {
    const planned = await planServiceDiscovery(ctx(), [entry()])
    expect(planned.actions.map((a) => a.change)).toEqual(['create'])
    // The other run wins the race between our read and our write.
    const theirs = await applyServiceDiscovery(ctx(), [entry()])
    const outputs = {written: [], serviceRegistries: planned.registries.map((r) => ({...r, registryArn: String(r.registryArn)}))}
    await planned.actions[0]?.apply?.(outputs)
    expect(outputs.serviceRegistries.map((r) => r.registryArn)).toEqual([theirs.registries[0]?.registryArn])
    expect(t.local.calls().filter((c) => c.operation === 'CreateService')).toHaveLength(2)
  })
})

describe('applyServiceDiscovery', () => {
  it('returns the registries, omitting unset fields, and reuses an existing service', async () => {
    const first = await applyServiceDiscovery(ctx(), [entry()])
    const arn = first.registries[0]?.registryArn
    expect(arn).toMatch(/^arn:aws:servicediscovery:ap-northeast-1:123456789012:service\/srv-/)
    expect(first.registries).toEqual([{registryArn: arn, containerName: 'app', containerPort: 80}])

    t.local.resetCalls()
    const second = await applyServiceDiscovery(ctx(), [{port: 8080, service: entry().service}])
    expect(second).toEqual({registries: [{registryArn: arn, port: 8080}], plan: []})
    expect(cloudMapWrites()).toEqual([])
  })

  it('fails with hako’s message when the namespace does not exist, before any write', async () => {
    namespaceId = 'ns-missing'
    const error = await failure(applyServiceDiscovery(ctx(), [entry()]))
    expect(error.message).toBe('Service discovery namespace ns-missing not found')
    expect(cloudMapWrites()).toEqual([])
  })

  it('refuses a namespace that is not a private DNS namespace', async () => {
    await t.local.mutate((world) => {
      const namespace = world.servicediscovery.namespaces[namespaceId]
      if (namespace) (namespace as {Type: string}).Type = 'HTTP'
    })
    const error = await failure(applyServiceDiscovery(ctx(), [entry()]))
    expect(error.message).toBe(`ECS only supports registering a service into a private DNS namespace: internal.local (${namespaceId})`)
  })

  it('names the operation when an update ends in FAIL', async () => {
    await applyServiceDiscovery(ctx(), [entry()])
    await t.local.mutate((world) => {
      world.servicediscovery.failNextOperations.push({ErrorCode: 'INTERNAL_FAILURE', ErrorMessage: 'simulated failure'})
    })
    const error = await failure(applyServiceDiscovery(ctx(), [entry({}, 30)]))
    expect(error.message).toMatch(
      /^Cloud Map operation [0-9a-f]{32} \(update of service discovery service web \(srv-\w+\)\) failed: INTERNAL_FAILURE: simulated failure$/,
    )
  })

  it('warns about a routing policy or health-check change it cannot make, and writes nothing for them', async () => {
    await applyServiceDiscovery(ctx(), [entry()])
    t.local.resetCalls()
    const changed = entry({dns_config: {dns_records: [{type: 'SRV', ttl: 60}], routing_policy: 'WEIGHTED'}, health_check_custom_config: {failure_threshold: 3}})

    const result = await applyServiceDiscovery(ctx(), [changed])

    expect(result.plan).toEqual([])
    expect(cloudMapWrites()).toEqual([])
    const warnings = reporter.messages('warn')
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(/^Ignoring updated service_discovery\.dns_config\.routing_policy of web \(srv-\w+\): MULTIVALUE → WEIGHTED/)
    expect(warnings[1]).toMatch(/^Ignoring updated service_discovery\.health_check_custom_config of web/)
  })

  it('in a dry run only reads and returns a placeholder ARN for a service that does not exist yet', async () => {
    const result = await applyServiceDiscovery(ctx({dryRun: true}), [entry()])
    expect(result.registries).toEqual([{registryArn: '(new service discovery service web)', containerName: 'app', containerPort: 80}])
    expect(result.plan).toEqual([`would create service discovery service web in namespace internal.local (${namespaceId})`])
    expect(cloudMapWrites()).toEqual([])
  })
})

describe('removeServiceDiscovery', () => {
  async function serviceWithInstance(): Promise<string> {
    const out = await sd().send(
      new CreateServiceCommand({Name: 'web', NamespaceId: namespaceId, DnsConfig: {RoutingPolicy: 'MULTIVALUE', DnsRecords: [{Type: 'SRV', TTL: 60}]}}),
    )
    const id = out.Service?.Id ?? ''
    await sd().send(new RegisterInstanceCommand({ServiceId: id, InstanceId: 'task-1', Attributes: {AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '80'}}))
    return id
  }

  it('retries ResourceInUse on the clock until the instances are gone', async () => {
    const id = await serviceWithInstance()
    const sleeps: number[] = []
    // The instance goes away during the second wait, as a stopping task would deregister.
    const clock: Clock = {
      now: () => t.clock.now(),
      sleep: async (ms) => {
        sleeps.push(ms)
        t.clock.advance(ms)
        if (sleeps.length === 2) await sd().send(new DeregisterInstanceCommand({ServiceId: id, InstanceId: 'task-1'}))
      },
    }

    const plan = await removeServiceDiscovery(ctx({clock}), [entry()])

    expect(sleeps).toEqual([DELETE_RETRY_MS, DELETE_RETRY_MS])
    expect(plan).toEqual([`deleted service discovery service web (${id})`])
    expect(reporter.messages('warn')).toHaveLength(2)
    await expect(sd().send(new GetServiceCommand({Id: id}))).rejects.toBeInstanceOf(ServiceNotFound)
  })

  it(`gives up after ${DELETE_ATTEMPTS} attempts with hako's message`, async () => {
    const id = await serviceWithInstance()
    const error = await failure(removeServiceDiscovery(ctx(), [entry()]))
    expect(error.message).toMatch(new RegExp(`^Unable to delete service discovery service web \\(${id}\\): ResourceInUse: `))
    expect(t.local.count({service: 'servicediscovery', operation: 'DeleteService'})).toBe(DELETE_ATTEMPTS)
  })

  it('says so when the service does not exist, and only plans in a dry run', async () => {
    expect(await removeServiceDiscovery(ctx(), [entry()])).toEqual([])
    expect(reporter.messages('info')).toEqual([`Service discovery service web doesn't exist in namespace ${namespaceId}`])
    const id = await serviceWithInstance()
    expect(await removeServiceDiscovery(ctx({dryRun: true}), [entry()])).toEqual([`would delete service discovery service web (${id})`])
    expect(t.local.count({service: 'servicediscovery', operation: 'DeleteService'})).toBe(0)
  })
})

describe('serviceDiscoveryChanges', () => {
  const current = {
    Id: 'srv-1',
    Description: 'web',
    DnsConfig: {
      RoutingPolicy: 'MULTIVALUE' as const,
      DnsRecords: [
        {Type: 'A' as const, TTL: 10},
        {Type: 'SRV' as const, TTL: 60},
      ],
    },
  }

  it('compares DNS records unordered and the description as nullable', () => {
    namespaceId = 'ns-1'
    const same = entry({
      description: 'web',
      dns_config: {
        dns_records: [
          {type: 'SRV', ttl: 60},
          {type: 'A', ttl: 10},
        ],
        routing_policy: 'MULTIVALUE',
      },
    })
    expect(serviceDiscoveryChanges(same, current)).toEqual([])
    expect(serviceDiscoveryChanges({...same, service: {...same.service, description: undefined}}, current)).toEqual(['description "web" → null'])
    const ttl = entry({
      description: 'web',
      dns_config: {
        dns_records: [
          {type: 'SRV', ttl: 30},
          {type: 'A', ttl: 10},
        ],
        routing_policy: 'MULTIVALUE',
      },
    })
    expect(serviceDiscoveryChanges(ttl, current)).toEqual(['dns_records [A/10,SRV/60] → [A/10,SRV/30]'])
  })
})
