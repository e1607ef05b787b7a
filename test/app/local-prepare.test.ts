import {resolve} from 'node:path'

import {
  CreateLoadBalancerCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {GetNamespaceCommand} from '@aws-sdk/client-servicediscovery'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy} from '../../src/app/deploy.js'
import {prepareLocal} from '../../src/app/local-prepare.js'
import {loadApp} from '../../src/definition/load.js'
import {startTestApp, type TestApp} from '../support/app.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({asLocal: true})
})

afterEach(async () => {
  await env.close()
})

const discovery = resolve('test/fixtures/service-discovery/discovery.jsonnet')
const extStr = {namespace_id: 'ns-localtest', ttl: '60'}

describe('--local preparation', () => {
  it('creates what the account would already have, once, and announces it', async () => {
    const app = await loadApp(resolve('examples/hello.jsonnet'), {mode: 'placeholder'})
    await prepareLocal(env.local, app, env.reporter)
    expect(env.reporter.messages('info')).toEqual(['local: created cluster eagletmt with 3 container instances', 'local: created bucket hako-hello-front'])
    await prepareLocal(env.local, app, env.reporter)
    expect(env.reporter.messages('info')).toHaveLength(2)
  })

  it('gives a service definition its oneshot Auto Scaling group with an instance per task, the cluster having none of its own', async () => {
    const app = await loadApp(resolve('test/fixtures/hako-examples/autoscaling-group.jsonnet'), {mode: 'placeholder'})
    await prepareLocal(env.local, app, env.reporter)
    expect(env.reporter.messages('info')).toEqual([
      'local: created cluster kinds-fleet with 0 container instances',
      'local: created Auto Scaling group kinds-fleet-asg for cluster kinds-fleet with 2 instances',
    ])
    const sizes = await env.local.read((world) => Object.values(world.autoscaling.groups).map((g) => [g.name, g.minSize, g.desiredCapacity, g.maxSize]))
    expect(sizes).toEqual([['kinds-fleet-asg', 0, 2, 10]])
  })

  it('creates the Cloud Map namespace a definition names, so a service-discovery app deploys with --local', async () => {
    const result = await deploy(env.deps, {file: discovery, extStr, timeoutSec: 600, toolVersion: '0.0.0-test'})
    expect(result.outcome).toBe('completed')
    expect(env.reporter.messages('info')).toContain('local: created Cloud Map namespace ns-localtest')
    const namespace = await env.deps.aws('ap-northeast-1').serviceDiscovery.send(new GetNamespaceCommand({Id: 'ns-localtest'}))
    expect(namespace.Namespace?.Type).toBe('DNS_PRIVATE')
  })

  it('creates the shared load balancer elb_v2.load_balancer_name names, with the listener its rules need, so shared-ALB mode deploys', async () => {
    const file = resolve('test/fixtures/shared-alb/shared-alb.jsonnet')
    const result = await deploy(env.deps, {file, timeoutSec: 600, toolVersion: '0.0.0-test'})
    expect(result.outcome).toBe('completed')
    const created = env.reporter.messages('info').filter((m) => m.startsWith('local: created load balancer'))
    expect(created).toEqual(['local: created load balancer shared-alb with HTTP listeners on 80'])
    const elbv2 = env.deps.aws('ap-northeast-1').elbv2
    const lb = (await elbv2.send(new DescribeLoadBalancersCommand({Names: ['shared-alb']}))).LoadBalancers?.[0]
    expect(lb?.Type).toBe('application')
    const listeners = (await elbv2.send(new DescribeListenersCommand({LoadBalancerArn: lb?.LoadBalancerArn}))).Listeners ?? []
    expect(listeners.map((l) => [l.Port, l.Protocol, l.DefaultActions?.[0]?.Type])).toEqual([[80, 'HTTP', 'fixed-response']])
    const rules = (await elbv2.send(new DescribeRulesCommand({ListenerArn: listeners[0]?.ListenerArn}))).Rules ?? []
    expect(rules.map((r) => [r.Priority, r.Conditions?.[0]?.Values])).toEqual([
      ['10', ['shop.example.com']],
      ['default', undefined],
    ])

    const app = await loadApp(file, {mode: 'placeholder'})
    await prepareLocal(env.local, app, env.reporter)
    expect(env.reporter.messages('info').filter((m) => m.startsWith('local: created load balancer'))).toHaveLength(1)
  })

  it('leaves an existing shared load balancer as it is', async () => {
    const app = await loadApp(resolve('test/fixtures/shared-alb/shared-alb.jsonnet'), {mode: 'placeholder'})
    const elbv2 = env.deps.aws('ap-northeast-1').elbv2
    await elbv2.send(new CreateLoadBalancerCommand({Name: 'shared-alb', Subnets: ['subnet-0b0b', 'subnet-0d0d'], SecurityGroups: ['sg-0b0b']}))
    await prepareLocal(env.local, app, env.reporter)
    expect(env.reporter.messages('info').filter((m) => m.startsWith('local: created load balancer'))).toEqual([])
    const lb = (await elbv2.send(new DescribeLoadBalancersCommand({Names: ['shared-alb']}))).LoadBalancers?.[0]
    expect((await elbv2.send(new DescribeListenersCommand({LoadBalancerArn: lb?.LoadBalancerArn}))).Listeners).toEqual([])
  })

  it('creates nothing when the local AWS is reached as an endpoint (local serve stays strict)', async () => {
    const strict = await env.depsWith({reporter: env.reporter, asLocal: false})
    try {
      await env.local.ensureCluster('shared', 'ap-northeast-1')
      const error = await deploy(strict, {file: resolve('test/fixtures/shared-alb/shared-alb.jsonnet'), timeoutSec: 600, toolVersion: '0.0.0-test'}).catch(
        (e: unknown) => e,
      )
      expect((error as Error).message).toBe('load balancer shared-alb (scheduler.elb_v2.load_balancer_name) not found (elbv2:DescribeLoadBalancers)')
    } finally {
      await strict.close()
    }
  })
})
