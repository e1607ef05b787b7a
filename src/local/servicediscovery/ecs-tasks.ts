/**
 * What ECS does in Cloud Map for a service with `serviceRegistries`: each task is registered as
 * an instance (id = task id) when it is RUNNING and deregistered when it stops.
 */
import type {ServiceRegistry} from '@aws-sdk/client-ecs'

import type {StoredService, Wire, WireContainerInstance, WireTask, WireTaskDefinition} from '../ecs/state.js'
import type {World} from '../world.js'
import {deregisterEverywhere, registerInstance, serviceByArn} from './state.js'

/** Container instances have no address in the ECS simulator; give each a stable private one. */
function instanceAddress(ec2InstanceId: string): string {
  let h = 0
  for (const char of ec2InstanceId) h = (Math.imul(h, 31) + char.charCodeAt(0)) >>> 0
  return `10.1.${(h >>> 8) & 255}.${h & 255 || 1}`
}

function taskIdOf(task: WireTask): string {
  const arn = task.taskArn ?? ''
  return arn.slice(arn.lastIndexOf('/') + 1)
}

/** AWS_INSTANCE_IPV4/PORT as ECS sets them: the ENI address under awsvpc, else the host's and the host port. */
function attributesOf(
  registry: Wire<ServiceRegistry>,
  service: StoredService,
  task: WireTask,
  instance: WireContainerInstance | undefined,
): Record<string, string> | undefined {
  const eni = task.containers?.flatMap((c) => c.networkInterfaces ?? []).find((n) => n.privateIpv4Address)?.privateIpv4Address
  const ip = eni ?? (instance?.ec2InstanceId ? instanceAddress(instance.ec2InstanceId) : undefined)
  if (!ip) return undefined
  const binding = task.containers?.find((c) => c.name === registry.containerName)?.networkBindings?.find((b) => b.containerPort === registry.containerPort)
  const port = registry.port ?? (eni ? registry.containerPort : binding?.hostPort)
  const family = (task.taskDefinitionArn ?? '').split('/').pop()?.split(':')[0] ?? ''
  const clusterArn = task.clusterArn ?? ''
  const region = clusterArn.split(':')[3] ?? ''
  return {
    AWS_INSTANCE_IPV4: ip,
    ...(port !== undefined ? {AWS_INSTANCE_PORT: String(port)} : {}),
    ...(task.availabilityZone ? {AVAILABILITY_ZONE: task.availabilityZone} : {}),
    AWS_INIT_HEALTH_STATUS: 'HEALTHY',
    ECS_CLUSTER_NAME: clusterArn.slice(clusterArn.lastIndexOf('/') + 1),
    ECS_SERVICE_NAME: service.service.serviceName ?? '',
    ECS_TASK_DEFINITION_FAMILY: family,
    REGION: region,
  }
}

export function registerServiceTask(world: World, service: StoredService, task: WireTask, instance: WireContainerInstance | undefined): void {
  for (const registry of service.service.serviceRegistries ?? []) {
    if (!registry.registryArn) continue
    const attributes = attributesOf(registry, service, task, instance)
    if (attributes) registerInstance(world, registry.registryArn, taskIdOf(task), attributes)
  }
}

export function deregisterServiceTask(world: World, task: WireTask): void {
  deregisterEverywhere(world, taskIdOf(task))
}

/**
 * Why ECS would refuse these `serviceRegistries` for a task definition (CreateService and
 * UpdateService answer InvalidParameterException), or undefined when they are fine.
 */
export function registriesProblem(world: World, registries: Wire<ServiceRegistry>[], definition: WireTaskDefinition): string | undefined {
  if (registries.length > 1) return 'Only one service registry is supported per service.'
  for (const registry of registries) {
    if (!registry.registryArn) return 'registryArn can not be blank.'
    const service = serviceByArn(world, registry.registryArn)
    if (!service) return `Service registry ${registry.registryArn} does not exist.`
    const container = registry.containerName ? definition.containerDefinitions?.find((c) => c.name === registry.containerName) : undefined
    if (registry.containerName && !container) return `The container ${registry.containerName} does not exist in the task definition.`
    if (container && registry.containerPort !== undefined && !container.portMappings?.some((m) => m.containerPort === registry.containerPort)) {
      return `The container ${registry.containerName} did not have a container port ${registry.containerPort} defined.`
    }
    const types = service.DnsConfig.DnsRecords.map((r) => r.Type)
    const awsvpc = definition.networkMode === 'awsvpc'
    if (types.includes('SRV') && registry.port === undefined && (registry.containerName === undefined || registry.containerPort === undefined)) {
      return "When specifying 'SRV' DNS records, you must specify a port, or a container name and container port."
    }
    if (!awsvpc && types.some((t) => t === 'A' || t === 'AAAA')) {
      return `Service registry ${registry.registryArn} has A/AAAA records, which need the awsvpc network mode; use SRV records.`
    }
  }
  return undefined
}
