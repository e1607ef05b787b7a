/**
 * The app's ELBv2 resources (hako sections 6.2–6.5): created when missing, brought up to date when
 * the definition changes, deleted by `remove`. Every write is preceded by a read and made only
 * for a difference, so an unchanged definition makes no ELBv2 write; dry-run only reads.
 */
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
  type Action,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
  type Tag,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2'

import type {AwsClients} from '../aws/clients.js'
import {systemClock, type Clock} from '../clock.js'
import {awsCall, HakoError, isAwsError} from '../errors.js'
import type {Reporter} from '../ui/reporter.js'
import {
  attributeChanges,
  describeHealthCheckChange,
  formatPairs,
  forwardsTo,
  healthCheckChange,
  listenerChange,
  ruleConditions,
  ruleConditionsDiffer,
  securityGroupsDiffer,
  subnetsDiffer,
  tagChanges,
} from './compare.js'
import {findLoadBalancer, findTargetGroup, listListeners, listRules} from './lookup.js'
import {elbNameProblem, loadBalancerName, targetGroupName} from './names.js'
import type {ElbV2Options} from './schema.js'

export interface ElbContext {
  clients: AwsClients
  reporter: Reporter
  dryRun: boolean
  /** For the DeleteTargetGroup retries; the system clock when absent. */
  clock?: Clock
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

const toTags = (tags: Record<string, string> | undefined): Tag[] | undefined =>
  tags && Object.keys(tags).length > 0 ? Object.entries(tags).map(([Key, Value]) => ({Key, Value})) : undefined

const forward = (targetGroupArn: string): Action[] => [{Type: 'forward', TargetGroupArn: targetGroupArn}]

/** Runs a change, or in dry-run records it as `would …`; either way it lands in the plan. */
class Planner {
  readonly plan: string[] = []
  constructor(private readonly ctx: ElbContext) {}

