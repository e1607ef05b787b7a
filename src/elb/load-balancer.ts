/**
 * The app's own load balancer (`hako-<app>`): created when missing, its subnets, security groups,
 * tags and attributes brought to the definition. Type and scheme cannot change in place: say so.
 */
import {CreateLoadBalancerCommand, type LoadBalancer, SetSecurityGroupsCommand, SetSubnetsCommand} from '@aws-sdk/client-elastic-load-balancing-v2'

import {awsCall, HakoError} from '../errors.js'
import {formatPairs, securityGroupsDiffer, subnetsDiffer} from './compare.js'
import {type ActionPlanner, type ElbContext, type ElbState, toTags} from './planner.js'
import type {ElbV2Options} from './schema.js'
import {modifyAttributes, planAttributes} from './attributes.js'
import {planTags} from './tags.js'

export async function planManagedLoadBalancer(ctx: ElbContext, planner: ActionPlanner, state: ElbState, name: string, options: ElbV2Options): Promise<void> {
  const elbv2 = ctx.clients.elbv2
  const isNlb = options.type === 'network'
  const existing = state.lb
  if (existing) {
    await planLoadBalancerChanges(ctx, planner, name, options, existing)
    if (options.load_balancer_attributes && existing.LoadBalancerArn)
      await planAttributes(ctx, planner, 'load-balancer', name, existing.LoadBalancerArn, options.load_balancer_attributes)
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
    if (arn && options.load_balancer_attributes) await modifyAttributes(ctx, 'load-balancer', name, arn, options.load_balancer_attributes)
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
