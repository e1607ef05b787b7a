/** `hako status` for a service attached to a classic load balancer: one line per listener. */
import type {LoadBalancer} from '@aws-sdk/client-ecs'
import type {ElasticLoadBalancingClient} from '@aws-sdk/client-elastic-load-balancing'

import {findClassicLoadBalancer} from './lookup.js'

/** The shape of a `hako status` load balancer line. */
export interface ClassicStatusLine {
  dnsName: string
  port?: number
  containerName: string
  containerPort: number
}

/** `dns:port -> container:port` per listener, in port order; the bare name when the load balancer is gone. */
export async function classicStatusLines(elb: ElasticLoadBalancingClient, entry: LoadBalancer): Promise<ClassicStatusLine[]> {
  const name = entry.loadBalancerName ?? ''
  const containerName = entry.containerName ?? '-'
  const containerPort = entry.containerPort ?? 0
  const lb = await findClassicLoadBalancer(elb, name)
  if (!lb) return [{dnsName: name, containerName, containerPort}]
  const ports = (lb.ListenerDescriptions ?? []).map((d) => d.Listener?.LoadBalancerPort ?? 0).sort((a, b) => a - b)
  return ports.map((port) => ({dnsName: lb.DNSName ?? name, port, containerName, containerPort}))
}
