/**
 * The Application Auto Scaling slice of the world: scalable targets (with their tags), scaling
 * policies and scaling activities, per region, in their wire shape (epoch seconds).
 */
export interface ScalableTargetState {
  ServiceNamespace: string
  ResourceId: string
  ScalableDimension: string
  MinCapacity: number
  MaxCapacity: number
  RoleARN: string
  CreationTime: number
  SuspendedState: {DynamicScalingInSuspended: boolean; DynamicScalingOutSuspended: boolean; ScheduledScalingSuspended: boolean}
  ScalableTargetARN: string
  region: string
  tags: Record<string, string>
}

export interface ScalingPolicyState {
  PolicyARN: string
  PolicyName: string
  ServiceNamespace: string
  ResourceId: string
  ScalableDimension: string
  PolicyType: string
  StepScalingPolicyConfiguration?: Record<string, unknown>
  TargetTrackingScalingPolicyConfiguration?: Record<string, unknown>
  /** The alarms the policy owns (target tracking) — AWS lists them with the policy. */
  Alarms: {AlarmName: string; AlarmARN: string}[]
  CreationTime: number
  region: string
}

export interface ScalingActivityState {
  ActivityId: string
  ServiceNamespace: string
  ResourceId: string
  ScalableDimension: string
  Description: string
  Cause: string
  StartTime: number
  EndTime: number
  StatusCode: 'Successful'
  StatusMessage: string
  region: string
}

export interface ApplicationAutoScalingState {
  /** Keyed by targetKey(). */
  targets: Record<string, ScalableTargetState>
  /** Keyed by `targetKey()\t<policy name>`. */
  policies: Record<string, ScalingPolicyState>
  /** Oldest first. */
  activities: ScalingActivityState[]
}

export function emptyApplicationAutoScalingState(): ApplicationAutoScalingState {
  return {targets: {}, policies: {}, activities: []}
}

export interface TargetId {
  ServiceNamespace: string
  ResourceId: string
  ScalableDimension: string
}

export const targetKey = (region: string, id: TargetId): string => `${region}\t${id.ServiceNamespace}\t${id.ResourceId}\t${id.ScalableDimension}`
