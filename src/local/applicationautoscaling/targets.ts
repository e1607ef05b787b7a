/**
 * Scalable targets: register (create or update; an ECS service's desired count is brought into
 * [min, max] at once, as AWS does, with a scaling activity), describe, deregister (which deletes
 * the target's policies), their tags, and the scaling activities.
 */
import {scopeOf as ecsScopeOf} from '../ecs/model.js'
import {refreshCounts} from '../ecs/scheduler.js'
import {nextId} from '../world.js'
import {resourceNotFound, tooManyTags, validation} from './errors.js'
import {deletePolicy} from './policies.js'
import {type Input, type ScalingScope, checkEnums, findTarget, objectNotFoundTarget, paginate, targetIdOf} from './scope.js'
import {type ScalableTargetState, type TargetId, targetKey} from './state.js'

function ecsServiceOf(scope: ScalingScope, id: TargetId) {
  const [, cluster, service] = id.ResourceId.split('/')
  const arn = `arn:aws:ecs:${scope.region}:${scope.context.accountId}:service/${cluster}/${service}`
  const stored = scope.context.world.ecs.services[arn]
  return stored?.service.status === 'ACTIVE' ? stored : undefined
}

function capacity(input: Input, key: 'MinCapacity' | 'MaxCapacity'): number | undefined {
  const value = input[key]
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw validation(
      `1 validation error detected: Value '${String(value)}' at '${key === 'MinCapacity' ? 'minCapacity' : 'maxCapacity'}' failed to satisfy constraint: Member must have value greater than or equal to 0`,
    )
  }
  return value
}

/** An ECS service's desired count outside [min, max] is set to the nearest bound, as AWS does. */
function clampDesiredCount(scope: ScalingScope, target: ScalableTargetState): void {
  if (target.ServiceNamespace !== 'ecs') return
  const stored = ecsServiceOf(scope, target)
  if (!stored) return
  const current = stored.service.desiredCount ?? 0
  const wanted = Math.min(Math.max(current, target.MinCapacity), target.MaxCapacity)
  if (wanted === current) return
  stored.service.desiredCount = wanted
  stored.sim.steady = false
  refreshCounts(ecsScopeOf(scope.context), stored)
  const bound = wanted > current ? `minimum capacity was set to ${target.MinCapacity}` : `maximum capacity was set to ${target.MaxCapacity}`
  recordActivity(
    scope,
    target,
    `Setting desired count to ${wanted}.`,
    `${bound} (the desired count was ${current})`,
    `Successfully set desired count to ${wanted}. Change successfully fulfilled by ecs.`,
  )
}

export function recordActivity(scope: ScalingScope, id: TargetId, description: string, cause: string, statusMessage: string): void {
  scope.state.activities.push({
    ActivityId: nextId(scope.context.world, 36).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5'),
    ServiceNamespace: id.ServiceNamespace,
    ResourceId: id.ResourceId,
    ScalableDimension: id.ScalableDimension,
    Description: description,
    Cause: `At ${new Date(scope.now).toISOString().replace(/\.\d+Z$/, 'Z')} ${cause}.`,
    StartTime: scope.now / 1000,
    EndTime: scope.now / 1000,
    StatusCode: 'Successful',
    StatusMessage: statusMessage,
    region: scope.region,
  })
}

function wire(target: ScalableTargetState): Record<string, unknown> {
  const {region: _region, tags: _tags, ...rest} = target
  return rest
}

function checkTags(tags: Record<string, unknown>, existing: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128) throw validation(`Tag key ${key} must have a length between 1 and 128.`)
    if (typeof value !== 'string' || value.length > 256) throw validation(`Tag value for ${key} must be a string of at most 256 characters.`)
    if (key.startsWith('aws:')) throw validation('Tag keys cannot start with aws:.')
    out[key] = value
  }
  if (Object.keys({...existing, ...out}).length > 50) throw tooManyTags('A scalable target can have at most 50 tags.')
  return out
}

