/**
 * Registered instances: RegisterInstancesWithLoadBalancer, DeregisterInstancesFromLoadBalancer
 * and DescribeInstanceHealth. The only EC2 instances the simulator has are the ECS container
 * instances, so those are the instances that can be registered.
 */
import {list, type QueryInput, record, text} from '../query-form.js'
import type {LocalContext} from '../types.js'
import type {World} from '../world.js'
import {members, type XmlObject} from '../xml.js'
import {ElbError, loadBalancerOf} from './errors.js'
import type {ClassicInstanceState, ClassicLoadBalancerState} from './state.js'

/** Health checks never keep an instance out of service longer than this (a local deploy stays short). */
const MAX_HEALTH_WAIT_MS = 60_000

export function knownInstances(world: World, region: string): Set<string> {
  const prefix = `arn:aws:ecs:${region}:`
  return new Set(
    Object.values(world.ecs.containerInstances)
      .filter((ci) => ci.containerInstanceArn?.startsWith(prefix) && ci.status !== 'INACTIVE')
      .map((ci) => ci.ec2InstanceId)
      .filter((id): id is string => id !== undefined),
  )
}

function instanceIds(input: QueryInput): string[] {
  return list(input.Instances).map((raw) => text(record(raw).InstanceId) ?? '')
}

const instancesXml = (lb: ClassicLoadBalancerState): XmlObject => ({Instances: members(lb.instances.map((i) => ({InstanceId: i.instanceId})))})

export function registerInstances(input: QueryInput, context: LocalContext): XmlObject {
  const lb = loadBalancerOf(input, context)
  const ids = instanceIds(input)
  const known = knownInstances(context.world, context.region)
  const unknown = ids.filter((id) => !known.has(id))
  if (unknown.length > 0) throw new ElbError('InvalidInstance', `The following instances are not known: ${unknown.join(', ')}`)
  for (const id of ids) {
    const existing = lb.instances.find((i) => i.instanceId === id)
    if (existing) existing.manual = true
    else lb.instances.push({instanceId: id, registeredAt: context.now(), manual: true, tasks: []})
  }
  return instancesXml(lb)
}

export function deregisterInstances(input: QueryInput, context: LocalContext): XmlObject {
  const lb = loadBalancerOf(input, context)
  const ids = instanceIds(input)
  lb.instances = lb.instances.filter((i) => !ids.includes(i.instanceId))
  return instancesXml(lb)
}

type Health = {State: string; ReasonCode: string; Description: string}

const IN_SERVICE: Health = {State: 'InService', ReasonCode: 'N/A', Description: 'N/A'}

/** An instance carrying ECS tasks is in service once one of them is healthy and the checks passed. */
function healthOf(world: World, lb: ClassicLoadBalancerState, instance: ClassicInstanceState, now: number, known: Set<string>): Health {
  if (!known.has(instance.instanceId)) return {State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance is in terminated state.'}
  if (instance.tasks.length === 0) return IN_SERVICE
  const check = lb.healthCheck
  const checksPassedAt = instance.registeredAt + Math.min(MAX_HEALTH_WAIT_MS, check.interval * check.healthyThreshold * 1000)
  const tasks = instance.tasks.map((arn) => world.ecs.tasks[arn]).filter((t) => t !== undefined)
  if (tasks.some((t) => t.sim.containers.some((c) => c.unhealthy))) {
    return {
      State: 'OutOfService',
      ReasonCode: 'Instance',
      Description: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.',
    }
  }
  const healthy = tasks.some((t) => t.task.lastStatus === 'RUNNING' && t.sim.healthyAt !== undefined && t.sim.healthyAt <= now)
  if (healthy && now >= checksPassedAt) return IN_SERVICE
  return {State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance registration is still in progress.'}
}

export function describeInstanceHealth(input: QueryInput, context: LocalContext): XmlObject {
  const lb = loadBalancerOf(input, context)
  const asked = instanceIds(input)
  const known = knownInstances(context.world, context.region)
  const ids = asked.length > 0 ? asked : lb.instances.map((i) => i.instanceId)
  return {
    InstanceStates: members(
      ids.map((id) => {
        const instance = lb.instances.find((i) => i.instanceId === id)
        const health = instance
          ? healthOf(context.world, lb, instance, context.now(), known)
          : {State: 'Unknown', ReasonCode: 'N/A', Description: 'Instance is not currently registered with the LoadBalancer.'}
        return {InstanceId: id, ...health}
      }),
    ),
  }
}
