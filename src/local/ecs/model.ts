/**
 * Names, ARNs and lookups shared by the ECS handlers and the scheduler.
 */
import type {LocalContext} from '../types.js'
import {nextId} from '../ids.js'
import type {World} from '../world.js'
import {clusterNotFound, invalidParameter, serviceNotFound} from './errors.js'
import type {EcsState, StoredService, WireCluster, WireTaskDefinition} from './state.js'

/** A request's view of ECS: one region of one account at one instant. */
export interface Scope {
  world: World
  ecs: EcsState
  region: string
  accountId: string
  now: number
  faults: LocalContext['faults']
}

export function scopeOf(context: LocalContext): Scope {
  return {
    world: context.world,
    ecs: context.world.ecs,
    region: context.region,
    accountId: context.accountId,
    now: context.now(),
    faults: context.faults,
  }
}

/** Epoch seconds, as awsJson1_1 carries timestamps. */
export const seconds = (ms: number): number => ms / 1000

export function arn(scope: Pick<Scope, 'region' | 'accountId'>, resource: string): string {
  return `arn:aws:ecs:${scope.region}:${scope.accountId}:${resource}`
}

/** The last `/`-separated part of an ARN, or the name itself. */
export function lastPart(nameOrArn: string): string {
  return nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1)
}

export function clusterArnOf(scope: Pick<Scope, 'region' | 'accountId'>, nameOrArn: string | undefined): string {
  const value = nameOrArn ?? 'default'
  return value.startsWith('arn:') ? value : arn(scope, `cluster/${value}`)
}

/** The cluster a request names (or `default`); ClusterNotFoundException when absent or deleted. */
export function requireCluster(scope: Scope, nameOrArn: string | undefined): WireCluster {
  const cluster = scope.ecs.clusters[clusterArnOf(scope, nameOrArn)]
  if (!cluster || cluster.status !== 'ACTIVE') throw clusterNotFound()
  return cluster
}

export function serviceArnOf(scope: Scope, cluster: WireCluster, nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : arn(scope, `service/${cluster.clusterName}/${nameOrArn}`)
}

export function findService(scope: Scope, cluster: WireCluster, nameOrArn: string): StoredService | undefined {
  return scope.ecs.services[serviceArnOf(scope, cluster, nameOrArn)]
}

export function requireService(scope: Scope, cluster: WireCluster, nameOrArn: string | undefined): StoredService {
  if (!nameOrArn) throw invalidParameter('service must be specified.')
  const service = findService(scope, cluster, nameOrArn)
  if (!service) throw serviceNotFound()
  return service
}

export function taskArnOf(scope: Scope, cluster: WireCluster, idOrArn: string): string {
  return idOrArn.startsWith('arn:') ? idOrArn : arn(scope, `task/${cluster.clusterName}/${idOrArn}`)
}

/**
 * Resolves `family`, `family:revision` or an ARN. A bare family means its latest ACTIVE revision.
 */
export function findTaskDefinition(scope: Scope, reference: string): WireTaskDefinition | undefined {
  const tail = reference.startsWith('arn:') ? reference.slice(reference.indexOf('task-definition/') + 'task-definition/'.length) : reference
  const [family, revision] = tail.split(':')
  if (revision !== undefined) return scope.ecs.taskDefinitions[arn(scope, `task-definition/${family}:${revision}`)]
  let latest: WireTaskDefinition | undefined
  for (const definition of Object.values(scope.ecs.taskDefinitions)) {
    if (definition.family !== family || definition.status !== 'ACTIVE') continue
    if (!definition.taskDefinitionArn?.includes(`:${scope.region}:`)) continue
    if (!latest || (definition.revision ?? 0) > (latest.revision ?? 0)) latest = definition
  }
  return latest
}

/** `ecs-svc/` and 19 digits, as AWS numbers deployments. */
export function deploymentId(world: World): string {
  const digits = BigInt(`0x${nextId(world, 16)}`)
    .toString()
    .padStart(19, '0')
  return `ecs-svc/${digits.slice(-19)}`
}

// Handlers written before ../ids.js existed import the uuid helper from here.
export {uuid} from '../ids.js'

/** Opaque pagination over a sorted list, as ECS pages with nextToken/maxResults. */
export function paginate<T>(items: T[], input: {nextToken?: string; maxResults?: number}, defaultMax: number): {page: T[]; nextToken?: string} {
  const max = input.maxResults ?? defaultMax
  if (!Number.isInteger(max) || max < 1 || max > 100) throw invalidParameter('maxResults must be between 1 and 100.')
  let start = 0
  if (input.nextToken !== undefined) {
    const decoded = Number(
      Buffer.from(input.nextToken, 'base64')
        .toString('utf8')
        .replace(/^offset:/, ''),
    )
    if (!Number.isInteger(decoded) || decoded < 0) throw invalidParameter('Invalid nextToken.')
    start = decoded
  }
  const page = items.slice(start, start + max)
  const end = start + page.length
  return end < items.length ? {page, nextToken: Buffer.from(`offset:${end}`).toString('base64')} : {page}
}
