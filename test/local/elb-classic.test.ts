/**
 * The local classic ELB (awsQuery, 2012-06-01) through the real SDK client, and what the local ECS
 * does for a service attached by `loadBalancerName`.
 */
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  InvalidParameterException,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import {
  AccessPointNotFoundException,
  AddTagsCommand,
  ApplySecurityGroupsToLoadBalancerCommand,
  AttachLoadBalancerToSubnetsCommand,
  ConfigureHealthCheckCommand,
  CreateLoadBalancerCommand,
  CreateLoadBalancerListenersCommand,
  DeleteLoadBalancerCommand,
  DeleteLoadBalancerListenersCommand,
  DeregisterInstancesFromLoadBalancerCommand,
  DescribeInstanceHealthCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DetachLoadBalancerFromSubnetsCommand,
  DuplicateAccessPointNameException,
  DuplicateListenerException,
  InvalidConfigurationRequestException,
  InvalidEndPointException,
  type LoadBalancerDescription,
  ModifyLoadBalancerAttributesCommand,
  RegisterInstancesWithLoadBalancerCommand,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {startTestAws, type TestAws} from '../support/local-aws.js'
import {advanceUntil} from '../support/time.js'

let t: TestAws

beforeEach(async () => {
  t = await startTestAws()
})
afterEach(async () => {
  await t.close()
})

const elb = () => t.clients.elb
const http80 = {Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 10000}

async function create(name = 'hako-web', extra: Record<string, unknown> = {}): Promise<string> {
  const out = await elb().send(
    new CreateLoadBalancerCommand({
      LoadBalancerName: name,
      Listeners: [http80],
      Subnets: ['subnet-0a1a', 'subnet-0c1c'],
      SecurityGroups: ['sg-0e0b'],
      ...extra,
    }),
  )
  return out.DNSName ?? ''
}

async function describeOne(name = 'hako-web'): Promise<LoadBalancerDescription> {
  const out = await elb().send(new DescribeLoadBalancersCommand({LoadBalancerNames: [name]}))
  return out.LoadBalancerDescriptions?.[0] ?? {}
}

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

describe('classic load balancers', () => {
  it('creates one and describes it with the defaults AWS gives', async () => {
    const dns = await create('hako-web', {Tags: [{Key: 'team', Value: 'web'}]})
    expect(dns).toMatch(/^hako-web-\d{9}\.ap-northeast-1\.elb\.amazonaws\.com$/)
    const lb = await describeOne()
    expect(lb).toMatchObject({
      LoadBalancerName: 'hako-web',
      DNSName: dns,
      CanonicalHostedZoneName: dns,
      CanonicalHostedZoneNameID: 'Z14GRHDCWA56QT',
      Scheme: 'internet-facing',
      Subnets: ['subnet-0a1a', 'subnet-0c1c'],
      AvailabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
      SecurityGroups: ['sg-0e0b'],
      Instances: [],
      HealthCheck: {Target: 'TCP:10000', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10},
    })
    expect(lb.ListenerDescriptions?.map((d) => d.Listener)).toEqual([{Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 10000}])
    const tags = await elb().send(new DescribeTagsCommand({LoadBalancerNames: ['hako-web']}))
    expect(tags.TagDescriptions).toEqual([{LoadBalancerName: 'hako-web', Tags: [{Key: 'team', Value: 'web'}]}])
  })

  it('names internal load balancers internal-… and makes a security group when none is given', async () => {
    const dns = await create('hako-api', {Scheme: 'internal', SecurityGroups: undefined})
    expect(dns).toMatch(/^internal-hako-api-\d{9}\./)
    const lb = await describeOne('hako-api')
    expect(lb.CanonicalHostedZoneName).toBeUndefined()
    expect(lb.SecurityGroups).toEqual([expect.stringMatching(/^sg-[0-9a-f]+$/)])
  })

  it('answers LoadBalancerNotFound for a missing name, and deletes idempotently', async () => {
    const error = await failure(describeOne('nope'))
    expect(error).toBeInstanceOf(AccessPointNotFoundException)
    expect((error as Error).message).toBe("There is no ACTIVE Load Balancer named 'nope'")
    await create()
    await elb().send(new DeleteLoadBalancerCommand({LoadBalancerName: 'hako-web'}))
    await elb().send(new DeleteLoadBalancerCommand({LoadBalancerName: 'hako-web'}))
    expect(await failure(describeOne())).toBeInstanceOf(AccessPointNotFoundException)
  })

  it('rejects a second load balancer of the same name, and invalid input', async () => {
    await create()
    expect(await failure(create())).toBeInstanceOf(DuplicateAccessPointNameException)
    const noListeners = await failure(elb().send(new CreateLoadBalancerCommand({LoadBalancerName: 'x', Listeners: [], Subnets: ['subnet-1']})))
    expect((noListeners as Error).message).toBe('Listeners cannot be empty')
    const https = await failure(create('y', {Listeners: [{Protocol: 'HTTPS', LoadBalancerPort: 443, InstancePort: 10000}]}))
    expect((https as Error).message).toBe('SSLCertificateId is required for an HTTPS listener')
    const long = await failure(create('x'.repeat(33)))
    expect((long as Error).name).toBe('ValidationError')
  })

  it('pages DescribeLoadBalancers', async () => {
    for (const name of ['a', 'b', 'c']) await create(name)
    const names: string[] = []
    for await (const page of paginateDescribeLoadBalancers({client: elb(), pageSize: 2}, {}))
      names.push(...(page.LoadBalancerDescriptions ?? []).map((d) => d.LoadBalancerName ?? ''))
    expect(names).toEqual(['a', 'b', 'c'])
  })

  it('adds and deletes listeners; a different listener on a used port is a DuplicateListener', async () => {
    await create()
    const https = {Protocol: 'HTTPS', LoadBalancerPort: 443, InstancePort: 10000, SSLCertificateId: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/one'}
    await elb().send(new CreateLoadBalancerListenersCommand({LoadBalancerName: 'hako-web', Listeners: [https, http80]}))
    const conflict = await failure(
      elb().send(new CreateLoadBalancerListenersCommand({LoadBalancerName: 'hako-web', Listeners: [{...http80, InstancePort: 10001}]})),
    )
    expect(conflict).toBeInstanceOf(DuplicateListenerException)
    expect((await describeOne()).ListenerDescriptions?.map((d) => [d.Listener?.LoadBalancerPort, d.Listener?.InstanceProtocol])).toEqual([
      [80, 'HTTP'],
      [443, 'HTTP'],
    ])
    await elb().send(new DeleteLoadBalancerListenersCommand({LoadBalancerName: 'hako-web', LoadBalancerPorts: [80]}))
    expect((await describeOne()).ListenerDescriptions?.map((d) => d.Listener?.LoadBalancerPort)).toEqual([443])
  })

  it('configures the health check within AWS bounds', async () => {
    await create()
    const check = {Target: 'HTTP:10000/health', Interval: 10, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 3}
    const out = await elb().send(new ConfigureHealthCheckCommand({LoadBalancerName: 'hako-web', HealthCheck: check}))
    expect(out.HealthCheck).toEqual(check)
    expect((await describeOne()).HealthCheck).toEqual(check)
    const bad = await failure(elb().send(new ConfigureHealthCheckCommand({LoadBalancerName: 'hako-web', HealthCheck: {...check, Target: 'HTTP:10000'}})))
    expect((bad as Error).name).toBe('ValidationError')
    const slow = await failure(elb().send(new ConfigureHealthCheckCommand({LoadBalancerName: 'hako-web', HealthCheck: {...check, Timeout: 10}})))
    expect((slow as Error).message).toBe('HealthCheck Timeout must be less than Interval')
  })

  it('keeps attributes, changing only those given', async () => {
    await create()
    const before = await elb().send(new DescribeLoadBalancerAttributesCommand({LoadBalancerName: 'hako-web'}))
    expect(before.LoadBalancerAttributes).toMatchObject({
      CrossZoneLoadBalancing: {Enabled: false},
      ConnectionDraining: {Enabled: false, Timeout: 300},
      ConnectionSettings: {IdleTimeout: 60},
      AccessLog: {Enabled: false},
    })
    const out = await elb().send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerName: 'hako-web',
        LoadBalancerAttributes: {CrossZoneLoadBalancing: {Enabled: true}, ConnectionDraining: {Enabled: true, Timeout: 30}},
      }),
    )
    expect(out.LoadBalancerAttributes).toMatchObject({
      CrossZoneLoadBalancing: {Enabled: true},
      ConnectionDraining: {Enabled: true, Timeout: 30},
      ConnectionSettings: {IdleTimeout: 60},
    })
    const logs = await failure(
      elb().send(new ModifyLoadBalancerAttributesCommand({LoadBalancerName: 'hako-web', LoadBalancerAttributes: {AccessLog: {Enabled: true}}})),
    )
    expect(logs).toBeInstanceOf(InvalidConfigurationRequestException)
  })

  it('replaces security groups, attaches and detaches subnets, tags', async () => {
    await create()
    await elb().send(new ApplySecurityGroupsToLoadBalancerCommand({LoadBalancerName: 'hako-web', SecurityGroups: ['sg-0f0f']}))
    await elb().send(new AttachLoadBalancerToSubnetsCommand({LoadBalancerName: 'hako-web', Subnets: ['subnet-0d1d']}))
    const detached = await elb().send(new DetachLoadBalancerFromSubnetsCommand({LoadBalancerName: 'hako-web', Subnets: ['subnet-0a1a']}))
    expect(detached.Subnets).toEqual(['subnet-0c1c', 'subnet-0d1d'])
    await elb().send(new AddTagsCommand({LoadBalancerNames: ['hako-web'], Tags: [{Key: 'team', Value: 'api'}]}))
    const lb = await describeOne()
    expect([lb.SecurityGroups, lb.Subnets]).toEqual([['sg-0f0f'], ['subnet-0c1c', 'subnet-0d1d']])
    const lastOne = await failure(elb().send(new DetachLoadBalancerFromSubnetsCommand({LoadBalancerName: 'hako-web', Subnets: ['subnet-0c1c', 'subnet-0d1d']})))
    expect(lastOne).toBeInstanceOf(InvalidConfigurationRequestException)
  })

  it('registers only EC2 instances it knows (the container instances), which report InService', async () => {
    await create()
    await t.local.ensureCluster('default', 'ap-northeast-1')
    const instanceId = await t.local.read((world) => Object.values(world.ecs.containerInstances)[0]?.ec2InstanceId ?? '')
    expect(instanceId).toMatch(/^i-/)
    const unknown = await failure(
      elb().send(new RegisterInstancesWithLoadBalancerCommand({LoadBalancerName: 'hako-web', Instances: [{InstanceId: 'i-0000000000000000a'}]})),
    )
    expect(unknown).toBeInstanceOf(InvalidEndPointException)
    const out = await elb().send(new RegisterInstancesWithLoadBalancerCommand({LoadBalancerName: 'hako-web', Instances: [{InstanceId: instanceId}]}))
    expect(out.Instances).toEqual([{InstanceId: instanceId}])
    const health = await elb().send(new DescribeInstanceHealthCommand({LoadBalancerName: 'hako-web'}))
    expect(health.InstanceStates).toEqual([{InstanceId: instanceId, State: 'InService', ReasonCode: 'N/A', Description: 'N/A'}])
    const left = await elb().send(new DeregisterInstancesFromLoadBalancerCommand({LoadBalancerName: 'hako-web', Instances: [{InstanceId: instanceId}]}))
    expect(left.Instances).toEqual([])
  })
})

