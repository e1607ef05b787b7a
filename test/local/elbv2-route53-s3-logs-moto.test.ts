/**
 * The differential suite for ELBv2, Route 53, S3 and CloudWatch Logs: the same call sequences
 * against moto 5.2.1 and against our simulator, comparing what each accepts or rejects (by error
 * name) and the fields it returns, with ids and timestamps normalised. Each known difference is
 * listed in DELIBERATE with its reason (and in docs/local.md).
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53'
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {VirtualClock} from '../../src/clock.js'
import {type Sides, startSides} from './support/sides.js'
import {CREDENTIALS, REGION} from '../support/local-aws.js'

interface Target {
  elbv2: ElasticLoadBalancingV2Client
  route53: Route53Client
  s3: S3Client
  logs: CloudWatchLogsClient
  /** Two subnets in different zones and a security group of the target's VPC. */
  network: {subnets: string[]; securityGroup: string; vpcId: string}
}

interface Outcome {
  step: string
  error?: string
  value?: unknown
}

/** Steps whose outcome differs on purpose, with the reason (mirrored in docs/local.md). */
const DELIBERATE: Record<string, string> = {
  CreateLoadBalancer:
    'moto leaves Scheme out and says State provisioning; AWS returns Scheme internet-facing, and we report active at once (hako never waits on a load balancer it did not create)',
  'CreateLoadBalancer name too long': 'moto accepts a 33-character name; AWS rejects it with ValidationError (32 at most)',
  'CreateListener duplicate port': 'moto adds a second listener on the same port; AWS answers DuplicateListener',
  'DELETE missing': 'moto answers InvalidInput; AWS answers InvalidChangeBatch "[Tried to delete resource record set [...] but it was not found]"',
  'UPSERT alias + list':
    'moto gives alias records TTL 0 and drops the trailing dot of the alias DNSName; AWS has no TTL on alias records and ends names with a dot',
  'PutRetentionPolicy invalid': 'moto accepts retentionInDays 2; AWS allows only its enumerated values (1, 3, 5, 7, 14, ...)',
}

let sides: Sides

function clients(endpoint: string, network: Target['network']): Target {
  const base = {region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1}
  return {
    elbv2: new ElasticLoadBalancingV2Client(base),
    route53: new Route53Client({...base, region: 'us-east-1'}),
    s3: new S3Client({...base, forcePathStyle: true}),
    logs: new CloudWatchLogsClient(base),
    network,
  }
}

function destroy(target: Target): void {
  target.elbv2.destroy()
  target.route53.destroy()
  target.s3.destroy()
  target.logs.destroy()
}

/** Ids, ARN suffixes and hosted-zone/change ids differ by implementation; their shape does not. */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return '<time>'
  if (typeof value === 'string') {
    return value
      .replace(/\/(hostedzone|change)\/[A-Z0-9]+/g, '/$1/<id>')
      .replace(/\b[0-9a-f]{16,}\b/g, '<id>')
      .replace(/\b(subnet|sg|vpc|i)-[0-9a-f]+\b/g, '$1-<id>')
  }
  if (Array.isArray(value)) return value.map(normalise)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '$metadata')
        .map(([key, v]) => [key, normalise(v)]),
    )
  }
  return value
}

async function run(outcomes: Outcome[], step: string, call: () => Promise<unknown>): Promise<void> {
  try {
    outcomes.push({step, value: normalise(await call())})
  } catch (error) {
    outcomes.push({step, error: (error as Error).name})
  }
}

