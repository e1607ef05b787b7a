/**
 * The app's ELBv2 resources: planned from reads (created when missing, brought up to date when the
 * definition changes), applied by the deploy in order. An unchanged definition plans no write.
 */
import {HakoError} from '../errors.js'
import type {ApplyOutputs, KnownOutputs, PlanAction} from '../plan/types.js'
import {planListenerRules, planListeners} from './listeners.js'
import {planManagedLoadBalancer} from './load-balancer.js'
import {findLoadBalancer, findTargetGroup} from './lookup.js'
import {elbNameProblem, loadBalancerName, targetGroupName} from './names.js'
import {ActionPlanner, type ElbContext, type ElbState} from './planner.js'
import type {ElbV2Options} from './schema.js'
import {planManagedTargetGroup} from './target-group.js'

export type {ElbContext} from './planner.js'
export {destroyLoadBalancer} from './remove.js'

export interface LoadBalancerPlan {
  actions: PlanAction[]
  /** ARNs and DNS name that exist already (a created target group's ARN is known only after apply). */
  known: KnownOutputs
  containerName: string
  containerPort: number
  targetGroupName: string
}

export interface EnsuredLoadBalancer {
  /** In dry-run, when the target group does not exist yet: `(new target group <name>)`. */
  targetGroupArn: string
  containerName: string
  containerPort: number
  loadBalancerDnsName?: string
  /** Changes made (or, in dry-run, `would …` lines for the changes that would be made). */
  plan: string[]
}

export const placeholderTargetGroupArn = (name: string): string => `(new target group ${name})`

function checkNames(appId: string, options: ElbV2Options): {lbName: string; tgName: string} {
  const lbName = loadBalancerName(appId, options)
  const tgName = targetGroupName(appId, options)
  const problems = [
    ...(options.load_balancer_name === undefined ? [elbNameProblem(lbName)] : []),
    ...(options.target_group_name === undefined ? [elbNameProblem(tgName)] : []),
  ].filter((p): p is string => p !== undefined)
  if (problems.length > 0) {
    throw new HakoError(`scheduler.elb_v2: ${problems.join('; ')}`, {
      code: 'invalid-elb-name',
      hint: 'Set scheduler.elb_v2.load_balancer_name / target_group_name to a shorter name, or use a shorter app id.',
    })
  }
  return {lbName, tgName}
}

/** Reads the load balancer, target group, listeners (or shared-ALB rules) and plans every write. */
export async function planLoadBalancer(ctx: ElbContext, appId: string, options: ElbV2Options, networkMode?: string): Promise<LoadBalancerPlan> {
  const {lbName, tgName} = checkNames(appId, options)
  const live = ctx.live ?? true
  const elbv2 = ctx.clients.elbv2
  const planner = new ActionPlanner(live)
  const lbExternal = options.load_balancer_name !== undefined
  const tgExternal = options.target_group_name !== undefined
  const state: ElbState = {}

  if (live) state.lb = await findLoadBalancer(elbv2, lbName)
  if (live && !state.lb && lbExternal) {
    throw new HakoError(`load balancer ${lbName} (scheduler.elb_v2.load_balancer_name) not found (elbv2:DescribeLoadBalancers)`, {
      code: 'load-balancer-not-found',
    })
  }
  if (!lbExternal) await planManagedLoadBalancer(ctx, planner, state, lbName, options)

  if (live) state.group = await findTargetGroup(elbv2, tgName)
  if (live && !state.group && tgExternal) {
    throw new HakoError(`target group ${tgName} (scheduler.elb_v2.target_group_name) not found (elbv2:DescribeTargetGroups)`, {code: 'target-group-not-found'})
  }
  if (!tgExternal) await planManagedTargetGroup(ctx, planner, state, tgName, options, networkMode)

  if (!lbExternal) await planListeners(ctx, planner, state, lbName, options, tgName)
  else if (options.listener_rules.length > 0 && state.lb) await planListenerRules(ctx, planner, state, state.lb, options, tgName)
  else if (options.listener_rules.length > 0) {
    for (const rule of options.listener_rules) {
      planner.add(
        'listener-rule',
        `${lbName}:${rule.listener_port} priority ${rule.priority}`,
        'create',
        `create rule ${rule.priority} on listener ${rule.listener_port} of ${lbName} forwarding to ${tgName}`,
        async () => {
          throw new HakoError('planned without AWS, cannot be applied')
        },
      )
    }
  }

  const known: KnownOutputs = {}
  if (state.group?.TargetGroupArn) known.targetGroupArn = state.group.TargetGroupArn
  if (state.lb?.DNSName) known.loadBalancerDnsName = state.lb.DNSName
  if (state.lb?.CanonicalHostedZoneId) known.loadBalancerZoneId = state.lb.CanonicalHostedZoneId
  return {actions: planner.actions, known, containerName: options.container_name, containerPort: options.container_port, targetGroupName: tgName}
}

/** Plan and, unless a dry run, apply at once (tests and callers outside the deploy). */
export async function ensureLoadBalancer(ctx: ElbContext, appId: string, options: ElbV2Options, networkMode?: string): Promise<EnsuredLoadBalancer> {
  const planned = await planLoadBalancer(ctx, appId, options, networkMode)
  const outputs: ApplyOutputs = {...planned.known, written: []}
  const plan: string[] = []
  for (const action of planned.actions) {
    if (ctx.dryRun) {
      plan.push(`would ${action.reason}`)
      continue
    }
    await action.apply?.(outputs)
    plan.push(action.reason)
  }
  return {
    targetGroupArn: outputs.targetGroupArn ?? placeholderTargetGroupArn(planned.targetGroupName),
    containerName: planned.containerName,
    containerPort: planned.containerPort,
    ...(outputs.loadBalancerDnsName === undefined ? {} : {loadBalancerDnsName: outputs.loadBalancerDnsName}),
    plan,
  }
}
