/**
 * What a group does as time passes: it launches instances up to its desired capacity (Pending,
 * then InService after LAUNCH_MS, when the ECS agent registers it in the linked cluster) and
 * terminates the surplus (deregistered at once, gone from the group after TERMINATE_MS).
 */
import {addContainerInstance, instancesOf, remainingOf} from '../ecs/clusters.js'
import {clusterArnOf} from '../ecs/model.js'
import {scopeFor} from '../ecs/scheduler.js'
import type {Faults} from '../faults.js'
import {nextId} from '../ids.js'
import type {World} from '../world.js'
import type {AutoScalingGroupState, GroupInstance} from './state.js'

/** Boot and agent start-up, simulated ms. */
export const LAUNCH_MS = 10_000
export const TERMINATE_MS = 5_000

/** Instances that count towards the desired capacity. */
export function liveInstances(group: AutoScalingGroupState): GroupInstance[] {
  return group.instances.filter((instance) => instance.lifecycleState !== 'Terminating')
}

/** The zone with the fewest live instances, as Auto Scaling balances zones. */
function nextZone(group: AutoScalingGroupState): string {
  const counts = new Map(group.availabilityZones.map((zone) => [zone, 0]))
  for (const instance of liveInstances(group)) counts.set(instance.availabilityZone, (counts.get(instance.availabilityZone) ?? 0) + 1)
  let best = group.availabilityZones[0] ?? `${group.region}a`
  for (const [zone, count] of counts) if (count < (counts.get(best) ?? 0)) best = zone
  return best
}

function launch(world: World, group: AutoScalingGroupState, now: number): void {
  group.instances.push({
    instanceId: `i-${nextId(world, 17)}`,
    instanceType: group.instanceType,
    availabilityZone: nextZone(group),
    lifecycleState: 'Pending',
    launchedAt: now,
    inServiceAt: now + LAUNCH_MS,
  })
}

/** Whether the instance still holds an unstopped task (terminated last). */
function busy(world: World, faults: Faults, group: AutoScalingGroupState, instance: GroupInstance, now: number): boolean {
  const containerInstance = instance.containerInstanceArn ? world.ecs.containerInstances[instance.containerInstanceArn] : undefined
  if (!containerInstance) return false
  const left = remainingOf(scopeFor(world, faults, group.region, now), containerInstance)
  return left.running + left.pending > 0
}

function deregister(world: World, instance: GroupInstance): void {
  const containerInstance = instance.containerInstanceArn ? world.ecs.containerInstances[instance.containerInstanceArn] : undefined
  if (!containerInstance) return
  containerInstance.status = 'INACTIVE'
  containerInstance.agentConnected = false
}

/**
 * Scale-in order: instances still Pending, then idle ones, then the newest. (AWS balances zones
 * first; with hako's one-instance-at-a-time growth the zones stay balanced anyway.)
 */
function victims(world: World, faults: Faults, group: AutoScalingGroupState, count: number, now: number): GroupInstance[] {
  if (count <= 0) return []
  const rank = (instance: GroupInstance): number => (instance.lifecycleState === 'Pending' ? 0 : busy(world, faults, group, instance, now) ? 2 : 1)
  return [...liveInstances(group)].sort((a, b) => rank(a) - rank(b) || b.launchedAt - a.launchedAt).slice(0, count)
}

/** The ECS agent of a new InService instance registers in the linked cluster, if it exists. */
function register(world: World, faults: Faults, group: AutoScalingGroupState, instance: GroupInstance): void {
  if (!group.cluster) return
  const scope = scopeFor(world, faults, group.region, instance.inServiceAt)
  const cluster = world.ecs.clusters[clusterArnOf(scope, group.cluster)]
  if (cluster?.status !== 'ACTIVE') return
  const template = world.ecs.instanceTemplate
  const joined = addContainerInstance(scope, cluster, template.cpu, template.memory, instancesOf(scope, cluster).length, {
    ec2InstanceId: instance.instanceId,
    zone: instance.availabilityZone,
    instanceType: instance.instanceType,
  })
  instance.containerInstanceArn = joined.containerInstanceArn
}

/** Launches instances until the live ones reach the desired capacity. */
export function launchMissing(world: World, group: AutoScalingGroupState, now: number): void {
  for (let i = liveInstances(group).length; i < group.desiredCapacity; i += 1) launch(world, group, now)
}

/** Launches or terminates instances until the live ones match the desired capacity. */
export function reconcileGroup(world: World, faults: Faults, group: AutoScalingGroupState, now: number): void {
  const live = liveInstances(group).length
  launchMissing(world, group, now)
  for (const instance of victims(world, faults, group, live - group.desiredCapacity, now)) {
    instance.lifecycleState = 'Terminating'
    instance.goneAt = now + TERMINATE_MS
    deregister(world, instance)
  }
}

/** Brings every group up to `now`: lifecycle transitions that fell due, then the desired capacity. */
export function advanceAutoScaling(world: World, now: number, faults: Faults): void {
  for (const group of Object.values(world.autoscaling.groups)) {
    for (const instance of group.instances) {
      if (instance.lifecycleState === 'Pending' && instance.inServiceAt <= now) {
        instance.lifecycleState = 'InService'
        register(world, faults, group, instance)
      }
    }
    group.instances = group.instances.filter((instance) => instance.goneAt === undefined || instance.goneAt > now)
    reconcileGroup(world, faults, group, now)
  }
}