  async step(line: string, run: () => Promise<void>): Promise<void> {
    if (this.ctx.dryRun) {
      this.plan.push(`would ${line}`)
      return
    }
    await run()
    this.plan.push(line)
  }
}

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

export async function ensureLoadBalancer(ctx: ElbContext, appId: string, options: ElbV2Options, networkMode?: string): Promise<EnsuredLoadBalancer> {
  const {lbName, tgName} = checkNames(appId, options)
  const elbv2 = ctx.clients.elbv2
  const planner = new Planner(ctx)
  const lbExternal = options.load_balancer_name !== undefined
  const tgExternal = options.target_group_name !== undefined

  let lb = await findLoadBalancer(elbv2, lbName)
  if (!lb && lbExternal) throw new HakoError(`load balancer ${lbName} (scheduler.elb_v2.load_balancer_name) not found (elbv2:DescribeLoadBalancers)`, {code: 'load-balancer-not-found'})
  if (!lbExternal) lb = await ensureManagedLoadBalancer(ctx, planner, lbName, options, lb)

  let group = await findTargetGroup(elbv2, tgName)
  if (!group && tgExternal) throw new HakoError(`target group ${tgName} (scheduler.elb_v2.target_group_name) not found (elbv2:DescribeTargetGroups)`, {code: 'target-group-not-found'})
  if (!tgExternal) group = await ensureManagedTargetGroup(ctx, planner, tgName, options, group, networkMode)
  const targetGroupArn = group?.TargetGroupArn

  if (!lbExternal) await ensureListeners(ctx, planner, lbName, lb, options, targetGroupArn, tgName)
  else if (options.listener_rules.length > 0 && lb) await ensureListenerRules(ctx, planner, lb, options, targetGroupArn, tgName)

  return {
    targetGroupArn: targetGroupArn ?? `(new target group ${tgName})`,
    containerName: options.container_name,
    containerPort: options.container_port,
    ...(lb?.DNSName === undefined ? {} : {loadBalancerDnsName: lb.DNSName}),
    plan: planner.plan,
  }
}

async function ensureManagedLoadBalancer(
  ctx: ElbContext,
  planner: Planner,
  name: string,
  options: ElbV2Options,
  existing: LoadBalancer | undefined,
): Promise<LoadBalancer | undefined> {
  const elbv2 = ctx.clients.elbv2
  const isNlb = options.type === 'network'
  let lb = existing
  if (!lb) {
    if (!options.subnets || options.subnets.length === 0) {
      throw new HakoError(`scheduler.elb_v2.subnets is required to create load balancer ${name}`, {code: 'invalid-definition'})
    }
    const subnets = options.subnets
    await planner.step(`create load balancer ${name} (${options.type}, ${options.scheme})`, async () => {
      const reply = await awsCall('elbv2:CreateLoadBalancer', name, () =>
        elbv2.send(
          new CreateLoadBalancerCommand({
            Name: name,
            Subnets: subnets,
            ...(isNlb ? {} : {SecurityGroups: options.security_groups}),
            Scheme: options.scheme,
            Type: options.type,
            Tags: toTags(options.tags),
          }),
        ),
      )
      lb = reply.LoadBalancers?.[0]
      ctx.reporter.info(`Created ELBv2${isNlb ? '(NLB)' : ''} ${lb?.DNSName ?? name}`)
    })
    if (!lb) {
      if (options.load_balancer_attributes) planner.plan.push(`would set load balancer ${name} attributes ${formatPairs(options.load_balancer_attributes)}`)
      return undefined
    }
  } else {
    await reconcileLoadBalancer(ctx, planner, name, options, lb)
  }
  await reconcileLoadBalancerAttributes(ctx, planner, name, options, lb)
  return lb
}

async function reconcileLoadBalancer(ctx: ElbContext, planner: Planner, name: string, options: ElbV2Options, lb: LoadBalancer): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const arn = lb.LoadBalancerArn ?? name
  if (lb.Type !== options.type || lb.Scheme !== options.scheme) {
    ctx.reporter.warn(`load balancer ${name} is ${lb.Type} ${lb.Scheme} but the definition says ${options.type} ${options.scheme}; recreate it (hako remove) to change that`)
  }
  const subnets = options.subnets
  if (subnets && subnetsDiffer(subnets, lb)) {
    await planner.step(`set load balancer ${name} subnets to ${subnets.join(', ')}`, async () => {
      await awsCall('elbv2:SetSubnets', arn, () => elbv2.send(new SetSubnetsCommand({LoadBalancerArn: arn, Subnets: subnets})))
      ctx.reporter.info(`Updating ELBv2 subnets to [${subnets.join(', ')}]`)
    })
  }
  const groups = options.security_groups
  if (groups && securityGroupsDiffer(groups, lb)) {
    await planner.step(`set load balancer ${name} security groups to ${groups.join(', ')}`, async () => {
      await awsCall('elbv2:SetSecurityGroups', arn, () => elbv2.send(new SetSecurityGroupsCommand({LoadBalancerArn: arn, SecurityGroups: groups})))
      ctx.reporter.info(`Updating ELBv2 security groups to [${groups.join(', ')}]`)
    })
  }
  if (options.tags) await reconcileTags(ctx, planner, `load balancer ${name}`, arn, options.tags)
}

async function reconcileTags(ctx: ElbContext, planner: Planner, what: string, arn: string, tags: Record<string, string>): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const reply = await awsCall('elbv2:DescribeTags', arn, () => elbv2.send(new DescribeTagsCommand({ResourceArns: [arn]})))
  const changes = tagChanges(tags, reply.TagDescriptions?.[0]?.Tags ?? [])
  if (Object.keys(changes).length === 0) return
  await planner.step(`tag ${what} with ${formatPairs(changes)}`, async () => {
    await awsCall('elbv2:AddTags', arn, () => elbv2.send(new AddTagsCommand({ResourceArns: [arn], Tags: toTags(changes)})))
    ctx.reporter.info(`Tagged ${what} with ${formatPairs(changes)}`)
  })
}

async function reconcileLoadBalancerAttributes(ctx: ElbContext, planner: Planner, name: string, options: ElbV2Options, lb: LoadBalancer | undefined): Promise<void> {
  const wanted = options.load_balancer_attributes
  const arn = lb?.LoadBalancerArn
  if (!wanted || !arn) return
  const elbv2 = ctx.clients.elbv2
  const reply = await awsCall('elbv2:DescribeLoadBalancerAttributes', arn, () => elbv2.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: arn})))
  const changes = attributeChanges(wanted, reply.Attributes ?? [])
  if (Object.keys(changes).length === 0) return
  await planner.step(`set load balancer ${name} attributes ${formatPairs(changes)}`, async () => {
    await awsCall('elbv2:ModifyLoadBalancerAttributes', arn, () =>
      elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: Object.entries(changes).map(([Key, Value]) => ({Key, Value}))})),
    )
    ctx.reporter.info(`Updating ELBv2 attributes to [${formatPairs(changes)}]`)
  })
}

