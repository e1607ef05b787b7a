/**
 * Starts the whole local AWS on a VirtualClock and real SDK clients pointed at it.
 */
import type {ECSClient} from '@aws-sdk/client-ecs'
import {type AwsClients, createAwsClients} from '../../../src/aws/clients.js'
import {VirtualClock} from '../../../src/clock.js'
import {type LocalAws, type StartLocalAwsOptions, startLocalAws} from '../../../src/local/index.js'

export const TEST_REGION = 'ap-northeast-1'
export const TEST_CREDENTIALS = {accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local'}

export interface TestAws {
  aws: LocalAws
  clock: VirtualClock
  clients: AwsClients
  ecs: ECSClient
  close(): Promise<void>
}

export async function startTestAws(options: StartLocalAwsOptions & {maxAttempts?: number} = {}): Promise<TestAws> {
  const clock = options.clock instanceof VirtualClock ? options.clock : new VirtualClock()
  const aws = await startLocalAws({...options, clock})
  const clients = createAwsClients({
    region: TEST_REGION,
    endpoint: aws.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1,
    clock,
  })
  return {
    aws,
    clock,
    clients,
    ecs: clients.ecs,
    close: async () => {
      clients.destroy()
      await aws.close()
    },
  }
}

/**
 * Moves virtual time forward in `stepMs` steps, calling `sample` after each, until it returns a
 * value other than undefined; fails after `maxMs` of virtual time.
 */
export async function advanceUntil<T>(
  clock: VirtualClock,
  sample: () => Promise<T | undefined>,
  {stepMs = 5_000, maxMs = 30 * 60_000}: {stepMs?: number; maxMs?: number} = {},
): Promise<T> {
  for (let elapsed = 0; elapsed <= maxMs; elapsed += stepMs) {
    const value = await sample()
    if (value !== undefined) return value
    clock.advance(stepMs)
  }
  throw new Error(`condition not reached within ${maxMs} ms of virtual time`)
}

/** A container definition the simulator runs as a long-lived app. */
export function appContainer(name = 'app', image = 'example/app:1', extra: Record<string, unknown> = {}) {
  return {name, image, memory: 256, essential: true, portMappings: [{containerPort: 80}], ...extra}
}
