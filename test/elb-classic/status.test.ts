import {CreateServiceCommand, RegisterTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {CreateLoadBalancerCommand, DeleteLoadBalancerCommand} from '@aws-sdk/client-elastic-load-balancing'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {status} from '../../src/app/status.js'
import {renderStatus} from '../../src/ui/status-report.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'

const CLASSIC = 'test/fixtures/elb-classic/classic.jsonnet'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['classic']})
})
afterEach(async () => {
  await env.close()
})

async function attachedService(): Promise<void> {
  const ecs = env.deps.aws(REGION).ecs
  const front = {name: 'front', image: 'nginx:1.27', memory: 64, portMappings: [{containerPort: 80, hostPort: 10000}]}
  const td = await ecs.send(new RegisterTaskDefinitionCommand({family: 'classic', containerDefinitions: [front]}))
  const loadBalancers = [{loadBalancerName: 'hako-classic', containerName: 'front', containerPort: 80}]
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'classic',
      serviceName: 'classic',
      taskDefinition: td.taskDefinition?.taskDefinitionArn,
      desiredCount: 1,
      loadBalancers,
    }),
  )
}

describe('hako status with a classic load balancer', () => {
  it('shows each listener of the load balancer the service is attached to', async () => {
    const elb = env.deps.aws(REGION).elb
    const listeners = [8080, 80].map((port) => ({Protocol: 'HTTP', LoadBalancerPort: port, InstancePort: 10000}))
    const {DNSName} = await elb.send(
      new CreateLoadBalancerCommand({LoadBalancerName: 'hako-classic', Listeners: listeners, Subnets: ['subnet-0a1a'], SecurityGroups: ['sg-0e0b']}),
    )
    await attachedService()
    const result = await status(env.deps, {file: CLASSIC})
    if (!result.report.available) throw new Error('no status')
    expect(result.report.loadBalancers).toEqual([
      {dnsName: DNSName, port: 80, containerName: 'front', containerPort: 80},
      {dnsName: DNSName, port: 8080, containerName: 'front', containerPort: 80},
    ])
    expect(renderStatus(result.report)).toContain(`  ${DNSName}:80 -> front:80`)
  })

  it('names the load balancer alone when it no longer exists', async () => {
    const elb = env.deps.aws(REGION).elb
    await elb.send(
      new CreateLoadBalancerCommand({
        LoadBalancerName: 'hako-classic',
        Listeners: [{Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 10000}],
        Subnets: ['subnet-0a1a'],
      }),
    )
    await attachedService()
    await elb.send(new DeleteLoadBalancerCommand({LoadBalancerName: 'hako-classic'}))
    const result = await status(env.deps, {file: CLASSIC})
    if (!result.report.available) throw new Error('no status')
    expect(result.report.loadBalancers).toEqual([{dnsName: 'hako-classic', containerName: 'front', containerPort: 80}])
  })
})
