import {
  AddTagsCommand,
  CertificateNotFoundException,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  DuplicateListenerException,
  DuplicateLoadBalancerNameException,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  ListenerNotFoundException,
  LoadBalancerNotFoundException,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  PriorityInUseException,
  RegisterTargetsCommand,
  RemoveTagsCommand,
  ResourceInUseException,
  SetRulePrioritiesCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
  TargetGroupAssociationLimitException,
  TargetGroupNotFoundException,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {elbv2Service} from '../../src/local/elbv2/index.js'
import {parseQueryForm} from '../../src/local/query-form.js'
import {deregisterTargets, emptyElbv2State, findTargetGroup, registerTargets} from '../../src/local/elbv2/state.js'
import {type ServiceHarness, startServiceHarness} from './support/service-harness.js'
import {CREDENTIALS, REGION} from '../support/local-aws.js'

let harness: ServiceHarness
let elbv2: ElasticLoadBalancingV2Client

beforeAll(async () => {
  harness = await startServiceHarness([elbv2Service])
  elbv2 = new ElasticLoadBalancingV2Client({region: REGION, endpoint: harness.endpoint, credentials: CREDENTIALS, maxAttempts: 1})
})
afterAll(async () => {
  elbv2.destroy()
  await harness.close()
})
beforeEach(() => {
  harness.world.elbv2 = emptyElbv2State()
})

const subnets = ['subnet-0aaa1111', 'subnet-0bbb2222']
const vpcId = 'vpc-0123abcd'

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ElasticLoadBalancingV2ServiceException) return error.name
    throw error
  }
  throw new Error('expected the call to fail')
}

async function createAlb(name = 'hako-web'): Promise<string> {
  const out = await elbv2.send(new CreateLoadBalancerCommand({Name: name, Subnets: subnets, SecurityGroups: ['sg-0123abcd'], Type: 'application'}))
  return out.LoadBalancers?.[0]?.LoadBalancerArn ?? ''
}

async function createTargetGroup(name = 'hako-web-tg', targetType: 'ip' | 'instance' = 'ip'): Promise<string> {
  const out = await elbv2.send(
    new CreateTargetGroupCommand({
      Name: name,
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: vpcId,
      TargetType: targetType,
      HealthCheckPath: '/health',
      Matcher: {HttpCode: '200-299'},
    }),
  )
  return out.TargetGroups?.[0]?.TargetGroupArn ?? ''
}

async function createHttpListener(lbArn: string, tgArn: string, port = 80): Promise<string> {
  const out = await elbv2.send(
    new CreateListenerCommand({LoadBalancerArn: lbArn, Port: port, Protocol: 'HTTP', DefaultActions: [{Type: 'forward', TargetGroupArn: tgArn}]}),
  )
  return out.Listeners?.[0]?.ListenerArn ?? ''
}

