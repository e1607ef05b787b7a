/**
 * `autoscaling_topic_for_oneshot` end to end on the local AWS: no room → one capacity request on
 * the topic (hako's message) → the simulated subscriber grows the group → RunTask again, 10 s later.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {Deps} from '../../src/app/deps.js'
import {oneshot, type OneshotParams} from '../../src/app/oneshot.js'
import {AwsCallError, TimeoutError} from '../../src/errors.js'
import {ensureAutoScalingGroup, findGroup} from '../../src/local/autoscaling/state.js'
import {ensureTopic, publishedMessages} from '../../src/local/sns/state.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'
import {oneshotParams} from '../support/oneshot.js'

const FILE = 'test/fixtures/oneshot-capacity/topic.jsonnet'
const CLUSTER = 'oneshot-topic'
const GROUP = 'oneshot-topic-asg'
const TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:oneshot-capacity'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp()
})

afterEach(async () => {
  await env.close()
})

/** As `hako --local`: the preparation step runs against this local AWS. */
async function localDeps(): Promise<Deps> {
  return env.depsWith({reporter: env.reporter, asLocal: true})
}

/** As against an account: what exists is only what the test made. */
async function accountDeps(): Promise<Deps> {
  return env.depsWith({reporter: env.reporter})
}

function params(extra: Partial<OneshotParams> = {}): OneshotParams {
  return oneshotParams(FILE, ['echo', 'hi'], extra)
}

const messages = () => env.local.read((world) => publishedMessages(world, TOPIC))

describe('oneshot with autoscaling_topic_for_oneshot', () => {
  it('publishes one capacity request and runs once the subscriber has grown the group', async () => {
    const result = await oneshot(await localDeps(), params({appMemory: 2048}))
    expect(result.exitCode).toBe(0)
    expect(env.reporter.stdout()).toBe('hi\n')

    const sent = await messages()
    expect(sent).toHaveLength(1)
    const body = JSON.parse(sent[0]?.message ?? '') as Record<string, unknown>
    // hako's keys in hako's order; the sizes are what the task needs with --app-memory applied.
    expect(Object.keys(body)).toEqual(['group_name', 'cluster', 'cpu', 'memory', 'hako_task_id'])
    expect(body).toMatchObject({group_name: GROUP, cluster: CLUSTER, cpu: 512, memory: 2048})
    expect(body.hako_task_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(sent[0]?.delivery).toBe(`grew ${GROUP} to 1`)

    const info = env.reporter.messages('info')
    expect(info).toContain(`local: created SNS topic ${TOPIC}; its subscriber grows Auto Scaling group ${GROUP} when hako asks for capacity`)
    expect(info).toContain(`Unable to start tasks. Publish message to ${TOPIC}: ${sent[0]?.message}`)
    expect(info).toContain(`Sent message_id=${sent[0]?.messageId}`)
    // hako itself never touched the group: the subscriber did.
    expect(env.local.count({service: 'autoscaling'})).toBe(0)
    expect(env.local.count({service: 'sns', operation: 'Publish'})).toBe(1)
    expect(env.local.count({service: 'ecs', operation: 'RunTask'})).toBe(2)
    expect(await env.local.read((world) => findGroup(world, REGION, GROUP)?.desiredCapacity)).toBe(1)
  })

  it('repeats the request with the same hako_task_id every 10 s until --timeout when nobody grows the group', async () => {
    await env.local.mutate((world) => {
      ensureTopic(world, TOPIC, {now: env.clock.now()})
    })
    const started = env.clock.now()
    const error = await oneshot(await localDeps(), params({timeout: 35})).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toBe(
      `No capacity for the oneshot task in cluster ${CLUSTER}: no capacity appeared after the requests published to ${TOPIC}`,
    )

    const sent = await messages()
    expect(sent.map((m) => m.at - started)).toEqual([0, 10_000, 20_000, 30_000])
    expect(new Set(sent.map((m) => (JSON.parse(m.message) as {hako_task_id: string}).hako_task_id)).size).toBe(1)
    expect(env.local.count({service: 'ecs', operation: 'RunTask'})).toBe(5)
  })

  it('publishes in the topic’s own region, which may differ from the cluster’s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hako-oneshot-topic-'))
    const elsewhere = 'arn:aws:sns:us-west-2:123456789012:oneshot-capacity'
    const source = readFileSync(FILE, 'utf8').replace(TOPIC, elsewhere)
    const file = join(dir, 'oneshot-topic.jsonnet')
    writeFileSync(file, source)
    try {
      const result = await oneshot(await localDeps(), params({file}))
      expect(result.exitCode).toBe(0)
      const sent = await env.local.read((world) => publishedMessages(world, elsewhere))
      expect(sent.map((m) => m.delivery)).toEqual([`grew ${GROUP} to 1`])
      expect(
        env.local
          .calls()
          .filter((c) => c.service === 'sns')
          .map((c) => c.operation),
      ).toEqual(['Publish'])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('fails naming Publish and the topic when the topic does not exist', async () => {
    await env.local.ensureCluster(CLUSTER, REGION, {instances: 0})
    await env.local.mutate((world) => {
      ensureAutoScalingGroup(world, GROUP, {cluster: CLUSTER, region: REGION, min: 0, max: 2, desired: 0})
    })
    const error = await oneshot(await accountDeps(), params()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AwsCallError)
    expect((error as Error).message).toContain(`Publish SNS topic ${TOPIC}`)
    expect((error as Error).message).toContain('Topic does not exist')
  })
})
