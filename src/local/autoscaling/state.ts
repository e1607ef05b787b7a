/**
 * The EC2 Auto Scaling slice of the world: groups keyed by `<region>/<name>`, each with its
 * instances. A group may be linked (locally only) to an ECS cluster: its InService instances are
 * that cluster's container instances, which is how `hako oneshot` grows a cluster.
 */
import {uuid} from '../ids.js'
import {launchMissing} from './instances.js'
import {LOCAL_ACCOUNT_ID} from '../types.js'
import type {World} from '../world.js'

/** The tag that links a group made through CreateAutoScalingGroup to an ECS cluster. */
export const CLUSTER_TAG = 'hako:local:cluster'
export const DEFAULT_INSTANCE_TYPE = 'm5.large'

export type LifecycleState = 'Pending' | 'InService' | 'Terminating'

export interface GroupInstance {
  instanceId: string
  instanceType: string
  availabilityZone: string
  lifecycleState: LifecycleState
  /** ms when it was launched. */
  launchedAt: number
  /** ms when it turns InService (and its ECS agent registers). */
  inServiceAt: number
  /** ms when a Terminating instance leaves the group. */
  goneAt?: number
  containerInstanceArn?: string
}

export interface GroupTag {
  key: string
  value: string
  propagateAtLaunch: boolean
}

export interface AutoScalingGroupState {
  name: string
  arn: string
  region: string
  minSize: number
  maxSize: number
  desiredCapacity: number
  defaultCooldown: number
  healthCheckType: string
  healthCheckGracePeriod: number
  availabilityZones: string[]
  vpcZoneIdentifier?: string
  launchTemplate?: {id?: string; name?: string; version?: string}
  launchConfigurationName?: string
  instanceType: string
  tags: GroupTag[]
  createdAt: number
  /** Local only: the ECS cluster (name) its instances register in. */
  cluster?: string
  instances: GroupInstance[]
}

export interface AutoScalingState {
  groups: Record<string, AutoScalingGroupState>
}

export function emptyAutoScalingState(): AutoScalingState {
  return {groups: {}}
}

export function groupKey(region: string, name: string): string {
  return `${region}/${name}`
}

export function findGroup(world: World, region: string, name: string): AutoScalingGroupState | undefined {
  return world.autoscaling.groups[groupKey(region, name)]
}

export function defaultZones(region: string): string[] {
  return ['a', 'c', 'd'].map((suffix) => `${region}${suffix}`)
}

export interface NewGroup {
  name: string
  region: string
  minSize: number
  maxSize: number
  desiredCapacity: number
  createdAt: number
  instanceType?: string
  availabilityZones?: string[]
  vpcZoneIdentifier?: string
  launchTemplate?: {id?: string; name?: string; version?: string}
  launchConfigurationName?: string
  defaultCooldown?: number
  healthCheckType?: string
  healthCheckGracePeriod?: number
  tags?: GroupTag[]
  cluster?: string
}

/** Stores a new group; the caller launches its instances (launchMissing / reconcileGroup). */
export function putGroup(world: World, group: NewGroup): AutoScalingGroupState {
  const stored: AutoScalingGroupState = {
    name: group.name,
    arn: `arn:aws:autoscaling:${group.region}:${LOCAL_ACCOUNT_ID}:autoScalingGroup:${uuid(world)}:autoScalingGroupName/${group.name}`,
    region: group.region,
    minSize: group.minSize,
    maxSize: group.maxSize,
    desiredCapacity: group.desiredCapacity,
    defaultCooldown: group.defaultCooldown ?? 300,
    healthCheckType: group.healthCheckType ?? 'EC2',
    healthCheckGracePeriod: group.healthCheckGracePeriod ?? 0,
    availabilityZones: group.availabilityZones?.length ? group.availabilityZones : defaultZones(group.region),
    ...(group.vpcZoneIdentifier === undefined ? {} : {vpcZoneIdentifier: group.vpcZoneIdentifier}),
    ...(group.launchTemplate === undefined ? {} : {launchTemplate: group.launchTemplate}),
    ...(group.launchConfigurationName === undefined ? {} : {launchConfigurationName: group.launchConfigurationName}),
    instanceType: group.instanceType ?? DEFAULT_INSTANCE_TYPE,
    tags: group.tags ?? [],
    createdAt: group.createdAt,
    ...(group.cluster === undefined ? {} : {cluster: group.cluster}),
    instances: [],
  }
  world.autoscaling.groups[groupKey(group.region, group.name)] = stored
  return stored
}

export interface EnsureGroupOptions {
  cluster: string
  region: string
  min: number
  max: number
  desired: number
  instanceType?: string
  /** ms of simulated time the group is created and its instances launched at (default: the world's time). */
  now?: number
}

/**
 * `--local` and tests: creates the group linked to `cluster` unless a group of that name exists in
 * the region. An existing group is left as it is (its sizes are the account's business).
 */
export function ensureAutoScalingGroup(world: World, name: string, options: EnsureGroupOptions): {created: boolean; group: AutoScalingGroupState} {
  const existing = findGroup(world, options.region, name)
  if (existing) return {created: false, group: existing}
  const now = options.now ?? world.ecs.advancedTo
  const group = putGroup(world, {
    name,
    region: options.region,
    minSize: options.min,
    maxSize: options.max,
    desiredCapacity: options.desired,
    createdAt: now,
    cluster: options.cluster,
    // Groups made for ECS usually name their instances after themselves.
    tags: [
      {key: CLUSTER_TAG, value: options.cluster, propagateAtLaunch: false},
      {key: 'Name', value: name, propagateAtLaunch: true},
    ],
    instanceType: options.instanceType,
  })
  launchMissing(world, group, now)
  return {created: true, group}
}