describe('load balancers', () => {
  it('creates an ALB with AWS-shaped DNS name, zones and ARN, idempotently', async () => {
    const out = await elbv2.send(
      new CreateLoadBalancerCommand({Name: 'hako-hello', Subnets: subnets, SecurityGroups: ['sg-0123abcd'], Tags: [{Key: 'app', Value: 'hello'}]}),
    )
    const lb = out.LoadBalancers?.[0]
    expect(lb?.LoadBalancerArn).toMatch(/^arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer\/app\/hako-hello\/[0-9a-f]{16}$/)
    expect(lb?.DNSName).toMatch(/^hako-hello-\d+\.ap-northeast-1\.elb\.amazonaws\.com$/)
    expect(lb).toMatchObject({
      CanonicalHostedZoneId: 'Z14GRHDCWA56QT',
      Scheme: 'internet-facing',
      Type: 'application',
      State: {Code: 'active'},
      SecurityGroups: ['sg-0123abcd'],
      IpAddressType: 'ipv4',
    })
    expect(lb?.CreatedTime?.getTime()).toBe(harness.now)
    expect(lb?.AvailabilityZones?.map((z) => [z.ZoneName, z.SubnetId])).toEqual([
      ['ap-northeast-1a', subnets[0]],
      ['ap-northeast-1c', subnets[1]],
    ])
    const again = await elbv2.send(new CreateLoadBalancerCommand({Name: 'hako-hello', Subnets: subnets, SecurityGroups: ['sg-0123abcd']}))
    expect(again.LoadBalancers?.[0]?.LoadBalancerArn).toBe(lb?.LoadBalancerArn)
    await expect(elbv2.send(new CreateLoadBalancerCommand({Name: 'hako-hello', Subnets: subnets, Scheme: 'internal'}))).rejects.toBeInstanceOf(
      DuplicateLoadBalancerNameException,
    )
    const tags = await elbv2.send(new DescribeTagsCommand({ResourceArns: [lb?.LoadBalancerArn ?? '']}))
    expect(tags.TagDescriptions?.[0]?.Tags).toEqual([{Key: 'app', Value: 'hello'}])
  })

  it('creates an internal NLB with its own DNS shape and zone id', async () => {
    const out = await elbv2.send(new CreateLoadBalancerCommand({Name: 'hako-nlb', Subnets: [subnets[0] ?? ''], Type: 'network', Scheme: 'internal'}))
    const lb = out.LoadBalancers?.[0]
    expect(lb?.LoadBalancerArn).toContain(':loadbalancer/net/hako-nlb/')
    expect(lb?.DNSName).toMatch(/^internal-hako-nlb-[0-9a-f]+\.elb\.ap-northeast-1\.amazonaws\.com$/)
    expect(lb?.CanonicalHostedZoneId).toBe('Z31USIVHYNEOWT')
  })

  it('validates names, subnets and security groups as AWS does', async () => {
    expect(await errorName(elbv2.send(new CreateLoadBalancerCommand({Name: 'x'.repeat(33), Subnets: subnets})))).toBe('ValidationError')
    expect(await errorName(elbv2.send(new CreateLoadBalancerCommand({Name: 'bad_name', Subnets: subnets})))).toBe('ValidationError')
    expect(await errorName(elbv2.send(new CreateLoadBalancerCommand({Name: '-edge', Subnets: subnets})))).toBe('ValidationError')
    expect(await errorName(elbv2.send(new CreateLoadBalancerCommand({Name: 'internal-x', Subnets: subnets})))).toBe('ValidationError')
    await expect(elbv2.send(new CreateLoadBalancerCommand({Name: 'one-subnet', Subnets: [subnets[0] ?? '']}))).rejects.toThrow(
      'At least two subnets in two different Availability Zones must be specified',
    )
    expect(await errorName(elbv2.send(new CreateLoadBalancerCommand({Name: 'bad-sg', Subnets: subnets, SecurityGroups: ['nope']})))).toBe(
      'InvalidSecurityGroupException',
    )
  })

  it('describes by name and ARN, pages, and raises LoadBalancerNotFoundException after delete', async () => {
    const arns: string[] = []
    for (let i = 0; i < 5; i++) arns.push(await createAlb(`lb-${i}`))
    const byName = await elbv2.send(new DescribeLoadBalancersCommand({Names: ['lb-3']}))
    expect(byName.LoadBalancers?.map((lb) => lb.LoadBalancerArn)).toEqual([arns[3]])
    const pages: number[] = []
    // The ELBv2 paginators have no page-size parameter of their own: PageSize goes in the input.
    for await (const page of paginateDescribeLoadBalancers({client: elbv2}, {PageSize: 2})) pages.push(page.LoadBalancers?.length ?? 0)
    expect(pages).toEqual([2, 2, 1])

    await elbv2.send(new DeleteLoadBalancerCommand({LoadBalancerArn: arns[0]}))
    await elbv2.send(new DeleteLoadBalancerCommand({LoadBalancerArn: arns[0]}))
    await expect(elbv2.send(new DescribeLoadBalancersCommand({LoadBalancerArns: [arns[0] ?? '']}))).rejects.toBeInstanceOf(LoadBalancerNotFoundException)
    await expect(elbv2.send(new DescribeLoadBalancersCommand({Names: ['lb-0']}))).rejects.toBeInstanceOf(LoadBalancerNotFoundException)
  })

  it('modifies attributes, subnets and security groups; deletion protection blocks delete', async () => {
    const arn = await createAlb()
    const modified = await elbv2.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: arn,
        Attributes: [
          {Key: 'idle_timeout.timeout_seconds', Value: '120'},
          {Key: 'deletion_protection.enabled', Value: 'true'},
        ],
      }),
    )
    expect(modified.Attributes).toContainEqual({Key: 'idle_timeout.timeout_seconds', Value: '120'})
    const described = await elbv2.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: arn}))
    expect(described.Attributes).toContainEqual({Key: 'deletion_protection.enabled', Value: 'true'})
    expect(await errorName(elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: [{Key: 'nope', Value: '1'}]})))).toBe(
      'ValidationError',
    )
    expect(await errorName(elbv2.send(new DeleteLoadBalancerCommand({LoadBalancerArn: arn})))).toBe('OperationNotPermittedException')

    const set = await elbv2.send(new SetSubnetsCommand({LoadBalancerArn: arn, Subnets: [...subnets, 'subnet-0ccc3333']}))
    expect(set.AvailabilityZones?.map((z) => z.ZoneName)).toEqual(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'])
    const groups = await elbv2.send(new SetSecurityGroupsCommand({LoadBalancerArn: arn, SecurityGroups: ['sg-0aaa', 'sg-0bbb']}))
    expect(groups.SecurityGroupIds).toEqual(['sg-0aaa', 'sg-0bbb'])
    const lb = await elbv2.send(new DescribeLoadBalancersCommand({LoadBalancerArns: [arn]}))
    expect(lb.LoadBalancers?.[0]?.SecurityGroups).toEqual(['sg-0aaa', 'sg-0bbb'])
  })
})

