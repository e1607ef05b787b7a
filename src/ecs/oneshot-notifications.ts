/**
 * Following a oneshot task through S3 instead of ECS (`scheduler.oneshot_notification_prefix`):
 * the account's "ECS task state change → S3" function writes the event to
 * `<prefix>/<task arn>/started.json` and `.../stopped.json`; reading those needs no DescribeTasks,
 * whose rate limit is what a busy account runs into (docs/hako-compatibility.md, "Oneshot").
 */
import {DescribeContainerInstancesCommand, type ECSClient, type Task} from '@aws-sdk/client-ecs'
import {GetObjectCommand, type S3Client} from '@aws-sdk/client-s3'

import type {Clock} from '../clock.js'
import {AwsCallError, isAwsError, TimeoutError} from '../errors.js'
import type {Reporter} from '../ui/reporter.js'
import {isThrottling, isTransient} from '../aws/retryable.js'
import type {WaitOptions, WaitResult} from './oneshot-wait.js'

export interface NotificationPlace {
  bucket: string
  /** Without leading or trailing slashes; may be empty. */
  prefix: string
  /** `?region=` of the prefix, when given. */
  region?: string
}

/** `s3://bucket/prefix?region=us-west-2` → its parts; undefined when it is not an s3:// URL. */
export function parseNotificationPlace(url: string): NotificationPlace | undefined {
  const match = /^s3:\/\/([^/?#]+)\/?([^?#]*)(?:\?([^#]*))?/.exec(url)
  if (!match?.[1]) return undefined
  const region = new URLSearchParams(match[3] ?? '').get('region') ?? undefined
  return {bucket: match[1], prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, ''), ...(region ? {region} : {})}
}

export function notificationKeys(place: NotificationPlace, taskArn: string): {started: string; stopped: string} {
  const base = `${place.prefix === '' ? '' : `${place.prefix}/`}${taskArn}`
  return {started: `${base}/started.json`, stopped: `${base}/stopped.json`}
}

const TIMESTAMPS = ['createdAt', 'startedAt', 'stoppedAt', 'stoppingAt', 'executionStoppedAt', 'pullStartedAt', 'pullStoppedAt', 'connectivityAt'] as const

/** The event's `detail` (a task with ISO-8601 timestamps) as the SDK's Task. */
export function taskOfEvent(event: unknown): Task | undefined {
  const detail = (event as {detail?: unknown} | null)?.detail
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return undefined
  const task = {...(detail as Record<string, unknown>)}
  for (const name of TIMESTAMPS) {
    const value = task[name]
    if (typeof value === 'string' || typeof value === 'number') task[name] = new Date(value)
  }
  return task as Task
}

export interface NotificationWaitContext {
  s3: S3Client
  ecs: ECSClient
  clock: Clock
  reporter: Reporter
}

const POLL_MS = 1_000
const MAX_BACKOFF_MS = 30_000

type Read = {kind: 'found'; task: Task} | {kind: 'absent'} | {kind: 'slow'}

async function read(ctx: NotificationWaitContext, bucket: string, key: string): Promise<Read> {
  try {
    const out = await ctx.s3.send(new GetObjectCommand({Bucket: bucket, Key: key}))
    const text = (await out.Body?.transformToString('utf8')) ?? ''
    const task = taskOfEvent(JSON.parse(text))
    if (!task) throw new Error('the object holds no event detail')
    return {kind: 'found', task}
  } catch (error) {
    if (isAwsError(error, 'NoSuchKey')) {
      ctx.reporter.debug(`  s3://${bucket}/${key} doesn't exist`)
      return {kind: 'absent'}
    }
    if (isThrottling(error) || isTransient(error)) return {kind: 'slow'}
    throw new AwsCallError('GetObject', `s3://${bucket}/${key}`, error)
  }
}

async function ec2InstanceId(ctx: NotificationWaitContext, cluster: string, arn: string): Promise<string> {
  try {
    const out = await ctx.ecs.send(new DescribeContainerInstancesCommand({cluster, containerInstances: [arn]}))
    return out.containerInstances?.[0]?.ec2InstanceId ?? 'unknown EC2 instance'
  } catch {
    // Only a label: a failed lookup must not end the wait.
    return 'unknown EC2 instance'
  }
}

/** As waitForTaskStop, reading the two objects every second instead of calling DescribeTasks. */
export async function waitForTaskStopInS3(ctx: NotificationWaitContext, place: NotificationPlace, options: WaitOptions): Promise<WaitResult> {
  const {cluster, taskArn, signal} = options
  const keys = notificationKeys(place, taskArn)
  let started: Task | undefined
  let interval = POLL_MS
  for (;;) {
    if (signal?.aborted) return {aborted: true, task: started}
    if (options.deadline !== undefined && ctx.clock.now() > options.deadline) {
      throw new TimeoutError(`Task ${taskArn} in cluster ${cluster} did not stop in time (no s3://${place.bucket}/${keys.stopped})`)
    }
    let slow = false
    if (!started) {
      const got = await read(ctx, place.bucket, keys.started)
      if (got.kind === 'found') {
        started = got.task
        if (started.containerInstanceArn) {
          ctx.reporter.info(`Container instance is ${started.containerInstanceArn} (${await ec2InstanceId(ctx, cluster, started.containerInstanceArn)})`)
        }
        if (started.startedAt) ctx.reporter.info(`Started at ${started.startedAt.toISOString()}`)
      }
      slow ||= got.kind === 'slow'
    }
    const stopped = await read(ctx, place.bucket, keys.stopped)
    if (stopped.kind === 'found') {
      const task = stopped.task
      ctx.reporter.info(`Stopped at ${task.stoppedAt?.toISOString() ?? '(unknown)'} (reason: ${task.stoppedReason ?? 'unknown'})`)
      if (options.onPoll) await options.onPoll(task)
      return {aborted: false, task}
    }
    slow ||= stopped.kind === 'slow'
    if (options.onPoll) await options.onPoll(started)
    interval = slow ? Math.min(interval * 2, MAX_BACKOFF_MS) : POLL_MS
    try {
      await ctx.clock.sleep(interval, signal)
    } catch (error) {
      if (signal?.aborted) return {aborted: true, task: started}
      throw error
    }
  }
}
