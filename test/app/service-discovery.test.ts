/**
 * hako conformance case 16 in substance: `scheduler.service_discovery` through deploy, dry-run,
 * status and remove, against the local AWS (real SDK clients, virtual clock).
 */
import {DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {
  CreatePrivateDnsNamespaceCommand,
  GetOperationCommand,
  GetServiceCommand,
  ListInstancesCommand,
  ListServicesCommand,
  ServiceNotFound,
} from '@aws-sdk/client-servicediscovery'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy} from '../../src/app/deploy.js'
import {remove} from '../../src/app/remove.js'
import {status} from '../../src/app/status.js'
import {renderStatus} from '../../src/ui/status-report.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'

const FILE = 'test/fixtures/service-discovery/discovery.jsonnet'
const WRITES = /^(Register|Deregister|Create|Update|Delete|Put|Modify|Set|Add|Remove|Change)/

let env: TestApp
let namespaceId: string

const sd = () => env.deps.aws(REGION).serviceDiscovery
const calls = (service: string, operation: string) => env.local.calls().filter((c) => c.service === service && c.operation === operation)
const writes = () =>
  env.local
    .calls()
    .filter((c) => WRITES.test(c.operation))
    .map((c) => `${c.service}:${c.operation}`)
const definition = (ttl: number) => ({file: FILE, extStr: {namespace_id: namespaceId, ttl: String(ttl)}})

async function deployWith(ttl: number, extra: {dryRun?: boolean} = {}) {
  const result = await deploy(env.deps, {...definition(ttl), timeoutSec: 1200, toolVersion: 'test', ...extra})
  if (result.exitCode !== 0) throw new Error(`deploy exited ${result.exitCode}: ${env.reporter.messages().join('\n')}`)
  return result
}

async function cloudMapServices() {
  const out = await sd().send(new ListServicesCommand({Filters: [{Name: 'NAMESPACE_ID', Values: [namespaceId], Condition: 'EQ'}]}))
  return out.Services ?? []
}

beforeEach(async () => {
  env = await startTestApp({clusters: ['discovery']})
  const {OperationId} = await sd().send(new CreatePrivateDnsNamespaceCommand({Name: 'internal.local', Vpc: 'vpc-local'}))
  env.clock.advance(10_000)
  namespaceId = (await sd().send(new GetOperationCommand({OperationId}))).Operation?.Targets?.NAMESPACE ?? ''
  env.local.resetCalls()
})

afterEach(async () => {
  await env.close()
})