describe('target groups', () => {
  it('creates with health-check settings and defaults, modifies and reads attributes', async () => {
    const out = await elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'hako-web-tg',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: vpcId,
        TargetType: 'ip',
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 10,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 2,
        Matcher: {HttpCode: '200-299'},
      }),
    )
    const tg = out.TargetGroups?.[0]
    expect(tg).toMatchObject({
      TargetGroupName: 'hako-web-tg',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: vpcId,
      TargetType: 'ip',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      Matcher: {HttpCode: '200-299'},
      ProtocolVersion: 'HTTP1',
      LoadBalancerArns: [],
    })
    const arn = tg?.TargetGroupArn ?? ''
    const modified = await elbv2.send(new ModifyTargetGroupCommand({TargetGroupArn: arn, HealthCheckPath: '/ready', UnhealthyThresholdCount: 3}))
    expect(modified.TargetGroups?.[0]).toMatchObject({HealthCheckPath: '/ready', UnhealthyThresholdCount: 3, HealthCheckIntervalSeconds: 10})

    await elbv2.send(new ModifyTargetGroupAttributesCommand({TargetGroupArn: arn, Attributes: [{Key: 'deregistration_delay.timeout_seconds', Value: '30'}]}))
    const attributes = await elbv2.send(new DescribeTargetGroupAttributesCommand({TargetGroupArn: arn}))
    expect(attributes.Attributes).toContainEqual({Key: 'deregistration_delay.timeout_seconds', Value: '30'})
    expect(attributes.Attributes).toContainEqual({Key: 'stickiness.type', Value: 'lb_cookie'})

    const byName = await elbv2.send(new DescribeTargetGroupsCommand({Names: ['hako-web-tg']}))
    expect(byName.TargetGroups?.[0]?.TargetGroupArn).toBe(arn)
    await expect(elbv2.send(new DescribeTargetGroupsCommand({Names: ['missing']}))).rejects.toBeInstanceOf(TargetGroupNotFoundException)
  })

  it('rejects what AWS rejects: timeout not below interval, missing port or VPC, bad path', async () => {
    const base = {Name: 'tg', Protocol: 'HTTP' as const, Port: 80, VpcId: vpcId}
    await expect(elbv2.send(new CreateTargetGroupCommand({...base, HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 5}))).rejects.toThrow(
      "Health check timeout '5' must be smaller than the interval '5'",
    )
    expect(await errorName(elbv2.send(new CreateTargetGroupCommand({...base, Port: undefined})))).toBe('ValidationError')
    expect(await errorName(elbv2.send(new CreateTargetGroupCommand({...base, VpcId: undefined})))).toBe('ValidationError')
    expect(await errorName(elbv2.send(new CreateTargetGroupCommand({...base, HealthCheckPath: 'health'})))).toBe('ValidationError')
    await elbv2.send(new CreateTargetGroupCommand(base))
    expect(await errorName(elbv2.send(new CreateTargetGroupCommand({...base, Port: 81})))).toBe('DuplicateTargetGroupNameException')
  })

  it('refuses to delete a target group a listener uses, then deletes it once the listener is gone', async () => {
    const lb = await createAlb()
    const tg = await createTargetGroup()
    const listener = await createHttpListener(lb, tg)
    await expect(elbv2.send(new DeleteTargetGroupCommand({TargetGroupArn: tg}))).rejects.toBeInstanceOf(ResourceInUseException)
    const described = await elbv2.send(new DescribeTargetGroupsCommand({LoadBalancerArn: lb}))
    expect(described.TargetGroups?.map((t) => [t.TargetGroupArn, t.LoadBalancerArns])).toEqual([[tg, [lb]]])
    await elbv2.send(new DeleteListenerCommand({ListenerArn: listener}))
    await elbv2.send(new DeleteTargetGroupCommand({TargetGroupArn: tg}))
    await expect(elbv2.send(new DescribeTargetGroupsCommand({TargetGroupArns: [tg]}))).rejects.toBeInstanceOf(TargetGroupNotFoundException)
  })
})

