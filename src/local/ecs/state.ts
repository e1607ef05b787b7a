/**
 * The ECS slice of the simulated world. Records are stored in their wire shape (camelCase,
 * timestamps as epoch seconds) so replies need no conversion; simulation-only fields live in
 * `sim` beside them. Every map is keyed by ARN, which already carries the region.
 */
import type {Cluster, ContainerInstance, Deployment, Service, ServiceEvent, Tag, Task, TaskDefinition} from '@aws-sdk/client-ecs'

/** An SDK shape as it travels over awsJson1_1: Dates become epoch seconds. */
export type Wire<T> = T extends Date ? number : T extends (infer U)[] ? Wire<U>[] : T extends object ? {[K in keyof T]: Wire<T[K]>} : T

export type WireCluster = Wire<Cluster>
export type WireContainerInstance = Wire<ContainerInstance>
export type WireTaskDefinition = Wire<TaskDefinition>
export type WireDeployment = Wire<Deployment>
export type WireServiceEvent = Wire<ServiceEvent>
export type WireTask = Wire<Task>

/** What the simulator decided a container does, from its command and the faults. */
export interface ContainerPlan {
  name: string
  essential: boolean
  /** ms after RUNNING when the container exits by itself; undefined = runs until stopped. */
  exitAfterMs?: number
  exitCode?: number
  /** Lines the container prints, ms after RUNNING. */
  output: {offsetMs: number; message: string}[]
  /** Never passes its health check (fault). */
  unhealthy: boolean
  /** Its image cannot be pulled (fault): the task stops before RUNNING. */
  cannotPull: boolean
  /** Where the awslogs driver sends its output. */
  logs?: {region: string; group: string; stream: string; createGroup: boolean}
  /** Has a container health check (HEALTHY/UNHEALTHY instead of UNKNOWN). */
  healthCheck: boolean
  /** Its check's interval when the definition sets one: the first check passes that long after start. */
  healthIntervalMs?: number
  /** How long it takes to stop (fault), when not the default. */
  stopMs?: number
}

export interface TaskSim {
  /** Future lastStatus changes, in time order (ms). */
  timeline: {at: number; status: string}[]
  containers: ContainerPlan[]
  /** When the first essential container exits by itself (set once RUNNING). */
  exitAt?: number
  /** When the service scheduler stops it for failed health checks. */
  failAt?: number
  failReason?: string
  /** When it passes its health checks (container and load balancer). */
  healthyAt?: number
  /** Output not yet written (ms timestamps). */
  pendingOutput: {at: number; container: string; message: string}[]
  serviceArn?: string
  deploymentId?: string
  /** Target groups it is registered in (registered once RUNNING). */
  targets: {targetGroupArn: string; id: string; port: number}[]
  /** What it holds on its container instance until STOPPED. */
  reserved: {cpu: number; memory: number; ports: number[]}
  /** It stopped without anyone asking (counts against the deployment's circuit breaker). */
  failed: boolean
  /** Its health (container checks, target health) was already marked healthy. */
  healthApplied: boolean
  /** A one-off task (RunTask): unknown commands end by themselves. */
  oneshot: boolean
}

export interface StoredTask {
  task: WireTask
  sim: TaskSim
}

export interface ServiceSim {
  /** Newest first, at most 100, as DescribeServices returns them. */
  events: WireServiceEvent[]
  /** The steady-state event was emitted and nothing changed since. */
  steady: boolean
  /** No task is launched before this ms (back-off after failed tasks or placement). */
  nextLaunchAt?: number
  /** The deployment that last reached COMPLETED: where the circuit breaker rolls back to. */
  lastCompleted?: {id: string; taskDefinition: string}
  /** ms when it became INACTIVE. */
  inactiveAt?: number
}

export interface StoredService {
  service: Wire<Service>
  sim: ServiceSim
}

export interface EcsState {
  clusters: Record<string, WireCluster>
  containerInstances: Record<string, WireContainerInstance>
  taskDefinitions: Record<string, WireTaskDefinition>
  services: Record<string, StoredService>
  tasks: Record<string, StoredTask>
  tags: Record<string, Tag[]>
  /** ms up to which the simulation has been advanced. */
  advancedTo: number
  /** Regions whose `default` cluster was already created. */
  seededRegions: string[]
  /** Container instances each new cluster gets (configurable by startLocalAws). */
  instanceTemplate: {count: number; cpu: number; memory: number}
}

export function emptyEcsState(): EcsState {
  return {
    clusters: {},
    containerInstances: {},
    taskDefinitions: {},
    services: {},
    tasks: {},
    tags: {},
    advancedTo: 0,
    seededRegions: [],
    instanceTemplate: {count: 3, cpu: 2048, memory: 4096},
  }
}