describe('scheduler.service_discovery', () => {
  it('creates the Cloud Map service on the first deploy and registers the running tasks in it', async () => {
    await deployWith(60)

    const [create] = calls('servicediscovery', 'CreateService')
    expect(calls('servicediscovery', 'CreateService')).toHaveLength(1)
    expect(create?.input).toEqual({
      Name: 'discovery',
      NamespaceId: namespaceId,
      DnsConfig: {RoutingPolicy: 'MULTIVALUE', DnsRecords: [{Type: 'SRV', TTL: 60}]},
      HealthCheckCustomConfig: {FailureThreshold: 1},
      // The SDK fills in the idempotency token itself.
      CreatorRequestId: expect.any(String),
    })
    expect(calls('servicediscovery', 'GetNamespace')).toHaveLength(1)
    const [cloudMap] = await cloudMapServices()
    expect(cloudMap?.Name).toBe('discovery')
    expect(env.reporter.messages('info')).toContain(`Created service discovery service discovery (${cloudMap?.Id})`)

    const ecsCreate = calls('ecs', 'CreateService')
    expect(ecsCreate).toHaveLength(1)
    expect((ecsCreate[0]?.input as {serviceRegistries?: unknown}).serviceRegistries).toEqual([
      {registryArn: cloudMap?.Arn, containerName: 'app', containerPort: 80},
    ])

    const instances = (await sd().send(new ListInstancesCommand({ServiceId: cloudMap?.Id}))).Instances ?? []
    expect(instances).toHaveLength(2)
    for (const instance of instances) {
      expect(instance.Attributes).toMatchObject({AWS_INSTANCE_IPV4: expect.stringMatching(/^10\./), AWS_INSTANCE_PORT: expect.stringMatching(/^\d+$/)})
    }
  })

  it('makes no write on a second identical deploy, and updates the Cloud Map service when the TTL changes', async () => {
    await deployWith(60)
    await env.renew()
    env.local.resetCalls()

    await deployWith(60)
    expect(writes()).toEqual([])
    expect(env.reporter.messages('info')).toContain("Service isn't changed")

    await env.renew()
    env.local.resetCalls()
    await deployWith(30)

    expect(writes()).toEqual(['servicediscovery:UpdateService'])
    const [cloudMap] = await cloudMapServices()
    expect(calls('servicediscovery', 'UpdateService')[0]?.input).toEqual({Id: cloudMap?.Id, Service: {DnsConfig: {DnsRecords: [{Type: 'SRV', TTL: 30}]}}})
    expect(calls('servicediscovery', 'GetOperation').length).toBeGreaterThanOrEqual(1)
    const {Service} = await sd().send(new GetServiceCommand({Id: cloudMap?.Id}))
    expect(Service?.DnsConfig?.DnsRecords).toEqual([{Type: 'SRV', TTL: 30}])
    expect(env.reporter.messages('info')).toContain(`Updated service discovery service discovery (${cloudMap?.Id})`)
  })

  it('writes nothing in a dry run, and plans the create or the update', async () => {
    await deployWith(60, {dryRun: true})
    expect(writes()).toEqual([])
    expect(env.reporter.stdout()).toContain(`would create service discovery service discovery in namespace internal.local (${namespaceId})`)
    expect(env.reporter.stdout()).toContain('(new service discovery service discovery)')
    expect(await cloudMapServices()).toEqual([])

    await deployWith(60)
    await env.renew()
    env.local.resetCalls()
    await deployWith(45, {dryRun: true})
    expect(writes()).toEqual([])
    expect(env.reporter.stdout()).toMatch(/would update service discovery service discovery \(srv-\w+\): dns_records \[SRV\/60\] → \[SRV\/45\]/)
  })

  it('shows the instances in the status', async () => {
    await deployWith(60)
    const result = await status(env.deps, definition(60))
    if (!result.report.available) throw new Error('expected an available status')
    const [entry] = result.report.serviceDiscovery
    expect(entry).toMatchObject({service: 'discovery', namespace: 'internal.local', instanceCount: 2})
    expect(entry?.instances.map((i) => i.id).sort()).toEqual(result.report.tasks.map((t) => t.id).sort())
    const text = renderStatus(result.report)
    expect(text).toContain('Service Discovery:\n  discovery.internal.local instance_count=2\n')
    expect(text).toMatch(new RegExp(`    ${entry?.instances[0]?.id} AWS_INSTANCE_IPV4=10\\.`))
  })

  it('deletes the Cloud Map service after the ECS service on remove, waiting for its tasks to deregister', async () => {
    await deployWith(60)
    const [cloudMap] = await cloudMapServices()
    await env.renew()
    env.local.resetCalls()

    const dry = await remove(env.deps, {...definition(60), dryRun: true})
    expect(dry.serviceDiscoveryPlan).toEqual([`would delete service discovery service discovery (${cloudMap?.Id})`])
    expect(writes()).toEqual([])

    const result = await remove(env.deps, {...definition(60), dryRun: false})

    expect(result.serviceDiscoveryPlan).toEqual([`deleted service discovery service discovery (${cloudMap?.Id})`])
    const order = writes()
    expect(order.indexOf('ecs:DeleteService')).toBeLessThan(order.indexOf('servicediscovery:DeleteService'))
    await expect(sd().send(new GetServiceCommand({Id: cloudMap?.Id}))).rejects.toBeInstanceOf(ServiceNotFound)
    const ecsService = await env.deps.aws(REGION).ecs.send(new DescribeServicesCommand({cluster: 'discovery', services: ['discovery']}))
    expect(ecsService.services?.[0]?.status).not.toBe('ACTIVE')
  })
})
