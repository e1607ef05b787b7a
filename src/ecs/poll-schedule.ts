/**
 * When to look at a deployment next. A poller that only backs off notices a change up to one
 * interval late; this one reads what ECS already says about the service's tasks (when each was
 * created, started pulling, started, began to stop) and how long those phases took for the
 * service's earlier tasks, and polls just after the next change that can matter is due. Where
 * nothing can be foreseen (the first pull of a new service, target health), it probes at a short
 * interval, paced by a per-app budget of DescribeServices calls. Pure: the snapshot and the clock
 * in, the next poll time out.
 */
import type {Service, Task, TaskDefinition} from '@aws-sdk/client-ecs'

/** How long a task phase took, from the timestamps ECS reports for the service's tasks (ms). */
export interface PhaseDurations {
  /** createdAt → pullStartedAt (Fargate provisioning, ENI attachment). */
  provisioningMs?: number
  /** pullStartedAt → startedAt (image pull and container start). */
  pullMs?: number
  /** stoppingAt → stoppedAt (draining, SIGTERM, deprovisioning). */
  stopMs?: number
  /** startedAt → stoppingAt of a task of the expected task definition whose essential container exited. */
  crashMs?: number
  /**
   * startedAt → HEALTHY for the expected task definition: its containers' health-check interval
   * (the first check runs one interval after start), 0 without checks; unknown when a check sets
   * no interval. Target-group health is not foreseen.
   */
  healthyMs?: number
}

export interface ScheduleTuning {
  /** Polled this long after a change is due, so ECS has reported it. */
  marginMs: number
  /** The interval while a change that can decide the wait may come at any moment. */
  probeMs: number
  /** Never quiet longer than this, so changes nobody foresaw (another deploy, a scale-out) are seen. */
  maxQuietMs: number
  /** The probes' DescribeServices budget per app: sustained polls per minute and the burst. */
  perMinute: number
  burst: number
  /**
   * Polls fall on multiples of this on the clock, so the waits of apps deployed together land in
   * the same moment and share one batched DescribeServices.
   */
  alignMs: number
}

export const DEFAULT_TUNING: ScheduleTuning = {marginMs: 100, probeMs: 2000, maxQuietMs: 30_000, perMinute: 15, burst: 8, alignMs: 500}

export interface ScheduleInput {
  now: number
  service: Service
  /** The latest DescribeTasks answer for the service's tasks (any deployment, STOPPED included). */
  tasks: readonly Task[]
  expectedTaskDefinitionArn: string
  durations: PhaseDurations
  /** Times of this wait's earlier probes and quiet polls (ms), for the budget; the newest last. */
  pollTimes: readonly number[]
  tuning?: ScheduleTuning
}

export interface PollDecision {
  at: number
  /** Why this moment, for tests and the debug line. */
  reason: 'due' | 'probe' | 'launch' | 'quiet'
  /** Set when the budget held the poll back from an earlier moment. */
  budgetLimited?: boolean
}

const ms = (date: Date | undefined): number | undefined => (date === undefined ? undefined : new Date(date).getTime())

const newest = <T>(items: readonly T[], key: (item: T) => number | undefined): T | undefined => {
  let best: T | undefined
  let bestKey = -Infinity
  for (const item of items) {
    const k = key(item)
    if (k !== undefined && k > bestKey) {
      best = item
      bestKey = k
    }
  }
  return best
}

/** The expected revision's startedAt → HEALTHY, from its containers' health checks (see PhaseDurations). */
export function healthyDelay(definition: TaskDefinition | undefined): number | undefined {
  const checks = (definition?.containerDefinitions ?? []).filter((c) => c.healthCheck)
  if (!definition) return undefined
  if (checks.some((c) => c.healthCheck?.interval === undefined)) return undefined
  return Math.max(0, ...checks.map((c) => (c.healthCheck?.interval ?? 0) * 1000))
}

