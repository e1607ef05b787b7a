/**
 * `scheduler.autoscaling` as plan actions: the scalable target, then one action per scaling policy
 * (with the alarms a step scaling policy is bound to), then deletions of the policies hako created
 * that the definition no longer lists. Unlike hako-Ruby, nothing is written when the live target,
 * policies and alarm actions already match.
 */
import type {ScalableTarget, ScalingPolicy} from '@aws-sdk/client-application-auto-scaling'
import type {MetricAlarm} from '@aws-sdk/client-cloudwatch'

import {HakoError} from '../errors.js'
import type {PlanAction, PlanContext} from '../plan/types.js'
import {renderDiff} from '../ui/diff.js'
import {isBound, livePolicyTree, liveTargetTree, policyTree, targetTree} from './compare.js'
import {APP_TAG, type AutoscalingSpec, policyNameOf, policyTagKey, resourceIdOf, type ScalingPolicySpec} from './names.js'
import {readAlarms, readLive, readResourceLabel} from './read.js'
import {applyPolicy, deletePolicy, registerTarget, type Shared} from './writes.js'

export interface AutoscalingPlanInput {
  cluster: string
  service: string
  /** The service's target group; unknown at plan time when this run creates it (read from ApplyOutputs then). */
  targetGroupArn?: string
}

type Tree = Record<string, unknown>

/** `min_capacity 1 → 2, role_arn …` for the keys that differ. */
function changes(live: Tree, wanted: Tree): string {
  const keys = [...new Set([...Object.keys(live), ...Object.keys(wanted)])]
  const show = (value: unknown): string => (value === undefined ? '(unset)' : typeof value === 'object' ? JSON.stringify(value) : String(value))
  return keys
    .filter((key) => JSON.stringify(live[key]) !== JSON.stringify(wanted[key]))
    .map((key) => `${key} ${show(live[key])} → ${show(wanted[key])}`)
    .join(', ')
}

function action(fields: Omit<PlanAction, 'compared'> & {compared?: boolean}): PlanAction {
  return {compared: true, ...fields}
}

export async function planAutoscaling(ctx: PlanContext, input: AutoscalingPlanInput): Promise<PlanAction[]> {
  const spec = ctx.definition.scheduler.autoscaling
  const resourceId = resourceIdOf(input.cluster, input.service)
  const shared: Shared = {ctx, resourceId, service: input.service, targetGroupArn: input.targetGroupArn}
  // Without autoscaling nothing is read, as in hako: a deploy needs no Application Auto Scaling rights.
  if (!spec) return []
  const policies = spec.policies.map((policy, index) => ({policy, index, name: policyNameOf(policy)}))
  if (!ctx.live) {
    return [
      action({
        kind: 'scalable-target',
        resource: resourceId,
        change: 'create',
        reason: 'not compared (offline)',
        diff: renderDiff('(none)', 'scheduler.autoscaling', undefined, targetTree(spec)),
        compared: false,
        apply: (o) => registerTarget(shared, spec, o),
      }),
      ...policies.map(({policy, index, name}) =>
        action({
          kind: 'scaling-policy',
          resource: name,
          change: 'create',
          reason: 'not compared (offline)',
          diff: renderDiff('(none)', `scheduler.autoscaling.policies[${index}]`, undefined, policyTree(policy, undefined)),
          compared: false,
          apply: (o) => applyPolicy(shared, policy, name, {put: true}, o),
        }),
      ),
    ]
  }

  const {clients} = ctx
  const live = await readLive(clients.applicationAutoScaling, resourceId)
  shared.targetArn = live.target?.ScalableTargetARN
  const alarms = await checkedAlarms(ctx, spec)
  const label = spec.policies.some(needsLabel) && input.targetGroupArn ? await readResourceLabel(clients.elbv2, input.targetGroupArn) : undefined
  shared.resourceLabel = label

  const actions: PlanAction[] = [targetAction(shared, spec, live.target, live.tags)]
  const byName = new Map((live.policies ?? []).map((p) => [p.PolicyName ?? '', p]))
  for (const {policy, index, name} of policies) {
    actions.push(policyAction(shared, {policy, index, name}, byName.get(name), alarms, live.tags, label))
  }
  const wanted = new Set(policies.map((p) => p.name))
  for (const stale of live.policies.filter((p) => !wanted.has(p.PolicyName ?? ''))) {
    const name = stale.PolicyName ?? ''
    const ours = live.tags[policyTagKey(name)] !== undefined
    actions.push(
      ours
        ? action({
            kind: 'scaling-policy',
            resource: name,
            change: 'delete',
            reason: 'no longer in scheduler.autoscaling.policies',
            diff: renderDiff(name, '(none)', livePolicyTree(stale, {}), undefined),
            summary: 'deleted',
            apply: (o) => deletePolicy(shared, name, o),
          })
        : action({kind: 'scaling-policy', resource: name, change: 'none', reason: 'not created by hako: left alone', diff: ''}),
    )
  }
  return actions
}

