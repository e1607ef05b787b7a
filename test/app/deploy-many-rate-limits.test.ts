/**
 * Ten apps deployed at once against the local AWS's token buckets, set far tighter than ECS's
 * (real SDK, EventClock, the SDK's own retries off): the client-side rate limiter paces and adapts,
 * so no throttling error reaches the user and every app completes.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deployMany} from '../../src/app/deploy-many.js'
import {EventClock} from '../../src/local/event-clock.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'

const APPS = 10

let clock: EventClock
let env: TestApp<EventClock>
let dir: string

beforeEach(async () => {
  clock = new EventClock()
  env = await startTestApp({clusters: ['fleet'], clock})
  dir = mkdtempSync(join(tmpdir(), 'hako-fleet-'))
})
afterEach(async () => {
  await env.close()
  clock.close()
  rmSync(dir, {recursive: true, force: true})
})

function writeApps(): string[] {
  return Array.from({length: APPS}, (_, i) => {
    const file = join(dir, `app-${i}.jsonnet`)
    writeFileSync(
      file,
      JSON.stringify({
        scheduler: {type: 'ecs', region: REGION, cluster: 'fleet', desired_count: 1},
        app: {image: `example/app-${i}`, tag: 'v1', cpu: 64, memory: 64},
      }),
    )
    return file
  })
}

describe('deployMany under ECS rate limits', () => {
  it('completes every app with no throttling error reaching the user, the buckets being tight', async () => {
    const faults = env.local.faults
    faults.operation('ecs:RegisterTaskDefinition', {rate: 0.5, burst: 2})
    faults.operation('ecs:CreateService', {rate: 1, burst: 2})
    faults.operation('ecs:UpdateService', {rate: 1, burst: 2})
    faults.operation('ecs:DescribeServices', {rate: 2, burst: 4})
    faults.operation('ecs:DescribeTasks', {rate: 2, burst: 4})

    const result = await deployMany(env.deps, writeApps(), {timeoutSec: 1800, toolVersion: 'test', parallel: 4})

    expect(result.apps.map((a) => a.outcome)).toEqual(Array.from({length: APPS}, () => 'completed'))
    expect(result.exitCode).toBe(0)
    const lines = [...env.reporter.messages('error'), ...env.reporter.messages('warn')]
    expect(lines.filter((line) => /Throttling|Rate exceeded/.test(line))).toEqual([])
    // The buckets did bite: the local AWS answered "Rate exceeded" at least once, and the limiter absorbed it.
    expect(env.deps.aws(REGION).rateLimiter.stats.throttled).toBeGreaterThan(0)
    expect(env.local.count({operation: 'RegisterTaskDefinition'})).toBeGreaterThanOrEqual(APPS)
  })
})