/** Phase lengths of the newest task that went through each phase. */
export function learnDurations(tasks: readonly Task[], expectedTaskDefinitionArn: string): PhaseDurations {
  const span = (task: Task | undefined, from: keyof Task, to: keyof Task): number | undefined => {
    const a = ms(task?.[from] as Date | undefined)
    const b = ms(task?.[to] as Date | undefined)
    return a === undefined || b === undefined || b < a ? undefined : b - a
  }
  const provisioned = newest(
    tasks.filter((t) => t.createdAt && t.pullStartedAt),
    (t) => ms(t.pullStartedAt),
  )
  const pulled = newest(
    tasks.filter((t) => t.pullStartedAt && t.startedAt),
    (t) => ms(t.startedAt),
  )
  const stopped = newest(
    tasks.filter((t) => t.stoppingAt && t.stoppedAt),
    (t) => ms(t.stoppedAt),
  )
  const crashed = newest(
    tasks.filter((t) => t.taskDefinitionArn === expectedTaskDefinitionArn && t.stopCode === 'EssentialContainerExited' && t.startedAt && t.stoppingAt),
    (t) => ms(t.stoppingAt),
  )
  const out: PhaseDurations = {}
  const provisioningMs = span(provisioned, 'createdAt', 'pullStartedAt')
  const pullMs = span(pulled, 'pullStartedAt', 'startedAt')
  const stopMs = span(stopped, 'stoppingAt', 'stoppedAt')
  const crashMs = span(crashed, 'startedAt', 'stoppingAt')
  if (provisioningMs !== undefined) out.provisioningMs = provisioningMs
  if (pullMs !== undefined) out.pullMs = pullMs
  if (stopMs !== undefined) out.stopMs = stopMs
  if (crashMs !== undefined) out.crashMs = crashMs
  return out
}

/** When this task's next change that moves the counts is due; 'unknown' when nothing says. */
export function taskDue(task: Task, durations: PhaseDurations, expectedTaskDefinitionArn: string): number | 'unknown' | undefined {
  const {provisioningMs, pullMs, stopMs, crashMs} = durations
  if (task.lastStatus === 'STOPPED') return undefined
  if (task.desiredStatus === 'STOPPED') {
    const stopping = ms(task.stoppingAt)
    return stopping !== undefined && stopMs !== undefined ? stopping + stopMs : 'unknown'
  }
  if (task.lastStatus === 'RUNNING') {
    const started = ms(task.startedAt)
    if (task.taskDefinitionArn === expectedTaskDefinitionArn && crashMs !== undefined && started !== undefined) return started + crashMs
    return undefined
  }
  const pulling = ms(task.pullStartedAt)
  if (pulling !== undefined) return pullMs !== undefined ? pulling + pullMs : 'unknown'
  const created = ms(task.createdAt)
  if (created !== undefined && provisioningMs !== undefined && pullMs !== undefined) return created + provisioningMs + pullMs
  return 'unknown'
}

/**
 * The earliest a poll may be sent without going over the budget: a token bucket of `burst`
 * polls refilled at `perMinute`, replayed over the earlier polls.
 */
export function budgetFloor(pollTimes: readonly number[], now: number, tuning: Pick<ScheduleTuning, 'perMinute' | 'burst'>): number {
  const refillMs = 60_000 / tuning.perMinute
  let tokens = tuning.burst
  let at = pollTimes[0] ?? now
  for (const t of pollTimes) {
    tokens = Math.min(tuning.burst, tokens + (t - at) / refillMs) - 1
    at = t
  }
  const available = Math.min(tuning.burst, tokens + (now - at) / refillMs)
  return available >= 1 ? now : now + (1 - available) * refillMs
}

