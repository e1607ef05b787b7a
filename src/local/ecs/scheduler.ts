/**
 * The service scheduler and the clock: `advanceEcs` replays everything that happened between the
 * last request and now, one moment at a time (task transitions, rolling updates, events, the
 * deployment circuit breaker). State is derived lazily, so a world loaded by another process
 * continues from exactly where it was left.
 */
import type {Faults} from '../faults.js'
import {LOCAL_ACCOUNT_ID} from '../types.js'
import type {World} from '../world.js'
import {instancesOf} from './clusters.js'
import {addEvent, messages} from './events.js'
import {type LaunchParams, launchTask} from './launch.js'
import {StepNotes} from './targets.js'
import {applyDue, isHealthy, nextDue, stopTask} from './transitions.js'
import {type Scope, deploymentId, findTaskDefinition, seconds} from './model.js'
import type {StoredService, StoredTask, WireDeployment} from './state.js'

/** Stopped tasks stay visible this long (ECS keeps them about an hour). */
const STOPPED_TASK_RETENTION_MS = 60 * 60 * 1000
/** Retry delay after a task could not be placed. */
const PLACEMENT_RETRY_MS = 30_000
/** A runaway guard: a world left alone for days is fast-forwarded instead of replayed. */
const MAX_STEPS = 20_000

export function regionOfArn(arn: string | undefined): string {
  return arn?.split(':')[3] ?? 'us-east-1'
}

export function scopeFor(world: World, faults: Faults, region: string, now: number): Scope {
  return {world, ecs: world.ecs, region, accountId: LOCAL_ACCOUNT_ID, now, faults}
}

export function advanceEcs(world: World, now: number, faults: Faults): void {
  const ecs = world.ecs
  let t = ecs.advancedTo || now
  for (let steps = 0; t <= now; steps += 1) {
    step(world, faults, t)
    const next = nextEventAfter(world, t)
    if (next === undefined || next > now) break
    t = steps >= MAX_STEPS ? Math.max(next, now) : next
  }
  ecs.advancedTo = Math.max(ecs.advancedTo, now)
  prune(world, now)
}

function step(world: World, faults: Faults, t: number): void {
  const notes = new StepNotes()
  for (const stored of Object.values(world.ecs.tasks)) {
    applyDue(scopeFor(world, faults, regionOfArn(stored.task.taskArn), t), stored, t, notes)
  }
  for (const stored of Object.values(world.ecs.services)) {
    if (stored.service.status === 'INACTIVE') continue
    const scope = scopeFor(world, faults, regionOfArn(stored.service.serviceArn), t)
    // A rollback creates a deployment; schedule it in the same moment, as ECS does.
    for (let pass = 0; pass < 3; pass += 1) {
      const before = stored.service.deployments?.[0]?.id
      scheduleService(scope, stored, notes)
      if (stored.service.deployments?.[0]?.id === before) break
    }
  }
  notes.flush((service, message) => addEvent(world, service, t, message))
}

function nextEventAfter(world: World, t: number): number | undefined {
  let next: number | undefined
  const consider = (at: number | undefined): void => {
    if (at !== undefined && at > t && (next === undefined || at < next)) next = at
  }
  for (const stored of Object.values(world.ecs.tasks)) consider(nextDue(stored))
  for (const stored of Object.values(world.ecs.services)) {
    if (stored.service.status !== 'INACTIVE') consider(stored.sim.nextLaunchAt)
  }
  return next
}

function prune(world: World, now: number): void {
  for (const [arn, stored] of Object.entries(world.ecs.tasks)) {
    const stoppedAt = stored.task.stoppedAt
    if (stoppedAt !== undefined && now - stoppedAt * 1000 > STOPPED_TASK_RETENTION_MS) {
      delete world.ecs.tasks[arn]
      delete world.ecs.tags[arn]
    }
  }
}

export function tasksOfService(scope: Scope, stored: StoredService): StoredTask[] {
  return Object.values(scope.ecs.tasks).filter((task) => task.sim.serviceArn === stored.service.serviceArn)
}

/** The desired count the scheduler works towards (DAEMON: one per container instance). */
function targetCount(scope: Scope, stored: StoredService): number {
  const service = stored.service
  if (service.status === 'DRAINING') return 0
  if (service.schedulingStrategy === 'DAEMON') {
    const cluster = scope.ecs.clusters[service.clusterArn ?? '']
    return cluster ? instancesOf(scope, cluster).length : 0
  }
  return service.desiredCount ?? 0
}

export function circuitBreakerThreshold(desired: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desired * 0.5)))
}

