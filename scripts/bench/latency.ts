/**
 * Detection latency in simulated time (exact and machine-independent): how long after the local
 * AWS reaches a state (steady; failing past our threshold; rolled back by the circuit breaker)
 * each waiter takes its verdict, over runs whose task start and stop times vary (pull time, stop
 * time, crash time and the moment of the deploy are drawn per run from a seeded generator). Ours, the AWS SDK's
 * waitUntilServicesStable and hako's 1 s loop see identical worlds: same seed, same run.
 */
import {CreateServiceCommand, type ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs'

import {createAwsClients} from '../../src/aws/clients.js'
import {VirtualClock} from '../../src/clock.js'
import {describeService} from '../../src/ecs/service-apply.js'
import {failedTasksLimit, waitForDeployment} from '../../src/ecs/wait.js'
import {startLocalAws, type LocalAws} from '../../src/local/index.js'
import type {World} from '../../src/local/world.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {hakoLoop, sdkWaiter} from './peers.js'
import {median} from './stats.js'

const REGION = 'ap-northeast-1'
const CLUSTER = 'bench'
const SERVICE = 'app'
const DESIRED = 2
const MAX_WAIT_SEC = 600

export type Waiter = 'ours' | 'sdk' | 'hako'
export type ScenarioName = 'rolling update' | 'crash loop' | 'circuit-breaker rollback' | 'first deploy'
export const SCENARIOS: ScenarioName[] = ['rolling update', 'crash loop', 'circuit-breaker rollback', 'first deploy']
export const WAITERS: Waiter[] = ['ours', 'sdk', 'hako']

/** What varies between runs. */
export interface RunParams {
  pullSeconds: number
  stopSeconds: number
  crashAfterSeconds: number
  idleMs: number
}

/** mulberry32: a small seeded generator, so every waiter sees the same runs. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function runParams(runs: number, seed = 20260101): RunParams[] {
  const random = seeded(seed)
  return Array.from({length: runs}, () => ({
    pullSeconds: Math.round((8 + random() * 30) * 10) / 10,
    stopSeconds: Math.round((2 + random() * 13) * 10) / 10,
    crashAfterSeconds: Math.round((0.5 + random() * 4) * 10) / 10,
    idleMs: Math.round(random() * 10_000),
  }))
}

export interface Sample {
  /** Verdict time − the moment the state was reached (ms); undefined: no verdict before the deadline. */
  latencyMs?: number
  /** The verdict says what happened (a rollback reported as success is not). */
  correct: boolean
  describeServices: number
  durationMs: number
}

interface World0 {
  clock: VirtualClock
  local: LocalAws
  ecs: ECSClient
  close(): Promise<void>
}

async function startWorld(): Promise<World0> {
  const clock = new VirtualClock()
  const local = await startLocalAws({clock})
  await local.ensureCluster(CLUSTER, REGION)
  const clients = createAwsClients({
    region: REGION,
    endpoint: local.endpoint,
    credentials: {accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local'},
    maxAttempts: 1,
    clock,
  })
  return {
    clock,
    local,
    ecs: clients.ecs,
    async close() {
      clients.destroy()
      await local.close()
    },
  }
}

async function register(ecs: ECSClient, image: string): Promise<string> {
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: SERVICE,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'app',
          image,
          essential: true,
          portMappings: [{containerPort: 80}],
          // A crash before the first passing check keeps the old tasks: the failure shows as failed tasks.
          healthCheck: {command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 5, retries: 2},
        },
      ],
    }),
  )
  return out.taskDefinition?.taskDefinitionArn ?? ''
}

const network = {awsvpcConfiguration: {subnets: ['subnet-bench'], assignPublicIp: 'ENABLED' as const}}

/** The moment the simulated state was reached, read from the world after the wait. */
function reachedAt(world: World, scenario: ScenarioName, writeAt: number, expected: string): number | undefined {
  const service = Object.values(world.ecs.services).find((s) => s.service.serviceName === SERVICE)
  if (!service) return undefined
  const events = [...service.sim.events].reverse().filter((e) => (e.createdAt ?? 0) * 1000 >= writeAt)
  if (scenario === 'rolling update' || scenario === 'first deploy') {
    const done = events.find((e) => / deployment completed\.$/.test(e.message ?? ''))
    return done ? (done.createdAt ?? 0) * 1000 : undefined
  }
  if (scenario === 'circuit-breaker rollback') {
    const rolling = events.find((e) => /rolling back to deployment/.test(e.message ?? ''))
    return rolling ? (rolling.createdAt ?? 0) * 1000 : undefined
  }
  const failed = Object.values(world.ecs.tasks)
    .filter((t) => t.task.taskDefinitionArn === expected && t.sim.failed && t.task.stoppingAt !== undefined)
    .map((t) => (t.task.stoppingAt ?? 0) * 1000)
    .sort((a, b) => a - b)
  const limit = failedTasksLimit({deploymentConfiguration: {}}, DESIRED)
  return failed[limit - 1]
}

