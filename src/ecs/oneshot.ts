/**
 * The ECS side of `hako oneshot` once the task definition is registered: RunTask (growing the
 * cluster when allowed), wait with the app's log lines streamed, stop on interrupt, and turn the
 * stopped task into an exit code (docs/hako-compatibility.md, "Oneshot").
 */
import {randomUUID} from 'node:crypto'
import {type RegisterTaskDefinitionCommandInput, StopTaskCommand, type Task} from '@aws-sdk/client-ecs'

import type {AwsClients} from '../aws/clients.js'
import type {Clock} from '../clock.js'
import type {Container, Scheduler} from '../definition/types.js'
import {awsCall, ExitCode, HakoError, TimeoutError} from '../errors.js'
import type {Reporter} from '../ui/reporter.js'
import {growCapacity, requiredResources} from './oneshot-capacity.js'
import {awslogsStreamOf, LogTail} from './oneshot-logs.js'
import {type AppOverrides, buildRunTaskInput, runTaskOnce} from './oneshot-run.js'
import {capacityMessage, publishCapacityRequest, TOPIC_RETRY_MS, topicRegion} from './oneshot-topic.js'
import {parseNotificationPlace, waitForTaskStopInS3} from './oneshot-notifications.js'
import {type WaitOptions, type WaitResult, waitForTaskStop} from './oneshot-wait.js'

export const STOP_REASON = 'Stopped by hako oneshot (interrupted)'
/** ECS gives a container at most 120 s between SIGTERM and SIGKILL; Fargate then detaches the ENI. */
export const STOP_WAIT_MS = 10 * 60_000
/** awslogs delivers asynchronously: lines may land shortly after the task reports STOPPED. */
export const LOG_GRACE_MS = 2_000

export interface OneshotContext {
  clients: AwsClients
  clock: Clock
  reporter: Reporter
  /** Aborted by SIGINT/SIGTERM: the task is stopped and waited for. */
  signal?: AbortSignal
}

export interface OneshotTaskRequest {
  scheduler: Scheduler
  taskDefinitionArn: string
  /** The registered definition's sizes, for the capacity check. */
  taskDefinition: Pick<RegisterTaskDefinitionCommandInput, 'cpu' | 'memory' | 'containerDefinitions'>
  /** The loaded `app` container (its log configuration decides log streaming). */
  app: Container
  overrides: AppOverrides
  wait: boolean
  logs: boolean
  /** How long to wait for capacity when the cluster must grow. */
  capacityTimeoutMs: number
  onStarted?: (info: {cluster: string; taskArn: string}) => Promise<void>
}

export interface OneshotOutcome {
  exitCode: number
  cluster: string
  taskArn?: string
  /** The task as last described (STOPPED unless --no-wait). */
  task?: Task
}

/** `<name> has stopped with exit_code=<n>` lines (hako's wording) for every container. */
export function stoppedContainerLines(task: Task): string[] {
  return (task.containers ?? []).map((c) =>
    c.exitCode === undefined || c.exitCode === null
      ? `${c.name} has stopped without exit_code: reason=${c.reason ?? task.stoppedReason ?? 'unknown'}`
      : `${c.name} has stopped with exit_code=${c.exitCode}`,
  )
}

/** The app container's exit code; `fallback` (127, or 130 after an interrupt) when it has none. */
export function appExitCode(task: Task, fallback: number = ExitCode.noExitCode): number {
  const code = task.containers?.find((c) => c.name === 'app')?.exitCode
  return typeof code === 'number' ? code : fallback
}

async function startTask(ctx: OneshotContext, request: OneshotTaskRequest): Promise<Task | undefined> {
  const {scheduler} = request
  const {reporter} = ctx
  const input = buildRunTaskInput(scheduler, request.taskDefinitionArn, request.overrides)
  const deadline = ctx.clock.now() + request.capacityTimeoutMs
  let hakoTaskId: string | undefined
  for (;;) {
    // RunTask is not given the signal: once sent, a task may exist and must be stopped.
    const attempt = await runTaskOnce(ctx.clients.ecs, input, reporter)
    if (attempt.kind === 'started') return attempt.task
    const group = scheduler.autoscaling_group_for_oneshot
    if (!group) {
      throw new HakoError(`No capacity in cluster ${scheduler.cluster} to run the oneshot task: ${attempt.reasons.join('; ')}`, {
        code: 'no-capacity',
        hint: 'Add container instances to the cluster, or set scheduler.autoscaling_group_for_oneshot to let hako grow an Auto Scaling group.',
      })
    }
    const required = requiredResources(request.taskDefinition, request.overrides)
    const topic = scheduler.autoscaling_topic_for_oneshot
    try {
      if (topic) {
        if (ctx.clock.now() > deadline) throw noCapacityInTime(scheduler.cluster, `no capacity appeared after the requests published to ${topic}`)
        hakoTaskId ??= randomUUID()
        await publishCapacityRequest(
          ctx.clients.forRegion(topicRegion(topic, scheduler.region)).sns,
          reporter,
          topic,
          capacityMessage(group, scheduler.cluster, required, hakoTaskId),
        )
        await ctx.clock.sleep(TOPIC_RETRY_MS, ctx.signal)
      } else {
        await growCapacity(
          {ecs: ctx.clients.ecs, autoScaling: ctx.clients.autoScaling, clock: ctx.clock, reporter, signal: ctx.signal},
          {cluster: scheduler.cluster, groupName: group, required, deadline},
        )
      }
    } catch (error) {
      if (ctx.signal?.aborted) return undefined
      throw error
    }
  }
}