async function ensureManagedTargetGroup(
  ctx: ElbContext,
  planner: Planner,
  name: string,
  options: ElbV2Options,
  existing: TargetGroup | undefined,
  networkMode: string | undefined,
): Promise<TargetGroup | undefined> {
  const elbv2 = ctx.clients.elbv2
  const targetType = networkMode === 'awsvpc' ? 'ip' : options.target_type
  const isAlb = options.type === 'application'
  let group = existing
  if (!group) {
    const vpcId = options.vpc_id
    if (!vpcId) throw new HakoError(`scheduler.elb_v2.vpc_id is required to create target group ${name}`, {code: 'invalid-definition'})
    await planner.step(`create target group ${name} (${isAlb ? 'HTTP' : 'TCP'}${targetType ? `, target type ${targetType}` : ''})`, async () => {
      const matcher = options.matcher
      const reply = await awsCall('elbv2:CreateTargetGroup', name, () =>
        elbv2.send(
          new CreateTargetGroupCommand({
            Name: name,
            // A placeholder: ECS registers each task with its own port.
            Port: 80,
            Protocol: isAlb ? 'HTTP' : 'TCP',
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
          }),
        ),
      )
      group = reply.TargetGroups?.[0]
      ctx.reporter.info(`Created target group ${group?.TargetGroupArn ?? name}`)
    })
    if (!group) {
      if (options.target_group_attributes) planner.plan.push(`would set target group ${name} attributes ${formatPairs(options.target_group_attributes)}`)
      return undefined
    }
  } else {
    const arn = group.TargetGroupArn ?? name
    if (targetType !== undefined && group.TargetType !== targetType) {
      ctx.reporter.warn(`target group ${name} has target type ${group.TargetType} but ${targetType} is needed; recreate it (hako remove) to change that`)
    }
    if (isAlb && group.ProtocolVersion !== undefined && group.ProtocolVersion !== options.protocol_version) {
      ctx.reporter.warn(`target group ${name} uses ${group.ProtocolVersion} but the definition says ${options.protocol_version}; recreate it (hako remove) to change that`)
    }
    const change = healthCheckChange(options, group)
    if (Object.keys(change).length > 0) {
      await planner.step(`modify target group ${name} health check: ${describeHealthCheckChange(change)}`, async () => {
        await awsCall('elbv2:ModifyTargetGroup', arn, () => elbv2.send(new ModifyTargetGroupCommand({TargetGroupArn: arn, ...change})))
        ctx.reporter.info(`Updating target group health check: ${describeHealthCheckChange(change)}`)
      })
    }
    if (options.tags) await reconcileTags(ctx, planner, `target group ${name}`, arn, options.tags)
  }
  await reconcileTargetGroupAttributes(ctx, planner, name, options, group)
  return group
}

async function reconcileTargetGroupAttributes(ctx: ElbContext, planner: Planner, name: string, options: ElbV2Options, group: TargetGroup): Promise<void> {
  const wanted = options.target_group_attributes
  const arn = group.TargetGroupArn
  if (!wanted || !arn) return
  const elbv2 = ctx.clients.elbv2
  const reply = await awsCall('elbv2:DescribeTargetGroupAttributes', arn, () => elbv2.send(new DescribeTargetGroupAttributesCommand({TargetGroupArn: arn})))
  const changes = attributeChanges(wanted, reply.Attributes ?? [])
  if (Object.keys(changes).length === 0) return
  await planner.step(`set target group ${name} attributes ${formatPairs(changes)}`, async () => {
    await awsCall('elbv2:ModifyTargetGroupAttributes', arn, () =>
      elbv2.send(new ModifyTargetGroupAttributesCommand({TargetGroupArn: arn, Attributes: Object.entries(changes).map(([Key, Value]) => ({Key, Value}))})),
    )
    ctx.reporter.info(`Updating target group attributes to [${formatPairs(changes)}]`)
  })
}

