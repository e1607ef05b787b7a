/**
 * Listeners of the app's own load balancer, and in shared-ALB mode (`load_balancer_name` set) the
 * listener rules that forward to the app's target group: this app owns those rules, nothing else.
 */
import {
  type Action,
  CreateListenerCommand,
  CreateRuleCommand,
  DeleteRuleCommand,
  type LoadBalancer,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'

import {awsCall, HakoError} from '../errors.js'
import {forwardsTo, listenerChange, ruleConditions, ruleConditionsDiffer} from './compare.js'
import {listListeners, listRules} from './lookup.js'
import {type ActionPlanner, type ElbContext, type ElbState, requireArn} from './planner.js'
import type {ElbV2Options} from './schema.js'

const forward = (targetGroupArn: string): Action[] => [{Type: 'forward', TargetGroupArn: targetGroupArn}]

export async function planListeners(
  ctx: ElbContext,
  planner: ActionPlanner,
  state: ElbState,
  lbName: string,
  options: ElbV2Options,
  tgName: string,
): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const lbArn = state.lb?.LoadBalancerArn
  const targetGroupArn = state.group?.TargetGroupArn
  const existing = lbArn ? await listListeners(elbv2, lbArn) : []
  for (const wanted of options.listeners) {
    const current = existing.find((l) => l.Port === wanted.port)
    const resource = `${lbName}:${wanted.port}`
    if (!current) {
      const cert = wanted.certificate_arn ? ` with certificate ${wanted.certificate_arn}` : ''
      planner.add('listener', resource, 'create', `create listener ${wanted.port} ${wanted.protocol}${cert} forwarding to ${tgName}`, async () => {
        const lbArnNow = requireArn(state.lb?.LoadBalancerArn, `load balancer ${lbName}`)
        const tgArnNow = requireArn(state.group?.TargetGroupArn, `target group ${tgName}`)
        const reply = await awsCall('elbv2:CreateListener', resource, () =>
          elbv2.send(
            new CreateListenerCommand({
              LoadBalancerArn: lbArnNow,
              Protocol: wanted.protocol,
              Port: wanted.port,
              SslPolicy: wanted.ssl_policy,
              Certificates: wanted.certificate_arn ? [{CertificateArn: wanted.certificate_arn}] : undefined,
              DefaultActions: forward(tgArnNow),
            }),
          ),
        )
        ctx.reporter.info(`Created listener ${reply.Listeners?.[0]?.ListenerArn ?? resource}`)
      })
      continue
    }
    const change = listenerChange(wanted, current, targetGroupArn)
    if (!change) continue
    planner.add('listener', resource, 'update', `modify listener ${wanted.port} ${change.details.join(', ')}`, async () => {
      const listenerArn = requireArn(current.ListenerArn, `listener ${wanted.port} of ${lbName}`)
      await awsCall('elbv2:ModifyListener', listenerArn, () =>
        elbv2.send(
          new ModifyListenerCommand({
            ListenerArn: listenerArn,
            Protocol: change.protocol,
            SslPolicy: change.sslPolicy,
            Certificates: change.certificateArn ? [{CertificateArn: change.certificateArn}] : undefined,
            DefaultActions: change.forward ? forward(requireArn(state.group?.TargetGroupArn, `target group ${tgName}`)) : undefined,
          }),
        ),
      )
      ctx.reporter.info(`Updating ELBv2 listener ${wanted.port}: ${change.details.join(', ')}`)
    })
  }
  for (const extra of existing.filter((l) => !options.listeners.some((w) => w.port === l.Port))) {
    ctx.reporter.warn(`listener ${extra.Port} of ${lbName} is not in scheduler.elb_v2.listeners; left as it is`)
  }
}

