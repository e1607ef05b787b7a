/**
 * A task's life after launch: PROVISIONING → PENDING → RUNNING → (DEACTIVATING → STOPPING →
 * DEPROVISIONING →) STOPPED, what its containers do while RUNNING (output, exit, health) and how
 * it stops. Everything is applied lazily: `applyDue` catches a task up to a moment.
 */
import {deregisterTargets, findTargetGroup} from '../elbv2/state.js'
import {appendLogEvents, logGroups} from '../logs/state.js'
import {deregisterTaskInstance, registerTaskInstance} from '../elb/ecs-tasks.js'
import {deregisterServiceTask, registerServiceTask} from '../servicediscovery/ecs-tasks.js'
import {notifyTaskState} from './notifications.js'
import {type Scope, seconds} from './model.js'
import type {StoredService, StoredTask, WireTask} from './state.js'
import {type StepNotes, drainMs, healthWait, registerInTargetGroups} from './targets.js'
import {SECOND, TIMING} from './timing.js'

function serviceOf(scope: Scope, stored: StoredTask): StoredService | undefined {
  return stored.sim.serviceArn ? scope.ecs.services[stored.sim.serviceArn] : undefined
}

function bump(task: WireTask): void {
  task.version = (task.version ?? 0) + 1
}

export interface StopCause {
  stopCode: 'EssentialContainerExited' | 'TaskFailedToStart' | 'ServiceSchedulerInitiated' | 'UserInitiated'
  reason: string
  /** Stopped without anyone asking: counts against the circuit breaker. */
  failed: boolean
  /** Per container: exit code or the reason it has none. */
  containers?: Record<string, {exitCode?: number; reason?: string}>
}