function noCapacityInTime(cluster: string, why: string): TimeoutError {
  return new TimeoutError(`No capacity for the oneshot task in cluster ${cluster}: ${why}`, {
    hint: 'Raise --timeout, or check the subscriber of scheduler.autoscaling_topic_for_oneshot.',
  })
}

function logTail(ctx: OneshotContext, request: OneshotTaskRequest, taskArn: string): LogTail | undefined {
  if (!request.logs) return undefined
  const target = awslogsStreamOf(request.app, taskArn, request.scheduler.region)
  if (!target) {
    const driver = request.app.log_configuration?.log_driver
    ctx.reporter.debug(
      driver === 'awslogs'
        ? 'app logs with awslogs but without awslogs-group or awslogs-stream-prefix: its output is not streamed'
        : `app logs with ${driver ?? 'no log driver'}: its output is not streamed`,
    )
    return undefined
  }
  ctx.reporter.info(`Streaming app logs from ${target.group} ${target.stream}`)
  return new LogTail(ctx.clients.logs(target.region), target, ctx.reporter)
}

/** Reads the stream to its end, then once more after the delivery grace. */
async function drain(ctx: OneshotContext, tail: LogTail): Promise<void> {
  while ((await tail.poll()) > 0);
  await ctx.clock.sleep(LOG_GRACE_MS)
  while ((await tail.poll()) > 0);
}

async function stopTask(ctx: OneshotContext, cluster: string, taskArn: string): Promise<void> {
  ctx.reporter.warn(`Stopping ${taskArn}`)
  await awsCall('StopTask', `task ${taskArn} in cluster ${cluster}`, () =>
    ctx.clients.ecs.send(new StopTaskCommand({cluster, task: taskArn, reason: STOP_REASON})),
  )
}

/** DescribeTasks polling, or with `oneshot_notification_prefix` the task-state objects in S3. */
function waiterFor(ctx: OneshotContext, scheduler: Scheduler): (options: WaitOptions) => Promise<WaitResult> {
  const place = scheduler.oneshot_notification_prefix === undefined ? undefined : parseNotificationPlace(scheduler.oneshot_notification_prefix)
  if (!place) return (options) => waitForTaskStop({ecs: ctx.clients.ecs, clock: ctx.clock, reporter: ctx.reporter}, options)
  const s3 = ctx.clients.s3(place.region ?? scheduler.region)
  ctx.reporter.info(`Following the task through s3://${place.bucket}/${place.prefix}`)
  return (options) => waitForTaskStopInS3({s3, ecs: ctx.clients.ecs, clock: ctx.clock, reporter: ctx.reporter}, place, options)
}

export async function runOneshotTask(ctx: OneshotContext, request: OneshotTaskRequest): Promise<OneshotOutcome> {
  const cluster = request.scheduler.cluster
  const {reporter} = ctx
  if (ctx.signal?.aborted) return {exitCode: ExitCode.interrupted, cluster}
  const started = await startTask(ctx, request)
  if (!started?.taskArn) {
    reporter.warn('Interrupted before the task started; nothing runs')
    return {exitCode: ExitCode.interrupted, cluster}
  }
  const taskArn = started.taskArn
  reporter.info(`Started task: ${taskArn}`)
  try {
    await request.onStarted?.({cluster, taskArn})
  } catch (error) {
    // The task is ours: don't leave it running when the hook that should follow it fails.
    await stopTask(ctx, cluster, taskArn).catch((stopError: unknown) => reporter.error(String(stopError)))
    throw error
  }
  if (!request.wait) {
    reporter.output(JSON.stringify({cluster, task_arn: taskArn}))
    return {exitCode: ExitCode.ok, cluster, taskArn, task: started}
  }

  const tail = logTail(ctx, request, taskArn)
  const onPoll = tail ? async (task: Task | undefined): Promise<boolean> => (task?.startedAt ? (await tail.poll()) > 0 : false) : undefined
  const wait = waiterFor(ctx, request.scheduler)
  let result = await wait({cluster, taskArn, signal: ctx.signal, onPoll})
  let interrupted = false
  if (result.aborted) {
    interrupted = true
    await stopTask(ctx, cluster, taskArn)
    result = await wait({cluster, taskArn, onPoll, deadline: ctx.clock.now() + STOP_WAIT_MS}).catch((error: unknown) => {
      reporter.error(`${taskArn} did not stop within ${STOP_WAIT_MS / 1000} s: ${error instanceof Error ? error.message : String(error)}`)
      return {aborted: true as const, task: result.task}
    })
  }
  if (tail) await drain(ctx, tail)
  const task = result.task
  if (result.aborted || !task) return {exitCode: ExitCode.interrupted, cluster, taskArn, task}

  reporter.info('Oneshot task finished')
  for (const line of stoppedContainerLines(task)) reporter.info(line)
  const fallback = interrupted ? ExitCode.interrupted : ExitCode.noExitCode
  const exitCode = appExitCode(task, fallback)
  const app = task.containers?.find((c) => c.name === 'app')
  if (typeof app?.exitCode !== 'number') {
    // The reasons were just printed (the stop line and the container lines): said once, not again.
    const said = Boolean(task.stoppedReason || app?.reason)
    reporter.error(`app has no exit code${said ? '' : ' (the task stopped before it ran)'}; exiting with ${exitCode}`)
  }
  return {exitCode, cluster, taskArn, task}
}
