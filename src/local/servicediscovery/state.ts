/**
 * The Cloud Map (servicediscovery) slice of the world: private DNS namespaces, services with
 * their registered instances, and the asynchronous operations Cloud Map answers writes with.
 * Records keep the wire shape (PascalCase, epoch seconds) so replies need no conversion.
 */
import {LOCAL_ACCOUNT_ID} from '../types.js'
import type {World} from '../world.js'

export interface DnsRecordState {
  Type: string
  TTL: number
}

export interface NamespaceState {
  Id: string
  Arn: string
  Name: string
  Type: 'DNS_PRIVATE'
  Description?: string
  CreateDate: number
  CreatorRequestId?: string
  Properties: {DnsProperties: {HostedZoneId: string; SOA: {TTL: number}}}
  Vpc: string
  region: string
  /** ms: the namespace exists once its CREATE_NAMESPACE operation succeeded. */
  readyAt: number
}

export interface InstanceState {
  Id: string
  Attributes: Record<string, string>
  CreatorRequestId?: string
}

export interface ServiceState {
  Id: string
  Arn: string
  Name: string
  NamespaceId: string
  Description?: string
  DnsConfig: {NamespaceId?: string; RoutingPolicy: string; DnsRecords: DnsRecordState[]}
  HealthCheckCustomConfig?: {FailureThreshold?: number}
  Type: 'DNS_HTTP'
  CreateDate: number
  CreatorRequestId?: string
  region: string
  instances: Record<string, InstanceState>
}

/** What an UPDATE_SERVICE operation applies when it succeeds. */
export interface ServiceChangeState {
  Description?: string
  DnsRecords?: DnsRecordState[]
}

export interface OperationState {
  Id: string
  Type: 'CREATE_NAMESPACE' | 'UPDATE_SERVICE' | 'REGISTER_INSTANCE' | 'DEREGISTER_INSTANCE'
  Status: 'SUBMITTED' | 'PENDING' | 'SUCCESS' | 'FAIL'
  CreateDate: number
  UpdateDate: number
  Targets: Record<string, string>
  ErrorCode?: string
  ErrorMessage?: string
  region: string
  /** ms when it finishes (SUCCESS, or FAIL when a failure was queued for it). */
  doneAt: number
  change?: ServiceChangeState
  failure?: {ErrorCode: string; ErrorMessage: string}
}

export interface ServiceDiscoveryState {
  namespaces: Record<string, NamespaceState>
  services: Record<string, ServiceState>
  operations: Record<string, OperationState>
  /** Test hook: the next operations created end in FAIL with these (oldest first). */
  failNextOperations: {ErrorCode: string; ErrorMessage: string}[]
}

export function emptyServiceDiscoveryState(): ServiceDiscoveryState {
  return {namespaces: {}, services: {}, operations: {}, failNextOperations: []}
}

/** How long an asynchronous Cloud Map operation takes, in ms of simulated time. */
export const OPERATION_MS = 5000

/** `arn:aws:servicediscovery:<region>:<account>:service/srv-…` → the service, if it exists. */
export function serviceByArn(world: World, arn: string): ServiceState | undefined {
  const id = arn.slice(arn.lastIndexOf('/') + 1)
  const service = world.servicediscovery.services[id]
  return service?.Arn === arn ? service : undefined
}

/**
 * Registers (or re-registers) an instance directly, as ECS does for a task of a service with
 * `serviceRegistries`. Returns false when the registry does not exist.
 */
export function registerInstance(world: World, serviceArn: string, id: string, attributes: Record<string, string>): boolean {
  const service = serviceByArn(world, serviceArn)
  if (!service) return false
  service.instances[id] = {Id: id, Attributes: {...attributes}}
  return true
}

export function deregisterInstance(world: World, serviceArn: string, id: string): void {
  const service = serviceByArn(world, serviceArn)
  if (service) delete service.instances[id]
}

/** Removes an instance id from every service (a stopped task, whatever its registries are now). */
export function deregisterEverywhere(world: World, id: string): void {
  for (const service of Object.values(world.servicediscovery.services)) delete service.instances[id]
}

/**
 * `--local` only: the namespace a definition names, as the account would already have it (ready at
 * once, in a made-up VPC). Returns whether it was created.
 */
export function ensureNamespace(world: World, id: string, region: string, now: number): boolean {
  const state = world.servicediscovery
  if (state.namespaces[id]) return false
  state.namespaces[id] = {
    Id: id,
    Arn: `arn:aws:servicediscovery:${region}:${LOCAL_ACCOUNT_ID}:namespace/${id}`,
    Name: `${id}.local`,
    Type: 'DNS_PRIVATE',
    CreateDate: now / 1000,
    Properties: {DnsProperties: {HostedZoneId: `Z${id.replace(/[^a-z0-9]/gi, '').toUpperCase()}`, SOA: {TTL: 15}}},
    Vpc: 'vpc-local',
    region,
    readyAt: now,
  }
  return true
}