async function elbv2Scenario(t: Target): Promise<Outcome[]> {
  const out: Outcome[] = []
  const {subnets, securityGroup, vpcId} = t.network
  let lbArn = ''
  let tgArn = ''
  let listenerArn = ''
  await run(out, 'CreateLoadBalancer', async () => {
    const lb = (await t.elbv2.send(new CreateLoadBalancerCommand({Name: 'diff-alb', Subnets: subnets, SecurityGroups: [securityGroup]}))).LoadBalancers?.[0]
    lbArn = lb?.LoadBalancerArn ?? ''
    return {
      Arn: lbArn.replace(/[0-9a-f]+$/, ''),
      Type: lb?.Type,
      Scheme: lb?.Scheme,
      State: lb?.State,
      Zones: lb?.AvailabilityZones?.length,
      Dns: lb?.DNSName?.endsWith('.ap-northeast-1.elb.amazonaws.com'),
    }
  })
  await run(out, 'CreateLoadBalancer name too long', () => t.elbv2.send(new CreateLoadBalancerCommand({Name: 'x'.repeat(33), Subnets: subnets})))
  await run(out, 'CreateTargetGroup', async () => {
    const tg = (
      await t.elbv2.send(
        new CreateTargetGroupCommand({Name: 'diff-tg', Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip', HealthCheckPath: '/health'}),
      )
    ).TargetGroups?.[0]
    tgArn = tg?.TargetGroupArn ?? ''
    return {
      Protocol: tg?.Protocol,
      Port: tg?.Port,
      TargetType: tg?.TargetType,
      Path: tg?.HealthCheckPath,
      Interval: tg?.HealthCheckIntervalSeconds,
      Matcher: tg?.Matcher,
    }
  })
  await run(out, 'CreateListener', async () => {
    const l = (
      await t.elbv2.send(
        new CreateListenerCommand({LoadBalancerArn: lbArn, Port: 80, Protocol: 'HTTP', DefaultActions: [{Type: 'forward', TargetGroupArn: tgArn}]}),
      )
    ).Listeners?.[0]
    listenerArn = l?.ListenerArn ?? ''
    return {Port: l?.Port, Protocol: l?.Protocol, Action: l?.DefaultActions?.[0]?.Type}
  })
  await run(out, 'CreateListener duplicate port', () =>
    t.elbv2.send(new CreateListenerCommand({LoadBalancerArn: lbArn, Port: 80, Protocol: 'HTTP', DefaultActions: [{Type: 'forward', TargetGroupArn: tgArn}]})),
  )
  await run(out, 'DeleteTargetGroup in use', () => t.elbv2.send(new DeleteTargetGroupCommand({TargetGroupArn: tgArn})))
  await run(out, 'RegisterTargets + DescribeTargetHealth', async () => {
    await t.elbv2.send(new RegisterTargetsCommand({TargetGroupArn: tgArn, Targets: [{Id: '10.0.0.5', Port: 80}]}))
    const health = await t.elbv2.send(new DescribeTargetHealthCommand({TargetGroupArn: tgArn}))
    return health.TargetHealthDescriptions?.map((d) => [d.Target?.Id, d.Target?.Port, d.TargetHealth?.State])
  })
  await run(out, 'CreateRule', async () => {
    const rule = (
      await t.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: 10,
          Conditions: [{Field: 'host-header', Values: ['a.example.com']}],
          Actions: [{Type: 'forward', TargetGroupArn: tgArn}],
        }),
      )
    ).Rules?.[0]
    return {Priority: rule?.Priority, Field: rule?.Conditions?.[0]?.Field, Values: rule?.Conditions?.[0]?.Values, IsDefault: rule?.IsDefault}
  })
  await run(out, 'CreateRule priority in use', () =>
    t.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 10,
        Conditions: [{Field: 'path-pattern', Values: ['/x']}],
        Actions: [{Type: 'forward', TargetGroupArn: tgArn}],
      }),
    ),
  )
  await run(out, 'DescribeRules', async () =>
    (await t.elbv2.send(new DescribeRulesCommand({ListenerArn: listenerArn}))).Rules?.map((r) => [r.Priority, r.IsDefault]),
  )
  await run(out, 'ModifyLoadBalancerAttributes', async () => {
    await t.elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: lbArn, Attributes: [{Key: 'idle_timeout.timeout_seconds', Value: '120'}]}))
    const attributes = await t.elbv2.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: lbArn}))
    return attributes.Attributes?.find((a) => a.Key === 'idle_timeout.timeout_seconds')?.Value
  })
  await run(out, 'AddTags + DescribeTags', async () => {
    await t.elbv2.send(new AddTagsCommand({ResourceArns: [lbArn], Tags: [{Key: 'env', Value: 'dev'}]}))
    return (await t.elbv2.send(new DescribeTagsCommand({ResourceArns: [lbArn]}))).TagDescriptions?.[0]?.Tags
  })
  await run(out, 'DescribeLoadBalancers missing name', () => t.elbv2.send(new DescribeLoadBalancersCommand({Names: ['no-such-lb']})))
  await run(out, 'DeleteLoadBalancer + Describe', async () => {
    await t.elbv2.send(new DeleteLoadBalancerCommand({LoadBalancerArn: lbArn}))
    return t.elbv2.send(new DescribeLoadBalancersCommand({LoadBalancerArns: [lbArn]}))
  })
  return out
}

