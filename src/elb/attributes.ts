/**
 * Attributes of a load balancer or a target group: only those the definition names are compared,
 * and only the ones that differ are written.
 */
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeTargetGroupAttributesCommand,
  type ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'

import {awsCall} from '../errors.js'
import {attributeChanges, formatPairs} from './compare.js'
import type {ActionPlanner, ElbContext} from './planner.js'

type Owner = 'load-balancer' | 'target-group'
type Attribute = {Key?: string; Value?: string}

/** The two resources' attribute calls, which differ only in their names. */
const API: Record<
  Owner,
  {
    label: string
    describe: string
    modify: string
    read(elbv2: ElasticLoadBalancingV2Client, arn: string): Promise<Attribute[]>
    write(elbv2: ElasticLoadBalancingV2Client, arn: string, attributes: Attribute[]): Promise<unknown>
  }
> = {
  'load-balancer': {
    label: 'load balancer',
    describe: 'elbv2:DescribeLoadBalancerAttributes',
    modify: 'elbv2:ModifyLoadBalancerAttributes',
    read: async (elbv2, arn) => (await elbv2.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: arn}))).Attributes ?? [],
    write: (elbv2, arn, attributes) => elbv2.send(new ModifyLoadBalancerAttributesCommand({LoadBalancerArn: arn, Attributes: attributes})),
  },
  'target-group': {
    label: 'target group',
    describe: 'elbv2:DescribeTargetGroupAttributes',
    modify: 'elbv2:ModifyTargetGroupAttributes',
    read: async (elbv2, arn) => (await elbv2.send(new DescribeTargetGroupAttributesCommand({TargetGroupArn: arn}))).Attributes ?? [],
    write: (elbv2, arn, attributes) => elbv2.send(new ModifyTargetGroupAttributesCommand({TargetGroupArn: arn, Attributes: attributes})),
  },
}

export async function planAttributes(
  ctx: ElbContext,
  planner: ActionPlanner,
  owner: Owner,
  name: string,
  arn: string,
  wanted: Record<string, string>,
): Promise<void> {
  const api = API[owner]
  const current = await awsCall(api.describe, arn, () => api.read(ctx.clients.elbv2, arn))
  const changes = attributeChanges(wanted, current)
  if (Object.keys(changes).length === 0) return
  planner.add(owner, name, 'update', `set ${api.label} ${name} attributes ${formatPairs(changes)}`, () => modifyAttributes(ctx, owner, name, arn, changes))
}

export async function modifyAttributes(ctx: ElbContext, owner: Owner, name: string, arn: string, changes: Record<string, string>): Promise<void> {
  const api = API[owner]
  await awsCall(api.modify, arn, () =>
    api.write(
      ctx.clients.elbv2,
      arn,
      Object.entries(changes).map(([Key, Value]) => ({Key, Value})),
    ),
  )
  ctx.reporter.info(`Updating ${api.label} attributes of ${name} to [${formatPairs(changes)}]`)
}
