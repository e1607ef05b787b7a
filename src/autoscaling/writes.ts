/**
 * The writes of the autoscaling actions, run by apply in plan order. They decide nothing: what to
 * write was decided by the plan; they only fill in what exists once earlier writes ran (the
 * scalable target's ARN, a new policy's ARN, the label of a target group created in this run).
 */
import {
  DeleteScalingPolicyCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-application-auto-scaling'
import {PutMetricAlarmCommand} from '@aws-sdk/client-cloudwatch'

import {awsCall, HakoError} from '../errors.js'
import type {ApplyOutputs, PlanContext} from '../plan/types.js'
import {boundAlarmActions, isBound} from './compare.js'
import {APP_TAG, type AutoscalingSpec, policyTagKey, policyTagValue, SCALABLE_DIMENSION, SERVICE_NAMESPACE, type ScalingPolicySpec} from './names.js'
import {readAlarms, readResourceLabel, readScalableTarget} from './read.js'
import {putAlarmInput, putPolicyInput, registerInput} from './requests.js'

/** What the actions of one plan share; apply closures fill in what earlier writes produced. */
export interface Shared {
  ctx: PlanContext
  resourceId: string
  service: string
  targetGroupArn?: string
  targetArn?: string
  resourceLabel?: string
}

async function targetArnOf(shared: Shared): Promise<string> {
  shared.targetArn ??= (await readScalableTarget(shared.ctx.clients.applicationAutoScaling, shared.resourceId))?.ScalableTargetARN
  if (!shared.targetArn) throw new HakoError(`The scalable target ${shared.resourceId} does not exist`, {code: 'autoscaling-target-missing'})
  return shared.targetArn
}

async function tagTarget(shared: Shared, tags: Record<string, string>): Promise<void> {
  const arn = await targetArnOf(shared)
  const aas = shared.ctx.clients.applicationAutoScaling
  await awsCall('application-autoscaling:TagResource', arn, () => aas.send(new TagResourceCommand({ResourceARN: arn, Tags: tags})))
}

export async function registerTarget(shared: Shared, spec: AutoscalingSpec, outputs: ApplyOutputs, what = {register: true, tag: false}): Promise<void> {
  const {resourceId, ctx} = shared
  const aas = ctx.clients.applicationAutoScaling
  if (what.register) {
    ctx.reporter.info(`Registering scalable target to ${resourceId}`)
    // Tags given for a target that exists already are ignored by AWS, hence the TagResource below.
    const out = await awsCall('application-autoscaling:RegisterScalableTarget', resourceId, () =>
      aas.send(new RegisterScalableTargetCommand(registerInput(spec, resourceId, shared.service))),
    )
    shared.targetArn = out.ScalableTargetARN ?? shared.targetArn
    outputs.written.push(`scalable target ${resourceId}`)
  }
  if (what.tag) await tagTarget(shared, {[APP_TAG]: shared.service})
}

async function labelAtApply(shared: Shared, outputs: ApplyOutputs): Promise<string> {
  if (shared.resourceLabel) return shared.resourceLabel
  const tg = shared.targetGroupArn ?? outputs.targetGroupArn
  if (!tg)
    throw new HakoError('Target group must be attached to the ECS service for predefined metric type ALBRequestCountPerTarget', {code: 'autoscaling-invalid'})
  const label = await readResourceLabel(shared.ctx.clients.elbv2, tg)
  if (!label)
    throw new HakoError(`Target group ${tg} is not attached to a load balancer, which predefined metric type ALBRequestCountPerTarget needs`, {
      code: 'autoscaling-invalid',
    })
  shared.resourceLabel = label
  return label
}

export interface PolicyWrites {
  /** PutScalingPolicy is needed (the settings differ, or the policy is new). */
  put: boolean
  /** The live policy's ARN, when it exists. */
  policyArn?: string
  /** The policy already carries hako's mark on the scalable target. */
  tagged?: boolean
}

export async function applyPolicy(shared: Shared, policy: ScalingPolicySpec, name: string, writes: PolicyWrites, outputs: ApplyOutputs): Promise<void> {
  const {ctx, resourceId} = shared
  const aas = ctx.clients.applicationAutoScaling
  let policyArn = writes.policyArn
  if (writes.put || !policyArn) {
    const label =
      policy.policy_type === 'TargetTrackingScaling' && policy.predefined_metric_type === 'ALBRequestCountPerTarget'
        ? await labelAtApply(shared, outputs)
        : undefined
    ctx.reporter.info(`Configuring scaling policy ${name}`)
    const out = await awsCall('application-autoscaling:PutScalingPolicy', `policy ${name} of ${resourceId}`, () =>
      aas.send(new PutScalingPolicyCommand(putPolicyInput(policy, name, resourceId, label))),
    )
    policyArn = out.PolicyARN ?? ''
    outputs.written.push(`scaling policy ${name}`)
  }
  if (policy.policy_type === 'StepScaling') await bindAlarms(shared, policy.alarms, policyArn, outputs)
  if (!writes.tagged) await tagTarget(shared, {[policyTagKey(name)]: policyTagValue(name)})
}

/**
 * Read again rather than taken from the plan: an alarm shared by two policies has already gained
 * the first one's ARN when the second is bound, and rewriting it from the plan's copy would drop it.
 */
async function bindAlarms(shared: Shared, names: string[], policyArn: string, outputs: ApplyOutputs): Promise<void> {
  const cw = shared.ctx.clients.cloudWatch
  const alarms = await readAlarms(cw, names)
  for (const name of names) {
    const alarm = alarms.get(name)
    if (!alarm) throw new HakoError(`Alarm ${name} does not exist`, {code: 'autoscaling-alarm-missing'})
    if (isBound(alarm, policyArn)) continue
    const actions = boundAlarmActions(alarm, policyArn)
    shared.ctx.reporter.info(`Updating ${name}'s alarm_actions from ${JSON.stringify(alarm.AlarmActions ?? [])} to ${JSON.stringify(actions)}`)
    await awsCall('cloudwatch:PutMetricAlarm', `alarm ${name}`, () => cw.send(new PutMetricAlarmCommand(putAlarmInput(alarm, actions))))
    outputs.written.push(`alarm ${name} actions`)
  }
}

export async function deletePolicy(shared: Shared, name: string, outputs: ApplyOutputs): Promise<void> {
  const {ctx, resourceId} = shared
  const aas = ctx.clients.applicationAutoScaling
  await awsCall('application-autoscaling:DeleteScalingPolicy', `policy ${name} of ${resourceId}`, () =>
    aas.send(
      new DeleteScalingPolicyCommand({PolicyName: name, ServiceNamespace: SERVICE_NAMESPACE, ResourceId: resourceId, ScalableDimension: SCALABLE_DIMENSION}),
    ),
  )
  outputs.written.push(`deleted scaling policy ${name}`)
  ctx.reporter.info(`Deleted scaling policy ${name}`)
  const arn = await targetArnOf(shared)
  await awsCall('application-autoscaling:UntagResource', arn, () => aas.send(new UntagResourceCommand({ResourceARN: arn, TagKeys: [policyTagKey(name)]})))
}
