/** Definition → Application Auto Scaling and CloudWatch request inputs. Pure. */
import type {PutScalingPolicyCommandInput, RegisterScalableTargetCommandInput} from '@aws-sdk/client-application-auto-scaling'
import type {MetricAlarm, PutMetricAlarmCommandInput} from '@aws-sdk/client-cloudwatch'

import {omitUndefined} from '../ecs/omit-undefined.js'
import {APP_TAG, type AutoscalingSpec, SCALABLE_DIMENSION, SERVICE_NAMESPACE, type ScalingPolicySpec} from './names.js'

export function registerInput(spec: AutoscalingSpec, resourceId: string, service: string): RegisterScalableTargetCommandInput {
  return omitUndefined({
    ServiceNamespace: SERVICE_NAMESPACE,
    ResourceId: resourceId,
    ScalableDimension: SCALABLE_DIMENSION,
    MinCapacity: spec.min_capacity,
    MaxCapacity: spec.max_capacity,
    RoleARN: spec.role_arn,
    Tags: {[APP_TAG]: service},
  })
}

/** hako-Ruby's request: a step scaling policy has a single step adjustment. */
export function putPolicyInput(spec: ScalingPolicySpec, name: string, resourceId: string, resourceLabel: string | undefined): PutScalingPolicyCommandInput {
  const base = {PolicyName: name, ServiceNamespace: SERVICE_NAMESPACE, ResourceId: resourceId, ScalableDimension: SCALABLE_DIMENSION}
  if (spec.policy_type === 'StepScaling') {
    return {
      ...base,
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: omitUndefined({
        AdjustmentType: spec.adjustment_type,
        StepAdjustments: [
          omitUndefined({
            ScalingAdjustment: spec.scaling_adjustment,
            MetricIntervalLowerBound: spec.metric_interval_lower_bound,
            MetricIntervalUpperBound: spec.metric_interval_upper_bound,
          }),
        ],
        Cooldown: spec.cooldown,
        MetricAggregationType: spec.metric_aggregation_type,
        MinAdjustmentMagnitude: spec.min_adjustment_magnitude,
      }),
    }
  }
  return {
    ...base,
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: omitUndefined({
      TargetValue: spec.target_value,
      PredefinedMetricSpecification: omitUndefined({PredefinedMetricType: spec.predefined_metric_type, ResourceLabel: resourceLabel}),
      ScaleOutCooldown: spec.scale_out_cooldown,
      ScaleInCooldown: spec.scale_in_cooldown,
      DisableScaleIn: spec.disable_scale_in,
    }),
  }
}

/**
 * The alarm as it is, with new actions. Everything PutMetricAlarm takes is copied, so nothing
 * hako-Ruby dropped (metric math, percentiles, missing-data treatment, datapoints) is lost; tags
 * are left out because PutMetricAlarm ignores them on an existing alarm.
 */
export function putAlarmInput(alarm: MetricAlarm, alarmActions: string[]): PutMetricAlarmCommandInput {
  return omitUndefined({
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription,
    ActionsEnabled: alarm.ActionsEnabled,
    OKActions: alarm.OKActions,
    AlarmActions: alarmActions,
    InsufficientDataActions: alarm.InsufficientDataActions,
    MetricName: alarm.MetricName,
    Namespace: alarm.Namespace,
    Statistic: alarm.Statistic,
    ExtendedStatistic: alarm.ExtendedStatistic,
    Dimensions: alarm.Dimensions,
    Period: alarm.Period,
    Unit: alarm.Unit,
    EvaluationPeriods: alarm.EvaluationPeriods,
    DatapointsToAlarm: alarm.DatapointsToAlarm,
    Threshold: alarm.Threshold,
    ComparisonOperator: alarm.ComparisonOperator,
    TreatMissingData: alarm.TreatMissingData,
    EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile,
    Metrics: alarm.Metrics?.length ? alarm.Metrics : undefined,
    ThresholdMetricId: alarm.ThresholdMetricId,
  }) as PutMetricAlarmCommandInput
}
