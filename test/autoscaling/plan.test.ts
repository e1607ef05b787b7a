import {
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  ListTagsForResourceCommand,
  PutScalingPolicyCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-application-auto-scaling'
import {DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {DescribeServicesCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {policyTagKey} from '../../src/autoscaling/names.js'
import {HakoError} from '../../src/errors.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'
import {apply, createAlarm, deployScaled, plan, scalingWrites, SNS_TOPIC, STEP, TRACKING, WITHOUT} from './support.js'

const RESOURCE = 'service/scaled/scaled'
const TARGET = {ServiceNamespace: 'ecs', ResourceId: RESOURCE, ScalableDimension: 'ecs:service:DesiredCount'} as const

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['scaled']})
  await createAlarm(env)
})

afterEach(async () => {
  await env.close()
})

const aas = () => env.deps.aws(REGION).applicationAutoScaling
const policies = async () => (await aas().send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'ecs', ResourceId: RESOURCE}))).ScalingPolicies ?? []
const target = async () => (await aas().send(new DescribeScalableTargetsCommand({ServiceNamespace: 'ecs', ResourceIds: [RESOURCE]}))).ScalableTargets?.[0]
const alarm = async (name = 'scaled-cpu-high') =>
  (await env.deps.aws(REGION).cloudWatch.send(new DescribeAlarmsCommand({AlarmNames: [name]}))).MetricAlarms?.[0]
const desiredCount = async () =>
  (await env.deps.aws(REGION).ecs.send(new DescribeServicesCommand({cluster: 'scaled', services: ['scaled']}))).services?.[0]?.desiredCount
const changes = (actions: {kind: string; resource: string; change: string}[]) => actions.map((a) => `${a.kind} ${a.resource}: ${a.change}`)

async function deployedAndScaled(): Promise<void> {
  await deployScaled(env)
  await apply(await plan(env))
}