/** Starts stopping a task at `at`; no-op when it is already stopping. */
export function stopTask(scope: Scope, stored: StoredTask, at: number, cause: StopCause, notes: StepNotes): void {
  const {task, sim} = stored
  if (task.desiredStatus === 'STOPPED') return
  const wasRunning = task.lastStatus === 'RUNNING'
  task.desiredStatus = 'STOPPED'
  task.stopCode = cause.stopCode
  task.stoppedReason = cause.reason
  task.stoppingAt = seconds(at)
  sim.failed = cause.failed
  bump(task)
  const started = task.startedAt === undefined ? undefined : task.startedAt * 1000
  for (const container of task.containers ?? []) {
    const plan = sim.containers.find((p) => p.name === container.name)
    const given = cause.containers?.[container.name ?? '']
    if (given) {
      if (given.exitCode !== undefined) container.exitCode = given.exitCode
      if (given.reason) container.reason = given.reason
    } else if (wasRunning && started !== undefined) {
      const exited = plan?.exitAfterMs !== undefined && started + plan.exitAfterMs <= at
      container.exitCode = exited ? plan?.exitCode : 143
    }
  }
  const service = serviceOf(scope, stored)
  const drain = wasRunning && sim.targets.length > 0 ? drainMs(scope, sim.targets) : 0
  for (const target of sim.targets) {
    const group = findTargetGroup(scope.world, target.targetGroupArn)
    const registered = group?.targets.find((t) => t.id === target.id && t.port === target.port)
    if (registered) registered.health = {state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress'}
    if (service) notes.note(service, target.targetGroupArn, 'deregistered')
  }
  const awsvpc = (task.attachments ?? []).length > 0
  let t = at
  sim.timeline = []
  if (drain > 0) {
    sim.timeline.push({at: t, status: 'DEACTIVATING'})
    t += drain
  }
  sim.timeline.push({at: t, status: 'STOPPING'})
  // The task is STOPPING until its slowest container has stopped.
  const stops = sim.containers.map((c) => c.stopMs ?? TIMING.stopping)
  t += stops.length > 0 ? Math.max(...stops) : TIMING.stopping
  if (awsvpc) {
    sim.timeline.push({at: t, status: 'DEPROVISIONING'})
    t += TIMING.deprovisioning
  }
  sim.timeline.push({at: t, status: 'STOPPED'})
  sim.exitAt = undefined
  sim.failAt = undefined
  if (cause.failed && service && sim.deploymentId) {
    const deployment = service.service.deployments?.find((d) => d.id === sim.deploymentId)
    if (deployment) deployment.failedTasks = (deployment.failedTasks ?? 0) + 1
    // ECS backs off before replacing tasks that keep failing.
    service.sim.nextLaunchAt = Math.max(service.sim.nextLaunchAt ?? 0, at + 10 * SECOND)
  }
  if (service) service.sim.steady = false
  applyDue(scope, stored, at, notes)
}

function pullFailure(image: string | undefined): string {
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image ?? ''}: not found`
}

function becomeRunning(scope: Scope, stored: StoredTask, at: number, notes: StepNotes): void {
  const {task, sim} = stored
  const unpullable = sim.containers.find((plan) => plan.cannotPull)
  if (unpullable) {
    const image = task.containers?.find((c) => c.name === unpullable.name)?.image
    const containers = Object.fromEntries(sim.containers.map((plan) => [plan.name, plan.cannotPull ? {reason: pullFailure(image)} : {}]))
    stopTask(scope, stored, at, {stopCode: 'TaskFailedToStart', reason: pullFailure(image), failed: true, containers}, notes)
    return
  }
  for (const plan of sim.containers) {
    if (!plan.logs) continue
    const groups = logGroups(scope.world, plan.logs.region)
    if (!groups[plan.logs.group] && plan.logs.createGroup) groups[plan.logs.group] = {name: plan.logs.group, createdAt: at, tags: {}, streams: {}}
    if (!groups[plan.logs.group]) {
      const reason = `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1`
      stopTask(scope, stored, at, {stopCode: 'TaskFailedToStart', reason, failed: true, containers: {}}, notes)
      return
    }
  }
  task.lastStatus = 'RUNNING'
  task.startedAt = seconds(at)
  task.pullStoppedAt = seconds(at)
  task.connectivity = 'CONNECTED'
  task.connectivityAt = seconds(at)
  for (const attachment of task.attachments ?? []) attachment.status = 'ATTACHED'
  for (const container of task.containers ?? []) container.lastStatus = 'RUNNING'
  const exits = sim.containers.filter((p) => p.essential && p.exitAfterMs !== undefined).map((p) => at + (p.exitAfterMs ?? 0))
  if (exits.length > 0) sim.exitAt = Math.min(...exits)
  sim.pendingOutput = sim.containers.flatMap((plan) => plan.output.map((line) => ({at: at + line.offsetMs, container: plan.name, message: line.message})))
  sim.pendingOutput.sort((a, b) => a.at - b.at)

  const service = serviceOf(scope, stored)
  if (service) registerInTargetGroups(scope, service, stored, notes)
  if (service) registerTaskInstance(scope.world, service, task, at)
  if (service) registerServiceTask(scope.world, service, task, task.containerInstanceArn ? scope.ecs.containerInstances[task.containerInstanceArn] : undefined)
  const unhealthy = sim.containers.some((plan) => plan.unhealthy)
  if (service && unhealthy) {
    const grace = (service.service.healthCheckGracePeriodSeconds ?? 0) * SECOND
    sim.failAt = at + Math.max(grace, healthWait(scope, stored, true) || 30 * SECOND)
    sim.failReason = sim.targets[0] ? `Task failed ELB health checks in (target-group ${sim.targets[0].targetGroupArn})` : 'Task failed container health checks'
  } else if (!unhealthy) {
    sim.healthyAt = at + healthWait(scope, stored, false)
  }
}

function applyStatus(scope: Scope, stored: StoredTask, status: string, at: number, notes: StepNotes): void {
  const {task, sim} = stored
  if (status === 'RUNNING') {
    becomeRunning(scope, stored, at, notes)
    bump(task)
    return
  }
  task.lastStatus = status
  bump(task)
  if (status === 'PENDING') task.pullStartedAt = seconds(at)
  if (status === 'STOPPING') {
    task.executionStoppedAt = seconds(at)
    for (const container of task.containers ?? []) container.lastStatus = 'STOPPED'
    for (const target of sim.targets) deregisterTargets(scope.world, target.targetGroupArn, [{id: target.id, port: target.port}])
    sim.targets = []
    deregisterServiceTask(scope.world, task)
    deregisterTaskInstance(scope.world, task, at)
  }
  if (status === 'STOPPED') {
    task.stoppedAt = seconds(at)
    task.connectivity = undefined
    for (const attachment of task.attachments ?? []) attachment.status = 'DELETED'
    for (const container of task.containers ?? []) container.lastStatus = 'STOPPED'
    sim.pendingOutput = []
  }
}

function writeOutput(scope: Scope, stored: StoredTask, until: number): void {
  const {sim} = stored
  while (sim.pendingOutput[0] && sim.pendingOutput[0].at <= until) {
    const line = sim.pendingOutput.shift()
    const plan = sim.containers.find((p) => p.name === line?.container)
    if (!line || !plan?.logs) continue
    appendLogEvents(scope.world, plan.logs.region, plan.logs.group, plan.logs.stream, [{timestamp: line.at, message: line.message}])
  }
}

/** Applies everything due for one task at or before `t`. */
export function applyDue(scope: Scope, stored: StoredTask, t: number, notes: StepNotes): void {
  const {task, sim} = stored
  while (sim.timeline[0] && sim.timeline[0].at <= t) {
    const next = sim.timeline.shift()
    if (next) applyStatus(scope, stored, next.status, next.at, notes)
    if (next) notifyTaskState(scope, stored, next.at)
  }
  if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return
  writeOutput(scope, stored, t)
  if (!sim.healthApplied && sim.healthyAt !== undefined && sim.healthyAt <= t) {
    sim.healthApplied = true
    for (const container of task.containers ?? []) {
      if (sim.containers.find((p) => p.name === container.name)?.healthCheck) container.healthStatus = 'HEALTHY'
    }
    if (sim.containers.some((p) => p.healthCheck)) task.healthStatus = 'HEALTHY'
    for (const target of sim.targets) {
      const registered = findTargetGroup(scope.world, target.targetGroupArn)?.targets.find((x) => x.id === target.id && x.port === target.port)
      if (registered) registered.health = {state: 'healthy'}
    }
    bump(task)
  }
  if (sim.exitAt !== undefined && sim.exitAt <= t) {
    const at = sim.exitAt
    writeOutput(scope, stored, at)
    const exited = sim.containers.find((p) => p.essential && p.exitAfterMs !== undefined && (task.startedAt ?? 0) * 1000 + p.exitAfterMs === at)
    stopTask(
      scope,
      stored,
      at,
      {stopCode: 'EssentialContainerExited', reason: 'Essential container in task exited', failed: sim.serviceArn !== undefined},
      notes,
    )
    if (exited) {
      const container = task.containers?.find((c) => c.name === exited.name)
      if (container) container.exitCode = exited.exitCode
    }
  } else if (sim.failAt !== undefined && sim.failAt <= t) {
    const at = sim.failAt
    const service = serviceOf(scope, stored)
    for (const target of sim.targets) {
      const registered = findTargetGroup(scope.world, target.targetGroupArn)?.targets.find((x) => x.id === target.id && x.port === target.port)
      if (registered) registered.health = {state: 'unhealthy', reason: 'Target.FailedHealthChecks', description: 'Health checks failed'}
    }
    for (const container of task.containers ?? []) {
      if (sim.containers.find((p) => p.name === container.name)?.healthCheck) container.healthStatus = 'UNHEALTHY'
    }
    if (service) notes.unhealthy(service, stored)
    stopTask(scope, stored, at, {stopCode: 'ServiceSchedulerInitiated', reason: sim.failReason ?? 'Task failed health checks', failed: true}, notes)
  }
}

/** The next moment something happens to this task by itself, or undefined. */
export function nextDue(stored: StoredTask): number | undefined {
  const {task, sim} = stored
  const times: number[] = []
  if (sim.timeline[0]) times.push(sim.timeline[0].at)
  if (task.lastStatus === 'RUNNING' && task.desiredStatus === 'RUNNING') {
    if (sim.pendingOutput[0]) times.push(sim.pendingOutput[0].at)
    if (!sim.healthApplied && sim.healthyAt !== undefined) times.push(sim.healthyAt)
    if (sim.exitAt !== undefined) times.push(sim.exitAt)
    if (sim.failAt !== undefined) times.push(sim.failAt)
  }
  return times.length ? Math.min(...times) : undefined
}

export function isHealthy(stored: StoredTask, t: number): boolean {
  return stored.task.lastStatus === 'RUNNING' && stored.task.desiredStatus === 'RUNNING' && stored.sim.healthyAt !== undefined && stored.sim.healthyAt <= t
}
