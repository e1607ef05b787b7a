/**
 * Everything a use case needs from the outside world, built once per command run. Tests build
 * the same thing pointed at an in-process local AWS with a virtual clock.
 */
import {type AwsClients, createAwsClients} from '../aws/clients.js'
import {type Clock, systemClock} from '../clock.js'
import type {LocalAws} from '../local/index.js'
import {LOCAL_CREDENTIALS, LOCAL_SPEED, localStateDir} from '../local/settings.js'
import {RedactingReporter} from '../redaction/redacting-reporter.js'
import {Redactor} from '../redaction/redactor.js'
import type {Reporter} from '../ui/reporter.js'

export interface Deps {
  /** Every line passes through the run's redactor: no provider value reaches any output. */
  reporter: Reporter
  /** The values this run must never print: every provider value read, and what the plan adds. */
  redactor: Redactor
  clock: Clock
  /** Clients for a region; memoised per region. */
  aws(region: string): AwsClients
  /** Set when running against the in-process local AWS (`--local`). */
  local?: LocalAws
  close(): Promise<void>
}

export interface CreateDepsOptions {
  reporter: Reporter
  /** Start the local AWS in-process (state under HAKO_LOCAL_DIR or ./.hako/local), or use this one. */
  local?: boolean | LocalAws
  /** An already running endpoint (tests, `hako local serve`). */
  endpoint?: string
  clock?: Clock
  maxAttempts?: number
  /** Shared with the command layer, which redacts the errors it prints. */
  redactor?: Redactor
}

export async function createDeps(options: CreateDepsOptions): Promise<Deps> {
  let clock = options.clock ?? systemClock
  let endpoint = options.endpoint
  let local: LocalAws | undefined
  if (typeof options.local === 'object') {
    local = options.local
    endpoint = local.endpoint
    clock = options.clock ?? local.clock
  } else if (options.local) {
    // Loaded only when asked for: the simulator is not part of a real deploy's start-up cost.
    const {startLocalAws, localClock} = await import('../local/index.js')
    const dir = localStateDir()
    clock = options.clock ?? localClock(dir, LOCAL_SPEED)
    local = await startLocalAws({dir, clock})
    endpoint = local.endpoint
  }
  const byRegion = new Map<string, AwsClients>()
  const redactor = options.redactor ?? new Redactor()
  return {
    reporter: options.reporter instanceof RedactingReporter ? options.reporter : new RedactingReporter(options.reporter, redactor),
    redactor,
    clock,
    local,
    aws(region: string) {
      let clients = byRegion.get(region)
      if (!clients) {
        clients = createAwsClients({
          region,
          endpoint,
          credentials: endpoint ? LOCAL_CREDENTIALS : undefined,
          maxAttempts: options.maxAttempts,
          clock,
        })
        byRegion.set(region, clients)
      }
      return clients
    },
    async close() {
      for (const clients of byRegion.values()) clients.destroy()
      byRegion.clear()
      // A simulator handed in is the caller's to close.
      if (options.local === true) await local?.close()
    },
  }
}