async function ensureListeners(
  ctx: ElbContext,
  planner: Planner,
  lbName: string,
  lb: LoadBalancer | undefined,
  options: ElbV2Options,
  targetGroupArn: string | undefined,
  tgName: string,
): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const lbArn = lb?.LoadBalancerArn
  const existing = lbArn ? await listListeners(elbv2, lbArn) : []
  for (const wanted of options.listeners) {
    const current = existing.find((l) => l.Port === wanted.port)
    if (!current) {
      const cert = wanted.certificate_arn ? ` with certificate ${wanted.certificate_arn}` : ''
      await planner.step(`create listener ${wanted.port} ${wanted.protocol}${cert} forwarding to ${tgName}`, async () => {
        const lbArnNow = requireArn(lbArn, `load balancer ${lbName}`)
        const tgArnNow = requireArn(targetGroupArn, `target group ${tgName}`)
        const reply = await awsCall('elbv2:CreateListener', `${lbName}:${wanted.port}`, () =>
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
        ctx.reporter.info(`Created listener ${reply.Listeners?.[0]?.ListenerArn ?? `${lbName}:${wanted.port}`}`)
      })
      continue
    }
    const change = listenerChange(wanted, current, targetGroupArn)
    if (!change) continue
    await planner.step(`modify listener ${wanted.port} ${change.details.join(', ')}`, async () => {
      const listenerArn = requireArn(current.ListenerArn, `listener ${wanted.port} of ${lbName}`)
      await awsCall('elbv2:ModifyListener', listenerArn, () =>
        elbv2.send(
          new ModifyListenerCommand({
            ListenerArn: listenerArn,
            Protocol: change.protocol,
            SslPolicy: change.sslPolicy,
            Certificates: change.certificateArn ? [{CertificateArn: change.certificateArn}] : undefined,
            DefaultActions: change.forward ? forward(requireArn(targetGroupArn, `target group ${tgName}`)) : undefined,
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
async function ensureListenerRules(
  ctx: ElbContext,
  planner: Planner,
  lb: LoadBalancer,
  options: ElbV2Options,
  targetGroupArn: string | undefined,
  tgName: string,
): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const lbName = lb.LoadBalancerName ?? ''
  const listeners = await listListeners(elbv2, requireArn(lb.LoadBalancerArn, `load balancer ${lbName}`))
  const missing = options.listener_rules.find((w) => !listeners.some((l) => l.Port === w.listener_port))
  if (missing) {
    throw new HakoError(`scheduler.elb_v2.listener_rules: load balancer ${lbName} has no listener on port ${missing.listener_port}`, {code: 'listener-not-found'})
  }
  for (const listener of listeners) {
    const listenerArn = requireArn(listener.ListenerArn, `listener ${listener.Port} of ${lbName}`)
    const wantedHere = options.listener_rules.filter((r) => r.listener_port === listener.Port)
    const rules = await listRules(elbv2, listenerArn)
    const ours = rules.filter((r) => !r.IsDefault && forwardsTo(r.Actions, targetGroupArn))
    for (const wanted of wantedHere) {
      const taken = rules.find((r) => r.Priority === String(wanted.priority) && !ours.includes(r))
      if (taken) {
        throw new HakoError(`priority ${wanted.priority} on listener ${listener.Port} of ${lbName} is taken by rule ${taken.RuleArn ?? '?'}, which does not forward to ${tgName}`, {
          code: 'listener-rule-conflict',
          hint: 'Choose another scheduler.elb_v2.listener_rules[].priority.',
        })
      }
    }
    for (const stale of ours.filter((r) => !wantedHere.some((w) => String(w.priority) === r.Priority))) {
      await planner.step(`delete rule ${stale.Priority} on listener ${listener.Port} of ${lbName}`, async () => {
        const ruleArn = requireArn(stale.RuleArn, `rule ${stale.Priority}`)
        await awsCall('elbv2:DeleteRule', ruleArn, () => elbv2.send(new DeleteRuleCommand({RuleArn: ruleArn})))
        ctx.reporter.info(`Deleted listener rule ${ruleArn}`)
      })
    }
    for (const wanted of wantedHere) {
      const atPriority = rules.find((r) => r.Priority === String(wanted.priority))
      const conditions = ruleConditions(wanted)
      const describe = [...wanted.host_header.map((h) => `host ${h}`), ...wanted.path_pattern.map((p) => `path ${p}`)].join(', ')
      if (!atPriority) {
        await planner.step(`create rule ${wanted.priority} (${describe}) on listener ${listener.Port} of ${lbName} forwarding to ${tgName}`, async () => {
          const reply = await awsCall('elbv2:CreateRule', `${lbName}:${listener.Port} priority ${wanted.priority}`, () =>
            elbv2.send(new CreateRuleCommand({ListenerArn: listenerArn, Priority: wanted.priority, Conditions: conditions, Actions: forward(requireArn(targetGroupArn, `target group ${tgName}`))})),
          )
          ctx.reporter.info(`Created listener rule ${reply.Rules?.[0]?.RuleArn ?? wanted.priority}`)
        })
      } else if (ruleConditionsDiffer(wanted, atPriority)) {
        await planner.step(`modify rule ${wanted.priority} on listener ${listener.Port} of ${lbName} to ${describe}`, async () => {
          const ruleArn = requireArn(atPriority.RuleArn, `rule ${wanted.priority}`)
          await awsCall('elbv2:ModifyRule', ruleArn, () => elbv2.send(new ModifyRuleCommand({RuleArn: ruleArn, Conditions: conditions})))
          ctx.reporter.info(`Updating listener rule ${ruleArn} to ${describe}`)
        })
      }
    }
  }
}

function requireArn(arn: string | undefined, what: string): string {
  if (!arn) throw new HakoError(`${what} has no ARN (ELBv2 returned none)`)
  return arn
}

/** `hako remove`: deletes what this app owns (hako section 6.4); external resources are kept. */
export async function destroyLoadBalancer(ctx: ElbContext, appId: string, options: ElbV2Options): Promise<{plan: string[]}> {
  const elbv2 = ctx.clients.elbv2
  const planner = new Planner(ctx)
  const lbName = loadBalancerName(appId, options)
  const tgName = targetGroupName(appId, options)
  const lbExternal = options.load_balancer_name !== undefined
  const tgExternal = options.target_group_name !== undefined
  const group = await findTargetGroup(elbv2, tgName)
  const lb = await findLoadBalancer(elbv2, lbName)

  if (lbExternal && lb?.LoadBalancerArn && group?.TargetGroupArn && options.listener_rules.length > 0) {
    await deleteOurRules(ctx, planner, elbv2, lb, group.TargetGroupArn)
  }
  if (!lbExternal) {
    const lbArn = lb?.LoadBalancerArn
    if (!lbArn) {
      ctx.reporter.info(`ELBv2 ${lbName} doesn't exist`)
    } else {
      for (const listener of await listListeners(elbv2, lbArn)) {
        const listenerArn = requireArn(listener.ListenerArn, `listener ${listener.Port} of ${lbName}`)
        await planner.step(`delete listener ${listener.Port} of ${lbName}`, async () => {
          await awsCall('elbv2:DeleteListener', listenerArn, () => elbv2.send(new DeleteListenerCommand({ListenerArn: listenerArn})))
          ctx.reporter.info(`Deleted listener ${listenerArn}`)
        })
      }
      await planner.step(`delete load balancer ${lbName}`, async () => {
        await awsCall('elbv2:DeleteLoadBalancer', lbArn, () => elbv2.send(new DeleteLoadBalancerCommand({LoadBalancerArn: lbArn})))
        ctx.reporter.info(`Deleted ELBv2 ${lbArn}`)
      })
    }
  }
  if (!tgExternal) {
    const tgArn = group?.TargetGroupArn
    if (!tgArn) ctx.reporter.info(`Target group ${tgName} doesn't exist`)
    else await planner.step(`delete target group ${tgName}`, () => deleteTargetGroup(ctx, elbv2, tgArn))
  }
  return {plan: planner.plan}
}

async function deleteOurRules(ctx: ElbContext, planner: Planner, elbv2: ElasticLoadBalancingV2Client, lb: LoadBalancer, targetGroupArn: string): Promise<void> {
  for (const listener of await listListeners(elbv2, requireArn(lb.LoadBalancerArn, `load balancer ${lb.LoadBalancerName}`))) {
    for (const rule of await listRules(elbv2, requireArn(listener.ListenerArn, `listener ${listener.Port}`))) {
      if (rule.IsDefault || !forwardsTo(rule.Actions, targetGroupArn)) continue
      const ruleArn = requireArn(rule.RuleArn, `rule ${rule.Priority}`)
      await planner.step(`delete rule ${rule.Priority} on listener ${listener.Port} of ${lb.LoadBalancerName}`, async () => {
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
