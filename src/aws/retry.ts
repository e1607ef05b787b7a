/**
 * Retries a call that failed for a passing reason (throttling, 5xx, a dropped connection) with
 * jittered exponential backoff, within a time budget. The SDK retries three times on its own; the
 * paths that must finish (a rollback, the reads before the first write) go on longer than that.
 */
import type {Clock} from '../clock.js'
import type {Reporter} from '../ui/reporter.js'
import {isRetryable} from './retryable.js'

export interface RetryOptions {
  clock: Clock
  /** Stop retrying when the next attempt would start after this many ms from the first. */
  budgetMs: number
  /** Named in the warnings: `UpdateService of hello`. */
  what: string
  reporter?: Reporter
  random?: () => number
  /** First pause; doubles each time up to 20 s. */
  baseMs?: number
}

export function retryDelayMs(attempt: number, baseMs: number, random: () => number): number {
  const base = Math.min(20_000, baseMs * 2 ** attempt)
  return Math.round(base * (0.5 + random() / 2))
}

export async function withRetries<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const {clock} = options
  const random = options.random ?? Math.random
  const start = clock.now()
  for (let attempt = 0; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!isRetryable(error)) throw error
      const delay = retryDelayMs(attempt, options.baseMs ?? 1000, random)
      if (clock.now() - start + delay > options.budgetMs) throw error
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
      options.reporter?.warn(`${options.what} failed for a passing reason (${reason}); retrying in ${(delay / 1000).toFixed(1)} s`)
      await clock.sleep(delay)
    }
  }
}
