/**
 * `hako deploy FILE FILE...`: every definition is checked before anything touches AWS, then the
 * apps deploy concurrently, each with its own deploy() flow and `[app] ` lines, their waits sharing
 * one ServicePoller per region so ECS sees one DescribeServices per cluster and poll, not one per app.
 */
import {loadApp} from '../definition/load.js'
import type {LoadedApp} from '../definition/loaded-app.js'
import {DefinitionError, ExitCode, HakoError} from '../errors.js'
import {type DescribeService, ServicePoller} from '../ecs/service-poller.js'
import {PrefixReporter} from '../ui/prefix-reporter.js'
import {ecsNames} from './app-context.js'
import {deploy, type DeployOptions, type DeployOutcome, type DeployResult} from './deploy.js'
import type {Deps} from './deps.js'

export interface DeployManyOptions extends Omit<DeployOptions, 'file' | 'describe'> {
  /** The shared poller's coalescing window, in ms of deps.clock. */
  windowMs?: number
  /** Apps deployed at the same time (default DEFAULT_PARALLEL); the others wait for a free slot. */
  parallel?: number
}

/**
 * ECS's per-account buckets, not hako, bound a mass deploy: RegisterTaskDefinition refills at one a
 * second, so past its burst more apps in flight only queue in the rate limiter, which costs little.
 * Fifty at once keeps that queue full without letting memory grow with the number of files.
 */
export const DEFAULT_PARALLEL = 50

export interface AppDeployResult {
  file: string
  appId: string
  outcome: DeployOutcome | 'failed'
  exitCode: number
  /** What deploy() returned; absent when it threw. */
  result?: DeployResult
  /** Why the app failed (already reported on its own lines). */
  error?: Error
}

export interface DeployManyResult {
  /** 0 when every app succeeded, otherwise the exit code of the first failing app in the order of `files`. */
  exitCode: number
  apps: AppDeployResult[]
}

export async function deployMany(deps: Deps, files: string[], options: DeployManyOptions): Promise<DeployManyResult> {
  const apps = await loadAll(files, options)
  const pollers = new Map<string, ServicePoller>()
  const pollerFor = (region: string): ServicePoller => {
    let poller = pollers.get(region)
    if (!poller) {
      const clients = deps.aws(region)
      // The apps spend one account's buckets together: their throttled calls wait and go again.
      clients.rateLimiter.absorbThrottling()
      poller = new ServicePoller(clients.ecs, {clock: deps.clock, windowMs: options.windowMs})
      pollers.set(region, poller)
    }
    return poller
  }
  const {windowMs: _windowMs, parallel: _parallel, ...deployOptions} = options
  const parallel = Math.max(1, options.parallel ?? DEFAULT_PARALLEL)
  // The start line holds every app's first poll until all have reached their waits; with fewer
  // slots than apps some start later, so only the poller's window and the schedule's grid align them.
  const start = parallel >= apps.length ? new StartLine(apps.length) : undefined
  const slots = new Slots(parallel)

  const results = await Promise.all(
    apps.map(async (app): Promise<AppDeployResult> => {
      await slots.take()
      // --no-wait prints one JSON line per app that names its service: left untagged for machines.
      const reporter = new PrefixReporter(deps.reporter, `[${app.appId}] `, {prefixOutput: !options.noWait})
      const shared = pollerFor(app.definition.scheduler.region).describe
      const describe = start
        ? start.gate(shared)
        : Object.assign((cluster: string, service: string, signal?: AbortSignal) => shared(cluster, service, signal), {tasks: shared.tasks, leave() {}})
      try {
        const result = await deploy({...deps, reporter}, {...deployOptions, file: app.file, describe})
        return {file: app.file, appId: app.appId, outcome: result.outcome, exitCode: result.exitCode, result}
      } catch (error) {
        reportFailure(reporter, error)
        const exitCode = error instanceof HakoError ? error.exitCode : ExitCode.error
        return {file: app.file, appId: app.appId, outcome: 'failed', exitCode, error: error instanceof Error ? error : new Error(String(error))}
      } finally {
        describe.leave()
        slots.give()
      }
    }),
  )

  for (const app of results) {
    const line = summaryLine(app)
    if (app.exitCode === 0) deps.reporter.info(line)
    else deps.reporter.error(line)
  }
  return {exitCode: results.find((r) => r.exitCode !== 0)?.exitCode ?? ExitCode.ok, apps: results}
}

