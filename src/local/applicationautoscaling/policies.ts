/**
 * Scaling policies: PutScalingPolicy (create, or update in place keeping the ARN), describe,
 * delete. A target tracking policy owns two alarms in the CloudWatch slice; deleting a step
 * scaling policy drops its ARN from the alarms that pointed at it (AWS keeps the alarms).
 */
import {type AlarmState, alarmsIn, deleteAlarm, putAlarm, removeAlarmAction} from '../cloudwatch/state.js'
import {nextId} from '../world.js'
import {objectNotFound, validation} from './errors.js'
import {
  type Input,
  type ScalingScope,
  checkEnums,
  constraintErrors,
  describeTarget,
  enumMessage,
  nullMessage,
  paginate,
  requireTarget,
  targetIdOf,
} from './scope.js'
import {type ScalingPolicyState, targetKey} from './state.js'

const POLICY_TYPES = ['PredictiveScaling', 'StepScaling', 'TargetTrackingScaling']
const ADJUSTMENT_TYPES = ['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity']
const AGGREGATION_TYPES = ['Average', 'Minimum', 'Maximum']
const ECS_METRICS = ['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget']
const RESOURCE_LABEL = /^app\/[^/]+\/[0-9a-f]+\/targetgroup\/[^/]+\/[0-9a-f]+$/

const policyKey = (scope: ScalingScope, id: Parameters<typeof targetKey>[1], name: string): string => `${targetKey(scope.region, id)}\t${name}`

function uuid(scope: ScalingScope): string {
  return nextId(scope.context.world).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')
}

function checkStep(config: Record<string, unknown> | undefined): void {
  if (!config) throw validation('StepScalingPolicyConfiguration is required for a policy of type StepScaling')
  const messages: string[] = []
  if (config.AdjustmentType !== undefined && !ADJUSTMENT_TYPES.includes(String(config.AdjustmentType)))
    messages.push(enumMessage('AdjustmentType', config.AdjustmentType, ADJUSTMENT_TYPES))
  if (config.MetricAggregationType !== undefined && !AGGREGATION_TYPES.includes(String(config.MetricAggregationType))) {
    messages.push(enumMessage('MetricAggregationType', config.MetricAggregationType, AGGREGATION_TYPES))
  }
  constraintErrors(messages)
  const steps = (config.StepAdjustments as Record<string, unknown>[] | undefined) ?? []
  if (steps.length === 0) throw validation('StepAdjustments must contain at least one step adjustment')
  for (const step of steps) {
    if (typeof step.ScalingAdjustment !== 'number') throw validation(`1 validation error detected: ${nullMessage('ScalingAdjustment')}`)
  }
  if (steps.filter((s) => s.MetricIntervalLowerBound === undefined).length > 1 || steps.filter((s) => s.MetricIntervalUpperBound === undefined).length > 1) {
    throw validation('Only one step adjustment can have an unbounded lower or upper bound')
  }
}

function checkTargetTracking(config: Record<string, unknown> | undefined, namespace: string): void {
  if (!config) throw validation('TargetTrackingScalingPolicyConfiguration is required for a policy of type TargetTrackingScaling')
  if (typeof config.TargetValue !== 'number') throw validation(`1 validation error detected: ${nullMessage('TargetValue')}`)
  const predefined = config.PredefinedMetricSpecification as {PredefinedMetricType?: string; ResourceLabel?: string} | undefined
  if (!predefined && !config.CustomizedMetricSpecification)
    throw validation('Either PredefinedMetricSpecification or CustomizedMetricSpecification must be specified')
  if (predefined && namespace === 'ecs') {
    if (!ECS_METRICS.includes(String(predefined.PredefinedMetricType)))
      throw validation(`Unsupported predefined metric type ${String(predefined.PredefinedMetricType)} for service namespace ecs`)
    if (predefined.PredefinedMetricType === 'ALBRequestCountPerTarget' && !RESOURCE_LABEL.test(predefined.ResourceLabel ?? '')) {
      throw validation(`Invalid resource label ${predefined.ResourceLabel ?? 'null'} for predefined metric type ALBRequestCountPerTarget`)
    }
  }
}

const METRIC_NAMES: Record<string, [string, string]> = {
  ECSServiceAverageCPUUtilization: ['AWS/ECS', 'CPUUtilization'],
  ECSServiceAverageMemoryUtilization: ['AWS/ECS', 'MemoryUtilization'],
  ALBRequestCountPerTarget: ['AWS/ApplicationELB', 'RequestCountPerTarget'],
}

