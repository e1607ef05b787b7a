/** The service side of a classic load balancer: the CreateService `loadBalancers` entry. Pure. */
import type {LoadBalancer} from '@aws-sdk/client-ecs'

import type {Definition} from '../definition/types.js'
import {classicLoadBalancerName} from './names.js'

/** `{loadBalancerName, containerName, containerPort}` for CreateService, or undefined without `scheduler.elb`. */
export function classicServiceLoadBalancer(appId: string, definition: Pick<Definition, 'scheduler'>): LoadBalancer | undefined {
  const elb = definition.scheduler.elb
  if (!elb) return undefined
  return {loadBalancerName: classicLoadBalancerName(appId, elb), containerName: elb.container_name, containerPort: elb.container_port}
}
