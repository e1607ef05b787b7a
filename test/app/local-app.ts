/** The local AWS, a virtual clock and Deps pointed at them, as every app use-case test needs. */
import {createDeps, type Deps} from '../../src/app/deps.js'
import {deploy, type DeployResult} from '../../src/app/deploy.js'
import {VirtualClock} from '../../src/clock.js'
import {startLocalAws, type LocalAws} from '../../src/local/index.js'
import {MemoryReporter} from '../../src/ui/reporter.js'

export const REGION = 'ap-northeast-1'
export const SIMPLE = 'test/fixtures/app/simple.jsonnet'
export const HOOKED = 'test/fixtures/app/hooked.jsonnet'
export const DAEMON = 'test/fixtures/app/daemon.jsonnet'
export const HELLO_ALB = 'examples/hello-alb.jsonnet'

export interface LocalApp {
  clock: VirtualClock
  local: LocalAws
  deps: Deps
  reporter: MemoryReporter
  /** Fresh deps with a fresh reporter (the previous ones are closed). */
  renew(): Promise<void>
  close(): Promise<void>
}

/**
 * `clock`: a VirtualClock by default; tests of apps deployed side by side pass an EventClock, on
 * which concurrent waits share simulated time as they would share real time.
 */
export async function startLocalApp(clusters: string[], clock: VirtualClock = new VirtualClock()): Promise<LocalApp> {
  const local = await startLocalAws({clock})
  for (const cluster of clusters) await local.ensureCluster(cluster, REGION)
  const env: LocalApp = {
    clock,
    local,
    reporter: new MemoryReporter(),
    deps: undefined as unknown as Deps,
    async renew() {
      await env.deps?.close()
      env.reporter = new MemoryReporter()
      env.deps = await createDeps({reporter: env.reporter, endpoint: local.endpoint, clock, maxAttempts: 1})
    },
    async close() {
      await env.deps.close()
      await local.close()
    },
  }
  await env.renew()
  return env
}

/** A real deploy that must complete. */
export async function deployed(env: LocalApp, file: string, extra: {tag?: string} = {}): Promise<DeployResult> {
  const result = await deploy(env.deps, {file, timeoutSec: 1200, toolVersion: 'test', ...extra})
  if (result.exitCode !== 0) throw new Error(`deploy ${file} exited ${result.exitCode}: ${env.reporter.messages().join('\n')}`)
  return result
}

/** Calls that change something in the local AWS (everything but reads). */
export function writeCount(local: LocalAws): number {
  return local.calls().filter((c) => !/^(Describe|List|Get)/.test(c.operation)).length
}

/** Runs `onError` once, on the first error line that matches: a fault injected at that moment of a run. */
export class TriggerReporter extends MemoryReporter {
  private fired = false
  constructor(
    private readonly pattern: RegExp,
    private readonly onError: () => void,
  ) {
    super()
  }
  override error(message: string): void {
    super.error(message)
    if (!this.fired && this.pattern.test(message)) {
      this.fired = true
      this.onError()
    }
  }
}
