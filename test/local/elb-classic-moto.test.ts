/**
 * The differential suite for the classic ELB: the same call sequence against moto 5.2.1 and
 * against our simulator, comparing what each accepts or rejects (by error name) and chosen fields
 * of what it returns, with ids normalised. Every known difference is in DELIBERATE, with its
 * reason and checks of both sides (and in docs/local.md "Differences from moto").
 */
import {
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
  ElasticLoadBalancingClient,
  ModifyLoadBalancerAttributesCommand,
  RegisterInstancesWithLoadBalancerCommand,
} from '@aws-sdk/client-elastic-load-balancing'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type Deliberate, type Outcome, expectDeliberateDifference, expectNoUnexplainedDifferences, field, step} from './support/differential.js'
import {type Sides, startSides} from './support/sides.js'
import {CREDENTIALS, REGION} from '../support/local-aws.js'

interface Target {
  elb: ElasticLoadBalancingClient
  /** Three subnets of one VPC, a security group of it, and a running EC2 instance. */
  network: {subnets: string[]; securityGroup: string; instanceId: string}
}

const accepted = (o: Outcome): void => expect(o.error).toBeUndefined()
const rejectedWith =
  (name: string) =>
  (o: Outcome): void =>
    expect(o.error).toBe(name)

const DELIBERATE: Record<string, Deliberate> = {
  CreateLoadBalancer: {
    reason: 'moto names every load balancer <name>.us-east-1.elb.amazonaws.com; AWS adds a number and uses the real region',
    fields: ['DNSName'],
    moto: (o) => expect(field(o, 'DNSName')).toBe('diff-clb.us-east-1.elb.amazonaws.com'),
    ours: (o) => expect(field(o, 'DNSName')).toMatch(/^diff-clb-\d{9}\.ap-northeast-1\.elb\.amazonaws\.com$/),
  },
  DescribeLoadBalancers: {
    reason:
      "moto leaves AvailabilityZones empty for a load balancer created with subnets and reports no health check until one is configured; AWS lists the subnets' zones and starts with TCP:<instance port>, 30 s, 5 s, 2, 10",
    fields: ['AvailabilityZones', 'HealthCheck'],
    moto: (o) => expect([field(o, 'AvailabilityZones'), field(o, 'HealthCheck')]).toEqual([[], undefined]),
    ours: (o) => {
      expect(field(o, 'AvailabilityZones')).toEqual(['ap-northeast-1a', 'ap-northeast-1c'])
      expect(field(o, 'HealthCheck')).toEqual({Target: 'TCP:10000', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10})
    },
  },
  'DescribeLoadBalancerAttributes after modify': {
    reason:
      'AWS lists elb.http.desyncmitigationmode among the additional attributes from the start; moto adds another copy of it on every ModifyLoadBalancerAttributes call without additional attributes',
    fields: ['AdditionalAttributes'],
    moto: (o) => expect(field(o, 'AdditionalAttributes.0')).toEqual({Key: 'elb.http.desyncmitigationmode', Value: 'defensive'}),
    ours: (o) => expect(field(o, 'AdditionalAttributes')).toEqual([{Key: 'elb.http.desyncmitigationmode', Value: 'defensive'}]),
  },
  'DescribeInstanceHealth unregistered': {
    reason: 'AWS explains an instance that is not registered ("Instance is not currently registered with the LoadBalancer."); moto says N/A',
    fields: ['0.Description'],
    moto: (o) => expect(field(o, '0.Description')).toBe('N/A'),
    ours: (o) => expect(field(o, '0.Description')).toBe('Instance is not currently registered with the LoadBalancer.'),
  },
  'RegisterInstancesWithLoadBalancer unknown instance': {
    reason: 'AWS rejects an instance id that is not an EC2 instance (InvalidInstance); moto registers it',
    moto: accepted,
    ours: rejectedWith('InvalidEndPointException'),
  },
}

let sides: Sides
let ours: Outcome[]
let theirs: Outcome[]

