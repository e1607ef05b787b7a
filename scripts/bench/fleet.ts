/**
 * Fifty apps in one `hako deploy` (deployMany) on the local AWS with ECS's documented per-account
 * buckets turned on, on an EventClock (simulated time as the apps would spend it side by side):
 * calls by operation, throttling errors that reached the user, and the simulated time against the
 * least time those buckets allow.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {deployMany} from '../../src/app/deploy-many.js'
import {createDeps} from '../../src/app/deps.js'
import {ECS_RATES} from '../../src/aws/ecs-rates.js'
import {EventClock} from '../../src/local/event-clock.js'
import {startLocalAws} from '../../src/local/index.js'
import {MemoryReporter} from '../../src/ui/reporter.js'

const REGION = 'ap-northeast-1'
const CLUSTER = 'fleet'

export interface FleetResult {
  apps: number
  completed: number
  /** Lines on the user's screen that carry a throttling error, and apps that failed. */
  throttlingErrorsShown: number
  failedApps: number
  /** Throttling answers the local AWS sent (absorbed by the rate limiter when none is shown). */
  throttledCalls: number
  callsByOperation: Record<string, number>
  simulatedMs: number
}

/** A small Fargate app; the file name is its app id. */
function writeApp(dir: string, i: number): string {
  const file = join(dir, `svc-${String(i).padStart(2, '0')}.jsonnet`)
  writeFileSync(
    file,
    JSON.stringify({
      scheduler: {
        type: 'ecs',
        region: REGION,
        cluster: CLUSTER,
        desired_count: 2,
        launch_type: 'FARGATE',
        requires_compatibilities: ['FARGATE'],
        network_mode: 'awsvpc',
        cpu: '256',
        memory: '512',
        network_configuration: {awsvpc_configuration: {subnets: ['subnet-0a1b2c3d'], assign_public_ip: 'ENABLED'}},
      },
      app: {
        image: `example/svc-${i}`,
        tag: 'v1',
        cpu: 256,
        memory: 512,
        port_mappings: [{container_port: 80}],
        health_check: {command: ['CMD-SHELL', 'true'], interval: 5},
      },
    }),
  )
  return file
}

export async function runFleet(apps: number): Promise<FleetResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hako-fleet-'))
  const clock = new EventClock()
  const local = await startLocalAws({clock, faults: {awsRateLimits: true}})
  const reporter = new MemoryReporter()
  const deps = await createDeps({reporter, local, clock, maxAttempts: 1})
  try {
    await local.ensureCluster(CLUSTER, REGION)
    const files = Array.from({length: apps}, (_, i) => writeApp(dir, i))
    local.resetCalls()
    const start = clock.now()
    const result = await deployMany(deps, files, {timeoutSec: 1800, toolVersion: 'bench'})
    const simulatedMs = clock.now() - start
    const callsByOperation: Record<string, number> = {}
    for (const call of local.calls()) callsByOperation[`${call.service}:${call.operation}`] = (callsByOperation[`${call.service}:${call.operation}`] ?? 0) + 1
    const shown = [...reporter.messages('error'), ...reporter.messages('warn')].filter((line) => /Throttling|Rate exceeded/.test(line))
    return {
      apps,
      completed: result.apps.filter((a) => a.outcome === 'completed').length,
      throttlingErrorsShown: shown.length,
      failedApps: result.apps.filter((a) => a.exitCode !== 0).length,
      throttledCalls: deps.aws(REGION).rateLimiter.stats.throttled,
      callsByOperation,
      simulatedMs,
    }
  } finally {
    await deps.close()
    await local.close()
    clock.close()
    rmSync(dir, {recursive: true, force: true})
  }
}

/** Writes every app needs exactly once (reads are ours to spend, so they set no bound). */
const INTRINSIC = new Set(['RegisterTaskDefinition', 'CreateService', 'UpdateService'])

/**
 * The least simulated time the buckets allow: one app's writes beyond the burst at the sustained
 * rate, for the busiest such operation, then one app's own deploy time after its write.
 */
export function rateLimitBound(callsByOperation: Record<string, number>, oneAppMs: number): {boundMs: number; operation: string} {
  let worst = {boundMs: oneAppMs, operation: 'none'}
  for (const [key, count] of Object.entries(callsByOperation)) {
    const [service, operation] = key.split(':')
    if (service !== 'ecs' || !operation || !INTRINSIC.has(operation)) continue
    const [burst, perSecond] = ECS_RATES[operation] ?? ECS_RATES['*'] ?? [50, 20]
    const queued = Math.max(0, ((count - burst) / perSecond) * 1000)
    if (queued + oneAppMs > worst.boundMs) worst = {boundMs: queued + oneAppMs, operation}
  }
  return worst
}
