/**
 * One DescribeServices for many waiters: several apps deployed at once poll through one poller,
 * which gathers the requests for a cluster that arrive within a short window (on the injected
 * clock) and sends them as batches of at most 10 names, ECS's limit per call. N apps then cost
 * about N/10 calls per poll instead of N, which keeps mass deploys under ECS's per-account rate.
 */
import {DescribeServicesCommand, type ECSClient, type Service} from '@aws-sdk/client-ecs'

import type {Clock} from '../clock.js'
import {awsCall} from '../errors.js'

/** describeService's contract: the service, or undefined when it is MISSING or INACTIVE. */
export type DescribeService = (cluster: string, service: string, signal?: AbortSignal) => Promise<Service | undefined>

/** DescribeServices takes at most this many names per call. */
export const MAX_SERVICES_PER_CALL = 10

export const DEFAULT_WINDOW_MS = 100

export interface ServicePollerOptions {
  clock: Clock
  /** How long the first request for a cluster waits for others to join it. */
  windowMs?: number
}

interface Pending {
  service: string
  resolve(service: Service | undefined): void
  reject(error: unknown): void
}

/** Splits names into DescribeServices-sized chunks. */
export function chunkNames(names: readonly string[], size = MAX_SERVICES_PER_CALL): string[][] {
  const chunks: string[][] = []
  for (let i = 0; i < names.length; i += size) chunks.push(names.slice(i, i + size))
  return chunks
}

/** One poller per ECS client (that is, per region): clusters are batched separately. */
export class ServicePoller {
  private readonly open = new Map<string, Pending[]>()
  private readonly windowMs: number

  constructor(
    private readonly ecs: ECSClient,
    private readonly options: ServicePollerOptions,
  ) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS
  }

  /** Same contract as describeService; an aborted signal rejects only its own caller. */
  readonly describe: DescribeService = (cluster, service, signal) => {
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise<Service | undefined>((resolve, reject) => {
      const onAbort = (): void => reject(signal?.reason)
      signal?.addEventListener('abort', onAbort, {once: true})
      const done = (): void => signal?.removeEventListener('abort', onAbort)
      const pending: Pending = {
        service,
        resolve: (s) => {
          done()
          resolve(s)
        },
        reject: (e) => {
          done()
          reject(e)
        },
      }
      const batch = this.open.get(cluster)
      if (batch) {
        batch.push(pending)
        return
      }
      this.open.set(cluster, [pending])
      void this.flushAfterWindow(cluster)
    })
  }

  private async flushAfterWindow(cluster: string): Promise<void> {
    await this.options.clock.sleep(this.windowMs)
    const batch = this.open.get(cluster) ?? []
    this.open.delete(cluster)
    const names = [...new Set(batch.map((p) => p.service))]
    await Promise.all(chunkNames(names).map((chunk) => this.send(cluster, chunk, batch.filter((p) => chunk.includes(p.service)))))
  }

  private async send(cluster: string, names: string[], waiters: Pending[]): Promise<void> {
    try {
      const out = await awsCall('DescribeServices', `services ${names.join(', ')} in cluster ${cluster}`, () =>
        this.ecs.send(new DescribeServicesCommand({cluster, services: names})),
      )
      for (const waiter of waiters) {
        const found = out.services?.find((s) => s.serviceName === waiter.service || s.serviceArn === waiter.service)
        waiter.resolve(found && found.status !== 'INACTIVE' ? found : undefined)
      }
    } catch (error) {
      // Every waiter gets the error, so each one's own transient-error handling applies.
      for (const waiter of waiters) waiter.reject(error)
    }
  }
}
