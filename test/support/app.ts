/** The local AWS with Deps and a MemoryReporter pointed at it: what a use-case test calls deploy etc. with. */
import {createDeps, type Deps} from '../../src/app/deps.js'
import {type Clock, VirtualClock} from '../../src/clock.js'
import {MemoryReporter, type Reporter} from '../../src/ui/reporter.js'
import {startTestAws, type TestAws, type TestAwsOptions} from './local-aws.js'

export interface TestAppOptions<C extends Clock> extends TestAwsOptions<C> {
  /**
   * Deps as `--local` builds them: `deps.local` is set, so the use cases prepare the simulated
   * account (clusters, ...) themselves. Otherwise the Deps know only the endpoint, as against an
   * already running `hako local serve`.
   */
  asLocal?: boolean
}

export interface DepsOptions {
  reporter?: Reporter
  maxAttempts?: number
  /** The app's choice unless told (see TestAppOptions.asLocal). */
  asLocal?: boolean
}

export interface TestApp<C extends Clock = VirtualClock> extends TestAws<C> {
  deps: Deps
  reporter: MemoryReporter
  /** Fresh deps with a fresh reporter (this one when given); the previous deps are closed. */
  renew(reporter?: MemoryReporter): Promise<void>
  /** More Deps on the same local AWS, beside `deps`; closed with the app. */
  depsWith(options?: DepsOptions): Promise<Deps>
}

export async function startTestApp(options?: TestAppOptions<VirtualClock>): Promise<TestApp>
export async function startTestApp<C extends Clock>(options: TestAppOptions<C> & {clock: C}): Promise<TestApp<C>>
export async function startTestApp(options: TestAppOptions<Clock> = {}): Promise<TestApp<Clock>> {
  const {asLocal = false, ...awsOptions} = options
  const aws = await startTestAws({...awsOptions, clock: awsOptions.clock ?? new VirtualClock()})
  const opened: Deps[] = []
  const depsWith = async ({reporter = new MemoryReporter(), maxAttempts = options.maxAttempts ?? 1, ...choice}: DepsOptions = {}): Promise<Deps> => {
    const target = (choice.asLocal ?? asLocal) ? {local: aws.local} : {endpoint: aws.endpoint}
    const deps = await createDeps({reporter, clock: aws.clock, maxAttempts, ...target})
    opened.push(deps)
    return deps
  }
  const reporter = new MemoryReporter()
  const app: TestApp<Clock> = {
    ...aws,
    reporter,
    deps: await depsWith({reporter}),
    async renew(next = new MemoryReporter()) {
      const previous = app.deps
      opened.splice(opened.indexOf(previous), 1)
      await previous.close()
      app.reporter = next
      app.deps = await depsWith({reporter: next})
    },
    depsWith,
    async close() {
      for (const deps of opened.splice(0)) await deps.close()
      await aws.close()
    },
  }
  return app
}
