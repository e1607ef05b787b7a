/**
 * The reads a plan of the autoscaling needs: the scalable target with its tags, its policies, the
 * alarms step scaling policies are bound to, and the target group's resource label.
 */
import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  ListTagsForResourceCommand,
  type ScalableTarget,
  type ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling'
import {type CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm} from '@aws-sdk/client-cloudwatch'
import {DescribeTargetGroupsCommand, type ElasticLoadBalancingV2Client} from '@aws-sdk/client-elastic-load-balancing-v2'

import {awsCall, HakoError} from '../errors.js'
import {resourceLabelOf} from './compare.js'
import {SCALABLE_DIMENSION, SERVICE_NAMESPACE} from './names.js'

export interface LiveAutoscaling {
  target?: ScalableTarget
  tags: Record<string, string>
  policies: ScalingPolicy[]
}

export async function readScalableTarget(aas: ApplicationAutoScalingClient, resourceId: string): Promise<ScalableTarget | undefined> {
  const out = await awsCall('application-autoscaling:DescribeScalableTargets', resourceId, () =>
    aas.send(new DescribeScalableTargetsCommand({ServiceNamespace: SERVICE_NAMESPACE, ResourceIds: [resourceId], ScalableDimension: SCALABLE_DIMENSION})),
  )
  return out.ScalableTargets?.find((t) => t.ResourceId === resourceId)
}

export async function readPolicies(aas: ApplicationAutoScalingClient, resourceId: string): Promise<ScalingPolicy[]> {
  const policies: ScalingPolicy[] = []
  let NextToken: string | undefined
  do {
    const page = await awsCall('application-autoscaling:DescribeScalingPolicies', `policies of ${resourceId}`, () =>
      aas.send(
        new DescribeScalingPoliciesCommand({ServiceNamespace: SERVICE_NAMESPACE, ResourceId: resourceId, ScalableDimension: SCALABLE_DIMENSION, NextToken}),
      ),
    )
    policies.push(...(page.ScalingPolicies ?? []))
    NextToken = page.NextToken
  } while (NextToken)
  return policies
}

export async function readLive(aas: ApplicationAutoScalingClient, resourceId: string): Promise<LiveAutoscaling> {
  const target = await readScalableTarget(aas, resourceId)
  if (!target) return {tags: {}, policies: []}
  const arn = target.ScalableTargetARN
  const [tags, policies] = await Promise.all([
    arn
      ? awsCall('application-autoscaling:ListTagsForResource', arn, () => aas.send(new ListTagsForResourceCommand({ResourceARN: arn}))).then(
          (out) => out.Tags ?? {},
        )
      : Promise.resolve({}),
    readPolicies(aas, resourceId),
  ])
  return {target, tags, policies}
}

/** The named alarms that exist, by name (DescribeAlarms takes 100 names at a time). */
export async function readAlarms(cw: CloudWatchClient, names: string[]): Promise<Map<string, MetricAlarm>> {
  const found = new Map<string, MetricAlarm>()
  const unique = [...new Set(names)]
  for (let i = 0; i < unique.length; i += 100) {
    const batch = unique.slice(i, i + 100)
    let NextToken: string | undefined
    do {
      const page = await awsCall('cloudwatch:DescribeAlarms', `alarms ${batch.join(', ')}`, () =>
        cw.send(new DescribeAlarmsCommand({AlarmNames: batch, AlarmTypes: ['MetricAlarm'], NextToken})),
      )
      for (const alarm of page.MetricAlarms ?? []) if (alarm.AlarmName) found.set(alarm.AlarmName, alarm)
      NextToken = page.NextToken
    } while (NextToken)
  }
  return found
}

/**
 * The label ALBRequestCountPerTarget needs, from the target group's first load balancer;
 * undefined while the group is not attached to one yet (its listener comes later in this run).
 */
export async function readResourceLabel(elbv2: ElasticLoadBalancingV2Client, targetGroupArn: string): Promise<string | undefined> {
  const out = await awsCall('elbv2:DescribeTargetGroups', targetGroupArn, () =>
    elbv2.send(new DescribeTargetGroupsCommand({TargetGroupArns: [targetGroupArn]})),
  )
  const lbArn = out.TargetGroups?.[0]?.LoadBalancerArns?.[0]
  if (!lbArn) return undefined
  const label = resourceLabelOf(lbArn, targetGroupArn)
  if (!label.startsWith('app/')) {
    throw new HakoError("Load balancer type must be 'application' for predefined metric type ALBRequestCountPerTarget", {code: 'autoscaling-invalid'})
  }
  return label
}
