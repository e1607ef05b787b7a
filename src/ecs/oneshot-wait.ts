/**
 * Waits for a oneshot task to stop (docs/hako-compatibility.md, "Oneshot"): DescribeTasks polling that starts at 1 s,
 * slows down while nothing changes, resets on any change, doubles on throttling, and rides out 5xx
 * and network errors. Reports where the task runs and when it started and stopped.
 */
import {DescribeContainerInstancesCommand, DescribeTasksCommand, type ECSClient, type Task} from '@aws-sdk/client-ecs'

import type {Clock} from '../clock.js'
import {AwsCallError, HakoError, TimeoutError} from '../errors.js'
import type {Reporter} from '../ui/reporter.js'
import {isThrottling, isTransient} from '../aws/retryable.js'

export interface WaitContext {
  ecs: ECSClient
  clock: Clock
  reporter: Reporter
}

export interface WaitOptions {
  cluster: string
  taskArn: string
  /** Ends the wait early (the task keeps running); the result then has `aborted: true`. */
  signal?: AbortSignal
  /** Clock ms after which the wait throws TimeoutError. */
  deadline?: number
  /** Called after every poll (log streaming); returns true when it saw something new. */
  onPoll?: (task: Task | undefined) => Promise<boolean>
}

export type WaitResult = {aborted: false; task: Task} | {aborted: true; task?: Task}

export const POLL = {
  initialMs: 1_000,
  idleMaxMs: 10_000,
  throttledMaxMs: 30_000,
  /** Consecutive 5xx / network failures (or a task not yet visible) tolerated before giving up. */
  maxFailures: 10,
} as const

export function nextInterval(current: number, outcome: 'changed' | 'idle' | 'throttled' | 'failed'): number {
  switch (outcome) {
    case 'changed':
      return POLL.initialMs
    case 'idle':
      // Coming down from a throttled interval, halve towards the idle ceiling instead of jumping.
      return current > POLL.idleMaxMs ? Math.max(POLL.idleMaxMs, current / 2) : Math.min(Math.round(current * 1.5), POLL.idleMaxMs)
    case 'throttled':
    case 'failed':
      return Math.min(current * 2, POLL.throttledMaxMs)
  }
}

function fingerprint(task: Task): string {
  return JSON.stringify([
    task.lastStatus,
    task.containerInstanceArn,
    task.startedAt?.getTime(),
    task.stoppedAt?.getTime(),
    (task.containers ?? []).map((c) => [c.name, c.lastStatus, c.exitCode]),
  ])
}

function iso(date: Date | undefined): string {
  return date ? date.toISOString() : '(unknown)'
}

/** Fargate and awsvpc tasks: the ENI and its private address. */
export function networkInterfaceOf(task: Task): {id?: string; address?: string} | undefined {
  const eni = task.attachments?.find((a) => a.type === 'ElasticNetworkInterface')
  if (!eni) return undefined
  const detail = (name: string): string | undefined => eni.details?.find((d) => d.name === name)?.value
  const out = {id: detail('networkInterfaceId'), address: detail('privateIPv4Address')}
  return out.id || out.address ? out : undefined
}

/** Reports what changed since the last observation of the task (instance, ENI, start, stop). */
class Progress {
  private containerInstance?: string
  private eni?: string
  private started = false
  private status?: string

  constructor(
    private readonly ctx: WaitContext,
    private readonly cluster: string,
  ) {}

  async report(task: Task): Promise<void> {
    if (task.lastStatus !== this.status) {
      this.status = task.lastStatus
      this.ctx.reporter.debug(`Task ${task.taskArn} is ${task.lastStatus}`)
    }
    this.ctx.reporter.status(`${task.taskArn}: ${task.lastStatus ?? 'UNKNOWN'}`)
    if (task.containerInstanceArn && task.containerInstanceArn !== this.containerInstance) {
      this.containerInstance = task.containerInstanceArn
      this.ctx.reporter.info(`Container instance is ${task.containerInstanceArn} (${await this.ec2InstanceId(task.containerInstanceArn)})`)
    }
    const eni = networkInterfaceOf(task)
    const eniLabel = eni && `${eni.id ?? 'network interface'} (${eni.address ?? 'no address yet'})`
    if (eniLabel && eni?.address && eniLabel !== this.eni) {
      this.eni = eniLabel
      this.ctx.reporter.info(`Network interface is ${eniLabel}${task.launchType === 'FARGATE' ? ' on Fargate' : ''}`)
    }
    if (task.startedAt && !this.started) {
      this.started = true
      this.ctx.reporter.info(`Started at ${iso(task.startedAt)}`)
    }
    if (task.lastStatus === 'STOPPED') {
      this.ctx.reporter.info(`Stopped at ${iso(task.stoppedAt)} (reason: ${task.stoppedReason ?? 'unknown'})`)
    }
  }