describe('targets', () => {
  it('registers targets that report healthy behind a listener, and deregisters them', async () => {
    const lb = await createAlb()
    const tg = await createTargetGroup()
    const unattached = await elbv2.send(new RegisterTargetsCommand({TargetGroupArn: tg, Targets: [{Id: '10.0.1.5'}]}))
    expect(unattached.$metadata.httpStatusCode).toBe(200)
    const before = await elbv2.send(new DescribeTargetHealthCommand({TargetGroupArn: tg}))
    expect(before.TargetHealthDescriptions?.[0]?.TargetHealth).toMatchObject({State: 'unused', Reason: 'Target.NotInUse'})

    await createHttpListener(lb, tg)
    await elbv2.send(new RegisterTargetsCommand({TargetGroupArn: tg, Targets: [{Id: '10.0.1.6', Port: 9090}]}))
    const health = await elbv2.send(new DescribeTargetHealthCommand({TargetGroupArn: tg}))
    expect(health.TargetHealthDescriptions?.map((d) => [d.Target?.Id, d.Target?.Port, d.HealthCheckPort, d.TargetHealth?.State])).toEqual([
      ['10.0.1.5', 8080, '8080', 'healthy'],
      ['10.0.1.6', 9090, '9090', 'healthy'],
    ])

    await elbv2.send(new DeregisterTargetsCommand({TargetGroupArn: tg, Targets: [{Id: '10.0.1.5'}]}))
    const asked = await elbv2.send(new DescribeTargetHealthCommand({TargetGroupArn: tg, Targets: [{Id: '10.0.1.5'}]}))
    expect(asked.TargetHealthDescriptions?.[0]?.TargetHealth).toMatchObject({State: 'unused', Reason: 'Target.NotRegistered'})
    expect(await errorName(elbv2.send(new RegisterTargetsCommand({TargetGroupArn: tg, Targets: [{Id: 'not-an-ip'}]})))).toBe('ValidationError')
  })

  it('exposes the state functions the ECS simulator calls, and honours the health they set', async () => {
    const lb = await createAlb()
    const tg = await createTargetGroup('ecs-tg', 'instance')
    await createHttpListener(lb, tg)
    const group = findTargetGroup(harness.world, tg)
    expect(group).toMatchObject({arn: tg, name: 'ecs-tg', targetType: 'instance', loadBalancerArns: [lb], port: 8080, protocol: 'HTTP', vpcId})
    registerTargets(harness.world, tg, [{id: 'i-0abc', port: 32768}, {id: 'i-0def'}])
    registerTargets(harness.world, tg, [{id: 'i-0abc', port: 32768}])
    expect(group?.targets.map((t) => `${t.id}:${t.port}`)).toEqual(['i-0abc:32768', 'i-0def:8080'])
    if (group?.targets[1])
      group.targets[1].health = {state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [502]'}
    const health = await elbv2.send(new DescribeTargetHealthCommand({TargetGroupArn: tg}))
    expect(health.TargetHealthDescriptions?.map((d) => d.TargetHealth?.State)).toEqual(['healthy', 'unhealthy'])
    expect(health.TargetHealthDescriptions?.[1]?.TargetHealth?.Reason).toBe('Target.ResponseCodeMismatch')
    deregisterTargets(harness.world, tg, [{id: 'i-0abc'}])
    expect(group?.targets.map((t) => t.id)).toEqual(['i-0def'])
    expect(findTargetGroup(harness.world, 'arn:missing')).toBeUndefined()
  })
})

describe('listeners and rules', () => {
  it('creates HTTP and HTTPS listeners, rejects duplicates and HTTPS without a valid certificate', async () => {
    const lb = await createAlb()
    const tg = await createTargetGroup()
    const http = await createHttpListener(lb, tg)
    await expect(createHttpListener(lb, tg)).rejects.toBeInstanceOf(DuplicateListenerException)
    await expect(
      elbv2.send(new CreateListenerCommand({LoadBalancerArn: lb, Port: 443, Protocol: 'HTTPS', DefaultActions: [{Type: 'forward', TargetGroupArn: tg}]})),
    ).rejects.toThrow('A certificate must be specified for HTTPS listeners')
    await expect(
      elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb,
          Port: 443,
          Protocol: 'HTTPS',
          Certificates: [{CertificateArn: 'bogus'}],
          DefaultActions: [{Type: 'forward', TargetGroupArn: tg}],
        }),
      ),
    ).rejects.toBeInstanceOf(CertificateNotFoundException)
    const certificate = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/0b1c2d3e-1111-2222-3333-444455556666'
    const https = await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb,
        Port: 443,
        Protocol: 'HTTPS',
        Certificates: [{CertificateArn: certificate}],
        DefaultActions: [{Type: 'forward', TargetGroupArn: tg}],
      }),
    )
    expect(https.Listeners?.[0]).toMatchObject({
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-2016-08',
      Certificates: [{CertificateArn: certificate}],
    })
    const listed = await elbv2.send(new DescribeListenersCommand({LoadBalancerArn: lb}))
    expect(listed.Listeners?.map((l) => l.Port)).toEqual([80, 443])
    expect(listed.Listeners?.[0]?.DefaultActions?.[0]).toEqual({
      Type: 'forward',
      TargetGroupArn: tg,
      ForwardConfig: {TargetGroups: [{TargetGroupArn: tg, Weight: 1}], TargetGroupStickinessConfig: {Enabled: false}},
    })
    expect(listed.Listeners?.[0]?.ListenerArn).toBe(http)
    await expect(elbv2.send(new DescribeListenersCommand({ListenerArns: [`${http}0`]}))).rejects.toBeInstanceOf(ListenerNotFoundException)
  })

  it('modifies a listener to a weighted ForwardConfig and keeps its default rule in step', async () => {
    const lb = await createAlb()
    const blue = await createTargetGroup('blue')
    const green = await createTargetGroup('green')
    const listener = await createHttpListener(lb, blue)
    const modified = await elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: listener,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                {TargetGroupArn: blue, Weight: 90},
                {TargetGroupArn: green, Weight: 10},
              ],
            },
          },
        ],
      }),
    )
    expect(modified.Listeners?.[0]?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups).toEqual([
      {TargetGroupArn: blue, Weight: 90},
      {TargetGroupArn: green, Weight: 10},
    ])
    const rules = await elbv2.send(new DescribeRulesCommand({ListenerArn: listener}))
    expect(rules.Rules?.map((r) => [r.Priority, r.IsDefault, r.Actions?.[0]?.ForwardConfig?.TargetGroups?.length])).toEqual([['default', true, 2]])
    const green2 = await elbv2.send(new DescribeTargetGroupsCommand({TargetGroupArns: [green]}))
    expect(green2.TargetGroups?.[0]?.LoadBalancerArns).toEqual([lb])
    await expect(elbv2.send(new DeleteTargetGroupCommand({TargetGroupArn: green}))).rejects.toBeInstanceOf(ResourceInUseException)
  })

  it('creates, orders, modifies, re-prioritises and deletes host/path rules', async () => {
    const lb = await createAlb()
    const tg = await createTargetGroup()
    const api = await createTargetGroup('api')
    const listener = await createHttpListener(lb, tg)
    const host = await elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listener,
        Priority: 20,
        Conditions: [{Field: 'host-header', HostHeaderConfig: {Values: ['api.example.com']}}],
        Actions: [{Type: 'forward', TargetGroupArn: api}],
      }),
    )
    const path = await elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listener,
        Priority: 10,
        Conditions: [{Field: 'path-pattern', Values: ['/static/*']}],
        Actions: [{Type: 'fixed-response', FixedResponseConfig: {StatusCode: '404', ContentType: 'text/plain'}}],
      }),
    )
    expect(host.Rules?.[0]?.Conditions?.[0]).toEqual({Field: 'host-header', Values: ['api.example.com'], HostHeaderConfig: {Values: ['api.example.com']}})
    await expect(
      elbv2.send(
        new CreateRuleCommand({
          ListenerArn: listener,
          Priority: 10,
          Conditions: [{Field: 'path-pattern', Values: ['/x']}],
          Actions: [{Type: 'forward', TargetGroupArn: tg}],
        }),
      ),
    ).rejects.toBeInstanceOf(PriorityInUseException)

    const listed = await elbv2.send(new DescribeRulesCommand({ListenerArn: listener}))
    expect(listed.Rules?.map((r) => r.Priority)).toEqual(['10', '20', 'default'])
    const hostArn = host.Rules?.[0]?.RuleArn ?? ''
    const pathArn = path.Rules?.[0]?.RuleArn ?? ''
    expect(hostArn).toMatch(/:listener-rule\/app\/hako-web\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/)

    const modified = await elbv2.send(new ModifyRuleCommand({RuleArn: hostArn, Conditions: [{Field: 'host-header', Values: ['v2.example.com']}]}))
    expect(modified.Rules?.[0]?.Conditions?.[0]?.Values).toEqual(['v2.example.com'])
    const swapped = await elbv2.send(
      new SetRulePrioritiesCommand({
        RulePriorities: [
          {RuleArn: hostArn, Priority: 10},
          {RuleArn: pathArn, Priority: 20},
        ],
      }),
    )
    expect(swapped.Rules?.map((r) => [r.RuleArn, r.Priority])).toEqual([
      [hostArn, '10'],
      [pathArn, '20'],
    ])
    const defaultRule = listed.Rules?.find((r) => r.IsDefault)?.RuleArn ?? ''
    expect(await errorName(elbv2.send(new DeleteRuleCommand({RuleArn: defaultRule})))).toBe('OperationNotPermittedException')
    await elbv2.send(new DeleteRuleCommand({RuleArn: hostArn}))
    expect(await errorName(elbv2.send(new DeleteRuleCommand({RuleArn: hostArn})))).toBe('RuleNotFoundException')
    const left = await elbv2.send(new DescribeRulesCommand({ListenerArn: listener}))
    expect(left.Rules?.map((r) => r.Priority)).toEqual(['20', 'default'])
    expect((await elbv2.send(new DescribeTargetGroupsCommand({TargetGroupArns: [api]}))).TargetGroups?.[0]?.LoadBalancerArns).toEqual([])
  })

  it('does not let a target group serve two load balancers, and deleting a load balancer frees its groups', async () => {
    const first = await createAlb('first')
    const second = await createAlb('second')
    const tg = await createTargetGroup()
    await createHttpListener(first, tg)
    await expect(createHttpListener(second, tg)).rejects.toBeInstanceOf(TargetGroupAssociationLimitException)
    await elbv2.send(new DeleteLoadBalancerCommand({LoadBalancerArn: first}))
    expect((await elbv2.send(new DescribeTargetGroupsCommand({TargetGroupArns: [tg]}))).TargetGroups?.[0]?.LoadBalancerArns).toEqual([])
    expect(await errorName(elbv2.send(new DescribeListenersCommand({LoadBalancerArn: first})))).toBe('LoadBalancerNotFoundException')
  })
})

