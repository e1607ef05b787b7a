/**
 * Follows a deployment until it is steady, fails, is rolled back or superseded, times out or is
 * interrupted. Our own poller rather than the SDK waiter: the waiter ignores rolloutState, reports
 * success after a circuit-breaker rollback and spins on every error.
 */
import {type Deployment, DescribeServicesCommand, type ECSClient, type Service, type Task} from '@aws-sdk/client-ecs'

import {retriedByCaller} from '../aws/rate-limit.js'

import {isRetryable} from '../aws/retryable.js'
import {awsCall} from '../errors.js'
import type {Clock} from '../clock.js'
import type {Reporter} from '../ui/reporter.js'
import {describeTasks, formatTaskDiagnostics, listStoppedTaskIds} from './diagnostics.js'
import {EventTracker, formatEvent, isRollbackEvent, startedTaskIds, stoppedTaskIds} from './events.js'
import {DEFAULT_TUNING, alignUp, nextPollAt, type PollDecision, type ScheduleTuning} from './poll-schedule.js'
import {primaryDeployment} from './service-apply.js'
import type {DescribeService} from './service-poller.js'
import {TaskView} from './task-view.js'

export type WaitOutcome = 'steady' | 'failed' | 'circuit-breaker-rollback' | 'timeout' | 'superseded' | 'interrupted'

/** What the loop remembers between snapshots; assessDeployment only reads it. */
export interface AssessState {
  expectedTaskDefinitionArn: string
  /** Started task ids seen in events since the write. */
  startedTaskIds: ReadonlySet<string>
  /** An event said the circuit breaker is rolling back. */
  sawRollbackEvent: boolean
  /** Our task definition was seen in a deployment whose rolloutState was FAILED. */
  sawOurDeploymentFail: boolean
}

export type Verdict = {outcome: 'continue'} | {outcome: Exclude<WaitOutcome, 'timeout' | 'interrupted'>; reason?: string}

/** ECS's circuit-breaker threshold: half the desired count, clamped to 3…200. */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)))
}

function breakerOf(service: Service) {
  const b = service.deploymentConfiguration?.deploymentCircuitBreaker
  return {enable: b?.enable === true, rollback: b?.rollback === true}
}

/**
 * Crash loops: consecutive failed tasks on the PRIMARY. With the circuit breaker on we leave it
 * room to act (twice its own threshold) and step in only for what it misses (apps that pass the
 * first checks and crash later).
 */
export function failedTasksLimit(service: Service, desiredCount: number): number {
  return breakerOf(service).enable ? 2 * circuitBreakerThreshold(desiredCount) : Math.max(3, 2 * desiredCount)
}

/** The pure decision over one DescribeServices snapshot. */
export function assessDeployment(service: Service, state: AssessState): Verdict {
  const deployments = service.deployments ?? []
  const primary = primaryDeployment(service)
  if (!primary) return {outcome: 'continue'}
  const breaker = breakerOf(service)

  if (primary.taskDefinition !== state.expectedTaskDefinitionArn) {
    const ours = deployments.find((d) => d.taskDefinition === state.expectedTaskDefinitionArn)
    const oursFailed = ours?.rolloutState === 'FAILED' || state.sawOurDeploymentFail
    if (breaker.rollback && (oursFailed || state.sawRollbackEvent)) {
      return {outcome: 'circuit-breaker-rollback', reason: ours?.rolloutStateReason ?? `ECS rolled back to ${primary.taskDefinition}`}
    }
    return {outcome: 'superseded', reason: `the PRIMARY deployment now runs ${primary.taskDefinition}`}
  }

  if (primary.rolloutState === 'FAILED') {
    return {outcome: 'failed', reason: primary.rolloutStateReason ?? 'rollout FAILED'}
  }
  const desired = primary.desiredCount ?? 0
  const failed = primary.failedTasks ?? 0
  if (failed >= failedTasksLimit(service, desired)) {
    return {outcome: 'failed', reason: `${failed} tasks of the new deployment failed in a row`}
  }
  // hako's heuristic (2× since 2.9.2, draining instances caused false alarms at 1×).
  if (!breaker.enable && state.startedTaskIds.size > 2 * desired) {
    return {outcome: 'failed', reason: `${state.startedTaskIds.size} tasks were started for ${desired} desired: started tasks keep stopping`}
  }

  const othersActive = deployments.some((d) => d.status === 'ACTIVE')
  const rolledOut = primary.rolloutState === undefined || primary.rolloutState === 'COMPLETED'
  if (!othersActive && primary.runningCount === desired && rolledOut) return {outcome: 'steady'}
  return {outcome: 'continue'}
}

