/**
 * The Auto Scaling group operations: Describe (with paging and tag filters), SetDesiredCapacity,
 * and Create/Update/Delete for tests and setup. Sizes are checked with AWS's wording.
 */
import {list, type QueryInput, type QueryValue, record, strings, text} from '../query-form.js'
import type {XmlObject} from '../xml.js'
import type {LocalContext} from '../types.js'
import {AutoScalingError, groupNotFound, validation} from './errors.js'
import {liveInstances, reconcileGroup} from './instances.js'
import {groupXml} from './shapes.js'
import {type AutoScalingGroupState, CLUSTER_TAG, findGroup, type GroupTag, groupKey, putGroup} from './state.js'

const MAX_RECORDS = 100
const DEFAULT_RECORDS = 50

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

function integer(input: QueryInput, name: string): number | undefined {
  const raw = text(input[name])
  if (raw === undefined) return undefined
  const parsed = Number(raw)
  if (!Number.isInteger(parsed)) throw validation(`Value '${raw}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must be an integer`)
  return parsed
}

function requiredText(input: QueryInput, name: string): string {
  const value = text(input[name])
  if (value === undefined || value === '') {
    throw validation(`1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`)
  }
  if (value.length > 255) {
    throw validation(
      `1 validation error detected: Value '${value}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must have length less than or equal to 255`,
    )
  }
  return value
}

function requiredInteger(input: QueryInput, name: string): number {
  const value = integer(input, name)
  if (value === undefined)
    throw validation(`1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`)
  return value
}

function requireGroup(context: LocalContext, name: string): AutoScalingGroupState {
  const group = findGroup(context.world, context.region, name)
  if (!group) throw groupNotFound(name)
  return group
}

/** min ≤ desired ≤ max, with the messages CreateAutoScalingGroup/UpdateAutoScalingGroup give. */
function checkSizes(min: number, max: number, desired: number): void {
  if (min < 0 || max < 0) throw validation('MinSize and MaxSize must be non-negative.')
  if (min > max) throw validation(`Max bound, ${max}, must be greater than or equal to min bound, ${min}`)
  if (desired < min || desired > max) throw validation(`Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`)
}

function tagsOf(input: QueryInput): GroupTag[] {
  return list(input.Tags).map((entry: QueryValue) => {
    const tag = record(entry)
    return {key: text(tag.Key) ?? '', value: text(tag.Value) ?? '', propagateAtLaunch: text(tag.PropagateAtLaunch) === 'true'}
  })
}

/** `tag-key`, `tag-value` and `tag:<key>` filters (values ORed, filters ANDed), as AWS applies them. */
function matchesFilters(group: AutoScalingGroupState, filters: QueryValue[]): boolean {
  return filters.every((entry) => {
    const filter = record(entry)
    const name = text(filter.Name) ?? ''
    const values = strings(filter.Values)
    if (name === 'tag-key') return group.tags.some((tag) => values.includes(tag.key))
    if (name === 'tag-value') return group.tags.some((tag) => values.includes(tag.value))
    if (name.startsWith('tag:')) return group.tags.some((tag) => tag.key === name.slice(4) && values.includes(tag.value))
    throw validation(`Filter name '${name}' is not supported.`)
  })
}

export function describeAutoScalingGroups(input: QueryInput, context: LocalContext): XmlObject {
  const names = strings(input.AutoScalingGroupNames)
  const size = integer(input, 'MaxRecords') ?? DEFAULT_RECORDS
  if (size < 1 || size > MAX_RECORDS) {
    throw validation(
      `1 validation error detected: Value '${size}' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and ${MAX_RECORDS}`,
    )
  }
  const token = text(input.NextToken)
  const offset = token === undefined ? 0 : Number(Buffer.from(token, 'base64').toString('utf8').replace(/^asg:/, ''))
  if (!Number.isInteger(offset) || offset < 0) throw new AutoScalingError('InvalidNextToken', `The token '${token}' is invalid.`)
  const filters = list(input.Filters)
  const groups = Object.values(context.world.autoscaling.groups)
    .filter((group) => group.region === context.region)
    .filter((group) => names.length === 0 || names.includes(group.name))
    .filter((group) => matchesFilters(group, filters))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const page = groups.slice(offset, offset + size)
  const more = offset + size < groups.length
  return {
    AutoScalingGroups: {member: page.map(groupXml)},
    NextToken: more ? Buffer.from(`asg:${offset + size}`).toString('base64') : undefined,
  }
}

