/**
 * One DescribeServices for many waiters: several apps deployed at once poll through one poller,
 * which gathers the requests for a cluster that arrive within a short window (on the injected
 * clock) and sends them as batches of at most 10 names, ECS's limit per call. N apps then cost
 * about N/10 calls per poll instead of N, which keeps mass deploys under ECS's per-account rate.
 * The waits' DescribeTasks are gathered the same way, 100 tasks per call.
 */
import {DescribeServicesCommand, DescribeTasksCommand, type ECSClient, type Service, type Task} from '@aws-sdk/client-ecs'

import {retriedByCaller} from '../aws/rate-limit.js'
import type {Clock} from '../clock.js'
import {awsCall} from '../errors.js'

/** The tasks ECS still knows of among these ids or ARNs (unknown ones are left out). */
export type DescribeTasks = (cluster: string, taskIds: readonly string[], signal?: AbortSignal) => Promise<Task[]>

/**
 * describeService's contract: the service, or undefined when it is MISSING or INACTIVE. A shared
 * poller's describe also carries `tasks`, so the wait's DescribeTasks are batched with the others'.
 */
export interface DescribeService {
  (cluster: string, service: string, signal?: AbortSignal): Promise<Service | undefined>
  tasks?: DescribeTasks
}

/** DescribeServices takes at most this many names per call. */
export const MAX_SERVICES_PER_CALL = 10
/** DescribeTasks takes at most this many tasks per call. */
export const MAX_TASKS_PER_CALL = 100

export const DEFAULT_WINDOW_MS = 100

export interface ServicePollerOptions {
  clock: Clock
  /** How long the first request for a cluster waits for others to join it. */
  windowMs?: number
}

interface Pending<T> {
  names: readonly string[]
  resolve(value: T): void
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
  private readonly services = new Map<string, Pending<Service | undefined>[]>()
  private readonly taskBatches = new Map<string, Pending<Task[]>[]>()
  private readonly windowMs: number

  constructor(
    private readonly ecs: ECSClient,
    private readonly options: ServicePollerOptions,
  ) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS
  }

  /** The tasks among `taskIds`, in as few DescribeTasks as the waits together need. */
  readonly describeTasks: DescribeTasks = (cluster, taskIds, signal) => {
    if (taskIds.length === 0) return Promise.resolve([])
    return this.enqueue(this.taskBatches, cluster, taskIds, signal, (batch) => this.sendTasks(cluster, batch))
  }

  /** Same contract as describeService; an aborted signal rejects only its own caller. */
  readonly describe: DescribeService = Object.assign(
    (cluster: string, service: string, signal?: AbortSignal) =>
      this.enqueue(this.services, cluster, [service], signal, (batch) => this.sendServices(cluster, batch)),
    {tasks: this.describeTasks},
  )

  private enqueue<T>(
    open: Map<string, Pending<T>[]>,
    cluster: string,
    names: readonly string[],
    signal: AbortSignal | undefined,
    flush: (batch: Pending<T>[]) => Promise<void>,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal?.reason)
      signal?.addEventListener('abort', onAbort, {once: true})
      const done = (): void => signal?.removeEventListener('abort', onAbort)
      const pending: Pending<T> = {
        names,
        resolve: (value) => {
          done()
          resolve(value)
        },
        reject: (error) => {
          done()
          reject(error)
        },
      }
      const batch = open.get(cluster)
      if (batch) {
        batch.push(pending)
        return
      }
      open.set(cluster, [pending])
      void this.options.clock.sleep(this.windowMs).then(() => {
        const gathered = open.get(cluster) ?? []
        open.delete(cluster)
        return flush(gathered)
      })
    })
  }

  private async sendServices(cluster: string, batch: Pending<Service | undefined>[]): Promise<void> {
    const names = [...new Set(batch.flatMap((p) => p.names))]
    await Promise.all(
      chunkNames(names).map(async (chunk) => {
        const waiters = batch.filter((p) => chunk.includes(p.names[0] ?? ''))
        try {
          const out = await awsCall('DescribeServices', `services ${chunk.join(', ')} in cluster ${cluster}`, () =>
            this.ecs.send(new DescribeServicesCommand(retriedByCaller({cluster, services: chunk}))),
          )
          for (const waiter of waiters) {
            const name = waiter.names[0]
            const found = out.services?.find((s) => s.serviceName === name || s.serviceArn === name)
            waiter.resolve(found && found.status !== 'INACTIVE' ? found : undefined)
          }
        } catch (error) {
          // Every waiter gets the error, so each one's own transient-error handling applies.
          for (const waiter of waiters) waiter.reject(error)
        }
      }),
    )
  }

  private async sendTasks(cluster: string, batch: Pending<Task[]>[]): Promise<void> {
    const ids = [...new Set(batch.flatMap((p) => p.names.map(taskIdOf)))]
    const found = new Map<string, Task>()
    try {
      for (const chunk of chunkNames(ids, MAX_TASKS_PER_CALL)) {
        const out = await awsCall('DescribeTasks', `${chunk.length} task(s) in cluster ${cluster}`, () =>
          this.ecs.send(new DescribeTasksCommand({cluster, tasks: chunk})),
        )
        for (const task of out.tasks ?? []) found.set(taskIdOf(task.taskArn ?? ''), task)
      }
    } catch (error) {
      for (const waiter of batch) waiter.reject(error)
      return
    }
    for (const waiter of batch) waiter.resolve(waiter.names.flatMap((name) => found.get(taskIdOf(name)) ?? []))
  }
}

function taskIdOf(arnOrId: string): string {
  return arnOrId.slice(arnOrId.lastIndexOf('/') + 1)
}
