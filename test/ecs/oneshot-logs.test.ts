import {CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {createDeps, type Deps} from '../../src/app/deps.js'
import {VirtualClock} from '../../src/clock.js'
import {LogTail} from '../../src/ecs/oneshot-logs.js'
import {startLocalAws, type LocalAws} from '../../src/local/index.js'
import {MemoryReporter} from '../../src/ui/reporter.js'

const target = {region: 'ap-northeast-1', group: '/hako/batch', stream: 'batch/app/abc'}

let clock: VirtualClock
let local: LocalAws
let deps: Deps
let reporter: MemoryReporter

beforeEach(async () => {
  clock = new VirtualClock()
  local = await startLocalAws({clock})
  reporter = new MemoryReporter()
  deps = await createDeps({reporter, endpoint: local.endpoint, clock, maxAttempts: 1})
})

afterEach(async () => {
  await deps.close()
  await local.close()
})

async function put(...messages: string[]): Promise<void> {
  await deps
    .aws(target.region)
    .logs(target.region)
    .send(
      new PutLogEventsCommand({
        logGroupName: target.group,
        logStreamName: target.stream,
        logEvents: messages.map((message) => ({timestamp: clock.now(), message})),
      }),
    )
  clock.advance(1000)
}

describe('LogTail', () => {
  it('prints nothing and does not fail while the stream does not exist yet', async () => {
    await deps
      .aws(target.region)
      .logs()
      .send(new CreateLogGroupCommand({logGroupName: target.group}))
    const tail = new LogTail(deps.aws(target.region).logs(), target, reporter)
    expect(await tail.poll()).toBe(0)
    expect(reporter.messages('warn')).toEqual([])
  })

  it('prints every event exactly once across polls, in order', async () => {
    const logs = deps.aws(target.region).logs()
    await logs.send(new CreateLogGroupCommand({logGroupName: target.group}))
    await logs.send(new CreateLogStreamCommand({logGroupName: target.group, logStreamName: target.stream}))
    const tail = new LogTail(logs, target, reporter)
    await put('one', 'two')
    expect(await tail.poll()).toBe(2)
    expect(await tail.poll()).toBe(0)
    await put('three')
    expect(await tail.poll()).toBe(1)
    expect(await tail.poll()).toBe(0)
    expect(reporter.stdout()).toBe('one\ntwo\nthree\n')
    expect(tail.lines).toBe(3)
  })

  it('warns once and stops reading when the group is gone for good (not a transient error)', async () => {
    const tail = new LogTail(deps.aws(target.region).logs(), {...target, group: ''}, reporter)
    expect(await tail.poll()).toBe(0)
    expect(await tail.poll()).toBe(0)
    expect(reporter.messages('warn')).toHaveLength(1)
    expect(reporter.messages('warn')[0]).toMatch(/^Cannot read the app's logs \(GetLogEvents {2}batch\/app\/abc\)/)
    expect(local.count({service: 'logs', operation: 'GetLogEvents'})).toBe(1)
  })
})
