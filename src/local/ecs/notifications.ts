/**
 * What an account's "ECS task state change → S3" function writes, for clusters that have one:
 * the EventBridge event, as JSON, at `<prefix>/<task arn>/started.json` when the task and all its
 * containers are RUNNING, and at `.../stopped.json` when it is STOPPED. `hako oneshot` with
 * `scheduler.oneshot_notification_prefix` follows its task through these objects.
 *
 * Local only: a cluster has the function when it carries the tag NOTIFICATION_TAG with the
 * `s3://bucket/prefix` value (set by `--local`, by tests, or by TagResource). Nothing is written
 * when the bucket does not exist, as the function would fail.
 */
import {createHash} from 'node:crypto'
import type {World} from '../world.js'
import {type Scope, uuid} from './model.js'
import type {StoredTask, WireTask} from './state.js'

export const NOTIFICATION_TAG = 'hako:local:oneshot-notification-prefix'

export interface NotificationTarget {
  bucket: string
  /** Without leading or trailing slashes; may be empty. */
  prefix: string
}

/** `s3://bucket/some/prefix` → {bucket, prefix}; a query string is not part of the place. */
export function parseNotificationPrefix(url: string): NotificationTarget | undefined {
  const match = /^s3:\/\/([^/?#]+)\/?([^?#]*)/.exec(url)
  if (!match) return undefined
  return {bucket: match[1] ?? '', prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '')}
}

export function notificationKey(target: NotificationTarget, taskArn: string, kind: 'started' | 'stopped'): string {
  return `${target.prefix === '' ? '' : `${target.prefix}/`}${taskArn}/${kind}.json`
}

export function notificationTargetOf(world: World, clusterArn: string | undefined): NotificationTarget | undefined {
  if (!clusterArn) return undefined
  const value = world.ecs.tags[clusterArn]?.find((tag) => tag.key === NOTIFICATION_TAG)?.value
  return value ? parseNotificationPrefix(value) : undefined
}

/** Gives the cluster the function (`--local`, tests); replaces an earlier prefix. */
export function setNotificationPrefix(world: World, clusterArn: string, url: string): void {
  const tags = (world.ecs.tags[clusterArn] ?? []).filter((tag) => tag.key !== NOTIFICATION_TAG)
  world.ecs.tags[clusterArn] = [...tags, {key: NOTIFICATION_TAG, value: url}]
}

const TIMESTAMPS = ['createdAt', 'startedAt', 'stoppedAt', 'stoppingAt', 'executionStoppedAt', 'pullStartedAt', 'pullStoppedAt', 'connectivityAt'] as const

/** The task as the event's `detail`: the DescribeTasks shape with ISO-8601 timestamps. */
function detailOf(task: WireTask, at: number): Record<string, unknown> {
  const detail: Record<string, unknown> = {...task, updatedAt: new Date(at).toISOString()}
  for (const name of TIMESTAMPS) {
    const value = task[name]
    if (typeof value === 'number') detail[name] = new Date(value * 1000).toISOString()
  }
  delete detail.tags
  return detail
}

export function taskStateChangeEvent(scope: Scope, task: WireTask, at: number): Record<string, unknown> {
  return {
    version: '0',
    id: uuid(scope.world),
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: scope.accountId,
    time: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    region: task.taskArn?.split(':')[3] ?? scope.region,
    resources: [task.taskArn],
    detail: detailOf(task, at),
  }
}

function kindOf(task: WireTask): 'started' | 'stopped' | undefined {
  if (task.lastStatus === 'STOPPED') return 'stopped'
  if (task.lastStatus === 'RUNNING' && (task.containers ?? []).every((c) => c.lastStatus === 'RUNNING')) return 'started'
  return undefined
}

/** Called after each status change of a task. */
export function notifyTaskState(scope: Scope, stored: StoredTask, at: number): void {
  const {task} = stored
  const target = notificationTargetOf(scope.world, task.clusterArn)
  const kind = kindOf(task)
  if (!target || !kind || !task.taskArn) return
  const bucket = scope.world.s3.buckets[target.bucket]
  if (!bucket) return
  const bytes = Buffer.from(JSON.stringify(taskStateChangeEvent(scope, task, at)))
  const key = notificationKey(target, task.taskArn, kind)
  bucket.objects[key] = {
    key,
    body: bytes.toString('base64'),
    size: bytes.length,
    etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
    contentType: 'application/json',
    lastModified: at,
    metadata: {},
  }
}
