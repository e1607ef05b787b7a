/**
 * How hako names what it puts in Application Auto Scaling, and how it marks what is its own.
 * Policy names are hako-Ruby's (docs/hako-compatibility.md "Autoscaling"), so a service deployed by
 * hako-Ruby is taken over without new policies. Scaling policies cannot be tagged, so each policy
 * hako manages is marked by a tag on the scalable target; only marked policies are ever deleted.
 */
import {createHash} from 'node:crypto'

import type {Scheduler} from '../definition/types.js'

export type AutoscalingSpec = NonNullable<Scheduler['autoscaling']>
export type ScalingPolicySpec = AutoscalingSpec['policies'][number]

export const SERVICE_NAMESPACE = 'ecs' as const
export const SCALABLE_DIMENSION = 'ecs:service:DesiredCount' as const

/** On the scalable target: the app that registered it. */
export const APP_TAG = 'hako:app'
/** On the scalable target, one per managed policy: `hako:scaling-policy:<digest of the name>`. */
export const POLICY_TAG_PREFIX = 'hako:scaling-policy:'

/** `service/<cluster name>/<service name>`; the cluster may be given as an ARN. */
export function resourceIdOf(cluster: string, service: string): string {
  return `service/${cluster.slice(cluster.lastIndexOf('/') + 1)}/${service}`
}

/** hako-Ruby's names: a step scaling policy is named after its alarms, joined by `-and-`. */
export function policyNameOf(policy: ScalingPolicySpec): string {
  return policy.policy_type === 'StepScaling' ? policy.alarms.join('-and-') : policy.name
}

/** Tag keys are at most 128 characters and policy names up to 256, so the key holds a digest. */
export function policyTagKey(name: string): string {
  return POLICY_TAG_PREFIX + createHash('sha256').update(name).digest('hex').slice(0, 24)
}

/** The name itself, for people reading the tags, in the characters tag values allow. */
export function policyTagValue(name: string): string {
  return name.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 256)
}
