/**
 * The "Autoscaling" section of `hako status`: the scalable target, its policies (and whether hako
 * manages them) and the most recent scaling activities, as hako-Ruby showed them (50 at most).
 */
import {DescribeScalingActivitiesCommand} from '@aws-sdk/client-application-auto-scaling'

import type {AwsClients} from '../aws/clients.js'
import {awsCall} from '../errors.js'
import {policyTagKey, resourceIdOf, SCALABLE_DIMENSION, SERVICE_NAMESPACE} from './names.js'
import {readLive} from './read.js'

export const ACTIVITY_LIMIT = 50

export interface AutoscalingStatus {
  resourceId: string
  minCapacity: number
  maxCapacity: number
  roleArn?: string
  /** Which kinds of scaling are suspended (`scale-in`, `scale-out`, `scheduled`). */
  suspended: string[]
  policies: {name: string; type: string; managedByHako: boolean; summary: string}[]
  /** Newest first. */
  activities: {startTime: string; endTime?: string; statusCode: string; statusMessage: string; description: string; cause: string; details?: string}[]
}

const iso = (date: Date | undefined): string | undefined => (date instanceof Date ? date.toISOString() : undefined)

/** Undefined when the service has no scalable target. */
export async function autoscalingStatus(clients: AwsClients, cluster: string, service: string): Promise<AutoscalingStatus | undefined> {
  const aas = clients.applicationAutoScaling
  const resourceId = resourceIdOf(cluster, service)
  const live = await readLive(aas, resourceId)
  if (!live.target) return undefined
  const activities = await awsCall('application-autoscaling:DescribeScalingActivities', resourceId, () =>
    aas.send(
      new DescribeScalingActivitiesCommand({
        ServiceNamespace: SERVICE_NAMESPACE,
        ResourceId: resourceId,
        ScalableDimension: SCALABLE_DIMENSION,
        MaxResults: ACTIVITY_LIMIT,
      }),
    ),
  )
  const s = live.target.SuspendedState
  return {
    resourceId,
    minCapacity: live.target.MinCapacity ?? 0,
    maxCapacity: live.target.MaxCapacity ?? 0,
    ...(live.target.RoleARN ? {roleArn: live.target.RoleARN} : {}),
    suspended: [s?.DynamicScalingInSuspended && 'scale-in', s?.DynamicScalingOutSuspended && 'scale-out', s?.ScheduledScalingSuspended && 'scheduled'].filter(
      (x): x is string => typeof x === 'string',
    ),
    policies: live.policies.map((p) => {
      const step = p.StepScalingPolicyConfiguration
      const tracking = p.TargetTrackingScalingPolicyConfiguration
      const summary = step
        ? `${step.AdjustmentType ?? '?'} ${(step.StepAdjustments ?? []).map((a) => a.ScalingAdjustment).join('/')}, cooldown ${step.Cooldown ?? '-'}, alarms ${(p.Alarms ?? []).map((a) => a.AlarmName).join(', ') || '-'}`
        : tracking
          ? `${tracking.PredefinedMetricSpecification?.PredefinedMetricType ?? 'customized metric'} target ${tracking.TargetValue}`
          : ''
      return {name: p.PolicyName ?? '?', type: p.PolicyType ?? '?', managedByHako: live.tags[policyTagKey(p.PolicyName ?? '')] !== undefined, summary}
    }),
    activities: (activities.ScalingActivities ?? []).map((a) => ({
      startTime: iso(a.StartTime) ?? '',
      ...(a.EndTime ? {endTime: iso(a.EndTime)} : {}),
      statusCode: a.StatusCode ?? '',
      statusMessage: a.StatusMessage ?? '',
      description: a.Description ?? '',
      cause: a.Cause ?? '',
      ...(a.Details ? {details: a.Details} : {}),
    })),
  }
}