function needsLabel(policy: ScalingPolicySpec): boolean {
  return policy.policy_type === 'TargetTrackingScaling' && policy.predefined_metric_type === 'ALBRequestCountPerTarget'
}

/** Every alarm a step scaling policy names must exist: all missing ones are reported at once, before any write. */
async function checkedAlarms(ctx: PlanContext, spec: AutoscalingSpec): Promise<Map<string, MetricAlarm>> {
  const names = spec.policies.flatMap((p) => (p.policy_type === 'StepScaling' ? p.alarms : []))
  if (names.length === 0) return new Map()
  const alarms = await readAlarms(ctx.clients.cloudWatch, names)
  const missing = spec.policies.flatMap((p, i) =>
    p.policy_type === 'StepScaling'
      ? p.alarms.filter((a) => !alarms.has(a)).map((a) => `scheduler.autoscaling.policies[${i}].alarms: Alarm ${a} does not exist`)
      : [],
  )
  if (missing.length > 0) {
    throw new HakoError(missing.join('\n'), {
      code: 'autoscaling-alarm-missing',
      hint: 'Create the CloudWatch alarms first: hako binds step scaling policies to existing alarms.',
    })
  }
  return alarms
}

function targetAction(shared: Shared, spec: AutoscalingSpec, target: ScalableTarget | undefined, tags: Record<string, string>): PlanAction {
  const wanted = targetTree(spec)
  const {resourceId} = shared
  if (!target) {
    return action({
      kind: 'scalable-target',
      resource: resourceId,
      change: 'create',
      reason: 'missing',
      diff: renderDiff('(none)', 'scheduler.autoscaling', undefined, wanted),
      summary: 'registered',
      apply: (o) => registerTarget(shared, spec, o),
    })
  }
  const managed = tags[APP_TAG] === shared.service
  const live = liveTargetTree(target, spec, managed)
  const diff = renderDiff(resourceId, 'scheduler.autoscaling', live, wanted)
  if (diff === '') return action({kind: 'scalable-target', resource: resourceId, change: 'none', reason: 'unchanged', diff: ''})
  const reason = changes(live, wanted)
  const register = JSON.stringify({...live, managed_by_hako: true}) !== JSON.stringify(wanted)
  return action({
    kind: 'scalable-target',
    resource: resourceId,
    change: 'update',
    reason,
    diff,
    summary: reason,
    apply: (o) => registerTarget(shared, spec, o, {register, tag: !managed}),
  })
}

interface NamedPolicy {
  policy: ScalingPolicySpec
  index: number
  name: string
}

function policyAction(
  shared: Shared,
  {policy, index, name}: NamedPolicy,
  live: ScalingPolicy | undefined,
  alarms: Map<string, MetricAlarm>,
  tags: Record<string, string>,
  label: string | undefined,
): PlanAction {
  const path = `scheduler.autoscaling.policies[${index}]`
  const labelPending = needsLabel(policy) && label === undefined
  const stepAlarms = policy.policy_type === 'StepScaling' ? policy.alarms : []
  const wanted: Tree = {
    ...policyTree(policy, label),
    ...(stepAlarms.length ? {bound_to_alarms: Object.fromEntries(stepAlarms.map((a) => [a, true]))} : {}),
    managed_by_hako: true,
  }
  if (!live) {
    const reason = labelPending ? 'missing (its resource label is read once the target group is attached)' : 'missing'
    return action({
      kind: 'scaling-policy',
      resource: name,
      change: 'create',
      reason,
      diff: renderDiff('(none)', path, undefined, wanted),
      summary: 'created',
      apply: (o) => applyPolicy(shared, policy, name, {put: true}, o),
    })
  }
  const arn = live.PolicyARN ?? ''
  const settings = livePolicyTree(live, policyTree(policy, label))
  const liveTree: Tree = {
    ...settings,
    ...(stepAlarms.length
      ? {bound_to_alarms: Object.fromEntries(stepAlarms.map((a) => [a, alarms.has(a) && isBound(alarms.get(a) as MetricAlarm, arn)]))}
      : {}),
    managed_by_hako: tags[policyTagKey(name)] !== undefined,
  }
  const diff = renderDiff(`${name} (live)`, path, liveTree, wanted)
  if (diff === '' && !labelPending) return action({kind: 'scaling-policy', resource: name, change: 'none', reason: 'unchanged', diff: ''})
  const put = labelPending || JSON.stringify(settings) !== JSON.stringify(policyTree(policy, label))
  const reason = labelPending ? 'the target group is attached in this run' : changes(liveTree, wanted)
  return action({
    kind: 'scaling-policy',
    resource: name,
    change: 'update',
    reason,
    diff,
    summary: reason,
    apply: (o) => applyPolicy(shared, policy, name, {put, policyArn: arn, tagged: liveTree.managed_by_hako === true}, o),
  })
}
