/**
 * The instance port a classic load balancer forwards to: the host port of the load-balanced
 * container, fixed because a classic listener names one port for every instance (hako's front
 * port; docs/hako-compatibility.md, "Classic ELB"). Taken from the definition when it sets one,
 * else kept from the running service, else allocated above every fixed host port in the cluster.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  paginateListServices,
  type Service,
  type TaskDefinition,
} from '@aws-sdk/client-ecs'

import type {Definition} from '../definition/types.js'
import {awsCall} from '../errors.js'
import type {PlanContext} from '../plan/types.js'

/** hako's first front port, and what an offline plan assumes. */
export const FIRST_FRONT_PORT = 10000

/** The host port the definition gives the load-balanced container, if any. */
export function definedInstancePort(definition: Pick<Definition, 'app' | 'sidecars' | 'scheduler'>): number | undefined {
  const elb = definition.scheduler.elb
  if (!elb) return undefined
  const spec = elb.container_name === 'app' ? definition.app : definition.sidecars[elb.container_name]
  const mapping = spec?.port_mappings.find((m) => m.container_port === elb.container_port)
  return mapping?.host_port !== undefined && mapping.host_port > 0 ? mapping.host_port : undefined
}

function hostPortOf(definition: TaskDefinition | undefined, containerName: string, containerPort: number): number | undefined {
  const container = definition?.containerDefinitions?.find((c) => c.name === containerName)
  const mappings = container?.portMappings ?? []
  const port = (mappings.find((m) => m.containerPort === containerPort) ?? mappings[0])?.hostPort
  return port !== undefined && port > 0 ? port : undefined
}

async function taskDefinition(ecs: ECSClient, arn: string): Promise<TaskDefinition | undefined> {
  return (await awsCall('ecs:DescribeTaskDefinition', arn, () => ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: arn})))).taskDefinition
}

/** Every live service's task definition in the cluster (ListServices, then DescribeServices by tens). */
async function clusterTaskDefinitions(ecs: ECSClient, cluster: string): Promise<string[]> {
  const arns: string[] = []
  for await (const page of paginateListServices({client: ecs}, {cluster})) arns.push(...(page.serviceArns ?? []))
  const definitions = new Set<string>()
  for (let i = 0; i < arns.length; i += 10) {
    const batch = arns.slice(i, i + 10)
    const reply = await awsCall('ecs:DescribeServices', cluster, () => ecs.send(new DescribeServicesCommand({cluster, services: batch})))
    for (const service of reply.services ?? []) if (service.status !== 'INACTIVE' && service.taskDefinition) definitions.add(service.taskDefinition)
  }
  return [...definitions]
}

export async function classicInstancePort(ctx: PlanContext, read?: {service: Service | undefined}): Promise<number> {
  const elb = ctx.definition.scheduler.elb
  if (!elb) throw new Error('classicInstancePort needs scheduler.elb')
  return fixedFrontPort(ctx, {name: elb.container_name, port: elb.container_port}, definedInstancePort(ctx.definition), read)
}

/**
 * A fixed host port for the front (`dynamic_port_mapping: false`, and always with a classic load
 * balancer): the one the definition gives, else the one the running service already uses, else
 * one above every fixed host port in the cluster, so two apps on one instance never clash.
 */
export async function fixedFrontPort(
  ctx: PlanContext,
  container: {name: string; port: number},
  defined?: number,
  /** The service as the caller already read it (undefined inside: it does not exist). */
  read?: {service: Service | undefined},
): Promise<number> {
  const {definition, appId} = ctx
  if (defined !== undefined) return defined
  if (!ctx.live) return FIRST_FRONT_PORT
  const ecs = ctx.clients.ecs
  const cluster = definition.scheduler.cluster
  const current = read
    ? read.service
    : (await awsCall('ecs:DescribeServices', `${cluster}/${appId}`, () => ecs.send(new DescribeServicesCommand({cluster, services: [appId]})))).services?.[0]
  if (current && current.status !== 'INACTIVE' && current.taskDefinition) {
    const kept = hostPortOf(await taskDefinition(ecs, current.taskDefinition), container.name, container.port)
    if (kept !== undefined) return kept
  }
  // Any fixed host port in the cluster would clash on a shared instance, not only other fronts.
  let highest = FIRST_FRONT_PORT - 1
  for (const arn of await clusterTaskDefinitions(ecs, cluster)) {
    const containers = (await taskDefinition(ecs, arn))?.containerDefinitions ?? []
    for (const port of containers.flatMap((c) => (c.portMappings ?? []).map((m) => m.hostPort ?? 0))) highest = Math.max(highest, port)
  }
  return highest + 1
}