async function scenario(t: Target): Promise<Outcome[]> {
  const out: Outcome[] = []
  const {subnets, securityGroup, instanceId} = t.network
  const name = 'diff-clb'
  const LoadBalancerName = name
  const http = {Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 10000}
  const describe = async () => (await t.elb.send(new DescribeLoadBalancersCommand({LoadBalancerNames: [name]}))).LoadBalancerDescriptions?.[0]
  const listeners = async () => (await describe())?.ListenerDescriptions?.map((d) => d.Listener)

  await step(out, 'CreateLoadBalancer', async () => {
    const created = await t.elb.send(
      new CreateLoadBalancerCommand({
        LoadBalancerName,
        Listeners: [http],
        Subnets: subnets.slice(0, 2),
        SecurityGroups: [securityGroup],
        Tags: [{Key: 'team', Value: 'diff'}],
      }),
    )
    return {DNSName: created.DNSName}
  })
  await step(out, 'CreateLoadBalancer same name', () =>
    t.elb.send(new CreateLoadBalancerCommand({LoadBalancerName, Listeners: [http], Subnets: subnets.slice(0, 2)})),
  )
  await step(out, 'CreateLoadBalancer no listeners', () =>
    t.elb.send(new CreateLoadBalancerCommand({LoadBalancerName: 'diff-empty', Listeners: [], Subnets: subnets.slice(0, 1)})),
  )
  await step(out, 'DescribeLoadBalancers', async () => {
    const lb = await describe()
    return {
      LoadBalancerName: lb?.LoadBalancerName,
      Scheme: lb?.Scheme,
      Listeners: lb?.ListenerDescriptions?.map((d) => d.Listener),
      Subnets: lb?.Subnets,
      AvailabilityZones: lb?.AvailabilityZones,
      SecurityGroups: lb?.SecurityGroups,
      VPCId: lb?.VPCId,
      Instances: lb?.Instances,
      HealthCheck: lb?.HealthCheck,
    }
  })
  await step(out, 'DescribeLoadBalancers missing', () => t.elb.send(new DescribeLoadBalancersCommand({LoadBalancerNames: ['diff-missing']})))
  await step(out, 'CreateLoadBalancerListeners', async () => {
    await t.elb.send(new CreateLoadBalancerListenersCommand({LoadBalancerName, Listeners: [{Protocol: 'TCP', LoadBalancerPort: 8080, InstancePort: 10001}]}))
    return listeners()
  })
  await step(out, 'CreateLoadBalancerListeners conflicting', () =>
    t.elb.send(new CreateLoadBalancerListenersCommand({LoadBalancerName, Listeners: [{...http, InstancePort: 10002}]})),
  )
  await step(out, 'DeleteLoadBalancerListeners', async () => {
    await t.elb.send(new DeleteLoadBalancerListenersCommand({LoadBalancerName, LoadBalancerPorts: [8080]}))
    return listeners()
  })
  await step(out, 'ConfigureHealthCheck', async () => {
    const configured = await t.elb.send(
      new ConfigureHealthCheckCommand({
        LoadBalancerName,
        HealthCheck: {Target: 'HTTP:10000/health', Interval: 10, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 3},
      }),
    )
    return {reply: configured.HealthCheck, described: (await describe())?.HealthCheck}
  })
  await step(out, 'ConfigureHealthCheck bad target', () =>
    t.elb.send(
      new ConfigureHealthCheckCommand({
        LoadBalancerName,
        HealthCheck: {Target: 'UDP:10000', Interval: 10, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 3},
      }),
    ),
  )
  await step(out, 'DescribeLoadBalancerAttributes after modify', async () => {
    await t.elb.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerName,
        LoadBalancerAttributes: {
          CrossZoneLoadBalancing: {Enabled: true},
          ConnectionDraining: {Enabled: true, Timeout: 30},
          ConnectionSettings: {IdleTimeout: 120},
        },
      }),
    )
    return (await t.elb.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerName}))).LoadBalancerAttributes
  })
  await step(out, 'AddTags + DescribeTags', async () => {
    await t.elb.send(new AddTagsCommand({LoadBalancerNames: [name], Tags: [{Key: 'env', Value: 'dev'}]}))
    return (await t.elb.send(new DescribeTagsCommand({LoadBalancerNames: [name]}))).TagDescriptions
  })
  await step(out, 'DescribeTags missing', () => t.elb.send(new DescribeTagsCommand({LoadBalancerNames: ['diff-missing']})))
  await step(
    out,
    'ApplySecurityGroupsToLoadBalancer',
    async () => (await t.elb.send(new ApplySecurityGroupsToLoadBalancerCommand({LoadBalancerName, SecurityGroups: [securityGroup]}))).SecurityGroups,
  )
  await step(out, 'AttachLoadBalancerToSubnets', async () => {
    const reply = await t.elb.send(new AttachLoadBalancerToSubnetsCommand({LoadBalancerName, Subnets: subnets.slice(2, 3)}))
    return [...(reply.Subnets ?? [])].sort()
  })
  await step(out, 'DetachLoadBalancerFromSubnets', async () => {
    const reply = await t.elb.send(new DetachLoadBalancerFromSubnetsCommand({LoadBalancerName, Subnets: subnets.slice(0, 1)}))
    return [...(reply.Subnets ?? [])].sort()
  })
  await step(out, 'RegisterInstancesWithLoadBalancer', async () => {
    await t.elb.send(new RegisterInstancesWithLoadBalancerCommand({LoadBalancerName, Instances: [{InstanceId: instanceId}]}))
    return (await describe())?.Instances
  })
  await step(out, 'DescribeInstanceHealth', async () => (await t.elb.send(new DescribeInstanceHealthCommand({LoadBalancerName}))).InstanceStates)
  await step(
    out,
    'DescribeInstanceHealth unregistered',
    async () => (await t.elb.send(new DescribeInstanceHealthCommand({LoadBalancerName, Instances: [{InstanceId: 'i-0123456789abcdef0'}]}))).InstanceStates,
  )
  await step(out, 'DeregisterInstancesFromLoadBalancer', async () => {
    await t.elb.send(new DeregisterInstancesFromLoadBalancerCommand({LoadBalancerName, Instances: [{InstanceId: instanceId}]}))
    return (await describe())?.Instances
  })
  await step(out, 'RegisterInstancesWithLoadBalancer unknown instance', () =>
    t.elb.send(new RegisterInstancesWithLoadBalancerCommand({LoadBalancerName, Instances: [{InstanceId: 'i-0123456789abcdef0'}]})),
  )
  await step(out, 'DescribeInstanceHealth missing load balancer', () => t.elb.send(new DescribeInstanceHealthCommand({LoadBalancerName: 'diff-missing'})))
  await step(out, 'DeleteLoadBalancer + Describe', async () => {
    await t.elb.send(new DeleteLoadBalancerCommand({LoadBalancerName}))
    return describe()
  })
  await step(out, 'DeleteLoadBalancer missing', () => t.elb.send(new DeleteLoadBalancerCommand({LoadBalancerName})))
  return out
}

