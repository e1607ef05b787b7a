/**
 * The definition's autoscaling and the live scalable target and policies, as trees in the
 * definition's own words: the plan compares them (equal trees, nothing to write) and diffs them
 * (the same trees), so "changed?" and the diff cannot disagree. Pure.
 */
import type {ScalableTarget, ScalingPolicy} from '@aws-sdk/client-application-auto-scaling'
import type {MetricAlarm} from '@aws-sdk/client-cloudwatch'

import type {AutoscalingSpec, ScalingPolicySpec} from './names.js'

type Tree = Record<string, unknown>

function defined(tree: Tree): Tree {
  return Object.fromEntries(Object.entries(tree).filter(([, value]) => value !== undefined))
}

/** The role is compared only when the definition names one (else AWS uses its service-linked role). */
export function targetTree(spec: AutoscalingSpec): Tree {
  return defined({min_capacity: spec.min_capacity, max_capacity: spec.max_capacity, role_arn: spec.role_arn, managed_by_hako: true})
}

export function liveTargetTree(live: ScalableTarget, spec: AutoscalingSpec, managed: boolean): Tree {
  return defined({
    min_capacity: live.MinCapacity,
    max_capacity: live.MaxCapacity,
    role_arn: spec.role_arn === undefined ? undefined : live.RoleARN,
    managed_by_hako: managed,
  })
}

/**
 * A policy's settings as the definition gives them. Optional settings the definition leaves out
 * are not compared: AWS fills in its own defaults for them.
 */
export function policyTree(spec: ScalingPolicySpec, resourceLabel: string | undefined): Tree {
  if (spec.policy_type === 'StepScaling') {
    return defined({
      policy_type: 'StepScaling',
      adjustment_type: spec.adjustment_type,
      step_adjustments: [
        defined({
          scaling_adjustment: spec.scaling_adjustment,
          metric_interval_lower_bound: spec.metric_interval_lower_bound,
          metric_interval_upper_bound: spec.metric_interval_upper_bound,
        }),
      ],
      cooldown: spec.cooldown,
      metric_aggregation_type: spec.metric_aggregation_type,
      min_adjustment_magnitude: spec.min_adjustment_magnitude,
    })
  }
  return defined({
    policy_type: 'TargetTrackingScaling',
    target_value: spec.target_value,
    predefined_metric_type: spec.predefined_metric_type,
    resource_label: resourceLabel,
    scale_out_cooldown: spec.scale_out_cooldown,
    scale_in_cooldown: spec.scale_in_cooldown,
    disable_scale_in: spec.disable_scale_in,
  })
}

/** The live policy in the same words, keeping only the keys the wanted tree has (and the steps whole). */
export function livePolicyTree(
  live: Pick<ScalingPolicy, 'PolicyType' | 'StepScalingPolicyConfiguration' | 'TargetTrackingScalingPolicyConfiguration'>,
  wanted: Tree,
): Tree {
  let tree: Tree
  if (live.PolicyType === 'StepScaling') {
    const c = live.StepScalingPolicyConfiguration ?? {}
    tree = {
      policy_type: 'StepScaling',
      adjustment_type: c.AdjustmentType,
      step_adjustments: (c.StepAdjustments ?? []).map((s) =>
        defined({
          scaling_adjustment: s.ScalingAdjustment,
          metric_interval_lower_bound: s.MetricIntervalLowerBound,
          metric_interval_upper_bound: s.MetricIntervalUpperBound,
        }),
      ),
      cooldown: c.Cooldown,
      metric_aggregation_type: c.MetricAggregationType,
      min_adjustment_magnitude: c.MinAdjustmentMagnitude,
    }
  } else {
    const c = live.TargetTrackingScalingPolicyConfiguration ?? {TargetValue: undefined}
    tree = {
      policy_type: live.PolicyType,
      target_value: c.TargetValue,
      predefined_metric_type: c.PredefinedMetricSpecification?.PredefinedMetricType,
      resource_label: c.PredefinedMetricSpecification?.ResourceLabel,
      scale_out_cooldown: c.ScaleOutCooldown,
      scale_in_cooldown: c.ScaleInCooldown,
      disable_scale_in: c.DisableScaleIn,
    }
  }
  // A policy of another type is compared whole, so the type change shows.
  if (tree.policy_type !== wanted.policy_type) return defined(tree)
  return defined(Object.fromEntries(Object.keys(wanted).map((key) => [key, tree[key]])))
}

/** `service/<c>/<s>:policyName/<name>`: the tail every ARN of this policy ends with, whatever its id. */
function policyArnTail(policyArn: string): string {
  return policyArn.slice(policyArn.indexOf(':resource/'))
}

/**
 * The alarm actions once the policy is bound: hako-Ruby replaced them all with the policy's ARN;
 * we keep the other actions and drop only earlier ARNs of the same policy (a policy deleted and
 * created again gets a new ARN).
 */
export function boundAlarmActions(alarm: MetricAlarm, policyArn: string): string[] {
  const tail = policyArnTail(policyArn)
  const kept = (alarm.AlarmActions ?? []).filter((action) => action === policyArn || !action.endsWith(tail))
  return kept.includes(policyArn) ? kept : [...kept, policyArn]
}

export function isBound(alarm: MetricAlarm, policyArn: string): boolean {
  const actions = alarm.AlarmActions ?? []
  return actions.length === boundAlarmActions(alarm, policyArn).length && actions.includes(policyArn)
}

/** `app/<lb>/<id>/targetgroup/<tg>/<id>` from the load balancer and target group ARNs. */
export function resourceLabelOf(loadBalancerArn: string, targetGroupArn: string): string {
  const lb = /:loadbalancer\/(.+)$/.exec(loadBalancerArn)?.[1] ?? ''
  const tg = targetGroupArn.slice(targetGroupArn.lastIndexOf(':') + 1)
  return `${lb}/${tg}`
}