  private async ec2InstanceId(arn: string): Promise<string> {
    try {
      const out = await this.ctx.ecs.send(new DescribeContainerInstancesCommand({cluster: this.cluster, containerInstances: [arn]}))
      return out.containerInstances?.[0]?.ec2InstanceId ?? 'unknown EC2 instance'
    } catch (error) {
      // Only a label: a failed lookup must not end the wait.
      this.ctx.reporter.debug(`DescribeContainerInstances ${arn} failed: ${error instanceof Error ? error.message : String(error)}`)
      return 'unknown EC2 instance'
    }
  }
}

type Poll = {kind: 'seen'; task: Task} | {kind: 'missing'; reason: string} | {kind: 'throttled'} | {kind: 'failed'; reason: string}

/** One DescribeTasks; throws only for errors that waiting cannot cure. */
async function describe(ctx: WaitContext, cluster: string, taskArn: string): Promise<Poll> {
  try {
    const out = await ctx.ecs.send(new DescribeTasksCommand({cluster, tasks: [taskArn]}))
    const task = out.tasks?.find((t) => t.taskArn === taskArn)
    if (task) return {kind: 'seen', task}
    return {kind: 'missing', reason: out.failures?.map((f) => f.reason).join(', ') || 'not returned'}
  } catch (error) {
    if (isThrottling(error)) return {kind: 'throttled'}
    const reason = error instanceof Error ? error.message : String(error)
    if (isTransient(error)) return {kind: 'failed', reason}
    throw new AwsCallError('DescribeTasks', `task ${taskArn} in cluster ${cluster}`, error)
  }
}

export async function waitForTaskStop(ctx: WaitContext, options: WaitOptions): Promise<WaitResult> {
  const {cluster, taskArn, signal} = options
  const progress = new Progress(ctx, cluster)
  let interval: number = POLL.initialMs
  let failures = 0
  let last: string | undefined
  let task: Task | undefined
  for (;;) {
    if (signal?.aborted) return {aborted: true, task}
    if (options.deadline !== undefined && ctx.clock.now() > options.deadline) {
      throw new TimeoutError(`Task ${taskArn} in cluster ${cluster} did not stop in time`)
    }
    const poll = await describe(ctx, cluster, taskArn)
    let outcome: 'changed' | 'idle' | 'throttled' | 'failed'
    if (poll.kind === 'seen') {
      failures = 0
      task = poll.task
      const now = fingerprint(task)
      outcome = now === last ? 'idle' : 'changed'
      last = now
      await progress.report(task)
      if (task.lastStatus === 'STOPPED') return {aborted: false, task}
    } else if (poll.kind === 'throttled') {
      outcome = 'throttled'
      ctx.reporter.debug(`DescribeTasks throttled; next poll in ${Math.round(nextInterval(interval, 'throttled') / 1000)} s`)
    } else {
      // A task just started may not be visible yet (eventual consistency); 5xx and resets pass.
      failures += 1
      const what = poll.kind === 'missing' ? `task ${poll.reason}` : `failed: ${poll.reason}`
      if (failures > POLL.maxFailures) {
        throw new HakoError(`DescribeTasks ${taskArn} in cluster ${cluster}: ${what} (${failures} times in a row)`, {code: 'task-wait-failed'})
      }
      ctx.reporter.debug(`DescribeTasks ${taskArn}: ${what}; retrying`)
      outcome = 'failed'
    }
    if (options.onPoll && (await options.onPoll(task)) && outcome === 'idle') outcome = 'changed'
    interval = nextInterval(interval, outcome)
    try {
      await ctx.clock.sleep(interval, signal)
    } catch (error) {
      if (signal?.aborted) return {aborted: true, task}
      throw error
    }
  }
}
