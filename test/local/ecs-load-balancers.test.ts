import {CreateServiceCommand, DescribeServicesCommand, InvalidParameterException, RegisterTaskDefinitionCommand, type Service} from '@aws-sdk/client-ecs'
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {appContainer} from './support/app-container.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'
import {advanceUntil} from '../support/time.js'

let t: TestAws

beforeEach(async () => {
  t = await startTestAws()
})
afterEach(async () => {
  await t.close()
})

async function targetGroup(attach: boolean): Promise<string> {
  const elbv2 = t.clients.elbv2
  const group = await elbv2.send(
    new CreateTargetGroupCommand({
      Name: 'web',
      Protocol: 'HTTP',
      Port: 80,
      VpcId: 'vpc-1',
      TargetType: 'instance',
      HealthCheckIntervalSeconds: 10,
      HealthyThresholdCount: 2,
    }),
  )
  const groupArn = group.TargetGroups?.[0]?.TargetGroupArn ?? ''
  if (attach) {
    const lb = await elbv2.send(new CreateLoadBalancerCommand({Name: 'web', Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1']}))
    await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb.LoadBalancers?.[0]?.LoadBalancerArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{Type: 'forward', TargetGroupArn: groupArn}],
      }),
    )
  }
  return groupArn
}

async function createService(targetGroupArn: string, extra: Record<string, unknown> = {}): Promise<void> {
  const td = await t.clients.ecs.send(new RegisterTaskDefinitionCommand({family: 'web', containerDefinitions: [appContainer('app', 'example/web:1')]}))
  await t.clients.ecs.send(
    new CreateServiceCommand({
      serviceName: 'web',
      taskDefinition: td.taskDefinition?.taskDefinitionArn,
      desiredCount: 2,
      loadBalancers: [{targetGroupArn, containerName: 'app', containerPort: 80}],
      ...extra,
    }),
  )
}

const describeWeb = async (): Promise<Service> => {
  const out = await t.clients.ecs.send(new DescribeServicesCommand({services: ['web']}))
  return out.services?.[0] ?? {}
}

describe('services behind a load balancer', () => {
  it('registers the tasks in the target group, where they turn healthy, and says so in events', async () => {
    const groupArn = await targetGroup(true)
    await createService(groupArn)
    const service = await advanceUntil(t.clock, async () => {
      const s = await describeWeb()
      return s.deployments?.[0]?.rolloutState === 'COMPLETED' ? s : undefined
    })
    expect(service.events?.some((e) => e.message === `(service web) registered 2 targets in (target-group ${groupArn})`)).toBe(true)
    const health = await t.clients.elbv2.send(new DescribeTargetHealthCommand({TargetGroupArn: groupArn}))
    expect(health.TargetHealthDescriptions).toHaveLength(2)
    expect(health.TargetHealthDescriptions?.every((d) => d.TargetHealth?.State === 'healthy' && d.Target?.Id?.startsWith('i-'))).toBe(true)
  })

  it('stops tasks that never pass the target group health checks', async () => {
    t.local.faults.image({image: 'example/web:*', unhealthy: true})
    const groupArn = await targetGroup(true)
    await createService(groupArn, {healthCheckGracePeriodSeconds: 30})
    const stopped = await advanceUntil(t.clock, () =>
      t.local.read((world) => Object.values(world.ecs.tasks).find((s) => s.task.lastStatus === 'STOPPED')?.task),
    )
    expect(stopped.stopCode).toBe('ServiceSchedulerInitiated')
    expect(stopped.stoppedReason).toBe(`Task failed ELB health checks in (target-group ${groupArn})`)
    const service = await describeWeb()
    expect(service.events?.some((e) => /\(port \d+\) is unhealthy in \(target-group .*\) due to \(reason Health checks failed\)\./.test(e.message ?? ''))).toBe(
      true,
    )
    expect(service.deployments?.[0]?.failedTasks).toBeGreaterThan(0)
  })

  it('rejects a target group that is not attached to a load balancer', async () => {
    const groupArn = await targetGroup(false)
    const error = await createService(groupArn).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidParameterException)
    expect((error as Error).message).toBe(`The target group with targetGroupArn ${groupArn} does not have an associated load balancer.`)
  })
})