/** What the service still waits on that no task shows yet: a launch, or health checks. */
function awaiting(service: Service, tasks: readonly Task[], expected: string): {launch: boolean; health: boolean} {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
  if (!primary || primary.taskDefinition !== expected) return {launch: false, health: false}
  const desired = primary.desiredCount ?? 0
  const launch = (primary.runningCount ?? 0) + (primary.pendingCount ?? 0) < desired && primary.rolloutState !== 'FAILED'
  // Every task it wants is RUNNING, yet the rollout is not done: the tasks are in their health
  // checks (or old tasks wait for them), which report no timestamp to foresee.
  const oldRunning = tasks.some((t) => t.taskDefinitionArn !== expected && t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING')
  const health =
    !launch && primary.rolloutState === 'IN_PROGRESS' && (primary.runningCount ?? 0) >= desired && (oldRunning || (service.deployments ?? []).length === 1)
  return {launch, health}
}

/** When the expected revision's RUNNING tasks all pass their container health checks, if foreseeable. */
function healthDue(input: ScheduleInput): number | undefined {
  const {healthyMs} = input.durations
  if (healthyMs === undefined || (input.service.loadBalancers ?? []).length > 0) return undefined
  const starts = input.tasks
    .filter((t) => t.taskDefinitionArn === input.expectedTaskDefinitionArn && t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING')
    .map((t) => ms(t.startedAt))
  if (starts.length === 0 || starts.some((t) => t === undefined)) return undefined
  return Math.max(...(starts as number[])) + healthyMs
}

export function nextPollAt(input: ScheduleInput): PollDecision {
  const tuning = input.tuning ?? DEFAULT_TUNING
  const {now, durations} = input
  const candidates: PollDecision[] = [{at: now + tuning.maxQuietMs, reason: 'quiet'}]
  const probe = (): void => {
    candidates.push({at: now + tuning.probeMs, reason: 'probe'})
  }
  // A new task that turns RUNNING still needs its health checks before the rollout can end: seen
  // within that delay, its RUNNING is early enough to foresee the end exactly.
  const slack = input.service.loadBalancers?.length ? 0 : (durations.healthyMs ?? 0) - tuning.marginMs
  for (const task of input.tasks) {
    const due = taskDue(task, durations, input.expectedTaskDefinitionArn)
    if (due === undefined) continue
    const starting = task.desiredStatus === 'RUNNING' && task.lastStatus !== 'RUNNING' && task.taskDefinitionArn === input.expectedTaskDefinitionArn
    // A change that was due and has not shown: ECS is slower than before; look again soon.
    if (due === 'unknown' || due + tuning.marginMs <= now) candidates.push({at: now + Math.max(tuning.probeMs, starting ? slack : 0), reason: 'probe'})
    else candidates.push({at: due + tuning.marginMs, reason: 'due'})
  }
  const waits = awaiting(input.service, input.tasks, input.expectedTaskDefinitionArn)
  if (waits.health) {
    const healthy = healthDue(input)
    if (healthy === undefined || healthy + tuning.marginMs <= now) probe()
    else candidates.push({at: healthy + tuning.marginMs, reason: 'due'})
  }
  if (waits.launch) {
    // A task not launched yet cannot be RUNNING (or crash) before a whole start has passed.
    const start = durations.provisioningMs !== undefined && durations.pullMs !== undefined ? durations.provisioningMs + durations.pullMs : undefined
    if (start === undefined) probe()
    else candidates.push({at: now + Math.max(tuning.probeMs, start), reason: 'launch'})
  }
  // A foreseen change is polled for when it is due; the budget paces the probes, which guess.
  const floor = budgetFloor(input.pollTimes, now, tuning)
  const paced = candidates.map((c) => (c.reason === 'probe' && floor > c.at ? {...c, at: floor, budgetLimited: true} : c))
  const best = paced.reduce((a, b) => (b.at < a.at ? b : a))
  return {...best, at: alignUp(best.at, tuning.alignMs)}
}

/** The first multiple of `step` at or after `at`. */
export function alignUp(at: number, step: number): number {
  return step > 0 ? Math.ceil(at / step) * step : at
}