describe('planAutoscaling against the local AWS', () => {
  it('registers the target, creates both policies and binds the step policy to its alarm, keeping the alarm as it was', async () => {
    // Deployed without autoscaling first, so the plan is the create case on a running service.
    await deployScaled(env, {}, WITHOUT)

    const actions = await plan(env)

    expect(changes(actions)).toEqual([
      'scalable-target service/scaled/scaled: create',
      'scaling-policy scaled-cpu-high: create',
      'scaling-policy scaled-cpu-tracking: create',
    ])
    expect(actions.every((a) => a.compared && a.reason === 'missing')).toBe(true)
    expect(actions[0]?.diff).toContain('+  "min_capacity": 2')
    const outputs = await apply(actions)

    expect(await target()).toMatchObject({MinCapacity: 2, MaxCapacity: 4})
    // The local Application Auto Scaling brings the count into [min, max] at once, as AWS does.
    expect(await desiredCount()).toBe(2)
    const [step, tracking] = await policies()
    expect(step).toMatchObject({
      PolicyName: 'scaled-cpu-high',
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        Cooldown: 60,
        StepAdjustments: [{ScalingAdjustment: 1, MetricIntervalLowerBound: 0}],
      },
    })
    expect(tracking).toMatchObject({PolicyName: 'scaled-cpu-tracking', TargetTrackingScalingPolicyConfiguration: {TargetValue: 60, ScaleInCooldown: 120}})
    const bound = await alarm()
    expect(bound).toMatchObject({
      AlarmActions: [SNS_TOPIC, step?.PolicyARN],
      OKActions: [SNS_TOPIC],
      ExtendedStatistic: 'p90',
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
      Threshold: 75,
    })
    expect(outputs.written).toEqual([
      'scalable target service/scaled/scaled',
      'scaling policy scaled-cpu-high',
      'alarm scaled-cpu-high actions',
      'scaling policy scaled-cpu-tracking',
    ])
    expect(env.reporter.messages('info')).toEqual(
      expect.arrayContaining([
        'Registering scalable target to service/scaled/scaled',
        'Configuring scaling policy scaled-cpu-high',
        `Updating scaled-cpu-high's alarm_actions from ["${SNS_TOPIC}"] to ["${SNS_TOPIC}","${step?.PolicyARN}"]`,
      ]),
    )
  })

  it('plans nothing and writes nothing to Application Auto Scaling or CloudWatch when everything matches', async () => {
    await deployedAndScaled()
    env.local.resetCalls()

    const actions = await plan(env)

    expect(changes(actions)).toEqual([
      'scalable-target service/scaled/scaled: none',
      'scaling-policy scaled-cpu-high: none',
      'scaling-policy scaled-cpu-tracking: none',
    ])
    expect(actions.every((a) => a.apply === undefined && a.diff === '')).toBe(true)
    await apply(actions)
    expect(scalingWrites(env)).toEqual([])
  })

  it('updates only what changed: new capacities are registered again, an unbound alarm is bound again', async () => {
    await deployedAndScaled()
    // Someone rewrote the alarm as hako-Ruby's binding did not expect: the policy's ARN is gone.
    await createAlarm(env)
    env.local.resetCalls()

    const actions = await plan(env, {min_capacity: 1, max_capacity: 6})

    expect(changes(actions)).toEqual([
      'scalable-target service/scaled/scaled: update',
      'scaling-policy scaled-cpu-high: update',
      'scaling-policy scaled-cpu-tracking: none',
    ])
    expect(actions[0]?.reason).toBe('min_capacity 2 → 1, max_capacity 4 → 6')
    expect(actions[1]?.diff).toMatch(/-\s+"scaled-cpu-high": false\n\+\s+"scaled-cpu-high": true/)
    await apply(actions)
    expect(scalingWrites(env)).toEqual(['RegisterScalableTarget', 'PutMetricAlarm'])
    expect(await target()).toMatchObject({MinCapacity: 1, MaxCapacity: 6})
  })

  it('deletes a policy hako created once the definition drops it, and leaves policies others created alone', async () => {
    await deployedAndScaled()
    await aas().send(
      new PutScalingPolicyCommand({
        ...TARGET,
        PolicyName: 'added-by-hand',
        StepScalingPolicyConfiguration: {AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ScalingAdjustment: -1}], Cooldown: 60},
      }),
    )

    const actions = await plan(env, {policies: [TRACKING]})

    expect(changes(actions)).toEqual([
      'scalable-target service/scaled/scaled: none',
      'scaling-policy scaled-cpu-tracking: none',
      'scaling-policy scaled-cpu-high: delete',
      'scaling-policy added-by-hand: none',
    ])
    expect(actions[3]?.reason).toBe('not created by hako: left alone')
    expect(actions[2]?.diff).toContain('--- scaled-cpu-high')
    await apply(actions)
    expect((await policies()).map((p) => p.PolicyName)).toEqual(['scaled-cpu-tracking', 'added-by-hand'])
    // The alarm stays, without the deleted policy's ARN; the mark is gone too.
    expect((await alarm())?.AlarmActions).toEqual([SNS_TOPIC])
    const tags = (await aas().send(new ListTagsForResourceCommand({ResourceARN: (await target())?.ScalableTargetARN}))).Tags ?? {}
    expect(Object.keys(tags).sort()).toEqual(['hako:app', policyTagKey('scaled-cpu-tracking')].sort())
  })

  it('takes over policies with hako-Ruby names by marking them, without rewriting them', async () => {
    await deployedAndScaled()
    const arn = (await target())?.ScalableTargetARN ?? ''
    await aas().send(new UntagResourceCommand({ResourceARN: arn, TagKeys: ['hako:app', policyTagKey('scaled-cpu-high')]}))
    env.local.resetCalls()

    const actions = await plan(env)

    expect(changes(actions)).toEqual([
      'scalable-target service/scaled/scaled: update',
      'scaling-policy scaled-cpu-high: update',
      'scaling-policy scaled-cpu-tracking: none',
    ])
    expect(actions[1]?.reason).toBe('managed_by_hako false → true')
    await apply(actions)
    expect(scalingWrites(env)).toEqual(['TagResource', 'TagResource'])
  })

  it('binds an alarm shared by two step policies to both', async () => {
    await createAlarm(env, 'scaled-cpu-critical')
    await deployScaled(env)
    const shared = {policies: [STEP, {...STEP, alarms: ['scaled-cpu-critical', 'scaled-cpu-high'], scaling_adjustment: 3}]}

    await apply(await plan(env, shared))

    const arns = (await policies()).map((p) => p.PolicyARN)
    expect(arns).toHaveLength(2)
    expect((await alarm())?.AlarmActions).toEqual([SNS_TOPIC, ...arns])
    expect((await alarm('scaled-cpu-critical'))?.AlarmActions).toEqual([SNS_TOPIC, arns[1]])
    expect((await plan(env, shared)).map((a) => a.change)).toEqual(['none', 'none', 'none'])
  })

  it('checks every alarm of the step policies before writing anything', async () => {
    await deployScaled(env)
    env.local.resetCalls()

    const error = await plan(env, {
      policies: [
        {...STEP, alarms: ['nope-1']},
        {...STEP, alarms: ['scaled-cpu-high', 'nope-2']},
      ],
    }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(HakoError)
    expect((error as Error).message).toBe(
      ['scheduler.autoscaling.policies[0].alarms: Alarm nope-1 does not exist', 'scheduler.autoscaling.policies[1].alarms: Alarm nope-2 does not exist'].join(
        '\n',
      ),
    )
    expect(scalingWrites(env)).toEqual([])
  })

  it('plans the creates offline without a single call', async () => {
    env.local.resetCalls()

    const actions = await plan(env, {}, {live: false})

    expect(changes(actions)).toEqual([
      'scalable-target service/scaled/scaled: create',
      'scaling-policy scaled-cpu-high: create',
      'scaling-policy scaled-cpu-tracking: create',
    ])
    expect(actions.every((a) => !a.compared && typeof a.apply === 'function')).toBe(true)
    expect(env.local.calls()).toEqual([])
  })

  it('keeps a scaled desired count across deploys', async () => {
    await deployedAndScaled()
    // As Application Auto Scaling does when an alarm fires.
    await env.deps.aws(REGION).ecs.send(new UpdateServiceCommand({cluster: 'scaled', service: 'scaled', desiredCount: 3}))

    await deployScaled(env, {tag: 'v2'})
    await apply(await plan(env))

    expect(await desiredCount()).toBe(3)
    const updates = env.local.calls().filter((c) => c.operation === 'UpdateService')
    expect(updates.at(-1)?.input).not.toHaveProperty('desiredCount')
  })

  it('reads and plans nothing without scheduler.autoscaling, as hako: a deploy needs no Application Auto Scaling rights', async () => {
    await deployedAndScaled()
    env.local.resetCalls()

    const actions = await plan(env, {}, {file: WITHOUT})

    expect(actions).toEqual([])
    expect(env.local.calls()).toEqual([])
    expect(await target()).toBeDefined()
  })
})