/** Creates a PRIMARY deployment for the service's current settings; the old PRIMARY becomes ACTIVE. */
export function newDeployment(scope: Scope, stored: StoredService, reason?: string): WireDeployment {
  const service = stored.service
  const id = deploymentId(scope.world)
  for (const deployment of service.deployments ?? []) if (deployment.status === 'PRIMARY') deployment.status = 'ACTIVE'
  const deployment: WireDeployment = {
    id,
    status: 'PRIMARY',
    taskDefinition: service.taskDefinition,
    desiredCount: service.desiredCount ?? 0,
    pendingCount: 0,
    runningCount: 0,
    failedTasks: 0,
    createdAt: seconds(scope.now),
    updatedAt: seconds(scope.now),
    ...(service.launchType ? {launchType: service.launchType} : {}),
    ...(service.capacityProviderStrategy?.length ? {capacityProviderStrategy: service.capacityProviderStrategy} : {}),
    ...(service.platformVersion ? {platformVersion: service.platformVersion, platformFamily: 'Linux'} : {}),
    ...(service.networkConfiguration ? {networkConfiguration: service.networkConfiguration} : {}),
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: reason ?? `ECS deployment ${id} in progress.`,
  }
  service.deployments = [deployment, ...(service.deployments ?? [])]
  stored.sim.steady = false
  stored.sim.nextLaunchAt = undefined
  return deployment
}

function launchParams(scope: Scope, stored: StoredService, deployment: WireDeployment): LaunchParams | undefined {
  const service = stored.service
  const cluster = scope.ecs.clusters[service.clusterArn ?? '']
  const definition = findTaskDefinition(scope, deployment.taskDefinition ?? '')
  if (!cluster || !definition) return undefined
  const provider = deployment.capacityProviderStrategy?.[0]?.capacityProvider
  const fargate = deployment.launchType === 'FARGATE' || provider === 'FARGATE' || provider === 'FARGATE_SPOT'
  const tags =
    service.propagateTags === 'SERVICE'
      ? scope.ecs.tags[service.serviceArn ?? '']
      : service.propagateTags === 'TASK_DEFINITION'
        ? scope.ecs.tags[definition.taskDefinitionArn ?? '']
        : undefined
  return {
    cluster,
    definition,
    launchType: fargate ? 'FARGATE' : 'EC2',
    ...(provider ? {capacityProviderName: provider} : {}),
    ...(deployment.platformVersion ? {platformVersion: deployment.platformVersion} : {}),
    ...(deployment.networkConfiguration ? {networkConfiguration: deployment.networkConfiguration} : {}),
    startedBy: deployment.id,
    group: `service:${service.serviceName}`,
    ...(tags ? {tags} : {}),
    enableExecuteCommand: service.enableExecuteCommand ?? false,
    placementConstraints: [...(service.placementConstraints ?? []), ...(service.schedulingStrategy === 'DAEMON' ? [{type: 'distinctInstance' as const}] : [])],
    service: stored,
    ...(deployment.id ? {deploymentId: deployment.id} : {}),
    oneshot: false,
  }
}

const notStopped = (stored: StoredTask): boolean => stored.task.lastStatus !== 'STOPPED'
const live = (stored: StoredTask): boolean => stored.task.desiredStatus === 'RUNNING'

/** Stops the unhealthy ones first, then the newest. */
function stopOrder(t: number) {
  return (a: StoredTask, b: StoredTask): number => Number(isHealthy(a, t)) - Number(isHealthy(b, t)) || (b.task.createdAt ?? 0) - (a.task.createdAt ?? 0)
}

function scheduleService(scope: Scope, stored: StoredService, notes: StepNotes): void {
  const service = stored.service
  const t = scope.now
  const name = service.serviceName ?? ''
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
  if (!primary) return
  const desired = targetCount(scope, stored)
  const daemon = service.schedulingStrategy === 'DAEMON'
  if (daemon && service.status === 'ACTIVE') service.desiredCount = desired
  const config = service.deploymentConfiguration ?? {}
  const minPercent = config.minimumHealthyPercent ?? (daemon ? 0 : 100)
  const maxPercent = config.maximumPercent ?? (daemon ? 100 : 200)
  const minHealthy = Math.ceil((desired * minPercent) / 100)
  const maxTotal = Math.max(Math.floor((desired * maxPercent) / 100), 0)
  const failed = primary.rolloutState === 'FAILED'
  const stopped: string[] = []
  const stop = (task: StoredTask): void => {
    stopTask(
      scope,
      task,
      t,
      {stopCode: 'ServiceSchedulerInitiated', reason: `Scaling activity initiated by (deployment ${task.sim.deploymentId})`, failed: false},
      notes,
    )
    stopped.push(task.task.taskArn ?? '')
  }

  let tasks = tasksOfService(scope, stored)
  // Scale-in: the primary holds more tasks than wanted.
  const primaryLive = tasks.filter((task) => live(task) && task.sim.deploymentId === primary.id).sort(stopOrder(t))
  for (const task of primaryLive.slice(0, Math.max(0, primaryLive.length - desired))) stop(task)

  // Replace old deployments' tasks without going under the healthy minimum.
  if (!failed || desired === 0) {
    let allowance = tasks.filter((task) => isHealthy(task, t)).length - minHealthy
    const old = tasks.filter((task) => live(task) && task.sim.deploymentId !== primary.id).sort(stopOrder(t))
    for (const task of old) {
      const healthy = isHealthy(task, t)
      if (desired > 0 && healthy && allowance <= 0) continue
      if (healthy) allowance -= 1
      stop(task)
    }
  }
  if (stopped.length) addEvent(scope.world, stored, t, messages.stopped(name, stopped))

  // Launch for the primary within maximumPercent.
  tasks = tasksOfService(scope, stored)
  const wanted = desired - tasks.filter((task) => live(task) && task.sim.deploymentId === primary.id).length
  const room = maxTotal - tasks.filter(notStopped).length
  const launchable = Math.min(wanted, room)
  if (!failed && launchable > 0 && t >= (stored.sim.nextLaunchAt ?? 0)) {
    const params = launchParams(scope, stored, primary)
    const started: string[] = []
    for (let i = 0; params && i < launchable; i += 1) {
      const result = launchTask(scope, params)
      if ('task' in result) {
        started.push(result.task.task.taskArn ?? '')
        continue
      }
      const first = result.failures[0]
      const message = result.noInstances
        ? messages.noInstances(name)
        : first?.arn
          ? messages.noInstance(name, first.arn, (first.reason.split(':')[1] ?? 'memory').toLowerCase())
          : messages.noCapacity(name)
      if (stored.sim.events[0]?.message !== message) addEvent(scope.world, stored, t, message)
      stored.sim.nextLaunchAt = t + PLACEMENT_RETRY_MS
      break
    }
    if (started.length) {
      addEvent(scope.world, stored, t, messages.started(name, started))
      stored.sim.steady = false
    }
  }

  refreshCounts(scope, stored, desired)
  updateRollout(scope, stored, primary, desired)

  if (service.status === 'DRAINING' && tasksOfService(scope, stored).every((task) => !notStopped(task))) {
    service.status = 'INACTIVE'
    stored.sim.inactiveAt = t
  }
}

