/** Read-only classic ELB lookups. */
import {DescribeLoadBalancersCommand, type ElasticLoadBalancingClient, type LoadBalancerDescription} from '@aws-sdk/client-elastic-load-balancing'

import {awsCall, isAwsError} from '../errors.js'

/** The load balancer of that name, or undefined when there is none. */
export async function findClassicLoadBalancer(elb: ElasticLoadBalancingClient, name: string): Promise<LoadBalancerDescription | undefined> {
  try {
    const reply = await elb.send(new DescribeLoadBalancersCommand({LoadBalancerNames: [name]}))
    return reply.LoadBalancerDescriptions?.[0]
  } catch (error) {
    if (isAwsError(error, 'AccessPointNotFoundException')) return undefined
    return awsCall('elb:DescribeLoadBalancers', name, () => Promise.reject(error))
  }
}
