import {CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {LogTail} from '../../src/ecs/oneshot-logs.js'
import {startTestApp, type TestApp} from '../support/app.js'

const target = {region: 'ap-northeast-1', group: '/hako/batch', stream: 'batch/app/abc'}

let env: TestApp

beforeEach(async () => {
  env = await startTestApp()
})

afterEach(async () => {
  await env.close()
})

async function put(...messages: string[]): Promise<void> {
  await env.deps
    .aws(target.region)
    .logs(target.region)
    .send(
      new PutLogEventsCommand({
        logGroupName: target.group,
        logStreamName: target.stream,
        logEvents: messages.map((message) => ({timestamp: env.clock.now(), message})),
      }),
    )
  env.clock.advance(1000)
}

describe('LogTail', () => {
  it('prints nothing and does not fail while the stream does not exist yet', async () => {
    await env.deps
      .aws(target.region)
      .logs()
      .send(new CreateLogGroupCommand({logGroupName: target.group}))
    const tail = new LogTail(env.deps.aws(target.region).logs(), target, env.reporter)
    expect(await tail.poll()).toBe(0)
    expect(env.reporter.messages('warn')).toEqual([])
  })

  it('prints every event exactly once across polls, in order', async () => {
    const logs = env.deps.aws(target.region).logs()
    await logs.send(new CreateLogGroupCommand({logGroupName: target.group}))
    await logs.send(new CreateLogStreamCommand({logGroupName: target.group, logStreamName: target.stream}))
    const tail = new LogTail(logs, target, env.reporter)
    await put('one', 'two')
    expect(await tail.poll()).toBe(2)
    expect(await tail.poll()).toBe(0)
    await put('three')
    expect(await tail.poll()).toBe(1)
    expect(await tail.poll()).toBe(0)
    expect(env.reporter.stdout()).toBe('one\ntwo\nthree\n')
    expect(tail.lines).toBe(3)
  })

  it('warns once and stops reading when the group is gone for good (not a transient error)', async () => {
    const tail = new LogTail(env.deps.aws(target.region).logs(), {...target, group: ''}, env.reporter)
    expect(await tail.poll()).toBe(0)
    expect(await tail.poll()).toBe(0)
    expect(env.reporter.messages('warn')).toHaveLength(1)
    expect(env.reporter.messages('warn')[0]).toMatch(/^Cannot read the app's logs \(GetLogEvents {2}batch\/app\/abc\)/)
    expect(env.local.count({service: 'logs', operation: 'GetLogEvents'})).toBe(1)
  })
})
