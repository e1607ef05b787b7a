import {
  ModifyListenerCommand,
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import * as v from 'valibot'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {destroyLoadBalancer, ensureLoadBalancer, type ElbContext} from '../../src/elb/elb-v2.js'
import {elbV2Schema} from '../../src/elb/schema.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'

/** hako case 15. */
const case15 = {
  vpc_id: 'vpc-0a1b2c3d4e5f67890',
  subnets: ['subnet-0a1a', 'subnet-0c1c'],
  security_groups: ['sg-0e0b'],
  health_check_path: '/site/sha',
  listeners: [
    {port: 80, protocol: 'HTTP'},
    {port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-2016-08', certificate_arn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/one'},
  ],
}

let env: TestAws
let reporter: MemoryReporter

beforeEach(async () => {
  env = await startTestAws()
  reporter = new MemoryReporter()
})

afterEach(async () => {
  await env.close()
})

const ctx = (dryRun = false): ElbContext => ({clients: env.clients, reporter, dryRun, clock: env.clock})
const parse = (input: object) => v.parse(elbV2Schema, input)

async function listeners(lbArn: string) {
  return (await env.clients.elbv2.send(new DescribeListenersCommand({LoadBalancerArn: lbArn}))).Listeners ?? []
}

describe('ensureLoadBalancer', () => {
  it('creates the load balancer, target group and listeners of hako case 15', async () => {
    const result = await ensureLoadBalancer(ctx(), 'hello', parse(case15))
    expect(env.writes('elbv2')).toEqual(['CreateLoadBalancer', 'CreateTargetGroup', 'CreateListener', 'CreateListener'])
    const lb = Object.values((await env.world()).elbv2.loadBalancers)[0]
    expect(lb).toMatchObject({name: 'hako-hello', type: 'application', scheme: 'internet-facing', securityGroups: ['sg-0e0b']})
    const group = Object.values((await env.world()).elbv2.targetGroups)[0]
    expect(group).toMatchObject({
      name: 'hako-hello',
      port: 80,
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      healthCheck: expect.objectContaining({path: '/site/sha'}),
    })
    expect(result).toMatchObject({targetGroupArn: group?.arn, containerName: 'front', containerPort: 80, loadBalancerDnsName: lb?.dnsName})
    const created = await listeners(lb?.arn ?? '')
    expect(created.map((l) => [l.Port, l.Protocol, l.SslPolicy, l.Certificates?.[0]?.CertificateArn, l.DefaultActions?.[0]?.TargetGroupArn])).toEqual([
      [80, 'HTTP', undefined, undefined, group?.arn],
      [443, 'HTTPS', 'ELBSecurityPolicy-2016-08', 'arn:aws:acm:ap-northeast-1:123456789012:certificate/one', group?.arn],
    ])
    expect(reporter.messages('info')).toEqual([
      `Created ELBv2 ${lb?.dnsName}`,
      `Created target group ${group?.arn}`,
      `Created listener ${created[0]?.ListenerArn}`,
      `Created listener ${created[1]?.ListenerArn}`,
    ])
  })

  it('makes no ELBv2 write when nothing changed', async () => {
    const options = parse({
      ...case15,
      load_balancer_attributes: {'idle_timeout.timeout_seconds': 120},
      target_group_attributes: {'deregistration_delay.timeout_seconds': 30},
      tags: {team: 'web'},
      health_check_interval_seconds: 10,
    })
    await ensureLoadBalancer(ctx(), 'hello', options)
    expect(env.writes('elbv2')).toEqual([
      'CreateLoadBalancer',
      'ModifyLoadBalancerAttributes',
      'CreateTargetGroup',
      'ModifyTargetGroupAttributes',
      'CreateListener',
      'CreateListener',
    ])
    env.resetCalls()
    const second = await ensureLoadBalancer(ctx(), 'hello', options)
    expect(env.writes('elbv2')).toEqual([])
    expect(second.plan).toEqual([])
    expect(env.operations().length).toBeGreaterThan(0)
  })

  it('updates a listener certificate and ssl policy, and an attribute, when the definition changes', async () => {
    await ensureLoadBalancer(ctx(), 'hello', parse(case15))
    env.resetCalls()
    const changed = parse({
      ...case15,
      listeners: [
        case15.listeners[0],
        {...case15.listeners[1], certificate_arn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/two', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06'},
      ],
      load_balancer_attributes: {'idle_timeout.timeout_seconds': '300'},
      health_check_path: '/health',
    })
    const result = await ensureLoadBalancer(ctx(), 'hello', changed)
    expect(env.writes('elbv2')).toEqual(['ModifyLoadBalancerAttributes', 'ModifyTargetGroup', 'ModifyListener'])
    const lb = Object.values((await env.world()).elbv2.loadBalancers)[0]
    const https = (await listeners(lb?.arn ?? '')).find((l) => l.Port === 443)
    expect(https?.Certificates?.[0]?.CertificateArn).toBe('arn:aws:acm:ap-northeast-1:123456789012:certificate/two')
    expect(https?.SslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06')
    const attributes = await env.clients.elbv2.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: lb?.arn}))
    expect(attributes.Attributes?.find((a) => a.Key === 'idle_timeout.timeout_seconds')?.Value).toBe('300')
    const group = (await env.clients.elbv2.send(new DescribeTargetGroupsCommand({Names: ['hako-hello']}))).TargetGroups?.[0]
    expect(group?.HealthCheckPath).toBe('/health')
    expect(result.plan).toEqual([
      'set load balancer hako-hello attributes idle_timeout.timeout_seconds=300',
      'modify target group hako-hello health check: HealthCheckPath=/health',
      'modify listener 443 ssl_policy ELBSecurityPolicy-2016-08 → ELBSecurityPolicy-TLS13-1-2-2021-06, certificate arn:aws:acm:ap-northeast-1:123456789012:certificate/one → arn:aws:acm:ap-northeast-1:123456789012:certificate/two',
    ])
  })

  it('plans without writing in dry-run', async () => {
    const first = await ensureLoadBalancer(ctx(true), 'hello', parse(case15))
    expect(env.writes('elbv2')).toEqual([])
    expect(first.plan).toEqual([
      'would create load balancer hako-hello (application, internet-facing)',
      'would create target group hako-hello (HTTP)',
      'would create listener 80 HTTP forwarding to hako-hello',
      'would create listener 443 HTTPS with certificate arn:aws:acm:ap-northeast-1:123456789012:certificate/one forwarding to hako-hello',
    ])
    expect(first.targetGroupArn).toBe('(new target group hako-hello)')
    await ensureLoadBalancer(ctx(), 'hello', parse(case15))
    env.resetCalls()
    const changed = parse({...case15, listeners: [case15.listeners[0], {...case15.listeners[1], certificate_arn: 'arn:cert/two'}]})
    const second = await ensureLoadBalancer(ctx(true), 'hello', changed)
    expect(env.writes('elbv2')).toEqual([])
    expect(second.plan).toEqual(['would modify listener 443 certificate arn:aws:acm:ap-northeast-1:123456789012:certificate/one → arn:cert/two'])
  })

  it('uses target type ip under awsvpc and creates a TCP group for a network load balancer', async () => {
    await ensureLoadBalancer(ctx(), 'nlb', parse({...case15, type: 'network', security_groups: undefined, listeners: [{port: 80, protocol: 'TCP'}]}), 'awsvpc')
    const group = Object.values((await env.world()).elbv2.targetGroups)[0]
    expect(group).toMatchObject({protocol: 'TCP', targetType: 'ip'})
    expect(reporter.messages('info')[0]).toMatch(/^Created ELBv2\(NLB\) /)
  })

  it('refuses a name over 32 characters before any call', async () => {
    await expect(ensureLoadBalancer(ctx(), 'an-application-name-of-29-char', parse(case15))).rejects.toThrow(
      /hako-an-application-name-of-29-char is 35 characters long; ELBv2 names are at most 32/,
    )
    expect(env.operations()).toEqual([])
  })

  it('destroys the listeners, the load balancer and the target group', async () => {
    await ensureLoadBalancer(ctx(), 'hello', parse(case15))
    env.resetCalls()
    await destroyLoadBalancer(ctx(), 'hello', parse(case15))
    expect(env.writes('elbv2')).toEqual(['DeleteListener', 'DeleteListener', 'DeleteLoadBalancer', 'DeleteTargetGroup'])
    expect((await env.world()).elbv2.loadBalancers).toEqual({})
    expect((await env.world()).elbv2.targetGroups).toEqual({})
    expect((await env.world()).elbv2.listeners).toEqual({})
    await destroyLoadBalancer(ctx(), 'hello', parse(case15))
    expect(reporter.messages('info').slice(-2)).toEqual(["ELBv2 hako-hello doesn't exist", "Target group hako-hello doesn't exist"])
  })
})

