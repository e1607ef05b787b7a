/**
 * A request's view of Application Auto Scaling, and the checks every operation shares: the
 * namespace/dimension enums, the ECS resource id form, paging.
 */
import type {LocalContext} from '../types.js'
import {objectNotFound, validation} from './errors.js'
import {type ApplicationAutoScalingState, type ScalableTargetState, type TargetId, targetKey} from './state.js'

export interface ScalingScope {
  context: LocalContext
  state: ApplicationAutoScalingState
  region: string
  now: number
}

export function scopeOf(context: LocalContext): ScalingScope {
  return {context, state: context.world.applicationautoscaling, region: context.region, now: context.now()}
}

export const NAMESPACES = [
  'ecs',
  'elasticmapreduce',
  'ec2',
  'appstream',
  'dynamodb',
  'rds',
  'sagemaker',
  'custom-resource',
  'comprehend',
  'lambda',
  'cassandra',
  'kafka',
  'elasticache',
  'neptune',
  'workspaces',
]
export const ECS_DIMENSION = 'ecs:service:DesiredCount'
const DIMENSIONS = [
  ECS_DIMENSION,
  'elasticmapreduce:instancegroup:InstanceCount',
  'ec2:spot-fleet-request:TargetCapacity',
  'appstream:fleet:DesiredCapacity',
  'dynamodb:table:ReadCapacityUnits',
  'dynamodb:table:WriteCapacityUnits',
  'dynamodb:index:ReadCapacityUnits',
  'dynamodb:index:WriteCapacityUnits',
  'rds:cluster:ReadReplicaCount',
  'sagemaker:variant:DesiredInstanceCount',
  'custom-resource:ResourceType:Property',
  'comprehend:document-classifier-endpoint:DesiredInferenceUnits',
  'comprehend:entity-recognizer-endpoint:DesiredInferenceUnits',
  'lambda:function:ProvisionedConcurrency',
  'cassandra:table:ReadCapacityUnits',
  'cassandra:table:WriteCapacityUnits',
  'kafka:broker-storage:VolumeSize',
  'elasticache:replication-group:NodeGroups',
  'elasticache:replication-group:Replicas',
  'neptune:cluster:ReadReplicaCount',
  'sagemaker:variant:DesiredProvisionedConcurrency',
  'sagemaker:inference-component:DesiredCopyCount',
  'workspaces:workspacespool:DesiredUserSessions',
]

export type Input = Record<string, unknown>

function lowerFirst(key: string): string {
  return key[0]?.toLowerCase() + key.slice(1)
}

/** AWS's constraint messages, one or several at once. */
export function constraintErrors(messages: string[]): void {
  if (messages.length === 1) throw validation(`1 validation error detected: ${messages[0]}`)
  if (messages.length > 1) throw validation(`${messages.length} validation errors detected: ${messages.join('; ')}`)
}

export function enumMessage(key: string, value: unknown, allowed: string[]): string {
  return `Value '${String(value)}' at '${lowerFirst(key)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`
}

export function nullMessage(key: string): string {
  return `Value null at '${lowerFirst(key)}' failed to satisfy constraint: Member must not be null`
}

/** ServiceNamespace (required) and, when present, ScalableDimension checked against their enums. */
export function checkEnums(input: Input, required: string[]): void {
  const messages: string[] = []
  for (const key of required) if (input[key] === undefined || input[key] === null) messages.push(nullMessage(key))
  const namespace = input.ServiceNamespace
  if (namespace !== undefined && !NAMESPACES.includes(String(namespace))) messages.push(enumMessage('ServiceNamespace', namespace, NAMESPACES))
  const dimension = input.ScalableDimension
  if (dimension !== undefined && !DIMENSIONS.includes(String(dimension))) messages.push(enumMessage('ScalableDimension', dimension, DIMENSIONS))
  constraintErrors(messages)
}

/** The target a request names, with its namespace, resource type and dimension consistent. */
export function targetIdOf(input: Input): TargetId {
  checkEnums(input, ['ServiceNamespace', 'ResourceId', 'ScalableDimension'])
  const id = {ServiceNamespace: String(input.ServiceNamespace), ResourceId: String(input.ResourceId), ScalableDimension: String(input.ScalableDimension)}
  const [dimensionNamespace, resourceType] = id.ScalableDimension.split(':')
  if (
    dimensionNamespace !== id.ServiceNamespace ||
    (id.ServiceNamespace === 'ecs' && (resourceType !== 'service' || !/^service\/[^/]+\/[^/]+$/.test(id.ResourceId)))
  ) {
    throw validation('Unsupported service namespace, resource type or scalable dimension')
  }
  return id
}

export function describeTarget(id: TargetId): string {
  return `service namespace: ${id.ServiceNamespace}, resource ID: ${id.ResourceId}, scalable dimension: ${id.ScalableDimension}`
}

export function objectNotFoundTarget(id: TargetId): Error {
  return objectNotFound(`No scalable target found for ${describeTarget(id)}`)
}

export function findTarget(scope: ScalingScope, id: TargetId): ScalableTargetState | undefined {
  return scope.state.targets[targetKey(scope.region, id)]
}

export function requireTarget(scope: ScalingScope, id: TargetId): ScalableTargetState {
  const target = findTarget(scope, id)
  if (!target) throw objectNotFound(`No scalable target registered for ${describeTarget(id)}`)
  return target
}

/** MaxResults (1–50, default 50) and an opaque NextToken. */
export function paginate<T>(items: T[], input: Input): {page: T[]; NextToken?: string} {
  const max = input.MaxResults === undefined ? 50 : Number(input.MaxResults)
  if (!Number.isInteger(max) || max < 1 || max > 50) {
    throw validation(
      `1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50`,
    )
  }
  let start = 0
  if (typeof input.NextToken === 'string') {
    start = Number(Buffer.from(input.NextToken, 'base64').toString('utf8'))
    if (!Number.isInteger(start) || start < 0) throw validation('Invalid NextToken')
  }
  const page = items.slice(start, start + max)
  const end = start + page.length
  return end < items.length ? {page, NextToken: Buffer.from(String(end)).toString('base64')} : {page}
}