/** `running 1/2 · pending 1 · rollout IN_PROGRESS` (+ failed and old deployments when there are any). */
export function statusLine(service: Service): string {
  const primary = primaryDeployment(service)
  if (!primary) return `running ${service.runningCount ?? 0}/${service.desiredCount ?? 0} · no PRIMARY deployment`
  const parts = [`running ${primary.runningCount ?? 0}/${primary.desiredCount ?? 0}`, `pending ${primary.pendingCount ?? 0}`]
  if (primary.rolloutState) parts.push(`rollout ${primary.rolloutState}`)
  if (primary.failedTasks) parts.push(`failed ${primary.failedTasks}`)
  const old = (service.deployments ?? []).filter((d: Deployment) => d.status === 'ACTIVE')
  if (old.length > 0) parts.push(`old running ${old.reduce((n, d) => n + (d.runningCount ?? 0), 0)}`)
  return parts.join(' · ')
}

export interface PollIntervals {
  /** The probe interval: used while a deciding change may come at any moment. */
  initialMs: number
  /** The longest quiet stretch between two polls. */
  maxMs: number
  /** Growth per failed poll (throttling, 5xx). */
  factor: number
}

/** Kept for callers that tune the wait by intervals; the schedule itself is in poll-schedule.ts. */
export const DEFAULT_INTERVALS: PollIntervals = {initialMs: DEFAULT_TUNING.probeMs, maxMs: DEFAULT_TUNING.maxQuietMs, factor: 2}

export interface WaitOptions {
  cluster: string
  service: string
  clock: Clock
  reporter: Reporter
  timeoutMs: number
  expectedTaskDefinitionArn: string
  signal?: AbortSignal
  /** The newest event before our write (ApplyServiceResult.sinceEventId). */
  sinceEventId?: string
  intervals?: PollIntervals
  /** Overrides of the schedule's tuning (margins, probe interval, DescribeServices budget). */
  schedule?: Partial<ScheduleTuning>
  /** How each poll reads the service (a shared ServicePoller's describe); default one DescribeServices per poll. */
  describe?: DescribeService
  /** Called with each poll's time and verdict (the benchmark measures detection latency with it). */
  onPoll?: (at: number, verdict: Verdict['outcome']) => void
}

export interface WaitResult {
  outcome: WaitOutcome
  reason?: string
  startedTaskIds: string[]
  /** Started tasks (or, if the events named none, recent stopped tasks of the service) that are STOPPED. */
  stoppedTasks: Task[]
  /** Lines describing stoppedTasks (diagnostics.formatTaskDiagnostics). */
  diagnostics: string[]
  /** The last snapshot seen, to say where the service stands. */
  service?: Service
  polls: number
  /** Polls that failed with a transient error and were retried. */
  transientErrors: number
}

function tuningOf(options: WaitOptions): ScheduleTuning {
  const fromIntervals = options.intervals ? {probeMs: options.intervals.initialMs, maxQuietMs: options.intervals.maxMs} : {}
  return {...DEFAULT_TUNING, ...fromIntervals, ...options.schedule}
}

