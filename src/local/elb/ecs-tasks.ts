/**
 * What ECS does with a classic load balancer named in a service's `loadBalancers`: the container
 * instance a task runs on is registered when the task is RUNNING and deregistered when it stops
 * (once no other task of ours runs there), with the service events ECS writes for it.
 */
import type {LoadBalancer} from '@aws-sdk/client-ecs'

import {addEvent} from '../ecs/events.js'
import type {StoredService, Wire, WireTask, WireTaskDefinition} from '../ecs/state.js'
import type {World} from '../world.js'
import {findClassicLoadBalancer} from './state.js'

const regionOf = (arn: string | undefined): string => (arn ?? '').split(':')[3] ?? ''

function classicEntries(service: StoredService): Wire<LoadBalancer>[] {
  return ((service.service.loadBalancers ?? []) as Wire<LoadBalancer>[]).filter((lb) => lb.loadBalancerName && !lb.targetGroupArn)
}

export function registerTaskInstance(world: World, service: StoredService, task: WireTask, at: number): void {
  const instanceId = task.containerInstanceArn ? world.ecs.containerInstances[task.containerInstanceArn]?.ec2InstanceId : undefined
  const taskArn = task.taskArn
  if (!instanceId || !taskArn) return
  for (const entry of classicEntries(service)) {
    const lb = findClassicLoadBalancer(world, regionOf(task.taskArn), entry.loadBalancerName ?? '')
    if (!lb) continue
    let instance = lb.instances.find((i) => i.instanceId === instanceId)
    if (!instance) {
      instance = {instanceId, registeredAt: at, manual: false, tasks: []}
      lb.instances.push(instance)
    }
    if (!instance.tasks.includes(taskArn)) instance.tasks.push(taskArn)
    addEvent(world, service, at, `(service ${service.service.serviceName ?? ''}) registered 1 instances in (elb ${lb.name})`)
  }
}

export function deregisterTaskInstance(world: World, task: WireTask, at: number): void {
  const taskArn = task.taskArn ?? ''
  const serviceArn = world.ecs.tasks[taskArn]?.sim.serviceArn
  const service = serviceArn ? world.ecs.services[serviceArn] : undefined
  for (const lb of Object.values(world.elb.loadBalancers)) {
    const instance = lb.instances.find((i) => i.tasks.includes(taskArn))
    if (!instance) continue
    instance.tasks = instance.tasks.filter((arn) => arn !== taskArn)
    if (instance.tasks.length > 0 || instance.manual) continue
    lb.instances = lb.instances.filter((i) => i !== instance)
    if (service) addEvent(world, service, at, `(service ${service.service.serviceName ?? ''}) deregistered 1 instances in (elb ${lb.name})`)
  }
}

/**
 * Why ECS would refuse this classic load balancer entry (InvalidParameterException), or
 * undefined when it is fine.
 */
export function classicAttachmentProblem(world: World, region: string, entry: Wire<LoadBalancer>, definition: WireTaskDefinition): string | undefined {
  const name = entry.loadBalancerName ?? ''
  if (definition.networkMode === 'awsvpc')
    return `Classic Load Balancers are not supported with the awsvpc network mode: use a target group (targetGroupArn) for ${name}.`
  if (!findClassicLoadBalancer(world, region, name)) return `Unable to find the load balancer ${name}.`
  const container = definition.containerDefinitions?.find((c) => c.name === entry.containerName)
  if (!container) return `The container ${entry.containerName ?? ''} does not exist in the task definition.`
  if (!container.portMappings?.some((m) => m.containerPort === entry.containerPort)) {
    return `The container ${entry.containerName ?? ''} did not have a container port ${entry.containerPort ?? ''} defined.`
  }
  return undefined
}
