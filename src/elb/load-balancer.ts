/**
 * The app's own load balancer (`hako-<app>`): created when missing, its subnets, security groups,
 * tags and attributes brought to the definition. Type and scheme cannot change in place: say so.
 */
import {
  CreateLoadBalancerCommand,
  DescribeLoadBalancerAttributesCommand,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
  ModifyLoadBalancerAttributesCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'

import {awsCall, HakoError} from '../errors.js'
import {attributeChanges, formatPairs, securityGroupsDiffer, subnetsDiffer} from './compare.js'
import {type ActionPlanner, type ElbContext, type ElbState, toTags} from './planner.js'
import type {ElbV2Options} from './schema.js'
import {planTags} from './tags.js'

export async function planManagedLoadBalancer(ctx: ElbContext, planner: ActionPlanner, state: ElbState, name: string, options: ElbV2Options): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const isNlb = options.type === 'network'
  const existing = state.lb
  if (existing) {
    await planLoadBalancerChanges(ctx, planner, name, options, existing)
    await planAttributes(ctx, planner, name, options, existing)
    return
  }
  if (!options.subnets || options.subnets.length === 0) {
    throw new HakoError(`scheduler.elb_v2.subnets is required to create load balancer ${name}`, {code: 'invalid-definition'})
  }
  const subnets = options.subnets
  const attributes = options.load_balancer_attributes ? ` with attributes ${formatPairs(options.load_balancer_attributes)}` : ''
  planner.add('load-balancer', name, 'create', `create load balancer ${name} (${options.type}, ${options.scheme})${attributes}`, async (outputs) => {
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
    state.lb = reply.LoadBalancers?.[0]
    ctx.reporter.info(`Created ELBv2${isNlb ? '(NLB)' : ''} ${state.lb?.DNSName ?? name}`)
    outputs.loadBalancerDnsName = state.lb?.DNSName
    outputs.loadBalancerZoneId = state.lb?.CanonicalHostedZoneId
    const arn = state.lb?.LoadBalancerArn
    if (arn && options.load_balancer_attributes) await modifyAttributes(ctx, elbv2, name, arn, options.load_balancer_attributes)
  })
}

async function planLoadBalancerChanges(ctx: ElbContext, planner: ActionPlanner, name: string, options: ElbV2Options, lb: LoadBalancer): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const arn = lb.LoadBalancerArn ?? name
  if (lb.Type !== options.type || lb.Scheme !== options.scheme) {
    ctx.reporter.warn(
      `load balancer ${name} is ${lb.Type} ${lb.Scheme} but the definition says ${options.type} ${options.scheme}; recreate it (hako remove) to change that`,
    )
  }
  const subnets = options.subnets
  if (subnets && subnetsDiffer(subnets, lb)) {
    planner.add('load-balancer', name, 'update', `set load balancer ${name} subnets to ${subnets.join(', ')}`, async () => {
      await awsCall('elbv2:SetSubnets', arn, () => elbv2.send(new SetSubnetsCommand({LoadBalancerArn: arn, Subnets: subnets})))
      ctx.reporter.info(`Updating ELBv2 subnets to [${subnets.join(', ')}]`)
    })
  }
  const groups = options.security_groups
  if (groups && securityGroupsDiffer(groups, lb)) {
    planner.add('load-balancer', name, 'update', `set load balancer ${name} security groups to ${groups.join(', ')}`, async () => {
      await awsCall('elbv2:SetSecurityGroups', arn, () => elbv2.send(new SetSecurityGroupsCommand({LoadBalancerArn: arn, SecurityGroups: groups})))
      ctx.reporter.info(`Updating ELBv2 security groups to [${groups.join(', ')}]`)
    })
  }
  if (options.tags) await planTags(ctx, planner, 'load-balancer', `load balancer ${name}`, arn, options.tags)
}

async function planAttributes(ctx: ElbContext, planner: ActionPlanner, name: string, options: ElbV2Options, lb: LoadBalancer): Promise<void> {
  const wanted = options.load_balancer_attributes
  const arn = lb.LoadBalancerArn
  if (!wanted || !arn) return
  const elbv2 = ctx.clients.elbv2
  const reply = await awsCall('elbv2:DescribeLoadBalancerAttributes', arn, () => elbv2.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: arn})))
  const changes = attributeChanges(wanted, reply.Attributes ?? [])
  if (Object.keys(changes).length === 0) return
  planner.add('load-balancer', name, 'update', `set load balancer ${name} attributes ${formatPairs(changes)}`, () =>
    modifyAttributes(ctx, elbv2, name, arn, changes),
  )
}

async function modifyAttributes(
  ctx: ElbContext,
  elbv2: ElasticLoadBalancingV2Client,
  name: string,
  arn: string,
  changes: Record<string, string>,
): Promise<void> {
  await awsCall('elbv2:ModifyLoadBalancerAttributes', arn, () =>
    elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: Object.entries(changes).map(([Key, Value]) => ({Key, Value}))})),
  )
  ctx.reporter.info(`Updating ELBv2 attributes of ${name} to [${formatPairs(changes)}]`)
}
