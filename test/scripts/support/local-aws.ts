/**
 * The local AWS (src/local) with the SDK clients pointed at it and a virtual clock shared by the
 * server and the scripts' waits.
 */
import {createAwsClients, type AwsClients} from '../../../src/aws/clients.js'
import {VirtualClock} from '../../../src/clock.js'
import {startLocalAws, type LocalAws as Server} from '../../../src/local/index.js'
import type {World} from '../../../src/local/world.js'

export interface LocalAws {
  server: Server
  clients: AwsClients
  clock: VirtualClock
  /** A snapshot of the simulated world. */
  world(): Promise<World>
  /** Operations called since the last `resetCalls`. */
  operations(service?: string): string[]
  /** Write operations (not Describe/List/Get/Head) made to `service` since the last `resetCalls`. */
  writes(service: string): string[]
  resetCalls(): void
  close(): Promise<void>
}

const isRead = (operation: string): boolean => /^(Describe|List|Get|Head)/.test(operation)

export async function startLocalAwsForScripts(): Promise<LocalAws> {
  const clock = new VirtualClock()
  const server = await startLocalAws({clock})
  const clients = createAwsClients({
    region: 'ap-northeast-1',
    endpoint: server.endpoint,
    credentials: {accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local'},
    maxAttempts: 1,
    clock,
  })
  const operations = (service?: string): string[] =>
    server
      .calls()
      .filter((c) => service === undefined || c.service === service)
      .map((c) => c.operation)
  return {
    server,
    clients,
    clock,
    world: () => server.read((world) => structuredClone(world)),
    operations,
    writes: (service) => operations(service).filter((operation) => !isRead(operation)),
    resetCalls: () => server.resetCalls(),
    close: async () => {
      clients.destroy()
      await server.close()
    },
  }
}
