import {CreateServiceCommand, RegisterTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {
  DescribeInstanceHealthCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type LoadBalancerDescription,
} from '@aws-sdk/client-elastic-load-balancing'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import * as v from 'valibot'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {checkDefinition} from '../../src/definition/check.js'
import type {Definition} from '../../src/definition/types.js'
import {planClassicLoadBalancer, removeClassicLoadBalancer} from '../../src/elb-classic/plan.js'
import {classicElbSchema} from '../../src/elb-classic/schema.js'
import {classicServiceLoadBalancer} from '../../src/elb-classic/service.js'
import {type ApplyOutputs, type PlanAction, type PlanContext, pendingActions} from '../../src/plan/types.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'

const elbOptions = {
  listeners: [
    {protocol: 'HTTP', load_balancer_port: 80},
    {protocol: 'HTTPS', load_balancer_port: 443, ssl_certificate_id: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/one'},
  ],
  subnets: ['subnet-0a1a', 'subnet-0c1c'],
  security_groups: ['sg-0e0b'],
  tags: {team: 'web'},
  health_check: {path: '/site/sha', interval: 10, healthy_threshold: 2},
  cross_zone_load_balancing: true,
  connection_draining: {enabled: true, timeout: 30},
}

let env: TestAws
let reporter: MemoryReporter
let definition: Definition

beforeEach(async () => {
  env = await startTestAws()
  reporter = new MemoryReporter()
  const raw = {
    scheduler: {type: 'ecs', region: 'ap-northeast-1', desired_count: 1, elb: elbOptions},
    app: {image: 'busybox', memory: 64},
    sidecars: {front: {image_tag: 'nginx', memory: 64, port_mappings: [{container_port: 80, host_port: 10000}]}},
  }
  const checked = await checkDefinition(raw, {mode: 'placeholder', appId: 'web', dir: mkdtempSync(join(tmpdir(), 'hako-clb-'))})
  expect(checked.problems.filter((p) => p.severity === 'error')).toEqual([])
  definition = checked.definition as Definition
})

afterEach(async () => {
  await env.close()
})

const ctx = (live = true): PlanContext => ({appId: 'web', definition, clients: env.clients, reporter, clock: env.clock, live})
const parse = (changes: object = {}) => v.parse(classicElbSchema, {...elbOptions, ...changes})

async function plan(changes: object = {}, live = true): Promise<PlanAction[]> {
  return (await planClassicLoadBalancer(ctx(live), {elb: parse(changes), instancePort: 10000})).actions
}

async function apply(actions: PlanAction[]): Promise<ApplyOutputs> {
  const outputs: ApplyOutputs = {written: []}
  for (const action of pendingActions({app: 'web', actions, known: {}, compared: true})) await action.apply?.(outputs)
  return outputs
}

const changes = (actions: PlanAction[]) => actions.filter((a) => a.change !== 'none').map((a) => [a.resource, a.change])

async function described(): Promise<LoadBalancerDescription> {
  return (await env.clients.elb.send(new DescribeLoadBalancersCommand({LoadBalancerNames: ['hako-web']}))).LoadBalancerDescriptions?.[0] ?? {}
}

describe('planClassicLoadBalancer', () => {
  it('plans the creation of hako-<app> by reads alone, and its apply creates everything', async () => {
    const {actions, loadBalancerName} = await planClassicLoadBalancer(ctx(), {elb: parse(), instancePort: 10000})
    expect(loadBalancerName).toBe('hako-web')
    expect(env.writes('elb')).toEqual([])
    expect(actions).toHaveLength(1)
    expect(actions[0]).toMatchObject({kind: 'classic-load-balancer', resource: 'hako-web', change: 'create', reason: 'missing', compared: true})
    expect(actions[0]?.diff).toContain('+    "target": "HTTP:10000/site/sha",')

    const outputs = await apply(actions)
    expect(env.writes('elb')).toEqual(['CreateLoadBalancer', 'ConfigureHealthCheck', 'ModifyLoadBalancerAttributes'])
    const lb = await described()
    expect(outputs).toEqual({written: ['classic load balancer hako-web'], loadBalancerDnsName: lb.DNSName})
    expect(reporter.messages('info')).toEqual([`Created ELB ${lb.DNSName} with instance_port=10000`])
    expect(
      lb.ListenerDescriptions?.map((d) => [d.Listener?.Protocol, d.Listener?.LoadBalancerPort, d.Listener?.InstancePort, d.Listener?.SSLCertificateId]),
    ).toEqual([
      ['HTTP', 80, 10000, undefined],
      ['HTTPS', 443, 10000, 'arn:aws:acm:ap-northeast-1:123456789012:certificate/one'],
    ])
    expect(lb.HealthCheck).toEqual({Target: 'HTTP:10000/site/sha', Interval: 10, Timeout: 5, HealthyThreshold: 2, UnhealthyThreshold: 2})
    const attributes = await env.clients.elb.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerName: 'hako-web'}))
    expect(attributes.LoadBalancerAttributes).toMatchObject({CrossZoneLoadBalancing: {Enabled: true}, ConnectionDraining: {Enabled: true, Timeout: 30}})
    const tags = await env.clients.elb.send(new DescribeTagsCommand({LoadBalancerNames: ['hako-web']}))
    expect(tags.TagDescriptions?.[0]?.Tags).toEqual([{Key: 'team', Value: 'web'}])
  })

  it('plans nothing to do once applied, with only reads', async () => {
    await apply(await plan())
    env.resetCalls()
    const again = await plan()
    expect(again.map((a) => [a.resource, a.change])).toEqual([
      ['hako-web', 'none'],
      ['hako-web listener 80', 'none'],
      ['hako-web listener 443', 'none'],
      ['hako-web health check', 'none'],
      ['hako-web attributes', 'none'],
      ['hako-web tags', 'none'],
    ])
    expect(again.every((a) => a.diff === '' && a.apply === undefined && a.compared)).toBe(true)
    expect(env.writes('elb')).toEqual([])
  })

  it('replaces only the listener that changed', async () => {
    await apply(await plan())
    const listeners = [elbOptions.listeners[0], {...elbOptions.listeners[1], ssl_certificate_id: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/two'}]
    const planned = await plan({listeners})
    expect(changes(planned)).toEqual([['hako-web listener 443', 'update']])
    const listener = planned.find((a) => a.change !== 'none')
    expect(listener?.diff).toContain('-  "ssl_certificate_id": "arn:aws:acm:ap-northeast-1:123456789012:certificate/one"')
    expect(listener?.diff).toContain('+  "ssl_certificate_id": "arn:aws:acm:ap-northeast-1:123456789012:certificate/two"')
    env.resetCalls()
    await apply(planned)
    expect(env.writes('elb')).toEqual(['DeleteLoadBalancerListeners', 'CreateLoadBalancerListeners'])
    expect((await described()).ListenerDescriptions?.find((d) => d.Listener?.LoadBalancerPort === 443)?.Listener?.SSLCertificateId).toBe(
      'arn:aws:acm:ap-northeast-1:123456789012:certificate/two',
    )
    expect(changes(await plan({listeners}))).toEqual([])
  })

  it('adds listeners that are missing and deletes those no longer listed', async () => {
    await apply(await plan())
    const planned = await plan({listeners: [elbOptions.listeners[0], {protocol: 'tcp', load_balancer_port: 8080}]})
    expect(changes(planned)).toEqual([
      ['hako-web listener 443', 'delete'],
      ['hako-web listener 8080', 'create'],
    ])
    await apply(planned)
    expect((await described()).ListenerDescriptions?.map((d) => [d.Listener?.Protocol, d.Listener?.LoadBalancerPort])).toEqual([
      ['HTTP', 80],
      ['TCP', 8080],
    ])
  })

  it('brings subnets, security groups, the health check, attributes and tags up to date', async () => {
    await apply(await plan())
    const wanted = {
      subnets: ['subnet-0c1c', 'subnet-0d1d'],
      security_groups: ['sg-0f0f'],
      health_check: {protocol: 'TCP'},
      idle_timeout: 120,
      tags: {team: 'api', owner: 'ops'},
    }
    const planned = await plan(wanted)
    expect(changes(planned)).toEqual([
      ['hako-web', 'update'],
      ['hako-web health check', 'update'],
      ['hako-web attributes', 'update'],
      ['hako-web tags', 'update'],
    ])
    env.resetCalls()
    await apply(planned)
    expect(env.writes('elb')).toEqual([
      'AttachLoadBalancerToSubnets',
      'DetachLoadBalancerFromSubnets',
      'ApplySecurityGroupsToLoadBalancer',
      'ConfigureHealthCheck',
      'ModifyLoadBalancerAttributes',
      'AddTags',
    ])
    const lb = await described()
    expect([lb.Subnets, lb.SecurityGroups, lb.HealthCheck?.Target]).toEqual([['subnet-0c1c', 'subnet-0d1d'], ['sg-0f0f'], 'TCP:10000'])
    expect(changes(await plan(wanted))).toEqual([])
  })

  it('plans offline (live false) with no AWS call: a create, not compared', async () => {
    env.resetCalls()
    const planned = await plan({}, false)
    expect(env.operations()).toEqual([])
    expect(planned).toHaveLength(1)
    expect(planned[0]).toMatchObject({resource: 'hako-web', change: 'create', compared: false})
    expect(planned[0]?.apply).toBeTypeOf('function')
  })

  it('uses load_balancer_name when given, and rejects a name AWS would', async () => {
    const named = await planClassicLoadBalancer(ctx(), {elb: parse({load_balancer_name: 'shop-front'}), instancePort: 10000})
    expect(named.loadBalancerName).toBe('shop-front')
    const error = await planClassicLoadBalancer(ctx(), {elb: parse({load_balancer_name: '-bad'}), instancePort: 10000}).catch((e: unknown) => e)
    expect((error as Error).message).toBe('scheduler.elb: -bad may contain only letters, digits and hyphens, and may not start or end with a hyphen')
  })

  it('names the call and the load balancer when AWS fails', async () => {
    env.local.faults.operation('elb:DescribeLoadBalancers', {failNext: 1})
    const error = await plan().catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/^elb:DescribeLoadBalancers hako-web failed: /)
    await apply(await plan())
    env.local.faults.operation('elb:CreateLoadBalancerListeners', {failNext: 1})
    const listeners = [elbOptions.listeners[0], {protocol: 'TCP', load_balancer_port: 8080}]
    const failing = await apply(await plan({listeners})).catch((e: unknown) => e)
    expect((failing as Error).message).toMatch(/^elb:CreateLoadBalancerListeners hako-web listener 8080 failed: /)
  })

  it('warns when the scheme differs (it cannot be changed in place)', async () => {
    await apply(await plan())
    await plan({scheme: 'internal'})
    expect(reporter.messages('warn')).toEqual([
      'classic load balancer hako-web is internet-facing but scheduler.elb.scheme says internal; recreate it (hako remove) to change that',
    ])
  })
})

