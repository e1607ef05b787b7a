/**
 * One client-side token bucket per ECS operation, shared by every call of the process to one
 * region (ECS throttles per account and region), so fifty apps deployed at once queue for their
 * RegisterTaskDefinition instead of being answered "Rate exceeded". The buckets start at ECS's
 * documented rates less a margin; a throttling answer (another process spends the same account's
 * tokens) halves the operation's rate, and each success wins a little of it back, so the SDK's
 * own retries (which sleep in real time) stay the exception: a throttled attempt is tried again
 * here, after its token, on the injected clock. Every attempt, the SDK's retries included, waits
 * for its token.
 */
import type {Clock} from '../clock.js'
import {ECS_RATES, ecsBucketOf} from './ecs-rates.js'
import {isThrottling} from './retryable.js'

/** Throttled attempts a limiter that absorbs throttling tries again, each after its token. */
export const LIMITER_RETRIES = 6

export interface RateLimiterOptions {
  clock: Clock
  /** Buckets by name (burst, sustained per second); default ECS's table. */
  rates?: Readonly<Record<string, readonly [number, number]>>
  /** The bucket an operation draws from; default ECS's (its own, or `*`). */
  bucketOf?: (operation: string) => string
  /** The share of the documented rate we aim at, leaving room for other callers. */
  headroom?: number
}

interface Bucket {
  tokens: number
  at: number
  burst: number
  ceiling: number
  rate: number
  /** Callers of this bucket, served first come first served. */
  queue: Promise<void>
}

export interface RateLimiterStats {
  /** Calls that had to wait for a token, and for how long in all (ms of the clock). */
  waits: number
  waitedMs: number
  /** Throttling answers seen. */
  throttled: number
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()
  private readonly rates: Readonly<Record<string, readonly [number, number]>>
  private readonly bucketOf: (operation: string) => string
  private readonly headroom: number
  readonly stats: RateLimiterStats = {waits: 0, waitedMs: 0, throttled: 0}
  /** Throttled attempts tried again here before the error goes up (0: the SDK's retries alone). */
  retries = 0

  constructor(readonly options: RateLimiterOptions) {
    this.rates = options.rates ?? ECS_RATES
    this.bucketOf = options.bucketOf ?? ecsBucketOf
    this.headroom = options.headroom ?? 0.9
  }

  private bucket(operation: string): Bucket | undefined {
    const name = this.bucketOf(operation)
    let bucket = this.buckets.get(name)
    if (!bucket) {
      const rate = this.rates[name]
      if (!rate) return undefined
      const burst = Math.max(1, Math.floor(rate[0] * this.headroom))
      const ceiling = rate[1] * this.headroom
      bucket = {tokens: burst, at: this.options.clock.now(), burst, ceiling, rate: ceiling, queue: Promise.resolve()}
      this.buckets.set(name, bucket)
    }
    return bucket
  }

  /** The operation's sustained rate now (per second); undefined when it has no bucket. */
  rateOf(operation: string): number | undefined {
    return this.bucket(operation)?.rate
  }

  /** Resolves when the call may go: at once while the bucket holds a token. */
  acquire(operation: string, signal?: AbortSignal): Promise<void> {
    const bucket = this.bucket(operation)
    if (!bucket) return Promise.resolve()
    const turn = bucket.queue.then(() => this.take(bucket, signal))
    bucket.queue = turn.catch(() => undefined)
    return turn
  }

  private async take(bucket: Bucket, signal?: AbortSignal): Promise<void> {
    const {clock} = this.options
    let waited = 0
    for (;;) {
      const now = clock.now()
      bucket.tokens = Math.min(bucket.burst, bucket.tokens + ((now - bucket.at) / 1000) * bucket.rate)
      bucket.at = now
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        if (waited > 0) {
          this.stats.waits += 1
          this.stats.waitedMs += waited
        }
        return
      }
      const ms = Math.ceil(((1 - bucket.tokens) / bucket.rate) * 1000)
      await clock.sleep(ms, signal)
      waited += ms
    }
  }

  /** Many callers share the buckets from now on: ride out throttling here, up to `retries` times. */
  absorbThrottling(retries = LIMITER_RETRIES): void {
    this.retries = retries
  }

  /** ECS said "Rate exceeded": someone else spends these tokens too, so slow down. */
  throttled(operation: string): void {
    this.stats.throttled += 1
    const bucket = this.bucket(operation)
    if (!bucket) return
    bucket.rate = Math.max(bucket.ceiling / 16, bucket.rate / 2)
    bucket.tokens = Math.min(bucket.tokens, 0)
  }

  succeeded(operation: string): void {
    const bucket = this.bucket(operation)
    if (bucket && bucket.rate < bucket.ceiling) bucket.rate = Math.min(bucket.ceiling, bucket.rate + bucket.ceiling / 20)
  }
}

type Next = (args: {input?: unknown; request?: unknown}) => Promise<unknown>

/** Inputs whose caller rides out throttling itself (a wait loop's polls): no retries here. */
const selfRetried = new WeakSet<object>()

/** Marks a command input as retried by its caller, so a throttled attempt goes straight up. */
export function retriedByCaller<T extends object>(input: T): T {
  selfRetried.add(input)
  return input
}

/** The request as the next attempt sends it (headers and query copied, so signing starts afresh). */
function copyRequest(request: unknown): unknown {
  if (typeof request !== 'object' || request === null) return request
  const r = request as {headers?: Record<string, string>; query?: Record<string, unknown>}
  return Object.assign(Object.create(Object.getPrototypeOf(request) as object) as object, request, {headers: {...r.headers}, query: {...r.query}})
}

/** Paces every attempt of a client's calls through the limiter (inside the SDK's retry step). */
export function rateLimitMiddleware(limiter: RateLimiter) {
  return {
    applyToStack(stack: {addRelativeTo(middleware: unknown, options: {relation: 'after'; toMiddleware: string; name: string}): void}): void {
      const middleware = (next: Next, context: {commandName?: string}) => async (args: {input?: unknown; request?: unknown}) => {
        const operation = (context.commandName ?? '').replace(/Command$/, '')
        const retries = typeof args.input === 'object' && args.input !== null && selfRetried.has(args.input) ? 0 : limiter.retries
        for (let attempt = 0; ; attempt++) {
          await limiter.acquire(operation)
          try {
            const out = await next(attempt === 0 ? args : {...args, request: copyRequest(args.request)})
            limiter.succeeded(operation)
            return out
          } catch (error) {
            if (!isThrottling(error)) throw error
            limiter.throttled(operation)
            if (attempt >= retries) throw error
          }
        }
      }
      stack.addRelativeTo(middleware, {relation: 'after', toMiddleware: 'retryMiddleware', name: 'hakoRateLimitMiddleware'})
    },
  }
}