export function setDesiredCapacity(input: QueryInput, context: LocalContext): XmlObject {
  const group = requireGroup(context, requiredText(input, 'AutoScalingGroupName'))
  const desired = requiredInteger(input, 'DesiredCapacity')
  if (desired > group.maxSize) throw validation(`New SetDesiredCapacity value ${desired} is above max value ${group.maxSize} for the AutoScalingGroup.`)
  if (desired < group.minSize) throw validation(`New SetDesiredCapacity value ${desired} is below min value ${group.minSize} for the AutoScalingGroup.`)
  group.desiredCapacity = desired
  reconcileGroup(context.world, context.faults, group, context.now())
  return {}
}

/** A subnet list's zones follow their position (a, c, d, …), as the ELBv2 simulator places subnets. */
function zonesOfSubnets(region: string, subnets: string): string[] {
  const suffixes = ['a', 'c', 'd', 'b', 'e', 'f']
  const count = subnets.split(',').filter((s) => s.trim() !== '').length
  return suffixes.slice(0, Math.max(1, Math.min(count, suffixes.length))).map((suffix) => `${region}${suffix}`)
}

export function createAutoScalingGroup(input: QueryInput, context: LocalContext): XmlObject {
  const name = requiredText(input, 'AutoScalingGroupName')
  const template = record(input.LaunchTemplate)
  const launchConfigurationName = text(input.LaunchConfigurationName)
  if (Object.keys(template).length === 0 && !launchConfigurationName && !text(input.InstanceId) && input.MixedInstancesPolicy === undefined) {
    throw validation('Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.')
  }
  if (findGroup(context.world, context.region, name)) {
    throw new AutoScalingError('AlreadyExists', `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`)
  }
  const minSize = requiredInteger(input, 'MinSize')
  const maxSize = requiredInteger(input, 'MaxSize')
  const desiredCapacity = integer(input, 'DesiredCapacity') ?? minSize
  checkSizes(minSize, maxSize, desiredCapacity)
  const zones = strings(input.AvailabilityZones)
  const subnets = text(input.VPCZoneIdentifier)
  if (zones.length === 0 && !subnets) {
    throw validation('At least one Availability Zone or VPC Subnet is required.')
  }
  const tags = tagsOf(input)
  const cluster = tags.find((tag) => tag.key === CLUSTER_TAG)?.value
  const group = putGroup(context.world, {
    name,
    region: context.region,
    minSize,
    maxSize,
    desiredCapacity,
    createdAt: context.now(),
    availabilityZones: zones.length > 0 ? zones : zonesOfSubnets(context.region, subnets ?? ''),
    tags,
    ...(subnets ? {vpcZoneIdentifier: subnets} : {}),
    ...(launchConfigurationName ? {launchConfigurationName} : {}),
    ...(Object.keys(template).length > 0
      ? {launchTemplate: {id: text(template.LaunchTemplateId), name: text(template.LaunchTemplateName), version: text(template.Version) ?? '$Default'}}
      : {}),
    defaultCooldown: integer(input, 'DefaultCooldown'),
    healthCheckType: text(input.HealthCheckType) || undefined,
    healthCheckGracePeriod: integer(input, 'HealthCheckGracePeriod'),
    cluster,
  })
  reconcileGroup(context.world, context.faults, group, context.now())
  return {}
}

/**
 * Sizes given are applied together; as on AWS a new MinSize above the desired capacity raises
 * it, and a new MaxSize below it lowers it, when DesiredCapacity is not given.
 */
export function updateAutoScalingGroup(input: QueryInput, context: LocalContext): XmlObject {
  const group = requireGroup(context, requiredText(input, 'AutoScalingGroupName'))
  const minSize = integer(input, 'MinSize') ?? group.minSize
  const maxSize = integer(input, 'MaxSize') ?? group.maxSize
  const given = integer(input, 'DesiredCapacity')
  const desiredCapacity = given ?? Math.min(maxSize, Math.max(minSize, group.desiredCapacity))
  checkSizes(minSize, maxSize, desiredCapacity)
  group.minSize = minSize
  group.maxSize = maxSize
  group.desiredCapacity = desiredCapacity
  reconcileGroup(context.world, context.faults, group, context.now())
  return {}
}

export function deleteAutoScalingGroup(input: QueryInput, context: LocalContext): XmlObject {
  const group = requireGroup(context, requiredText(input, 'AutoScalingGroupName'))
  const force = text(input.ForceDelete) === 'true'
  if (!force && liveInstances(group).length > 0) {
    throw new AutoScalingError(
      'ResourceInUse',
      'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.',
    )
  }
  // The instances go with the group (AWS takes minutes to terminate them; here at once).
  group.desiredCapacity = 0
  group.minSize = 0
  reconcileGroup(context.world, context.faults, group, context.now())
  delete context.world.autoscaling.groups[groupKey(group.region, group.name)]
  return {}
}