/** Shared-ALB mode: this app owns the rules forwarding to its target group, nothing else. */
export async function planListenerRules(
  ctx: ElbContext,
  planner: ActionPlanner,
  state: ElbState,
  lb: LoadBalancer,
  options: ElbV2Options,
  tgName: string,
): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const lbName = lb.LoadBalancerName ?? ''
  const targetGroupArn = state.group?.TargetGroupArn
  const listeners = await listListeners(elbv2, requireArn(lb.LoadBalancerArn, `load balancer ${lbName}`))
  const missing = options.listener_rules.find((w) => !listeners.some((l) => l.Port === w.listener_port))
  if (missing) {
    throw new HakoError(`scheduler.elb_v2.listener_rules: load balancer ${lbName} has no listener on port ${missing.listener_port}`, {
      code: 'listener-not-found',
    })
  }
  for (const listener of listeners) {
    const listenerArn = requireArn(listener.ListenerArn, `listener ${listener.Port} of ${lbName}`)
    const wantedHere = options.listener_rules.filter((r) => r.listener_port === listener.Port)
    const rules = await listRules(elbv2, listenerArn)
    const ours = rules.filter((r) => !r.IsDefault && forwardsTo(r.Actions, targetGroupArn))
    for (const wanted of wantedHere) {
      const taken = rules.find((r) => r.Priority === String(wanted.priority) && !ours.includes(r))
      if (taken) {
        throw new HakoError(
          `priority ${wanted.priority} on listener ${listener.Port} of ${lbName} is taken by rule ${taken.RuleArn ?? '?'}, which does not forward to ${tgName}`,
          {
            code: 'listener-rule-conflict',
            hint: 'Choose another scheduler.elb_v2.listener_rules[].priority.',
          },
        )
      }
    }
    for (const stale of ours.filter((r) => !wantedHere.some((w) => String(w.priority) === r.Priority))) {
      const resource = `${lbName}:${listener.Port} priority ${stale.Priority}`
      planner.add('listener-rule', resource, 'delete', `delete rule ${stale.Priority} on listener ${listener.Port} of ${lbName}`, async () => {
        const ruleArn = requireArn(stale.RuleArn, `rule ${stale.Priority}`)
        await awsCall('elbv2:DeleteRule', ruleArn, () => elbv2.send(new DeleteRuleCommand({RuleArn: ruleArn})))
        ctx.reporter.info(`Deleted listener rule ${ruleArn}`)
      })
    }
    for (const wanted of wantedHere) {
      const atPriority = rules.find((r) => r.Priority === String(wanted.priority))
      const conditions = ruleConditions(wanted)
      const describe = [...wanted.host_header.map((h) => `host ${h}`), ...wanted.path_pattern.map((p) => `path ${p}`)].join(', ')
      const resource = `${lbName}:${listener.Port} priority ${wanted.priority}`
      if (!atPriority) {
        planner.add(
          'listener-rule',
          resource,
          'create',
          `create rule ${wanted.priority} (${describe}) on listener ${listener.Port} of ${lbName} forwarding to ${tgName}`,
          async () => {
            const tgArn = requireArn(state.group?.TargetGroupArn, `target group ${tgName}`)
            const reply = await awsCall('elbv2:CreateRule', resource, () =>
              elbv2.send(new CreateRuleCommand({ListenerArn: listenerArn, Priority: wanted.priority, Conditions: conditions, Actions: forward(tgArn)})),
            )
            ctx.reporter.info(`Created listener rule ${reply.Rules?.[0]?.RuleArn ?? wanted.priority}`)
          },
        )
      } else if (ruleConditionsDiffer(wanted, atPriority)) {
        planner.add(
          'listener-rule',
          resource,
          'update',
          `modify rule ${wanted.priority} on listener ${listener.Port} of ${lbName} to ${describe}`,
          async () => {
            const ruleArn = requireArn(atPriority.RuleArn, `rule ${wanted.priority}`)
            await awsCall('elbv2:ModifyRule', ruleArn, () => elbv2.send(new ModifyRuleCommand({RuleArn: ruleArn, Conditions: conditions})))
            ctx.reporter.info(`Updating listener rule ${ruleArn} to ${describe}`)
          },
        )
      }
    }
  }
}