async function route53Scenario(t: Target): Promise<Outcome[]> {
  const out: Outcome[] = []
  let zoneId = ''
  const a: ResourceRecordSet = {Name: 'www.diff.example', Type: 'A', TTL: 60, ResourceRecords: [{Value: '10.0.0.1'}]}
  const change = (Action: 'CREATE' | 'UPSERT' | 'DELETE', ResourceRecordSet: ResourceRecordSet) =>
    t.route53.send(new ChangeResourceRecordSetsCommand({HostedZoneId: zoneId, ChangeBatch: {Changes: [{Action, ResourceRecordSet}]}}))
  await run(out, 'CreateHostedZone', async () => {
    const zone = await t.route53.send(new CreateHostedZoneCommand({Name: 'diff.example', CallerReference: 'diff-1'}))
    zoneId = zone.HostedZone?.Id ?? ''
    return {
      Id: zone.HostedZone?.Id,
      Name: zone.HostedZone?.Name,
      Private: zone.HostedZone?.Config?.PrivateZone,
      NameServers: zone.DelegationSet?.NameServers?.length,
    }
  })
  await run(out, 'ListResourceRecordSets fresh', async () =>
    (await t.route53.send(new ListResourceRecordSetsCommand({HostedZoneId: zoneId}))).ResourceRecordSets?.map((r) => [r.Name, r.Type]),
  )
  await run(out, 'CREATE A', async () => (await change('CREATE', a)).ChangeInfo?.Id)
  await run(out, 'CREATE A again', () => change('CREATE', a))
  await run(out, 'DELETE missing', () => change('DELETE', {...a, Name: 'nope.diff.example'}))
  await run(out, 'UPSERT alias + list', async () => {
    await change('UPSERT', {
      Name: 'lb.diff.example',
      Type: 'A',
      AliasTarget: {HostedZoneId: 'Z14GRHDCWA56QT', DNSName: 'diff-alb-1.ap-northeast-1.elb.amazonaws.com', EvaluateTargetHealth: false},
    })
    const list = await t.route53.send(new ListResourceRecordSetsCommand({HostedZoneId: zoneId}))
    return list.ResourceRecordSets?.map((r) => [r.Name, r.Type, r.TTL, r.AliasTarget?.DNSName])
  })
  await run(out, 'GetHostedZone missing', () => t.route53.send(new GetHostedZoneCommand({Id: 'Z0000000000000000000'})))
  await run(out, 'DeleteHostedZone not empty', () => t.route53.send(new DeleteHostedZoneCommand({Id: zoneId})))
  await run(out, 'ListHostedZonesByName', async () => {
    await t.route53.send(new CreateHostedZoneCommand({Name: 'a.diff.example', CallerReference: 'diff-2'}))
    return (await t.route53.send(new ListHostedZonesByNameCommand({}))).HostedZones?.map((z) => z.Name)
  })
  return out
}

async function s3Scenario(t: Target): Promise<Outcome[]> {
  const out: Outcome[] = []
  const location = {LocationConstraint: REGION} as const
  await run(out, 'CreateBucket', async () => (await t.s3.send(new CreateBucketCommand({Bucket: 'diff-bucket', CreateBucketConfiguration: location}))).Location)
  await run(out, 'CreateBucket again', () => t.s3.send(new CreateBucketCommand({Bucket: 'diff-bucket', CreateBucketConfiguration: location})))
  await run(out, 'PutObject', async () => (await t.s3.send(new PutObjectCommand({Bucket: 'diff-bucket', Key: 'a/1.txt', Body: 'one'}))).ETag)
  await run(out, 'GetObject', async () => {
    const got = await t.s3.send(new GetObjectCommand({Bucket: 'diff-bucket', Key: 'a/1.txt'}))
    return {Body: await got.Body?.transformToString(), ETag: got.ETag, Length: got.ContentLength}
  })
  await run(out, 'GetObject missing', () => t.s3.send(new GetObjectCommand({Bucket: 'diff-bucket', Key: 'missing'})))
  await run(out, 'HeadObject missing', () => t.s3.send(new HeadObjectCommand({Bucket: 'diff-bucket', Key: 'missing'})))
  await run(out, 'GetObject missing bucket', () => t.s3.send(new GetObjectCommand({Bucket: 'no-such-diff-bucket', Key: 'k'})))
  await run(out, 'ListObjectsV2 delimiter', async () => {
    await t.s3.send(new PutObjectCommand({Bucket: 'diff-bucket', Key: 'top.txt', Body: 'top'}))
    const list = await t.s3.send(new ListObjectsV2Command({Bucket: 'diff-bucket', Delimiter: '/'}))
    return {
      Keys: list.Contents?.map((o) => [o.Key, o.Size]),
      Prefixes: list.CommonPrefixes?.map((p) => p.Prefix),
      KeyCount: list.KeyCount,
      IsTruncated: list.IsTruncated,
    }
  })
  await run(out, 'DeleteBucket not empty', () => t.s3.send(new DeleteBucketCommand({Bucket: 'diff-bucket'})))
  return out
}

