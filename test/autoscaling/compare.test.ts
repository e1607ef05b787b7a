import {describe, expect, it} from 'vitest'

import {boundAlarmActions, isBound, livePolicyTree, policyTree, resourceLabelOf} from '../../src/autoscaling/compare.js'
import {policyNameOf, policyTagKey, policyTagValue, resourceIdOf} from '../../src/autoscaling/names.js'
import {putAlarmInput} from '../../src/autoscaling/requests.js'

const ARN = (id: string, name = 'cpu-high') =>
  `arn:aws:autoscaling:ap-northeast-1:123456789012:scalingPolicy:${id}:resource/ecs/service/web/api:policyName/${name}`
const SNS = 'arn:aws:sns:ap-northeast-1:123456789012:alerts'
type LivePolicy = Parameters<typeof livePolicyTree>[0]

describe('binding an alarm to a step scaling policy', () => {
  it("adds the policy's ARN after the alarm's other actions, and drops earlier ARNs of the same policy only", () => {
    const alarm = {AlarmActions: [SNS, ARN('old-id'), ARN('other-id', 'memory-high')]}

    expect(boundAlarmActions(alarm, ARN('new-id'))).toEqual([SNS, ARN('other-id', 'memory-high'), ARN('new-id')])
    expect(isBound(alarm, ARN('new-id'))).toBe(false)
    expect(isBound({AlarmActions: [SNS, ARN('new-id')]}, ARN('new-id'))).toBe(true)
    expect(isBound({AlarmActions: [ARN('old-id'), ARN('new-id')]}, ARN('new-id'))).toBe(false)
  })

  it('rewrites the alarm with every setting PutMetricAlarm takes and no tags', () => {
    const input = putAlarmInput(
      {
        AlarmName: 'cpu-high',
        AlarmArn: 'arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:cpu-high',
        StateValue: 'ALARM',
        Metrics: [{Id: 'm1', Expression: 'SUM(METRICS())'}],
        ThresholdMetricId: 'band',
        EvaluateLowSampleCountPercentile: 'ignore',
        TreatMissingData: 'breaching',
        DatapointsToAlarm: 2,
        EvaluationPeriods: 3,
        ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      },
      [SNS],
    )
    expect(input).toEqual({
      AlarmName: 'cpu-high',
      AlarmActions: [SNS],
      Metrics: [{Id: 'm1', Expression: 'SUM(METRICS())'}],
      ThresholdMetricId: 'band',
      EvaluateLowSampleCountPercentile: 'ignore',
      TreatMissingData: 'breaching',
      DatapointsToAlarm: 2,
      EvaluationPeriods: 3,
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
    })
  })
})

describe('names', () => {
  it("follows hako-Ruby's policy names and the resource id of a cluster given by ARN", () => {
    expect(
      policyNameOf({
        policy_type: 'StepScaling',
        alarms: ['a', 'b'],
        cooldown: 60,
        adjustment_type: 'ChangeInCapacity',
        scaling_adjustment: 1,
        metric_aggregation_type: 'Average',
      }),
    ).toBe('a-and-b')
    expect(resourceIdOf('arn:aws:ecs:ap-northeast-1:123456789012:cluster/web', 'api')).toBe('service/web/api')
  })

  it('marks a policy with a tag key of bounded length and a value in the characters tags allow', () => {
    const long = `${'x'.repeat(250)}#!`
    expect(policyTagKey(long)).toMatch(/^hako:scaling-policy:[0-9a-f]{24}$/)
    expect(policyTagKey(long)).not.toBe(policyTagKey(`${long}y`))
    expect(policyTagValue('cpu>80%-and-mem')).toBe('cpu_80_-and-mem')
    expect(policyTagValue(long)).toHaveLength(252)
  })
})

describe('comparing a policy', () => {
  it('ignores settings the definition leaves to AWS, and compares the steps whole', () => {
    const wanted = policyTree(
      {policy_type: 'TargetTrackingScaling', name: 't', target_value: 50, predefined_metric_type: 'ECSServiceAverageCPUUtilization'},
      undefined,
    )
    const live: LivePolicy = {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 50,
        PredefinedMetricSpecification: {PredefinedMetricType: 'ECSServiceAverageCPUUtilization'},
        ScaleInCooldown: 300,
        DisableScaleIn: false,
      },
    }
    expect(livePolicyTree(live, wanted)).toEqual(wanted)

    const step = policyTree(
      {policy_type: 'StepScaling', alarms: ['a'], cooldown: 60, adjustment_type: 'ChangeInCapacity', scaling_adjustment: 1, metric_aggregation_type: 'Average'},
      undefined,
    )
    const twoSteps: LivePolicy = {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        Cooldown: 60,
        MetricAggregationType: 'Average',
        StepAdjustments: [{ScalingAdjustment: 1}, {ScalingAdjustment: 2, MetricIntervalLowerBound: 10}],
      },
    }
    expect(livePolicyTree(twoSteps, step)).not.toEqual(step)
  })

  it('shows a policy of another type whole', () => {
    const wanted = policyTree(
      {policy_type: 'TargetTrackingScaling', name: 't', target_value: 50, predefined_metric_type: 'ECSServiceAverageCPUUtilization'},
      undefined,
    )
    const live: LivePolicy = {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {AdjustmentType: 'ChangeInCapacity', Cooldown: 60, StepAdjustments: [{ScalingAdjustment: 1}]},
    }
    expect(livePolicyTree(live, wanted)).toEqual({
      policy_type: 'StepScaling',
      adjustment_type: 'ChangeInCapacity',
      step_adjustments: [{scaling_adjustment: 1}],
      cooldown: 60,
    })
  })

  it('labels an ALB target group as app/<lb>/<id>/targetgroup/<tg>/<id>', () => {
    expect(
      resourceLabelOf(
        'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/hako-api/50dc6c495c0c9188',
        'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/hako-api/943f017f100becff',
      ),
    ).toBe('app/hako-api/50dc6c495c0c9188/targetgroup/hako-api/943f017f100becff')
  })
})