const clientFor = (endpoint: string) => new ElasticLoadBalancingClient({region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1})
let clients: ElasticLoadBalancingClient[] = []

beforeAll(async () => {
  sides = await startSides({ours: {clusters: ['default']}})
  const {moto, ours: ourAws} = sides
  const subnetsXml = await moto.ec2('DescribeSubnets')
  const subnets = [...subnetsXml.matchAll(/<subnetId>(subnet-[0-9a-f]+)<\/subnetId>/g)].map((m) => m[1] ?? '').slice(0, 3)
  const groupsXml = await moto.ec2('DescribeSecurityGroups')
  const securityGroup = /<groupId>(sg-[0-9a-f]+)<\/groupId>/.exec(groupsXml)?.[1] ?? ''
  const runXml = await moto.ec2('RunInstances', {ImageId: 'ami-12c6146b', MinCount: '1', MaxCount: '1', SubnetId: subnets[0] ?? ''})
  const motoInstance = /<instanceId>(i-[0-9a-f]+)<\/instanceId>/.exec(runXml)?.[1] ?? ''
  // The simulator's EC2 instances are the container instances.
  const ourInstance = await ourAws.local.read((world) => Object.values(world.ecs.containerInstances)[0]?.ec2InstanceId ?? '')
  const motoElb = clientFor(moto.endpoint)
  const localElb = clientFor(ourAws.endpoint)
  clients = [motoElb, localElb]
  ours = await scenario({elb: localElb, network: {subnets, securityGroup, instanceId: ourInstance}})
  theirs = await scenario({elb: motoElb, network: {subnets, securityGroup, instanceId: motoInstance}})
}, 60_000)

afterAll(async () => {
  for (const client of clients) client.destroy()
  await sides?.close()
})

describe('classic ELB held against moto', () => {
  it('takes the same steps and agrees on every step not listed as deliberate', () => {
    expectNoUnexplainedDifferences(ours, theirs, DELIBERATE)
  })

  it.each(Object.entries(DELIBERATE))('differs on purpose: %s', (name, difference) => {
    expectDeliberateDifference(name, difference, ours, theirs)
  })
})