describe('tags', () => {
  it('adds, overwrites, removes and describes tags on several resources', async () => {
    const lb = await createAlb()
    const tg = await createTargetGroup()
    await elbv2.send(
      new AddTagsCommand({
        ResourceArns: [lb, tg],
        Tags: [
          {Key: 'env', Value: 'dev'},
          {Key: 'team', Value: 'web'},
        ],
      }),
    )
    await elbv2.send(new AddTagsCommand({ResourceArns: [lb], Tags: [{Key: 'env', Value: 'prod'}]}))
    await elbv2.send(new RemoveTagsCommand({ResourceArns: [tg], TagKeys: ['team']}))
    const described = await elbv2.send(new DescribeTagsCommand({ResourceArns: [lb, tg]}))
    expect(described.TagDescriptions).toEqual([
      {
        ResourceArn: lb,
        Tags: [
          {Key: 'env', Value: 'prod'},
          {Key: 'team', Value: 'web'},
        ],
      },
      {ResourceArn: tg, Tags: [{Key: 'env', Value: 'dev'}]},
    ])
    await expect(elbv2.send(new AddTagsCommand({ResourceArns: [`${lb}0`], Tags: [{Key: 'a', Value: 'b'}]}))).rejects.toBeInstanceOf(
      LoadBalancerNotFoundException,
    )
  })
})

describe('protocol', () => {
  it('parses nested awsQuery members into arrays and objects', () => {
    const input = parseQueryForm(
      'Action=CreateRule&Version=2015-12-01&Actions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn=b&Actions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn=a&Actions.member.1.Type=forward&SecurityGroups=&Conditions.member.10.Field=x&Conditions.member.2.Field=y',
    )
    expect(input).toEqual({
      Action: 'CreateRule',
      Version: '2015-12-01',
      Actions: [{ForwardConfig: {TargetGroups: [{TargetGroupArn: 'a'}, {TargetGroupArn: 'b'}]}, Type: 'forward'}],
      SecurityGroups: '',
      Conditions: [{Field: 'y'}, {Field: 'x'}],
    })
  })

  it('answers 501 naming an operation it does not implement', async () => {
    const response = await fetch(harness.endpoint, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: 'Action=DescribeTrustStores&Version=2015-12-01',
    })
    expect(response.status).toBe(501)
    expect(await response.text()).toContain('does not implement elbv2 operation DescribeTrustStores')
  })
})