/** One run of one scenario for one waiter, in a world of its own. */
export async function measureRun(scenario: ScenarioName, waiter: Waiter, params: RunParams): Promise<Sample> {
  const world = await startWorld()
  try {
    const {clock, local, ecs} = world
    local.faults.image({image: 'example/app:*', pullSeconds: params.pullSeconds, stopSeconds: params.stopSeconds})
    const breaker = scenario === 'circuit-breaker rollback' ? {deploymentCircuitBreaker: {enable: true, rollback: true}} : {}
    const v1 = await register(ecs, 'example/app:v1')
    const create = {
      cluster: CLUSTER,
      serviceName: SERVICE,
      desiredCount: DESIRED,
      launchType: 'FARGATE' as const,
      networkConfiguration: network,
      deploymentConfiguration: {maximumPercent: 200, minimumHealthyPercent: 100, ...breaker},
    }
    let expected = v1
    if (scenario !== 'first deploy') {
      await ecs.send(new CreateServiceCommand({...create, taskDefinition: v1}))
      // The first revision settles long before the measured deploy.
      clock.advance(300_000)
      await describeService(ecs, CLUSTER, SERVICE)
      if (scenario !== 'rolling update')
        local.faults.image({
          image: 'example/app:v2',
          exitCode: 1,
          afterSeconds: params.crashAfterSeconds,
          pullSeconds: params.pullSeconds,
          stopSeconds: params.stopSeconds,
        })
      expected = await register(ecs, 'example/app:v2')
    }
    clock.advance(params.idleMs)
    const before = await describeService(ecs, CLUSTER, SERVICE)
    const sinceEventId = before?.events?.[0]?.id
    local.resetCalls()
    const writeAt = clock.now()
    if (scenario === 'first deploy') await ecs.send(new CreateServiceCommand({...create, taskDefinition: v1}))
    else await ecs.send(new UpdateServiceCommand({cluster: CLUSTER, service: SERVICE, taskDefinition: expected}))

    let verdictAt: number | undefined
    let correct = false
    const wanted = scenario === 'rolling update' || scenario === 'first deploy' ? 'steady' : scenario === 'crash loop' ? 'failed' : 'circuit-breaker-rollback'
    if (waiter === 'ours') {
      const result = await waitForDeployment(ecs, {
        cluster: CLUSTER,
        service: SERVICE,
        clock,
        reporter: new MemoryReporter(),
        timeoutMs: MAX_WAIT_SEC * 1000,
        expectedTaskDefinitionArn: expected,
        sinceEventId,
        onPoll: (at, verdict) => {
          if (verdict !== 'continue') verdictAt = at
        },
      })
      correct = result.outcome === wanted
    } else {
      const verdict =
        waiter === 'sdk'
          ? await sdkWaiter(ecs, clock, CLUSTER, SERVICE, MAX_WAIT_SEC)
          : await hakoLoop(ecs, clock, CLUSTER, SERVICE, sinceEventId, MAX_WAIT_SEC)
      if (verdict.outcome !== undefined) verdictAt = verdict.at
      // Neither peer knows a rollback: "failed" is the right answer there, "steady" is not.
      correct = verdict.outcome === (wanted === 'circuit-breaker-rollback' ? 'failed' : wanted)
    }
    const end = verdictAt ?? clock.now()
    // A peer may answer before the state is reached (steady before the health checks passed): let
    // the world run on, so the moment is known and such an answer shows as a negative latency.
    clock.advance(MAX_WAIT_SEC * 1000)
    const reached = await local.read((w) => reachedAt(w, scenario, writeAt, expected))
    const describeServices = local.calls().filter((c) => c.operation === 'DescribeServices' && c.at <= end).length
    return {
      ...(verdictAt !== undefined && reached !== undefined ? {latencyMs: verdictAt - reached} : {}),
      correct,
      describeServices,
      durationMs: end - writeAt,
    }
  } finally {
    await world.close()
  }
}

export interface Summary {
  scenario: ScenarioName
  waiter: Waiter
  runs: number
  medianMs?: number
  worstMs?: number
  /** Runs with no verdict before the deadline, and runs whose verdict was wrong. */
  noVerdict: number
  wrong: number
  describeServicesPerMinute: number
}

export function summarise(scenario: ScenarioName, waiter: Waiter, samples: Sample[]): Summary {
  const latencies = samples.flatMap((s) => (s.latencyMs === undefined ? [] : [s.latencyMs]))
  const calls = samples.reduce((n, s) => n + s.describeServices, 0)
  const minutes = samples.reduce((n, s) => n + s.durationMs, 0) / 60_000
  return {
    scenario,
    waiter,
    runs: samples.length,
    ...(latencies.length ? {medianMs: median(latencies), worstMs: Math.max(...latencies)} : {}),
    noVerdict: samples.filter((s) => s.latencyMs === undefined).length,
    wrong: samples.filter((s) => !s.correct).length,
    describeServicesPerMinute: minutes > 0 ? calls / minutes : 0,
  }
}

export async function measureLatency(runs: number): Promise<Summary[]> {
  const params = runParams(runs)
  const out: Summary[] = []
  for (const scenario of SCENARIOS) {
    for (const waiter of WAITERS) {
      const samples: Sample[] = []
      for (const run of params) samples.push(await measureRun(scenario, waiter, run))
      out.push(summarise(scenario, waiter, samples))
    }
  }
  return out
}
