/**
 * The simulated subscriber of an oneshot capacity topic: what a function subscribed to
 * `autoscaling_topic_for_oneshot` would do with hako's message `{group_name, cluster, cpu, memory,
 * hako_task_id}`. It adds one instance to the group unless one is on its way, the cluster already
 * has room for the task, or the group is at its MaxSize; hako repeats the message while it waits,
 * so each repeat looks again.
 */
import {reconcileGroup} from '../autoscaling/instances.js'
import {findGroup} from '../autoscaling/state.js'
import {instancesOf, remainingOf} from '../ecs/clusters.js'
import {clusterArnOf} from '../ecs/model.js'
import {scopeFor} from '../ecs/scheduler.js'
import type {Faults} from '../faults.js'
import type {World} from '../world.js'
import type {TopicState} from './state.js'

interface CapacityRequest {
  group_name?: unknown
  cluster?: unknown
  cpu?: unknown
  memory?: unknown
}

function parse(message: string): CapacityRequest | undefined {
  try {
    const value = JSON.parse(message) as unknown
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as CapacityRequest) : undefined
  } catch {
    return undefined
  }
}

/** Returns what it did, for the message's `delivery` note. */
export function growForMessage(world: World, faults: Faults, topic: TopicState, message: string, now: number): string {
  const request = parse(message)
  if (typeof request?.group_name !== 'string') return 'ignored: not a capacity request (no group_name)'
  // A subscriber may scale a group in another region than its topic's; the topic's region first.
  const name = request.group_name
  const group = findGroup(world, topic.region, name) ?? Object.values(world.autoscaling.groups).find((g) => g.name === name)
  if (!group) return `ignored: no Auto Scaling group ${name}`
  if (group.instances.some((i) => i.lifecycleState === 'Pending')) return `waiting: ${group.name} is launching an instance`
  const scope = scopeFor(world, faults, group.region, now)
  const cluster = typeof request.cluster === 'string' ? world.ecs.clusters[clusterArnOf(scope, request.cluster)] : undefined
  const cpu = typeof request.cpu === 'number' ? request.cpu : 0
  const memory = typeof request.memory === 'number' ? request.memory : 0
  if (cluster) {
    const fits = instancesOf(scope, cluster).some((instance) => {
      const left = remainingOf(scope, instance)
      return left.cpu >= cpu && left.memory >= memory
    })
    if (fits) return `nothing to do: cluster ${cluster.clusterName} has room for cpu ${cpu}, memory ${memory}`
  }
  if (group.desiredCapacity >= group.maxSize) return `at max: ${group.name} is at its MaxSize ${group.maxSize}`
  group.desiredCapacity += 1
  reconcileGroup(world, faults, group, now)
  return `grew ${group.name} to ${group.desiredCapacity}`
}