/** The two alarms AWS creates for a target tracking policy on an ECS service. */
function targetTrackingAlarms(scope: ScalingScope, policy: ScalingPolicyState): void {
  const config = policy.TargetTrackingScalingPolicyConfiguration ?? {}
  const type = (config.PredefinedMetricSpecification as {PredefinedMetricType?: string} | undefined)?.PredefinedMetricType ?? ''
  const [namespace, metric] = METRIC_NAMES[type] ?? ['Custom', 'Custom']
  const [, cluster, service] = policy.ResourceId.split('/')
  const target = Number(config.TargetValue)
  const action = `${policy.PolicyARN}:createdBy/${uuid(scope)}`
  for (const [suffix, operator, periods, threshold] of [
    ['AlarmHigh', 'GreaterThanThreshold', 3, target],
    ['AlarmLow', 'LessThanThreshold', 15, target * 0.9],
  ] as const) {
    const name = `TargetTracking-${policy.ResourceId}-${suffix}-${uuid(scope)}`
    const now = scope.now / 1000
    const alarm: AlarmState = {
      AlarmName: name,
      AlarmArn: `arn:aws:cloudwatch:${scope.region}:${scope.context.accountId}:alarm:${name}`,
      AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${action}.`,
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: [action],
      InsufficientDataActions: [],
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      StateUpdatedTimestamp: now,
      AlarmConfigurationUpdatedTimestamp: now,
      MetricName: metric,
      Namespace: namespace,
      Statistic: 'Average',
      Dimensions: [
        {Name: 'ClusterName', Value: cluster ?? ''},
        {Name: 'ServiceName', Value: service ?? ''},
      ],
      Period: 60,
      EvaluationPeriods: periods,
      Threshold: threshold,
      ComparisonOperator: operator,
      region: scope.region,
      tags: [],
    }
    putAlarm(scope.context.world, alarm)
    policy.Alarms.push({AlarmName: name, AlarmARN: alarm.AlarmArn})
  }
}

/** Deletes a policy as AWS does: its own alarms go, other alarms lose its ARN from their actions. */
export function deletePolicy(scope: ScalingScope, policy: ScalingPolicyState): void {
  for (const alarm of policy.Alarms) deleteAlarm(scope.context.world, policy.region, alarm.AlarmName)
  removeAlarmAction(scope.context.world, policy.region, policy.PolicyARN)
  delete scope.state.policies[policyKey(scope, policy, policy.PolicyName)]
}

/** A step scaling policy lists the alarms whose actions point at it, as AWS does. */
function wire(scope: ScalingScope, policy: ScalingPolicyState): Record<string, unknown> {
  const {region: _region, ...rest} = policy
  if (policy.PolicyType !== 'StepScaling') return rest
  const bound = alarmsIn(scope.context.world, policy.region).filter((a) =>
    [...a.AlarmActions, ...a.OKActions, ...a.InsufficientDataActions].includes(policy.PolicyARN),
  )
  return {...rest, Alarms: bound.map((a) => ({AlarmName: a.AlarmName, AlarmARN: a.AlarmArn}))}
}

export const policyHandlers = {
  PutScalingPolicy(scope: ScalingScope, input: Input) {
    const name = input.PolicyName
    if (typeof name !== 'string') throw validation(`1 validation error detected: ${nullMessage('PolicyName')}`)
    if (name.length < 1 || name.length > 256)
      throw validation("1 validation error detected: Value at 'policyName' failed to satisfy constraint: Member must have length between 1 and 256")
    const id = targetIdOf(input)
    const type = input.PolicyType === undefined ? 'StepScaling' : String(input.PolicyType)
    if (!POLICY_TYPES.includes(type)) throw validation(`1 validation error detected: ${enumMessage('PolicyType', type, POLICY_TYPES)}`)
    if (type === 'PredictiveScaling' && id.ServiceNamespace === 'ecs') throw validation('hako local AWS does not simulate PredictiveScaling policies')
    const step = input.StepScalingPolicyConfiguration as Record<string, unknown> | undefined
    const tracking = input.TargetTrackingScalingPolicyConfiguration as Record<string, unknown> | undefined
    if (type === 'StepScaling') checkStep(step)
    else checkTargetTracking(tracking, id.ServiceNamespace)
    requireTarget(scope, id)

    const key = policyKey(scope, id, name)
    const existing = scope.state.policies[key]
    if (existing && existing.PolicyType !== type) deletePolicy(scope, existing)
    const kept = existing && existing.PolicyType === type ? existing : undefined
    const policy: ScalingPolicyState = {
      PolicyARN:
        kept?.PolicyARN ??
        `arn:aws:autoscaling:${scope.region}:${scope.context.accountId}:scalingPolicy:${uuid(scope)}:resource/${id.ServiceNamespace}/${id.ResourceId}:policyName/${name}`,
      PolicyName: name,
      ...id,
      PolicyType: type,
      ...(type === 'StepScaling' ? {StepScalingPolicyConfiguration: step} : {TargetTrackingScalingPolicyConfiguration: tracking}),
      Alarms: kept?.Alarms ?? [],
      CreationTime: kept?.CreationTime ?? scope.now / 1000,
      region: scope.region,
    }
    scope.state.policies[key] = policy
    if (type === 'TargetTrackingScaling' && policy.Alarms.length === 0) targetTrackingAlarms(scope, policy)
    return {PolicyARN: policy.PolicyARN, Alarms: policy.Alarms}
  },

  DescribeScalingPolicies(scope: ScalingScope, input: Input) {
    checkEnums(input, ['ServiceNamespace'])
    const names = input.PolicyNames as string[] | undefined
    const policies = Object.values(scope.state.policies).filter(
      (p) =>
        p.region === scope.region &&
        p.ServiceNamespace === input.ServiceNamespace &&
        (!names?.length || names.includes(p.PolicyName)) &&
        (input.ResourceId === undefined || p.ResourceId === input.ResourceId) &&
        (input.ScalableDimension === undefined || p.ScalableDimension === input.ScalableDimension),
    )
    const {page, NextToken} = paginate(policies, input)
    return {ScalingPolicies: page.map((p) => wire(scope, p)), ...(NextToken ? {NextToken} : {})}
  },

  DeleteScalingPolicy(scope: ScalingScope, input: Input) {
    if (typeof input.PolicyName !== 'string') throw validation(`1 validation error detected: ${nullMessage('PolicyName')}`)
    const id = targetIdOf(input)
    const policy = scope.state.policies[policyKey(scope, id, input.PolicyName)]
    if (!policy) throw objectNotFound(`No scaling policy found for ${describeTarget(id)}, policy name: ${input.PolicyName}`)
    deletePolicy(scope, policy)
    return {}
  },
}
