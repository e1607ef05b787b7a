/** Read-only ELBv2 lookups shared by the load balancer code and the route53 script. */
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  type Listener,
  type LoadBalancer,
  type Rule,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2'

import {awsCall, isAwsError} from '../errors.js'

export async function findLoadBalancer(elbv2: ElasticLoadBalancingV2Client, name: string): Promise<LoadBalancer | undefined> {
  try {
    const reply = await elbv2.send(new DescribeLoadBalancersCommand({Names: [name]}))
    return reply.LoadBalancers?.[0]
  } catch (error) {
    if (isAwsError(error, 'LoadBalancerNotFoundException')) return undefined
    return awsCall('elbv2:DescribeLoadBalancers', name, () => Promise.reject(error))
  }
}

export async function findTargetGroup(elbv2: ElasticLoadBalancingV2Client, name: string): Promise<TargetGroup | undefined> {
  try {
    const reply = await elbv2.send(new DescribeTargetGroupsCommand({Names: [name]}))
    return reply.TargetGroups?.[0]
  } catch (error) {
    if (isAwsError(error, 'TargetGroupNotFoundException')) return undefined
    return awsCall('elbv2:DescribeTargetGroups', name, () => Promise.reject(error))
  }
}

export async function listListeners(elbv2: ElasticLoadBalancingV2Client, loadBalancerArn: string): Promise<Listener[]> {
  const listeners: Listener[] = []
  let marker: string | undefined
  do {
    const page = await awsCall('elbv2:DescribeListeners', loadBalancerArn, () =>
      elbv2.send(new DescribeListenersCommand({LoadBalancerArn: loadBalancerArn, Marker: marker})),
    )
    listeners.push(...(page.Listeners ?? []))
    marker = page.NextMarker
  } while (marker)
  return listeners
}

export async function listRules(elbv2: ElasticLoadBalancingV2Client, listenerArn: string): Promise<Rule[]> {
  const rules: Rule[] = []
  let marker: string | undefined
  do {
    const page = await awsCall('elbv2:DescribeRules', listenerArn, () => elbv2.send(new DescribeRulesCommand({ListenerArn: listenerArn, Marker: marker})))
    rules.push(...(page.Rules ?? []))
    marker = page.NextMarker
  } while (marker)
  return rules
}
