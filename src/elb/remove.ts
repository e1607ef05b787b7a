/** `hako remove`: deletes what this app owns (listeners, load balancer, target group); external resources are kept. */
import {
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2'

import {systemClock} from '../clock.js'
import {awsCall, HakoError, isAwsError} from '../errors.js'
import {forwardsTo} from './compare.js'
import {findLoadBalancer, findTargetGroup, listListeners, listRules} from './lookup.js'
import {loadBalancerName, targetGroupName} from './names.js'
import {ActionPlanner, type ElbContext, requireArn} from './planner.js'
import type {ElbV2Options} from './schema.js'

export async function destroyLoadBalancer(ctx: ElbContext, appId: string, options: ElbV2Options): Promise<{plan: string[]}> {
  const elbv2 = ctx.clients.elbv2
  const planner = new ActionPlanner(true)
  const lbName = loadBalancerName(appId, options)
  const tgName = targetGroupName(appId, options)
  const lbExternal = options.load_balancer_name !== undefined
  const tgExternal = options.target_group_name !== undefined
  const group = await findTargetGroup(elbv2, tgName)
  const lb = await findLoadBalancer(elbv2, lbName)

  if (lbExternal && lb?.LoadBalancerArn && group?.TargetGroupArn && options.listener_rules.length > 0) {
    await planOurRulesDeletion(ctx, planner, elbv2, lb, group.TargetGroupArn)
  }
  if (!lbExternal) {
    const lbArn = lb?.LoadBalancerArn
    if (!lbArn) {
      ctx.reporter.info(`ELBv2 ${lbName} doesn't exist`)
    } else {
      for (const listener of await listListeners(elbv2, lbArn)) {
        const listenerArn = requireArn(listener.ListenerArn, `listener ${listener.Port} of ${lbName}`)
        planner.add('listener', `${lbName}:${listener.Port}`, 'delete', `delete listener ${listener.Port} of ${lbName}`, async () => {
          await awsCall('elbv2:DeleteListener', listenerArn, () => elbv2.send(new DeleteListenerCommand({ListenerArn: listenerArn})))
          ctx.reporter.info(`Deleted listener ${listenerArn}`)
        })
      }
      planner.add('load-balancer', lbName, 'delete', `delete load balancer ${lbName}`, async () => {
        await awsCall('elbv2:DeleteLoadBalancer', lbArn, () => elbv2.send(new DeleteLoadBalancerCommand({LoadBalancerArn: lbArn})))
        ctx.reporter.info(`Deleted ELBv2 ${lbArn}`)
      })
    }
  }
  if (!tgExternal) {
    const tgArn = group?.TargetGroupArn
    if (!tgArn) ctx.reporter.info(`Target group ${tgName} doesn't exist`)
    else planner.add('target-group', tgName, 'delete', `delete target group ${tgName}`, () => deleteTargetGroup(ctx, elbv2, tgArn))
  }
  // Deletions run in the order planned (listeners before their load balancer), not in create order.
  const plan: string[] = []
  for (const action of planner.actions) {
    if (ctx.dryRun) {
      plan.push(`would ${action.reason}`)
      continue
    }
    await action.apply?.({written: []})
    plan.push(action.reason)
  }
  return {plan}
}

async function planOurRulesDeletion(
  ctx: ElbContext,
  planner: ActionPlanner,
  elbv2: ElasticLoadBalancingV2Client,
  lb: LoadBalancer,
  targetGroupArn: string,
): Promise<void> {
  for (const listener of await listListeners(elbv2, requireArn(lb.LoadBalancerArn, `load balancer ${lb.LoadBalancerName}`))) {
    for (const rule of await listRules(elbv2, requireArn(listener.ListenerArn, `listener ${listener.Port}`))) {
      if (rule.IsDefault || !forwardsTo(rule.Actions, targetGroupArn)) continue
      const ruleArn = requireArn(rule.RuleArn, `rule ${rule.Priority}`)
      planner.add('listener-rule', ruleArn, 'delete', `delete rule ${rule.Priority} on listener ${listener.Port} of ${lb.LoadBalancerName}`, async () => {
        await awsCall('elbv2:DeleteRule', ruleArn, () => elbv2.send(new DeleteRuleCommand({RuleArn: ruleArn})))
        ctx.reporter.info(`Deleted listener rule ${ruleArn}`)
      })
    }
  }
}

/** ECS may still hold the group for a moment after the service is deleted: retry ResourceInUse. */
const DELETE_TG_ATTEMPTS = 30
const DELETE_TG_DELAY_MS = 1_000

async function deleteTargetGroup(ctx: ElbContext, elbv2: ElasticLoadBalancingV2Client, arn: string): Promise<void> {
  const clock = ctx.clock ?? systemClock
  for (let attempt = 1; ; attempt++) {
    try {
      await elbv2.send(new DeleteTargetGroupCommand({TargetGroupArn: arn}))
      ctx.reporter.info(`Deleted target group ${arn}`)
      return
    } catch (error) {
      if (!isAwsError(error, 'ResourceInUseException')) return awsCall('elbv2:DeleteTargetGroup', arn, () => Promise.reject(error))
      const message = error instanceof Error ? error.message : String(error)
      if (attempt >= DELETE_TG_ATTEMPTS) {
        throw new HakoError(`Cannot delete target group ${arn}: still in use after ${DELETE_TG_ATTEMPTS} attempts (${message})`, {code: 'target-group-in-use'})
      }
      ctx.reporter.warn(`ResourceInUseException: ${message}`)
      await clock.sleep(DELETE_TG_DELAY_MS)
    }
  }
}
