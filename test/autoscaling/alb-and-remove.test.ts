import {DeleteScalingPolicyCommand, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand} from '@aws-sdk/client-application-auto-scaling'
import {DescribeLoadBalancersCommand, DescribeTargetGroupsCommand} from '@aws-sdk/client-elastic-load-balancing-v2'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy} from '../../src/app/deploy.js'
import {remove} from '../../src/app/remove.js'
import {planAutoscaling} from '../../src/autoscaling/plan.js'
import {loadApp} from '../../src/definition/load.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'
import {apply, createAlarm, deployScaled, extStr, plan, SCALED} from './support.js'

const ALB = 'test/fixtures/autoscaling/alb/scaled-alb.jsonnet'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['scaled']})
})

afterEach(async () => {
  await env.close()
})

const aas = () => env.deps.aws(REGION).applicationAutoScaling

async function planAlb(targetGroupArn?: string) {
  const app = await loadApp(ALB, {mode: 'check'})
  const ctx = {appId: app.appId, definition: app.definition, clients: env.deps.aws(REGION), reporter: env.reporter, clock: env.clock, live: true}
  return planAutoscaling(ctx, {cluster: 'scaled', service: app.appId, ...(targetGroupArn ? {targetGroupArn} : {})})
}

describe('ALBRequestCountPerTarget', () => {
  it("labels the policy with the app's load balancer and target group, known at plan time or read from the apply outputs", async () => {
    const result = await deploy(env.deps, {file: ALB, timeoutSec: 1200, toolVersion: 'test'})
    expect(result.exitCode).toBe(0)
    const elbv2 = env.deps.aws(REGION).elbv2
    const tg = (await elbv2.send(new DescribeTargetGroupsCommand({Names: ['hako-scaled-alb']}))).TargetGroups?.[0]
    const lb = (await elbv2.send(new DescribeLoadBalancersCommand({Names: ['hako-scaled-alb']}))).LoadBalancers?.[0]
    const label = `${lb?.LoadBalancerArn?.split(':loadbalancer/')[1]}/${tg?.TargetGroupArn?.split(':').at(-1)}`
    expect(label).toMatch(/^app\/hako-scaled-alb\/[0-9a-f]+\/targetgroup\/hako-scaled-alb\/[0-9a-f]+$/)

    // The deploy created the target group and, in the same run, the policy labelled with it.
    const policy = (await aas().send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'ecs', ResourceId: 'service/scaled/scaled-alb'})))
      .ScalingPolicies?.[0]
    expect(policy?.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      TargetValue: 500,
      DisableScaleIn: true,
      PredefinedMetricSpecification: {PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: label},
    })
    expect(result.actions.filter((a) => a.kind.startsWith('scal')).map((a) => `${a.kind}:${a.change}`)).toEqual([
      'scalable-target:create',
      'scaling-policy:create',
    ])
    const again = await planAlb(tg?.TargetGroupArn)
    expect(again.map((a) => a.change)).toEqual(['none', 'none'])

    // Planned without the target group (as when it is created in the same run): the label is read at apply.
    await aas().send(
      new DeleteScalingPolicyCommand({
        ServiceNamespace: 'ecs',
        ResourceId: 'service/scaled/scaled-alb',
        ScalableDimension: 'ecs:service:DesiredCount',
        PolicyName: String(policy?.PolicyName),
      }),
    )
    const pending = await planAlb()
    expect(pending[1]?.reason).toBe('missing (its resource label is read once the target group is attached)')
    await apply(pending, {written: [], targetGroupArn: tg?.TargetGroupArn})
    expect((await planAlb(tg?.TargetGroupArn)).map((a) => a.change)).toEqual(['none', 'none'])
  })

  it("fails at apply with hako's message when no target group is known", async () => {
    await deploy(env.deps, {file: ALB, timeoutSec: 1200, toolVersion: 'test'})
    await aas().send(
      new DeleteScalingPolicyCommand({
        ServiceNamespace: 'ecs',
        ResourceId: 'service/scaled/scaled-alb',
        ScalableDimension: 'ecs:service:DesiredCount',
        PolicyName: 'requests',
      }),
    )
    const actions = await planAlb()

    await expect(apply(actions)).rejects.toThrow('Target group must be attached to the ECS service for predefined metric type ALBRequestCountPerTarget')
  })
})

describe('hako remove with autoscaling', () => {
  it('deregisters the scalable target (and its policies) before scaling the service to zero', async () => {
    await createAlarm(env)
    await deployScaled(env)
    await apply(await plan(env))

    const dry = await remove(env.deps, {file: SCALED, extStr: extStr(), dryRun: true})
    expect(dry.autoscalingPlan).toEqual([
      'would deregister scalable target service/scaled/scaled and its scaling policies scaled-cpu-high, scaled-cpu-tracking',
    ])
    expect((await aas().send(new DescribeScalableTargetsCommand({ServiceNamespace: 'ecs'}))).ScalableTargets).toHaveLength(1)

    const result = await remove(env.deps, {file: SCALED, extStr: extStr(), dryRun: false})

    expect(result.autoscalingPlan).toEqual(['deregistered scalable target service/scaled/scaled and its scaling policies scaled-cpu-high, scaled-cpu-tracking'])
    expect((await aas().send(new DescribeScalableTargetsCommand({ServiceNamespace: 'ecs'}))).ScalableTargets).toEqual([])
    const order = env.local
      .calls()
      .map((c) => c.operation)
      .filter((op) => ['DeregisterScalableTarget', 'UpdateService', 'DeleteService'].includes(op))
    expect(order.slice(-3)).toEqual(['DeregisterScalableTarget', 'UpdateService', 'DeleteService'])
  })
})
