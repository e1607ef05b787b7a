/**
 * The EC2 instances of the local world, as DescribeInstances sees them. EC2 keeps no slice of its
 * own: the instances are the ones ECS and Auto Scaling already hold (a cluster's seeded container
 * instances, and every Auto Scaling group's instances), so the two can never disagree.
 */
import type {AutoScalingGroupState, GroupInstance} from '../autoscaling/state.js'
import type {WireContainerInstance} from '../ecs/state.js'
import type {World} from '../world.js'

export type InstanceStateName = 'pending' | 'running' | 'shutting-down'

export interface Ec2Instance {
  instanceId: string
  instanceType: string
  zone: string
  state: InstanceStateName
  /** ms */
  launchedAt: number
  tags: {key: string; value: string}[]
  /** The Auto Scaling group that launched it. */
  group?: string
}

/** The state codes EC2 pairs with each name (the low byte of `instanceState.code`). */
export const STATE_CODES: Record<InstanceStateName, number> = {pending: 0, running: 16, 'shutting-down': 32}

/** The Name a seeded container instance carries: what ECS's own cluster templates name theirs. */
export function seededInstanceName(cluster: string): string {
  return `ecs-${cluster}`
}

function fromGroup(group: AutoScalingGroupState, instance: GroupInstance): Ec2Instance {
  const state: InstanceStateName = instance.lifecycleState === 'Pending' ? 'pending' : instance.lifecycleState === 'Terminating' ? 'shutting-down' : 'running'
  // Auto Scaling copies the tags marked PropagateAtLaunch and adds its own group tag.
  const tags = group.tags.filter((tag) => tag.propagateAtLaunch).map((tag) => ({key: tag.key, value: tag.value}))
  tags.push({key: 'aws:autoscaling:groupName', value: group.name})
  return {
    instanceId: instance.instanceId,
    instanceType: instance.instanceType,
    zone: instance.availabilityZone,
    state,
    launchedAt: instance.launchedAt,
    tags,
    group: group.name,
  }
}

function attribute(instance: WireContainerInstance, name: string): string | undefined {
  return instance.attributes?.find((a) => a.name === name)?.value
}

function fromContainerInstance(instance: WireContainerInstance): Ec2Instance | undefined {
  const arn = instance.containerInstanceArn ?? ''
  const cluster = /:container-instance\/([^/]+)\//.exec(arn)?.[1]
  // One that left its cluster is gone: AWS would list it as terminated for about an hour.
  if (!instance.ec2InstanceId || !cluster || instance.status !== 'ACTIVE') return undefined
  return {
    instanceId: instance.ec2InstanceId,
    instanceType: attribute(instance, 'ecs.instance-type') ?? 'm5.large',
    zone: attribute(instance, 'ecs.availability-zone') ?? '',
    state: 'running',
    launchedAt: (instance.registeredAt ?? 0) * 1000,
    tags: [{key: 'Name', value: seededInstanceName(cluster)}],
  }
}

/** Every instance of the region, Auto Scaling's first (their group knows their tags), then launch order. */
export function instancesIn(world: World, region: string): Ec2Instance[] {
  const byId = new Map<string, Ec2Instance>()
  for (const group of Object.values(world.autoscaling.groups)) {
    if (group.region !== region) continue
    for (const instance of group.instances) byId.set(instance.instanceId, fromGroup(group, instance))
  }
  for (const instance of Object.values(world.ecs.containerInstances)) {
    if (instance.containerInstanceArn?.split(':')[3] !== region) continue
    const seen = fromContainerInstance(instance)
    if (seen && !byId.has(seen.instanceId)) byId.set(seen.instanceId, seen)
  }
  return [...byId.values()].sort((a, b) => a.launchedAt - b.launchedAt || a.instanceId.localeCompare(b.instanceId))
}