describe('shared load balancer mode', () => {
  async function sharedAlb(): Promise<{lbArn: string; listenerArn: string}> {
    const elbv2 = env.clients.elbv2
    const lb = (await elbv2.send(new CreateLoadBalancerCommand({Name: 'shared', Subnets: ['subnet-0a1a', 'subnet-0c1c'], SecurityGroups: ['sg-0e0b']})))
      .LoadBalancers?.[0]
    const fallback = (await elbv2.send(new CreateTargetGroupCommand({Name: 'fallback', Port: 80, Protocol: 'HTTP', VpcId: 'vpc-0a1b2c3d4e5f67890'})))
      .TargetGroups?.[0]
    const listener = (
      await elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb?.LoadBalancerArn,
          Port: 443,
          Protocol: 'HTTPS',
          Certificates: [{CertificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/shared'}],
          DefaultActions: [{Type: 'forward', TargetGroupArn: fallback?.TargetGroupArn}],
        }),
      )
    ).Listeners?.[0]
    env.resetCalls()
    return {lbArn: lb?.LoadBalancerArn ?? '', listenerArn: listener?.ListenerArn ?? ''}
  }

  const shared = (rule: object) =>
    parse({load_balancer_name: 'shared', vpc_id: 'vpc-0a1b2c3d4e5f67890', listener_rules: [{listener_port: 443, priority: 10, ...rule}]})

  it('owns only its target group and its rule, and leaves the load balancer alone', async () => {
    const {listenerArn} = await sharedAlb()
    const result = await ensureLoadBalancer(ctx(), 'hello', shared({host_header: ['hello.example.com']}))
    expect(env.writes('elbv2')).toEqual(['CreateTargetGroup', 'CreateRule'])
    const rules = (await env.clients.elbv2.send(new DescribeRulesCommand({ListenerArn: listenerArn}))).Rules ?? []
    const rule = rules.find((r) => r.Priority === '10')
    expect(rule?.Actions?.[0]?.TargetGroupArn).toBe(result.targetGroupArn)
    expect(rule?.Conditions?.[0]?.HostHeaderConfig?.Values ?? rule?.Conditions?.[0]?.Values).toEqual(['hello.example.com'])

    env.resetCalls()
    await ensureLoadBalancer(ctx(), 'hello', shared({host_header: ['hello.example.com']}))
    expect(env.writes('elbv2')).toEqual([])

    await ensureLoadBalancer(ctx(), 'hello', shared({host_header: ['hello.example.com'], path_pattern: ['/api/*']}))
    expect(env.writes('elbv2')).toEqual(['ModifyRule'])

    env.resetCalls()
    await destroyLoadBalancer(ctx(), 'hello', shared({host_header: ['hello.example.com']}))
    expect(env.writes('elbv2')).toEqual(['DeleteRule', 'DeleteTargetGroup'])
    expect(Object.values((await env.world()).elbv2.loadBalancers).map((lb) => lb.name)).toEqual(['shared'])
  })

  it('refuses a priority taken by another rule while planning, before any write', async () => {
    const {listenerArn} = await sharedAlb()
    await ensureLoadBalancer(ctx(), 'other', shared({host_header: ['other.example.com']}))
    env.resetCalls()
    await expect(ensureLoadBalancer(ctx(), 'hello', shared({host_header: ['hello.example.com']}))).rejects.toThrow(
      /priority 10 on listener 443 of shared is taken by rule arn:.*, which does not forward to hako-hello/,
    )
    expect(env.writes('elbv2')).toEqual([])
    expect(listenerArn).not.toBe('')
  })

  it('retries a target group still in use, then fails naming it', async () => {
    const {listenerArn} = await sharedAlb()
    const result = await ensureLoadBalancer(ctx(), 'hello', shared({host_header: ['hello.example.com']}))
    // Someone else points the shared listener's default action at our group: it stays in use.
    await env.clients.elbv2.send(
      new ModifyListenerCommand({ListenerArn: listenerArn, DefaultActions: [{Type: 'forward', TargetGroupArn: result.targetGroupArn}]}),
    )
    env.resetCalls()
    const started = env.clock.now()
    await expect(destroyLoadBalancer(ctx(), 'hello', shared({host_header: ['hello.example.com']}))).rejects.toThrow(
      `Cannot delete target group ${result.targetGroupArn}: still in use after 30 attempts`,
    )
    expect(env.writes('elbv2')).toEqual(['DeleteRule', ...Array<string>(30).fill('DeleteTargetGroup')])
    expect(reporter.messages('warn')).toHaveLength(29)
    expect(env.clock.now() - started).toBe(29_000)
  })
})
