/**
 * The app's own target group: created when missing (ip targets under awsvpc), its health check,
 * tags and attributes brought to the definition. Target type and protocol version cannot change
 * in place: say so.
 */
import {
  CreateTargetGroupCommand,
  type ElasticLoadBalancingV2Client,
  ModifyTargetGroupCommand,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2'

import {awsCall, HakoError, isAwsError} from '../errors.js'
import {describeHealthCheckChange, formatPairs, healthCheckChange} from './compare.js'
import {findTargetGroup} from './lookup.js'
import {type ActionPlanner, type ElbContext, type ElbState, toTags} from './planner.js'
import type {ElbV2Options} from './schema.js'
import {modifyAttributes, planAttributes} from './attributes.js'
import {planTags} from './tags.js'

export async function planManagedTargetGroup(
  ctx: ElbContext,
  planner: ActionPlanner,
  state: ElbState,
  name: string,
  options: ElbV2Options,
  networkMode: string | undefined,
): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const targetType = networkMode === 'awsvpc' ? 'ip' : options.target_type
  const isAlb = options.type === 'application'
  const group = state.group
  if (group) {
    await planTargetGroupChanges(ctx, planner, name, options, group, targetType, isAlb)
    if (options.target_group_attributes && group.TargetGroupArn)
      await planAttributes(ctx, planner, 'target-group', name, group.TargetGroupArn, options.target_group_attributes)
    return
  }
  const vpcId = options.vpc_id
  if (!vpcId) throw new HakoError(`scheduler.elb_v2.vpc_id is required to create target group ${name}`, {code: 'invalid-definition'})
  const attributes = options.target_group_attributes ? ` with attributes ${formatPairs(options.target_group_attributes)}` : ''
  const line = `create target group ${name} (${isAlb ? 'HTTP' : 'TCP'}${targetType ? `, target type ${targetType}` : ''})${attributes}`
  planner.add('target-group', name, 'create', line, async (outputs) => {
    const matcher = options.matcher
    const input = {
      Name: name,
      // A placeholder: ECS registers each task with its own port.
      Port: 80,
      Protocol: isAlb ? ('HTTP' as const) : ('TCP' as const),
      VpcId: vpcId,
      TargetType: targetType,
      HealthCheckIntervalSeconds: options.health_check_interval_seconds,
      HealthCheckTimeoutSeconds: options.health_check_timeout_seconds,
      HealthyThresholdCount: options.healthy_threshold_count,
      UnhealthyThresholdCount: options.unhealthy_threshold_count,
      ...(isAlb
        ? {
            ProtocolVersion: options.protocol_version,
            HealthCheckPath: options.health_check_path,
            Matcher: matcher ? {HttpCode: matcher.http_code, GrpcCode: matcher.grpc_code} : undefined,
          }
        : {}),
      Tags: toTags(options.tags),
    }
    state.group = await createTargetGroup(elbv2, name, input)
    ctx.reporter.info(`Created target group ${state.group?.TargetGroupArn ?? name}`)
    outputs.targetGroupArn = state.group?.TargetGroupArn
    const arn = state.group?.TargetGroupArn
    if (arn && options.target_group_attributes) await modifyAttributes(ctx, 'target-group', name, arn, options.target_group_attributes)
  })
}

/** A concurrent first deploy may have created the same group a moment ago: that one is ours too. */
async function createTargetGroup(
  elbv2: ElasticLoadBalancingV2Client,
  name: string,
  input: ConstructorParameters<typeof CreateTargetGroupCommand>[0],
): Promise<TargetGroup | undefined> {
  try {
    const reply = await awsCall('elbv2:CreateTargetGroup', name, () => elbv2.send(new CreateTargetGroupCommand(input)))
    return reply.TargetGroups?.[0]
  } catch (error) {
    if (!isAwsError(error, 'DuplicateTargetGroupNameException')) throw error
    return findTargetGroup(elbv2, name)
  }
}

async function planTargetGroupChanges(
  ctx: ElbContext,
  planner: ActionPlanner,
  name: string,
  options: ElbV2Options,
  group: TargetGroup,
  targetType: string | undefined,
  isAlb: boolean,
): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const arn = group.TargetGroupArn ?? name
  if (targetType !== undefined && group.TargetType !== targetType) {
    ctx.reporter.warn(`target group ${name} has target type ${group.TargetType} but ${targetType} is needed; recreate it (hako remove) to change that`)
  }
  if (isAlb && group.ProtocolVersion !== undefined && group.ProtocolVersion !== options.protocol_version) {
    ctx.reporter.warn(
      `target group ${name} uses ${group.ProtocolVersion} but the definition says ${options.protocol_version}; recreate it (hako remove) to change that`,
    )
  }
  const change = healthCheckChange(options, group)
  if (Object.keys(change).length > 0) {
    planner.add('target-group', name, 'update', `modify target group ${name} health check: ${describeHealthCheckChange(change)}`, async () => {
      await awsCall('elbv2:ModifyTargetGroup', arn, () => elbv2.send(new ModifyTargetGroupCommand({TargetGroupArn: arn, ...change})))
      ctx.reporter.info(`Updating target group health check: ${describeHealthCheckChange(change)}`)
    })
  }
  if (options.tags) await planTags(ctx, planner, 'target-group', `target group ${name}`, arn, options.tags)
}