async function logsScenario(t: Target): Promise<Outcome[]> {
  const out: Outcome[] = []
  await run(out, 'CreateLogGroup', () => t.logs.send(new CreateLogGroupCommand({logGroupName: '/diff/app'})))
  await run(out, 'CreateLogGroup again', () => t.logs.send(new CreateLogGroupCommand({logGroupName: '/diff/app'})))
  await run(out, 'DescribeLogGroups prefix', async () =>
    (await t.logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/diff/'}))).logGroups?.map((g) => [g.logGroupName, g.retentionInDays, g.arn]),
  )
  await run(out, 'PutRetentionPolicy invalid', () => t.logs.send(new PutRetentionPolicyCommand({logGroupName: '/diff/app', retentionInDays: 2})))
  await run(out, 'PutLogEvents + GetLogEvents', async () => {
    await t.logs.send(new CreateLogStreamCommand({logGroupName: '/diff/app', logStreamName: 's1'}))
    const now = Date.now()
    await t.logs.send(
      new PutLogEventsCommand({
        logGroupName: '/diff/app',
        logStreamName: 's1',
        logEvents: [
          {timestamp: now, message: 'one'},
          {timestamp: now + 1, message: 'two'},
        ],
      }),
    )
    return (await t.logs.send(new GetLogEventsCommand({logGroupName: '/diff/app', logStreamName: 's1', startFromHead: true}))).events?.map((e) => e.message)
  })
  await run(out, 'FilterLogEvents', async () =>
    (await t.logs.send(new FilterLogEventsCommand({logGroupName: '/diff/app', logStreamNames: ['s1']}))).events?.map((e) => [e.logStreamName, e.message]),
  )
  await run(out, 'PutLogEvents missing stream', () =>
    t.logs.send(new PutLogEventsCommand({logGroupName: '/diff/app', logStreamName: 'nope', logEvents: [{timestamp: Date.now(), message: 'x'}]})),
  )
  await run(out, 'DeleteLogGroup missing', () => t.logs.send(new DeleteLogGroupCommand({logGroupName: '/diff/missing'})))
  return out
}

let motoTarget: Target
let localTarget: Target

beforeAll(async () => {
  sides = await startSides({ours: {clock: new VirtualClock(Date.now())}})
  const {moto, ours: local} = sides
  const subnetsXml = await moto.ec2('DescribeSubnets')
  const subnetIds = [...subnetsXml.matchAll(/<subnetId>(subnet-[0-9a-f]+)<\/subnetId>/g)].map((m) => m[1] ?? '')
  const vpcId = /<vpcId>(vpc-[0-9a-f]+)<\/vpcId>/.exec(subnetsXml)?.[1] ?? ''
  const groupsXml = await moto.ec2('DescribeSecurityGroups')
  const securityGroup = /<groupId>(sg-[0-9a-f]+)<\/groupId>/.exec(groupsXml)?.[1] ?? ''
  const network = {subnets: subnetIds.slice(0, 2), securityGroup, vpcId}
  motoTarget = clients(moto.endpoint, network)
  localTarget = clients(local.endpoint, network)
}, 60_000)

afterAll(async () => {
  if (motoTarget) destroy(motoTarget)
  if (localTarget) destroy(localTarget)
  await sides?.close()
})

function compare(ours: Outcome[], theirs: Outcome[]): void {
  expect(ours.map((o) => o.step)).toEqual(theirs.map((o) => o.step))
  const differing = ours.filter((o, i) => JSON.stringify(o) !== JSON.stringify(theirs[i])).map((o) => o.step)
  const unexplained = differing.filter((step) => !(step in DELIBERATE))
  expect(
    unexplained.map((step) => ({step, ours: ours.find((o) => o.step === step), moto: theirs.find((o) => o.step === step)})),
    'differences from moto that are neither fixed nor listed as deliberate',
  ).toEqual([])
}

describe('held against moto', () => {
  it('ELBv2', async () => compare(await elbv2Scenario(localTarget), await elbv2Scenario(motoTarget)))
  it('Route 53', async () => compare(await route53Scenario(localTarget), await route53Scenario(motoTarget)))
  it('S3', async () => compare(await s3Scenario(localTarget), await s3Scenario(motoTarget)))
  it('CloudWatch Logs', async () => compare(await logsScenario(localTarget), await logsScenario(motoTarget)))
})