/** Deployment and service counts from the tasks; drained old deployments leave the list. */
export function refreshCounts(scope: Scope, stored: StoredService, desired = targetCount(scope, stored)): void {
  const service = stored.service
  const tasks = tasksOfService(scope, stored)
  let running = 0
  let pending = 0
  const deployments: WireDeployment[] = []
  for (const deployment of service.deployments ?? []) {
    const mine = tasks.filter((task) => task.sim.deploymentId === deployment.id)
    const runningCount = mine.filter((task) => task.task.lastStatus === 'RUNNING').length
    const pendingCount = mine.filter((task) => ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(task.task.lastStatus ?? '')).length
    const liveCount = mine.filter(live).length
    if (deployment.status !== 'PRIMARY' && !mine.some(notStopped)) continue
    const desiredCount = deployment.status === 'PRIMARY' ? desired : liveCount
    if (deployment.runningCount !== runningCount || deployment.pendingCount !== pendingCount || deployment.desiredCount !== desiredCount) {
      deployment.updatedAt = seconds(scope.now)
    }
    Object.assign(deployment, {runningCount, pendingCount, desiredCount})
    running += runningCount
    pending += pendingCount
    deployments.push(deployment)
  }
  service.deployments = deployments
  service.runningCount = running
  service.pendingCount = pending
}

function updateRollout(scope: Scope, stored: StoredService, primary: WireDeployment, desired: number): void {
  const service = stored.service
  const t = scope.now
  const name = service.serviceName ?? ''
  const tasks = tasksOfService(scope, stored)
  const single = (service.deployments ?? []).length === 1
  const primaryTasks = tasks.filter((task) => task.sim.deploymentId === primary.id)
  const primaryHealthy = primaryTasks.filter((task) => isHealthy(task, t)).length
  const primaryLive = primaryTasks.filter(live).length

  if (primary.rolloutState === 'IN_PROGRESS') {
    const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker
    if (single && primaryHealthy === desired && primaryLive === desired) {
      primary.rolloutState = 'COMPLETED'
      primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`
      primary.updatedAt = seconds(t)
      stored.sim.lastCompleted = {id: primary.id ?? '', taskDefinition: primary.taskDefinition ?? ''}
      addEvent(scope.world, stored, t, messages.completed(name, primary.id ?? ''))
    } else if (breaker?.enable && (primary.failedTasks ?? 0) >= circuitBreakerThreshold(desired)) {
      primary.rolloutState = 'FAILED'
      primary.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.'
      primary.updatedAt = seconds(t)
      addEvent(scope.world, stored, t, messages.failed(name, primary.id ?? ''))
      const target = stored.sim.lastCompleted
      if (breaker.rollback && target && target.id !== primary.id) {
        service.taskDefinition = target.taskDefinition
        const rollback = newDeployment(scope, stored, `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`)
        addEvent(scope.world, stored, t, messages.rollingBack(name, primary.id ?? '', target.id))
        rollback.desiredCount = desired
      }
    }
  }

  const current = service.deployments?.[0]
  const steady =
    single &&
    current !== undefined &&
    current.rolloutState !== 'IN_PROGRESS' &&
    service.runningCount === desired &&
    service.pendingCount === 0 &&
    primaryHealthy === desired
  if (steady && !stored.sim.steady) addEvent(scope.world, stored, t, messages.steady(name))
  stored.sim.steady = steady
}