/**
 * Holds each app's first poll until every app has reached its wait (or finished without one), so
 * the waits start together and share each DescribeServices from the first poll on; after that
 * the poller's window keeps them together. It lasts as long as the slowest app's steps before its
 * wait (register, create or update, scripts), which are bounded.
 */
class StartLine {
  private remaining: number
  private release: () => void = () => {}
  private readonly everyone: Promise<void>

  constructor(apps: number) {
    this.remaining = apps
    this.everyone = new Promise((resolve) => {
      this.release = resolve
    })
  }

  /** A describe that waits at the line on its first call; `leave` when the app is done. */
  gate(describe: DescribeService): DescribeService & {leave(): void} {
    let arrived = false
    const arrive = (): void => {
      if (arrived) return
      arrived = true
      if (--this.remaining === 0) this.release()
    }
    const gated = async (cluster: string, service: string, signal?: AbortSignal) => {
      if (!arrived) {
        arrive()
        await abortable(this.everyone, signal)
      }
      return describe(cluster, service, signal)
    }
    return Object.assign(gated, {tasks: describe.tasks, leave: arrive})
  }
}

/** At most `size` apps in flight; the rest wait their turn in the order of the files. */
class Slots {
  private free: number
  private readonly waiting: (() => void)[] = []

  constructor(size: number) {
    this.free = size
  }

  async take(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  give(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.free += 1
  }
}

function abortable(promise: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, {once: true})
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    })
  })
}

/** Every file checked (no provider is asked, no AWS call); all problems of all files in one error. */
async function loadAll(files: string[], options: DeployManyOptions): Promise<LoadedApp[]> {
  const problems: string[] = []
  const warnings: string[] = []
  const apps: LoadedApp[] = []
  for (const file of files) {
    try {
      apps.push(await loadApp(file, {mode: 'check', tag: options.tag, extStr: options.extStr, jpath: options.jpath, containers: 'all'}))
    } catch (error) {
      if (error instanceof DefinitionError) {
        problems.push(...error.problems)
        warnings.push(...error.warnings)
      } else if (error instanceof HakoError) problems.push(`${file}: ${error.message}`)
      else throw error
    }
  }
  const seen = new Map<string, string>()
  for (const app of apps) {
    const {cluster, service} = ecsNames(app)
    const key = `${app.definition.scheduler.region}/${cluster}/${service}`
    const other = seen.get(key)
    if (other) problems.push(`${app.file}: deploys service ${service} in cluster ${cluster}, as ${other} does; deploy them one after the other`)
    else seen.set(key, app.file)
  }
  if (problems.length > 0) throw new DefinitionError(problems, {warnings})
  return apps
}

/** What the command layer would print for this error, on the app's own lines. */
function reportFailure(reporter: PrefixReporter, error: unknown): void {
  if (error instanceof DefinitionError) {
    for (const problem of error.problems) reporter.error(problem)
  } else {
    reporter.error(`error: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (error instanceof HakoError && error.hint) reporter.error(`hint: ${error.hint}`)
}

const FAILURES: Record<number, string> = {
  [ExitCode.deployFailed]: 'failed (rolled back)',
  [ExitCode.timeout]: 'timed out (rolled back)',
  [ExitCode.circuitBreakerRollback]: "rolled back by ECS's circuit breaker",
  [ExitCode.rollbackFailed]: 'failed (the rollback did not settle)',
  [ExitCode.interrupted]: 'interrupted',
}

/** `hello: completed`, `web: failed (rolled back) exit 3`. */
export function summaryLine(app: AppDeployResult): string {
  if (app.exitCode !== 0) return `${app.appId}: ${FAILURES[app.exitCode] ?? 'failed'} exit ${app.exitCode}`
  if (app.outcome === 'planned') return `${app.appId}: ${app.result?.changed ? 'would change' : 'no change'} (dry run)`
  if (app.outcome === 'started') return `${app.appId}: started (not waiting)`
  return `${app.appId}: ${app.outcome}`
}