export const targetHandlers = {
  RegisterScalableTarget(scope: ScalingScope, input: Input) {
    const id = targetIdOf(input)
    const min = capacity(input, 'MinCapacity')
    const max = capacity(input, 'MaxCapacity')
    if (id.ServiceNamespace === 'ecs' && !ecsServiceOf(scope, id)) throw validation(`ECS service doesn't exist: ${id.ResourceId}`)
    const existing = findTarget(scope, id)
    const suspended = input.SuspendedState as Partial<ScalableTargetState['SuspendedState']> | undefined
    if (!existing) {
      if (min === undefined || max === undefined) throw validation('MinCapacity and MaxCapacity are required for registering a new scalable target.')
      if (min > max) throw validation('Minimum capacity cannot be greater than maximum capacity')
      const target: ScalableTargetState = {
        ...id,
        MinCapacity: min,
        MaxCapacity: max,
        RoleARN:
          typeof input.RoleARN === 'string'
            ? input.RoleARN
            : `arn:aws:iam::${scope.context.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
        CreationTime: scope.now / 1000,
        SuspendedState: {DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false, ...suspended},
        ScalableTargetARN: `arn:aws:application-autoscaling:${scope.region}:${scope.context.accountId}:scalable-target/${nextId(scope.context.world, 36)}`,
        region: scope.region,
        tags: checkTags((input.Tags as Record<string, unknown> | undefined) ?? {}),
      }
      scope.state.targets[targetKey(scope.region, id)] = target
      clampDesiredCount(scope, target)
      return {ScalableTargetARN: target.ScalableTargetARN}
    }
    const newMin = min ?? existing.MinCapacity
    const newMax = max ?? existing.MaxCapacity
    if (newMin > newMax) throw validation('Minimum capacity cannot be greater than maximum capacity')
    existing.MinCapacity = newMin
    existing.MaxCapacity = newMax
    // Tags given for an existing target are ignored (TagResource changes them), as AWS documents.
    if (typeof input.RoleARN === 'string') existing.RoleARN = input.RoleARN
    if (suspended) existing.SuspendedState = {...existing.SuspendedState, ...suspended}
    clampDesiredCount(scope, existing)
    return {ScalableTargetARN: existing.ScalableTargetARN}
  },

  DescribeScalableTargets(scope: ScalingScope, input: Input) {
    checkEnums(input, ['ServiceNamespace'])
    const ids = input.ResourceIds as string[] | undefined
    if (ids && ids.length > 50)
      throw validation("1 validation error detected: Value at 'resourceIds' failed to satisfy constraint: Member must have length less than or equal to 50")
    const targets = Object.values(scope.state.targets).filter(
      (t) =>
        t.region === scope.region &&
        t.ServiceNamespace === input.ServiceNamespace &&
        (!ids?.length || ids.includes(t.ResourceId)) &&
        (input.ScalableDimension === undefined || t.ScalableDimension === input.ScalableDimension),
    )
    const {page, NextToken} = paginate(targets, input)
    return {ScalableTargets: page.map(wire), ...(NextToken ? {NextToken} : {})}
  },

  DeregisterScalableTarget(scope: ScalingScope, input: Input) {
    const id = targetIdOf(input)
    const target = findTarget(scope, id)
    if (!target) throw objectNotFoundTarget(id)
    // AWS deletes the target's scaling policies with it.
    for (const policy of Object.values(scope.state.policies)) {
      if (policy.region === scope.region && targetKey(policy.region, policy) === targetKey(scope.region, id)) deletePolicy(scope, policy)
    }
    delete scope.state.targets[targetKey(scope.region, id)]
    return {}
  },

  DescribeScalingActivities(scope: ScalingScope, input: Input) {
    checkEnums(input, ['ServiceNamespace'])
    const activities = scope.state.activities
      .filter(
        (a) =>
          a.region === scope.region &&
          a.ServiceNamespace === input.ServiceNamespace &&
          (input.ResourceId === undefined || a.ResourceId === input.ResourceId) &&
          (input.ScalableDimension === undefined || a.ScalableDimension === input.ScalableDimension),
      )
      .reverse()
    const {page, NextToken} = paginate(
      activities.map(({region: _region, ...rest}) => rest),
      input,
    )
    return {ScalingActivities: page, ...(NextToken ? {NextToken} : {})}
  },

  TagResource(scope: ScalingScope, input: Input) {
    const target = targetByArn(scope, input.ResourceARN)
    Object.assign(target.tags, checkTags((input.Tags as Record<string, unknown> | undefined) ?? {}, target.tags))
    return {}
  },

  UntagResource(scope: ScalingScope, input: Input) {
    const target = targetByArn(scope, input.ResourceARN)
    for (const key of (input.TagKeys as string[] | undefined) ?? []) delete target.tags[key]
    return {}
  },

  ListTagsForResource(scope: ScalingScope, input: Input) {
    return {Tags: {...targetByArn(scope, input.ResourceARN).tags}}
  },
}

function targetByArn(scope: ScalingScope, arn: unknown): ScalableTargetState {
  const target = Object.values(scope.state.targets).find((t) => t.ScalableTargetARN === arn)
  if (!target) throw resourceNotFound(`Scalable target ${String(arn)} not found`)
  return target
}