describe('ECS services attached by loadBalancerName', () => {
  async function register(networkMode?: 'awsvpc'): Promise<string> {
    const container = {
      name: 'front',
      image: 'example/front:1',
      memory: 128,
      essential: true,
      portMappings: [{containerPort: 80, hostPort: networkMode ? 80 : 10000}],
    }
    const out = await t.clients.ecs.send(new RegisterTaskDefinitionCommand({family: 'web', networkMode, containerDefinitions: [container]}))
    return out.taskDefinition?.taskDefinitionArn ?? ''
  }

  const service = {serviceName: 'web', desiredCount: 2, loadBalancers: [{loadBalancerName: 'hako-web', containerName: 'front', containerPort: 80}]}

  it('registers the container instances of the tasks, which turn InService, and says so in events', async () => {
    await create()
    await elb().send(
      new ConfigureHealthCheckCommand({
        LoadBalancerName: 'hako-web',
        HealthCheck: {Target: 'HTTP:10000/', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2},
      }),
    )
    await t.clients.ecs.send(new CreateServiceCommand({...service, taskDefinition: await register()}))
    const states = await advanceUntil(
      t.clock,
      async () => {
        const health = await elb().send(new DescribeInstanceHealthCommand({LoadBalancerName: 'hako-web'}))
        const all = health.InstanceStates ?? []
        return all.length === 2 && all.every((s) => s.State === 'InService') ? all : undefined
      },
      {stepMs: 1000},
    )
    const instances = await t.local.read((world) => Object.values(world.ecs.containerInstances).map((ci) => ci.ec2InstanceId))
    expect(states.map((s) => s.InstanceId).every((id) => instances.includes(id))).toBe(true)
    const events = (await t.clients.ecs.send(new DescribeServicesCommand({services: ['web']}))).services?.[0]?.events ?? []
    expect(events.filter((e) => e.message === '(service web) registered 1 instances in (elb hako-web)')).toHaveLength(2)
  })

  it('reports an instance OutOfService while registration is in progress', async () => {
    await create()
    await t.clients.ecs.send(new CreateServiceCommand({...service, desiredCount: 1, taskDefinition: await register()}))
    const state = await advanceUntil(
      t.clock,
      async () => (await elb().send(new DescribeInstanceHealthCommand({LoadBalancerName: 'hako-web'}))).InstanceStates?.[0],
      {stepMs: 1000},
    )
    expect(state).toMatchObject({State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance registration is still in progress.'})
  })

  it('deregisters the instances when the tasks stop', async () => {
    await create()
    await t.clients.ecs.send(new CreateServiceCommand({...service, taskDefinition: await register()}))
    await advanceUntil(t.clock, async () => ((await describeOne()).Instances?.length === 2 ? true : undefined))
    await t.clients.ecs.send(new UpdateServiceCommand({service: 'web', desiredCount: 0}))
    await advanceUntil(t.clock, async () => ((await describeOne()).Instances?.length === 0 ? true : undefined))
    await t.clients.ecs.send(new DeleteServiceCommand({service: 'web'}))
    const events = (await t.clients.ecs.send(new DescribeServicesCommand({services: ['web']}))).services?.[0]?.events ?? []
    expect(events.some((e) => e.message === '(service web) deregistered 1 instances in (elb hako-web)')).toBe(true)
  })

  it('rejects a load balancer that does not exist, and awsvpc tasks', async () => {
    const missing = await failure(t.clients.ecs.send(new CreateServiceCommand({...service, taskDefinition: await register()})))
    expect(missing).toBeInstanceOf(InvalidParameterException)
    expect((missing as Error).message).toBe('Unable to find the load balancer hako-web.')
    await create()
    const awsvpc = await failure(
      t.clients.ecs.send(
        new CreateServiceCommand({
          ...service,
          taskDefinition: await register('awsvpc'),
          networkConfiguration: {awsvpcConfiguration: {subnets: ['subnet-0a1a']}},
        }),
      ),
    )
    expect((awsvpc as Error).message).toMatch(/^Classic Load Balancers are not supported with the awsvpc network mode/)
  })
})