export async function waitForDeployment(ecs: ECSClient, options: WaitOptions): Promise<WaitResult> {
  const {clock, reporter, signal} = options
  const tuning = tuningOf(options)
  const errorGrowth = options.intervals?.factor ?? 2
  const describe: DescribeService = options.describe ?? ((cluster, service, sig) => pollService(ecs, cluster, service, sig))
  const tasks = new TaskView(
    ecs,
    {cluster: options.cluster, service: options.service, expectedTaskDefinitionArn: options.expectedTaskDefinitionArn},
    describe.tasks,
  )
  const deadline = clock.now() + options.timeoutMs
  const tracker = new EventTracker(options.sinceEventId)
  const started = new Set<string>()
  const state = {expectedTaskDefinitionArn: options.expectedTaskDefinitionArn, startedTaskIds: started, sawRollbackEvent: false, sawOurDeploymentFail: false}
  let fingerprint = ''
  let last: Service | undefined
  let polls = 0
  let transientErrors = 0
  let failedInARow = 0
  const pollTimes: number[] = []

  const finish = async (outcome: WaitOutcome, reason?: string): Promise<WaitResult> => {
    const result: WaitResult = {outcome, reason, startedTaskIds: [...started], stoppedTasks: [], diagnostics: [], service: last, polls, transientErrors}
    if (outcome !== 'steady' && outcome !== 'interrupted' && outcome !== 'superseded') {
      await collectDiagnostics(ecs, options, result)
    }
    return result
  }

  await tasks.loadHistory(signal)
  let decision: PollDecision = {at: alignUp(clock.now(), tuning.alignMs), reason: 'probe'}
  let next = decision.at
  for (;;) {
    if (signal?.aborted) return finish('interrupted', 'interrupted while waiting')
    if (clock.now() >= deadline) return finish('timeout', `not steady after ${Math.round(options.timeoutMs / 1000)} s`)
    try {
      await clock.sleep(Math.max(0, Math.min(next, deadline) - clock.now()), signal)
    } catch {
      return finish('interrupted', 'interrupted while waiting')
    }
    if (signal?.aborted) return finish('interrupted', 'interrupted while waiting')
    if (clock.now() >= deadline) return finish('timeout', `not steady after ${Math.round(options.timeoutMs / 1000)} s`)
    try {
      polls++
      // The budget paces guesses; polls for a foreseen change do not spend it.
      if (decision.reason !== 'due') pollTimes.push(clock.now())
      const service = await describe(options.cluster, options.service, signal)
      if (!service) {
        reporter.warn(`Service ${options.service} is not found in cluster ${options.cluster}; still waiting`)
      } else {
        last = service
        for (const event of tracker.fresh(service.events)) {
          reporter.info(formatEvent(event))
          for (const id of startedTaskIds(event.message)) {
            started.add(id)
            tasks.track(id)
          }
          for (const id of stoppedTaskIds(event.message)) tasks.track(id)
          if (isRollbackEvent(event.message)) state.sawRollbackEvent = true
        }
        if (service.deployments?.some((d) => d.taskDefinition === state.expectedTaskDefinitionArn && d.rolloutState === 'FAILED')) {
          state.sawOurDeploymentFail = true
        }
        reporter.status(statusLine(service))
        const verdict = assessDeployment(service, state)
        options.onPoll?.(clock.now(), verdict.outcome)
        if (verdict.outcome !== 'continue') return finish(verdict.outcome, verdict.reason)
        const now = JSON.stringify([
          service.events?.[0]?.id,
          service.deployments?.map((d) => [d.id, d.status, d.runningCount, d.pendingCount, d.failedTasks, d.rolloutState]),
        ])
        // Task states are read again only when the service moved or a foreseen change fell due.
        if (now !== fingerprint || decision.reason === 'due' || tasks.hasUntracked()) await tasks.refresh(signal)
        fingerprint = now
      }
      failedInARow = 0
      decision = nextPollAt({
        now: clock.now(),
        service: last ?? {},
        tasks: tasks.list(),
        expectedTaskDefinitionArn: options.expectedTaskDefinitionArn,
        durations: tasks.durations(),
        pollTimes,
        tuning,
      })
      next = decision.at
    } catch (error) {
      if (signal?.aborted) return finish('interrupted', 'interrupted while waiting')
      if (!isRetryable(error)) throw error
      transientErrors++
      failedInARow++
      reporter.warn(`${(error as Error).message}; retrying`)
      decision = {at: clock.now(), reason: 'probe'}
      next = alignUp(clock.now() + Math.min(tuning.maxQuietMs, Math.round(tuning.probeMs * errorGrowth ** failedInARow)), tuning.alignMs)
    }
  }
}

/** describeService's answer; throttling comes back to the loop, which paces its own retries. */
async function pollService(ecs: ECSClient, cluster: string, name: string, signal?: AbortSignal): Promise<Service | undefined> {
  const out = await awsCall('DescribeServices', `service ${name} in cluster ${cluster}`, () =>
    ecs.send(new DescribeServicesCommand(retriedByCaller({cluster, services: [name]})), {abortSignal: signal}),
  )
  const service = out.services?.find((s) => s.serviceName === name || s.serviceArn === name) ?? out.services?.[0]
  return service && service.status !== 'INACTIVE' ? service : undefined
}

async function collectDiagnostics(ecs: ECSClient, options: WaitOptions, result: WaitResult): Promise<void> {
  try {
    let ids = result.startedTaskIds
    if (ids.length === 0) ids = await listStoppedTaskIds(ecs, options.cluster, options.service)
    if (ids.length === 0) return
    const tasks = await describeTasks(ecs, options.cluster, ids)
    result.stoppedTasks = tasks.filter((t) => t.lastStatus === 'STOPPED')
    result.diagnostics = result.stoppedTasks.flatMap(formatTaskDiagnostics)
  } catch (error) {
    // Diagnostics are a courtesy; the outcome stands even when they cannot be read.
    options.reporter.warn(`Could not read the stopped tasks: ${(error as Error).message}`)
  }
}
