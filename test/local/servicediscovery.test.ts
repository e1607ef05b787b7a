/**
 * The Cloud Map simulator through the real SDK: namespaces, services, operations on the virtual
 * clock, errors, and ECS registering a service's tasks as instances.
 */
import {
  CreateServiceCommand as CreateEcsServiceCommand,
  DeleteServiceCommand as DeleteEcsServiceCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand as UpdateEcsServiceCommand,
} from '@aws-sdk/client-ecs'
import {
  CreatePrivateDnsNamespaceCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterInstanceCommand,
  GetNamespaceCommand,
  GetOperationCommand,
  GetServiceCommand,
  InvalidInput,
  ListInstancesCommand,
  ListNamespacesCommand,
  ListServicesCommand,
  NamespaceNotFound,
  OperationNotFound,
  RegisterInstanceCommand,
  ResourceInUse,
  ServiceAlreadyExists,
  ServiceNotFound,
  UpdateServiceCommand,
  type ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {appContainer} from './support/app-container.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'
import {advanceUntil} from '../support/time.js'

let t: TestAws
let sd: ServiceDiscoveryClient

beforeEach(async () => {
  t = await startTestAws()
  sd = t.clients.serviceDiscovery
})
afterEach(async () => {
  await t.close()
})

async function createNamespace(name = 'internal.local'): Promise<string> {
  const {OperationId} = await sd.send(new CreatePrivateDnsNamespaceCommand({Name: name, Vpc: 'vpc-1'}))
  t.clock.advance(10_000)
  const {Operation} = await sd.send(new GetOperationCommand({OperationId}))
  const id = Operation?.Targets?.NAMESPACE
  if (!id) throw new Error('no namespace id')
  return id
}

async function createService(namespaceId: string, name = 'web', ttl = 60) {
  const out = await sd.send(
    new CreateServiceCommand({
      Name: name,
      NamespaceId: namespaceId,
      DnsConfig: {RoutingPolicy: 'MULTIVALUE', DnsRecords: [{Type: 'SRV', TTL: ttl}]},
      HealthCheckCustomConfig: {FailureThreshold: 1},
    }),
  )
  if (!out.Service?.Id || !out.Service.Arn) throw new Error('no service')
  return {id: out.Service.Id, arn: out.Service.Arn}
}

describe('namespaces', () => {
  it('creates a private DNS namespace asynchronously: visible once its operation succeeded', async () => {
    const {OperationId} = await sd.send(new CreatePrivateDnsNamespaceCommand({Name: 'internal.local', Vpc: 'vpc-1'}))
    expect(OperationId).toMatch(/^[0-9a-f]{32}$/)
    const submitted = await sd.send(new GetOperationCommand({OperationId}))
    expect(submitted.Operation).toMatchObject({Type: 'CREATE_NAMESPACE', Status: 'SUBMITTED'})
    const id = submitted.Operation?.Targets?.NAMESPACE ?? ''
    await expect(sd.send(new GetNamespaceCommand({Id: id}))).rejects.toBeInstanceOf(NamespaceNotFound)

    t.clock.advance(2_000)
    expect((await sd.send(new GetOperationCommand({OperationId}))).Operation?.Status).toBe('PENDING')
    t.clock.advance(5_000)
    expect((await sd.send(new GetOperationCommand({OperationId}))).Operation?.Status).toBe('SUCCESS')

    const {Namespace} = await sd.send(new GetNamespaceCommand({Id: id}))
    expect(Namespace).toMatchObject({Id: id, Name: 'internal.local', Type: 'DNS_PRIVATE', ServiceCount: 0})
    expect(Namespace?.Arn).toBe(`arn:aws:servicediscovery:ap-northeast-1:123456789012:namespace/${id}`)
    expect(Namespace?.Properties?.DnsProperties?.HostedZoneId).toMatch(/^Z/)
    expect(Namespace?.CreateDate).toBeInstanceOf(Date)
  })

  it('lists namespaces with a TYPE filter, and answers NamespaceNotFound / OperationNotFound', async () => {
    const id = await createNamespace()
    const listed = await sd.send(new ListNamespacesCommand({Filters: [{Name: 'TYPE', Values: ['DNS_PRIVATE'], Condition: 'EQ'}]}))
    expect(listed.Namespaces?.map((n) => n.Id)).toEqual([id])
    const none = await sd.send(new ListNamespacesCommand({Filters: [{Name: 'TYPE', Values: ['HTTP']}]}))
    expect(none.Namespaces).toEqual([])
    await expect(sd.send(new GetNamespaceCommand({Id: 'ns-missing'}))).rejects.toBeInstanceOf(NamespaceNotFound)
    await expect(sd.send(new GetOperationCommand({OperationId: 'nope'}))).rejects.toBeInstanceOf(OperationNotFound)
  })
})

describe('services', () => {
  it('creates, reads and lists services of a namespace, page by page', async () => {
    const ns = await createNamespace()
    const other = await createNamespace('other.local')
    const web = await createService(ns, 'web')
    const api = await createService(ns, 'api')
    await createService(other, 'web')

    const {Service} = await sd.send(new GetServiceCommand({Id: web.id}))
    expect(Service).toMatchObject({
      Id: web.id,
      Name: 'web',
      NamespaceId: ns,
      DnsConfig: {NamespaceId: ns, RoutingPolicy: 'MULTIVALUE', DnsRecords: [{Type: 'SRV', TTL: 60}]},
      HealthCheckCustomConfig: {FailureThreshold: 1},
      InstanceCount: 0,
    })
    expect(web.arn).toBe(`arn:aws:servicediscovery:ap-northeast-1:123456789012:service/${web.id}`)

    const filter = [{Name: 'NAMESPACE_ID' as const, Values: [ns], Condition: 'EQ' as const}]
    const first = await sd.send(new ListServicesCommand({Filters: filter, MaxResults: 1}))
    expect(first.Services).toHaveLength(1)
    expect(first.NextToken).toBeDefined()
    const second = await sd.send(new ListServicesCommand({Filters: filter, MaxResults: 1, NextToken: first.NextToken}))
    expect(second.NextToken).toBeUndefined()
    expect([...(first.Services ?? []), ...(second.Services ?? [])].map((s) => s.Id).sort()).toEqual([web.id, api.id].sort())
    expect((await sd.send(new GetNamespaceCommand({Id: ns}))).Namespace?.ServiceCount).toBe(2)
  })

  it('refuses a duplicate name, a missing namespace and invalid DNS records', async () => {
    const ns = await createNamespace()
    await createService(ns, 'web')
    await expect(createService(ns, 'web')).rejects.toBeInstanceOf(ServiceAlreadyExists)
    await expect(createService('ns-missing', 'web')).rejects.toBeInstanceOf(NamespaceNotFound)
    await expect(createService(ns, 'bad', -1)).rejects.toBeInstanceOf(InvalidInput)
    await expect(
      sd.send(new CreateServiceCommand({Name: 'cname', NamespaceId: ns, DnsConfig: {RoutingPolicy: 'MULTIVALUE', DnsRecords: [{Type: 'CNAME', TTL: 60}]}})),
    ).rejects.toThrow(/WEIGHTED/)
    await expect(sd.send(new GetServiceCommand({Id: 'srv-missing'}))).rejects.toBeInstanceOf(ServiceNotFound)
  })

  it('updates a service through an operation that applies the change when it succeeds', async () => {
    const ns = await createNamespace()
    const web = await createService(ns, 'web', 60)
    const {OperationId} = await sd.send(
      new UpdateServiceCommand({Id: web.id, Service: {Description: 'web tasks', DnsConfig: {DnsRecords: [{Type: 'SRV', TTL: 30}]}}}),
    )
    expect((await sd.send(new GetServiceCommand({Id: web.id}))).Service?.DnsConfig?.DnsRecords).toEqual([{Type: 'SRV', TTL: 60}])

    t.clock.advance(6_000)
    const {Operation} = await sd.send(new GetOperationCommand({OperationId}))
    expect(Operation).toMatchObject({Type: 'UPDATE_SERVICE', Status: 'SUCCESS', Targets: {SERVICE: web.id}})
    const {Service} = await sd.send(new GetServiceCommand({Id: web.id}))
    expect(Service).toMatchObject({Description: 'web tasks', DnsConfig: {RoutingPolicy: 'MULTIVALUE', DnsRecords: [{Type: 'SRV', TTL: 30}]}})
  })

  it('ends an operation in FAIL, leaving the service as it was, when a failure is queued', async () => {
    const ns = await createNamespace()
    const web = await createService(ns, 'web', 60)
    await t.local.mutate((world) => {
      world.servicediscovery.failNextOperations.push({ErrorCode: 'INTERNAL_FAILURE', ErrorMessage: 'simulated'})
    })
    const {OperationId} = await sd.send(new UpdateServiceCommand({Id: web.id, Service: {DnsConfig: {DnsRecords: [{Type: 'SRV', TTL: 30}]}}}))
    t.clock.advance(6_000)
    expect((await sd.send(new GetOperationCommand({OperationId}))).Operation).toMatchObject({
      Status: 'FAIL',
      ErrorCode: 'INTERNAL_FAILURE',
      ErrorMessage: 'simulated',
    })
    expect((await sd.send(new GetServiceCommand({Id: web.id}))).Service?.DnsConfig?.DnsRecords).toEqual([{Type: 'SRV', TTL: 60}])
  })

  it('refuses to delete a service while it has instances (ResourceInUse), then deletes it', async () => {
    const ns = await createNamespace()
    const web = await createService(ns, 'web')
    await expect(sd.send(new RegisterInstanceCommand({ServiceId: web.id, InstanceId: 'i-1', Attributes: {AWS_INSTANCE_IPV4: '10.0.0.1'}}))).rejects.toThrow(
      /AWS_INSTANCE_PORT/,
    )
    await sd.send(new RegisterInstanceCommand({ServiceId: web.id, InstanceId: 'i-1', Attributes: {AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '80'}}))
    expect((await sd.send(new ListInstancesCommand({ServiceId: web.id}))).Instances).toEqual([
      {Id: 'i-1', Attributes: {AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '80'}},
    ])
    await expect(sd.send(new DeleteServiceCommand({Id: web.id}))).rejects.toBeInstanceOf(ResourceInUse)

    await sd.send(new DeregisterInstanceCommand({ServiceId: web.id, InstanceId: 'i-1'}))
    await sd.send(new DeleteServiceCommand({Id: web.id}))
    await expect(sd.send(new GetServiceCommand({Id: web.id}))).rejects.toBeInstanceOf(ServiceNotFound)
  })
})

describe('ECS service registries', () => {
  async function registerApp(): Promise<string> {
    const out = await t.clients.ecs.send(new RegisterTaskDefinitionCommand({family: 'web', containerDefinitions: [appContainer('app')]}))
    return out.taskDefinition?.taskDefinitionArn ?? ''
  }

  it('registers RUNNING tasks as instances and deregisters them when they stop', async () => {
    const ns = await createNamespace()
    const web = await createService(ns, 'web')
    const taskDefinition = await registerApp()
    const created = await t.clients.ecs.send(
      new CreateEcsServiceCommand({
        serviceName: 'web',
        taskDefinition,
        desiredCount: 2,
        serviceRegistries: [{registryArn: web.arn, containerName: 'app', containerPort: 80}],
      }),
    )
    expect(created.service?.serviceRegistries).toEqual([{registryArn: web.arn, containerName: 'app', containerPort: 80}])

    const instances = await advanceUntil(t.clock, async () => {
      const out = await sd.send(new ListInstancesCommand({ServiceId: web.id}))
      return out.Instances?.length === 2 ? out.Instances : undefined
    })
    for (const instance of instances) {
      expect(instance.Id).toMatch(/^[0-9a-f]{32}$/)
      expect(instance.Attributes).toMatchObject({
        AWS_INSTANCE_IPV4: expect.stringMatching(/^10\.\d+\.\d+\.\d+$/),
        AWS_INSTANCE_PORT: expect.stringMatching(/^\d+$/),
        ECS_SERVICE_NAME: 'web',
        ECS_CLUSTER_NAME: 'default',
        ECS_TASK_DEFINITION_FAMILY: 'web',
      })
    }

    await t.clients.ecs.send(new UpdateEcsServiceCommand({service: 'web', desiredCount: 0}))
    await advanceUntil(t.clock, async () => {
      const out = await sd.send(new ListInstancesCommand({ServiceId: web.id}))
      return out.Instances?.length === 0 ? true : undefined
    })
    await t.clients.ecs.send(new DeleteEcsServiceCommand({service: 'web'}))
    await sd.send(new DeleteServiceCommand({Id: web.id}))
  })

  it('answers InvalidParameterException for a registry that does not exist or a missing container', async () => {
    const ns = await createNamespace()
    const web = await createService(ns, 'web')
    const taskDefinition = await registerApp()
    const create = (registry: {registryArn: string; containerName?: string; containerPort?: number}) =>
      t.clients.ecs.send(new CreateEcsServiceCommand({serviceName: 'web', taskDefinition, desiredCount: 1, serviceRegistries: [registry]}))
    await expect(create({registryArn: `${web.arn}x`, containerName: 'app', containerPort: 80})).rejects.toThrow(/does not exist/)
    await expect(create({registryArn: web.arn, containerName: 'nope', containerPort: 80})).rejects.toMatchObject({name: 'InvalidParameterException'})
    await expect(create({registryArn: web.arn})).rejects.toThrow(/SRV/)
  })
})
