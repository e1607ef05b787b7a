/**
 * The local AWS: ECS, ELBv2, classic ELB, Route 53, S3, CloudWatch Logs, Cloud Map, EC2 Auto Scaling, SNS and EC2 (reads) behind
 * their real wire protocols on one HTTP server, with time as a parameter. Tests use it in memory on a VirtualClock; the CLI
 * keeps its world under `.hako/local/` and runs on `localClock()`.
 */
import {existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {type Clock, ScaledClock, systemClock} from '../clock.js'
import {HakoError} from '../errors.js'
import {applicationAutoScalingService} from './applicationautoscaling/index.js'
import {autoScalingService} from './autoscaling/index.js'
import {advanceAutoScaling} from './autoscaling/instances.js'
import {cloudWatchService} from './cloudwatch/index.js'
import {createCluster, instancesOf, seedRegion} from './ecs/clusters.js'
import {ec2Service} from './ec2/index.js'
import {ecsService} from './ecs/index.js'
import {advanceEcs, scopeFor} from './ecs/scheduler.js'
import {elbService} from './elb/index.js'
import {elbv2Service} from './elbv2/index.js'
import {type FaultsConfig, LiveFaults} from './faults.js'
import {logsService} from './logs/index.js'
import {route53Service} from './route53/index.js'
import {s3Service} from './s3/index.js'
import {secretsManagerService} from './secretsmanager/index.js'
import {serviceDiscoveryService} from './servicediscovery/index.js'
import {snsService} from './sns/index.js'
import {startServer} from './server.js'
import {ssmService} from './ssm/index.js'
import {parameterArn, type ParameterType, putParameter} from './ssm/state.js'
import {putSecret} from './secretsmanager/state.js'
import {DirectoryStore, MemoryStore, type WorldStore} from './store.js'
import {type CallRecord, LOCAL_ACCOUNT_ID, type LocalService} from './types.js'
import type {World} from './world.js'

export type {FaultsConfig, ImageFault, OperationFault, ClusterFault} from './faults.js'
export type {LiveFaults} from './faults.js'

export const localServices: LocalService[] = [
  ecsService,
  elbv2Service,
  elbService,
  route53Service,
  s3Service,
  logsService,
  serviceDiscoveryService,
  autoScalingService,
  snsService,
  applicationAutoScalingService,
  cloudWatchService,
  ssmService,
  secretsManagerService,
  ec2Service,
]

/** The region ensureCluster works in when none is given. */
export const LOCAL_DEFAULT_REGION = 'ap-northeast-1'

export interface StartLocalAwsOptions {
  clock?: Clock
  /** Keep the world in this directory (shared between processes); in memory when absent. */
  dir?: string
  port?: number
  /** The simulated EC2 container instances every new cluster gets (default 3 × 2048 CPU / 4096 MiB). */
  containerInstances?: {count?: number; cpu?: number; memory?: number}
  faults?: FaultsConfig
}

export interface LocalAws {
  /** `http://127.0.0.1:PORT`, for every service's `endpoint`. */
  endpoint: string
  clock: Clock
  calls(): CallRecord[]
  count(filter?: {service?: string; operation?: string}): number
  resetCalls(): void
  faults: LiveFaults
  /** Reads the world as it is now (time-driven state brought up to the clock first). */
  read<T>(fn: (world: World) => T): Promise<T>
  mutate(fn: (world: World) => void): Promise<void>
  /**
   * Creates the cluster (with its container instances) unless it exists, as a real account would
   * have it. `instances` overrides the template's count (0 when an Auto Scaling group provides them).
   */
  ensureCluster(name: string, region?: string, options?: {instances?: number}): Promise<{created: boolean; instances: number}>
  /** Stores an SSM parameter (a new version when it exists), as PutParameter with Overwrite. */
  putParameter(name: string, value: string, options?: {region?: string; type?: ParameterType}): Promise<{arn: string; version: number}>
  /** Creates a Secrets Manager secret, or adds a version to it (AWSCURRENT unless `stages` says otherwise). */
  putSecret(name: string, value: string, options?: {region?: string; stages?: string[]}): Promise<{arn: string; versionId: string}>
  close(): Promise<void>
}

function readFaultsFile(path: string): FaultsConfig {
  try {
    const config = JSON.parse(readFileSync(path, 'utf8')) as unknown
    if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error('expected a JSON object')
    return config as FaultsConfig
  } catch (error) {
    throw new HakoError(`local AWS faults file ${path} is invalid: ${(error as Error).message}`, {
      code: 'local-faults-invalid',
      hint: 'See docs/local.md "Faults" for the format.',
    })
  }
}

/** Reloads `<dir>/faults.json` whenever it changes, so a running server picks up edits. */
function faultsWatcher(dir: string, faults: LiveFaults): () => void {
  const path = join(dir, 'faults.json')
  let seen = -1
  return () => {
    const mtime = existsSync(path) ? statSync(path).mtimeMs : 0
    if (mtime === seen) return
    seen = mtime
    faults.loadFile(mtime ? readFaultsFile(path) : {})
  }
}

export async function startLocalAws(options: StartLocalAwsOptions = {}): Promise<LocalAws> {
  const clock = options.clock ?? systemClock
  const store: WorldStore = options.dir ? new DirectoryStore(options.dir) : new MemoryStore()
  const faults = new LiveFaults(() => clock.now())
  const reloadFaults = options.dir ? faultsWatcher(options.dir, faults) : undefined
  reloadFaults?.()
  if (options.faults) faults.set(options.faults)
  // Instances that came up join their cluster before ECS places anything at `now`.
  const advance = (world: World, now: number): void => {
    advanceAutoScaling(world, now, faults)
    advanceEcs(world, now, faults)
  }

  // One transaction before serving, so a damaged state file is reported to the caller, not as 500s.
  const wanted = options.containerInstances
  await store.transaction((world) => {
    if (wanted) world.ecs.instanceTemplate = {...world.ecs.instanceTemplate, ...wanted}
  })

  let calls: CallRecord[] = []
  const server = await startServer(
    {
      services: localServices,
      store,
      clock,
      faults,
      advance,
      onCall: (call) => calls.push(call),
      ...(reloadFaults ? {beforeRequest: reloadFaults} : {}),
    },
    options.port ?? 0,
  )

  const current = <T>(fn: (world: World) => T): Promise<T> =>
    store.transaction((world) => {
      advance(world, clock.now())
      return fn(world)
    })

  return {
    endpoint: server.endpoint,
    clock,
    calls: () => [...calls],
    count: (filter = {}) =>
      calls.filter(
        (call) => (filter.service === undefined || call.service === filter.service) && (filter.operation === undefined || call.operation === filter.operation),
      ).length,
    resetCalls: () => {
      calls = []
    },
    faults,
    read: current,
    mutate: (fn) => current(fn),
    ensureCluster: (name, region = LOCAL_DEFAULT_REGION, options = {}) =>
      current((world) => {
        const scope = scopeFor(world, faults, region, clock.now())
        seedRegion(scope)
        const arn = `arn:aws:ecs:${region}:${scope.accountId}:cluster/${name}`
        const existing = world.ecs.clusters[arn]
        const created = existing?.status !== 'ACTIVE'
        const cluster = created ? createCluster(scope, name, {}, options.instances) : existing
        return {created, instances: instancesOf(scope, cluster).length}
      }),
    putParameter: (name, value, options = {}) =>
      current((world) => {
        const region = options.region ?? LOCAL_DEFAULT_REGION
        const stored = putParameter(world, region, name, value, {type: options.type, now: clock.now()})
        return {arn: parameterArn(region, LOCAL_ACCOUNT_ID, name), version: stored.version}
      }),
    putSecret: (name, value, options = {}) =>
      current((world) => {
        const {secret, version} = putSecret(world, options.region ?? LOCAL_DEFAULT_REGION, LOCAL_ACCOUNT_ID, name, value, {
          now: clock.now(),
          stages: options.stages,
        })
        return {arn: secret.arn, versionId: version.id}
      }),
    close: () => server.close(),
  }
}

/**
 * The CLI's clock: real time sped up `speed` times from an origin kept in `<dir>/clock.json`, so
 * separate processes agree on the simulated time. A new speed continues from the current time.
 */
export function localClock(dir: string, speed = 20): ScaledClock {
  mkdirSync(dir, {recursive: true})
  const path = join(dir, 'clock.json')
  let saved: {real: number; virtual: number; speed: number} | undefined
  if (existsSync(path)) {
    try {
      saved = JSON.parse(readFileSync(path, 'utf8')) as {real: number; virtual: number; speed: number}
    } catch (error) {
      throw new HakoError(`local AWS clock ${path} is corrupt: ${(error as Error).message}`, {
        code: 'local-state-corrupt',
        hint: `Delete ${path} (or \`rm -rf ${dir}\`) to start the local AWS afresh.`,
      })
    }
  }
  if (saved && saved.speed === speed) return new ScaledClock({real: saved.real, virtual: saved.virtual}, speed)
  const now = Date.now()
  const virtual = saved ? new ScaledClock(saved, saved.speed).now() : now
  const origin = {real: now, virtual, speed}
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, JSON.stringify(origin))
  renameSync(temp, path)
  return new ScaledClock({real: now, virtual}, speed)
}
