/**
 * The one way tests start the in-process local AWS: the server on a clock, the clusters a test
 * needs, real SDK clients pointed at it, and the server's call log read the ways tests ask.
 */
import {type AwsClients, createAwsClients} from '../../src/aws/clients.js'
import {type Clock, VirtualClock} from '../../src/clock.js'
import {type LocalAws, type StartLocalAwsOptions, startLocalAws} from '../../src/local/index.js'
import type {World} from '../../src/local/world.js'

export const REGION = 'ap-northeast-1'
/** Static fake keys: they keep the SDK off any real credential chain; no local AWS checks them. */
export const CREDENTIALS = {accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local'}

export interface ClientOptions {
  region?: string
  /** 1 unless told: the SDK's own retries would sleep in real time, off any virtual clock. */
  maxAttempts?: number
  clock?: Clock
}

/** Real SDK clients for any endpoint the test process looks at: ours, `hako local serve`, moto. */
export function clientsFor(endpoint: string, options: ClientOptions = {}): AwsClients {
  return createAwsClients({
    region: options.region ?? REGION,
    endpoint,
    credentials: CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1,
    clock: options.clock,
  })
}

export interface TestAwsOptions<C extends Clock> extends Omit<StartLocalAwsOptions, 'clock'> {
  /** A VirtualClock unless given; tests of concurrent waits pass an EventClock. */
  clock?: C
  /** Created in REGION with their container instances, as `ensureCluster` makes them. */
  clusters?: string[]
  /** For the clients (and the Deps of `startTestApp`); 1 unless told. */
  maxAttempts?: number
}

export interface TestAws<C extends Clock = VirtualClock> {
  local: LocalAws
  clock: C
  endpoint: string
  /** Clients in REGION, on the test's clock. */
  clients: AwsClients
  /** A copy of the simulated world as it is now. */
  world(): Promise<World>
  /** Operations called (of `service`, or all) since the start or the last `resetCalls`. */
  operations(service?: string): string[]
  /** The operations that change something: not Describe/List/Get/Head. */
  writes(service?: string): string[]
  writeCount(): number
  resetCalls(): void
  /** Closes the clients and the server. */
  close(): Promise<void>
}

const isRead = (operation: string): boolean => /^(Describe|List|Get|Head)/.test(operation)

export async function startTestAws(options?: TestAwsOptions<VirtualClock>): Promise<TestAws>
export async function startTestAws<C extends Clock>(options: TestAwsOptions<C> & {clock: C}): Promise<TestAws<C>>
export async function startTestAws(options: TestAwsOptions<Clock> = {}): Promise<TestAws<Clock>> {
  const {clusters = [], maxAttempts, clock = new VirtualClock(), ...serverOptions} = options
  const local = await startLocalAws({...serverOptions, clock})
  for (const cluster of clusters) await local.ensureCluster(cluster, REGION)
  const clients = clientsFor(local.endpoint, {maxAttempts, clock})
  const operations = (service?: string): string[] =>
    local
      .calls()
      .filter((c) => service === undefined || c.service === service)
      .map((c) => c.operation)
  const writes = (service?: string): string[] => operations(service).filter((operation) => !isRead(operation))
  return {
    local,
    clock,
    endpoint: local.endpoint,
    clients,
    world: () => local.read((world) => structuredClone(world)),
    operations,
    writes,
    writeCount: () => writes().length,
    resetCalls: () => local.resetCalls(),
    close: async () => {
      clients.destroy()
      await local.close()
    },
  }
}
