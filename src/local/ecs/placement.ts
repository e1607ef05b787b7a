/**
 * Where a new task goes: what it reserves, which container instance (or Fargate zone) has room,
 * and why none has.
 */
import type {ContainerDefinition, PlacementConstraint, TaskOverride} from '@aws-sdk/client-ecs'
import {instancesOf, remainingOf, zoneOf} from './clusters.js'
import type {Scope} from './model.js'
import type {Wire, WireCluster, WireContainerInstance, WireTaskDefinition} from './state.js'
import {parseUnits} from './validate-task-definition.js'

/** What placement needs to know about the task being launched. */
export interface PlacementRequest {
  cluster: WireCluster
  launchType: 'EC2' | 'FARGATE'
  group: string
  placementConstraints?: Wire<PlacementConstraint>[]
}

function containerMemory(container: Wire<ContainerDefinition>): number {
  return container.memoryReservation ?? container.memory ?? 0
}

export function reservationOf(definition: WireTaskDefinition, overrides: Wire<TaskOverride> | undefined): {cpu: number; memory: number} {
  const containers = definition.containerDefinitions ?? []
  const cpu = parseUnits(overrides?.cpu ?? definition.cpu, 'vcpu') ?? containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0)
  const memory = parseUnits(overrides?.memory ?? definition.memory, 'gb') ?? containers.reduce((sum, c) => sum + containerMemory(c), 0)
  return {cpu, memory}
}

export function staticPorts(definition: WireTaskDefinition): number[] {
  if (definition.networkMode === 'awsvpc') return []
  return (definition.containerDefinitions ?? []).flatMap((c) => (c.portMappings ?? []).map((m) => m.hostPort ?? 0)).filter((p) => p > 0)
}

export type Placement = {instance?: WireContainerInstance; zone: string} | {failures: {arn?: string; reason: string}[]; noInstances?: boolean}

export function place(scope: Scope, params: PlacementRequest, need: {cpu: number; memory: number; ports: number[]}): Placement {
  const clusterName = params.cluster.clusterName ?? ''
  const fault = scope.faults.clusterFault(clusterName)
  if (params.launchType === 'FARGATE') {
    if (fault?.insufficientCapacity) {
      return {failures: [{reason: 'Capacity is unavailable at this time. Please try again later or in a different availability zone'}]}
    }
    const zones = ['a', 'c', 'd']
    return {zone: `${scope.region}${zones[scope.world.sequence % zones.length]}`}
  }
  const instances = instancesOf(scope, params.cluster)
  if (instances.length === 0) return {failures: [], noInstances: true}
  const distinct = params.placementConstraints?.some((c) => c.type === 'distinctInstance') ?? false
  const failures: {arn?: string; reason: string}[] = []
  const candidates: {instance: WireContainerInstance; sameGroup: number; memory: number}[] = []
  for (const instance of instances) {
    const left = remainingOf(scope, instance)
    const sameGroup = Object.values(scope.ecs.tasks).filter(
      ({task}) => task.containerInstanceArn === instance.containerInstanceArn && task.lastStatus !== 'STOPPED' && task.group === params.group,
    ).length
    let reason: string | undefined
    if (fault?.insufficientCapacity || left.memory < need.memory) reason = 'RESOURCE:MEMORY'
    else if (left.cpu < need.cpu) reason = 'RESOURCE:CPU'
    else if (need.ports.some((port) => left.ports.includes(String(port)))) reason = 'RESOURCE:PORTS'
    else if (distinct && sameGroup > 0) reason = 'DistinctInstance placement constraint unsatisfied.'
    if (reason) failures.push({arn: instance.containerInstanceArn, reason})
    else candidates.push({instance, sameGroup, memory: left.memory})
  }
  // Spread a group across instances first, then prefer the emptiest.
  candidates.sort((a, b) => a.sameGroup - b.sameGroup || b.memory - a.memory)
  const chosen = candidates[0]
  if (!chosen) return {failures}
  return {instance: chosen.instance, zone: zoneOf(chosen.instance)}
}