describe('removeClassicLoadBalancer', () => {
  it('deletes the load balancer, and says so when there is none', async () => {
    await apply(await plan())
    env.resetCalls()
    expect(await removeClassicLoadBalancer(env.clients, 'hako-web', {dryRun: true})).toEqual({deleted: false, message: 'would delete ELB hako-web'})
    expect(env.writes('elb')).toEqual([])
    expect(await removeClassicLoadBalancer(env.clients, 'hako-web')).toEqual({deleted: true, message: 'Deleted ELB hako-web'})
    expect(await env.local.read((world) => Object.keys(world.elb.loadBalancers))).toEqual([])
    expect(await removeClassicLoadBalancer(env.clients, 'hako-web')).toEqual({deleted: false, message: "ELB hako-web doesn't exist"})
  })
})

describe('the service side', () => {
  it('attaches the service by loadBalancerName; ECS registers its instances, which turn InService', async () => {
    const entry = classicServiceLoadBalancer('web', definition)
    expect(entry).toEqual({loadBalancerName: 'hako-web', containerName: 'front', containerPort: 80})
    await apply(await plan())
    const front = {name: 'front', image: 'nginx', memory: 64, essential: true, portMappings: [{containerPort: 80, hostPort: 10000}]}
    const td = await env.clients.ecs.send(new RegisterTaskDefinitionCommand({family: 'web', containerDefinitions: [front]}))
    await env.clients.ecs.send(
      new CreateServiceCommand({serviceName: 'web', taskDefinition: td.taskDefinition?.taskDefinitionArn, desiredCount: 1, loadBalancers: [entry ?? {}]}),
    )
    let states: {State?: string}[] = []
    for (let i = 0; i < 60 && states[0]?.State !== 'InService'; i++) {
      env.clock.advance(1000)
      states = (await env.clients.elb.send(new DescribeInstanceHealthCommand({LoadBalancerName: 'hako-web'}))).InstanceStates ?? []
    }
    expect(states.map((s) => s.State)).toEqual(['InService'])
  })

  it('gives no entry without scheduler.elb', () => {
    expect(classicServiceLoadBalancer('web', {scheduler: {...definition.scheduler, elb: undefined}})).toBeUndefined()
  })
})
