/**
 * `oneshot_notification_prefix` end to end on the local AWS: the cluster's simulated "task state
 * change → S3" function writes started.json and stopped.json, and the oneshot follows its task
 * through them, with no DescribeTasks at all.
 */
import {GetObjectCommand, ListObjectsV2Command} from '@aws-sdk/client-s3'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {oneshot, type OneshotParams} from '../../src/app/oneshot.js'
import {notificationKeys, parseNotificationPlace, taskOfEvent} from '../../src/ecs/oneshot-notifications.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {WatchingReporter} from '../support/reporters.js'
import {REGION} from '../support/local-aws.js'
import {oneshotParams} from '../support/oneshot.js'

const FILE = 'test/fixtures/oneshot/notified.jsonnet'
const BUCKET = 'ecs-task-notifications'

let env: TestApp

beforeEach(async () => {
  // As `hako --local`: the preparation step gives the cluster its notification function.
  env = await startTestApp({asLocal: true})
})

afterEach(async () => {
  await env.close()
})

function params(extra: Partial<OneshotParams> = {}): OneshotParams {
  return oneshotParams(FILE, ['sh', '-c', 'echo working; exit 3'], extra)
}

async function object(key: string): Promise<Record<string, unknown>> {
  const out = await env.deps
    .aws(REGION)
    .s3()
    .send(new GetObjectCommand({Bucket: BUCKET, Key: key}))
  return JSON.parse((await out.Body?.transformToString()) ?? '') as Record<string, unknown>
}

describe('oneshot with oneshot_notification_prefix', () => {
  it('exits with the container’s code, reading S3 and never calling DescribeTasks', async () => {
    await env.renew()
    const result = await oneshot(env.deps, params())
    expect(result.exitCode).toBe(3)
    expect(env.reporter.stdout()).toBe('working\n')

    expect(env.local.count({service: 'ecs', operation: 'DescribeTasks'})).toBe(0)
    expect(env.local.count({service: 's3', operation: 'GetObject'})).toBeGreaterThan(2)
    const info = env.reporter.messages('info')
    expect(info).toContain('local: created bucket ecs-task-notifications')
    expect(info).toContain('local: created ECS task state notifications of cluster notified to s3://ecs-task-notifications/task_statuses')
    expect(info).toContain('Following the task through s3://ecs-task-notifications/task_statuses')
    expect(info).toContain('app has stopped with exit_code=3')
    expect(info.some((m) => m.startsWith('Started at '))).toBe(true)
    expect(info.some((m) => m.startsWith('Stopped at ') && m.endsWith('(reason: Essential container in task exited)'))).toBe(true)
    expect(info.some((m) => /^Container instance is arn:aws:ecs:.*\(i-[0-9a-f]+\)$/.test(m))).toBe(true)

    // What the function of hako's examples writes: the task state change event, under the task's ARN.
    const taskArn = result.taskArn ?? ''
    const keys = notificationKeys({bucket: BUCKET, prefix: 'task_statuses'}, taskArn)
    const listed = await env.deps
      .aws(REGION)
      .s3()
      .send(new ListObjectsV2Command({Bucket: BUCKET, Prefix: `task_statuses/${taskArn}/`}))
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual([keys.started, keys.stopped])
    const started = await object(keys.started)
    expect(started).toMatchObject({'detail-type': 'ECS Task State Change', source: 'aws.ecs', account: '123456789012', region: REGION, resources: [taskArn]})
    expect(started.detail).toMatchObject({taskArn, lastStatus: 'RUNNING', containers: [{name: 'app', lastStatus: 'RUNNING'}]})
    const stopped = await object(keys.stopped)
    expect(stopped.detail).toMatchObject({taskArn, lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', containers: [{name: 'app', exitCode: 3}]})
    expect((stopped.detail as {stoppedAt: string}).stoppedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it('on interrupt stops the task and still follows it to its end through S3', async () => {
    const controller = new AbortController()
    await env.renew(
      new WatchingReporter((message) => {
        if (message.startsWith('Started at ')) controller.abort(new Error('interrupted by SIGINT'))
      }),
    )
    const result = await oneshot(env.deps, params({command: ['sleep', '600'], signal: controller.signal}))
    expect(result.exitCode).toBe(143)
    expect(env.reporter.messages('warn')).toContain(`Stopping ${result.taskArn}`)
    expect(env.local.count({service: 'ecs', operation: 'StopTask'})).toBe(1)
    expect(env.local.count({service: 'ecs', operation: 'DescribeTasks'})).toBe(0)
  })
})

describe('reading the notification objects', () => {
  it.each([
    ['s3://b/task_statuses', {bucket: 'b', prefix: 'task_statuses'}],
    ['s3://b/a/b/', {bucket: 'b', prefix: 'a/b'}],
    ['s3://b', {bucket: 'b', prefix: ''}],
    ['s3://b/p?region=us-west-2', {bucket: 'b', prefix: 'p', region: 'us-west-2'}],
  ])('%s', (url, place) => {
    expect(parseNotificationPlace(url)).toEqual(place)
  })

  it('puts the task ARN under the prefix, and nothing before it when the prefix is empty', () => {
    const arn = 'arn:aws:ecs:ap-northeast-1:123456789012:task/c/abc'
    expect(notificationKeys({bucket: 'b', prefix: 'p'}, arn)).toEqual({started: `p/${arn}/started.json`, stopped: `p/${arn}/stopped.json`})
    expect(notificationKeys({bucket: 'b', prefix: ''}, arn).stopped).toBe(`${arn}/stopped.json`)
  })

  it('reads the event detail as a Task, its timestamps as dates', () => {
    const task = taskOfEvent({detail: {taskArn: 'x', stoppedAt: '2026-01-01T00:00:05.000Z', containers: [{name: 'app', exitCode: 0}]}})
    expect(task?.stoppedAt).toEqual(new Date('2026-01-01T00:00:05.000Z'))
    expect(task?.containers?.[0]?.exitCode).toBe(0)
    expect(taskOfEvent({})).toBeUndefined()
    expect(taskOfEvent(null)).toBeUndefined()
  })
})
