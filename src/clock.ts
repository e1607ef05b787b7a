/**
 * Time as a parameter: the wait loops and the local AWS take a Clock, so tests run on a virtual
 * clock and `--local` runs faster than real time.
 */
export interface Clock {
  /** Milliseconds since the epoch, in this clock's time. */
  now(): number
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      },
      Math.max(0, ms),
    )
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, {once: true})
  })
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: realSleep,
}

/**
 * Real time sped up `speed` times from a fixed origin: `now()` = origin + elapsed × speed. Two
 * processes built with the same origin and speed agree on the time.
 */
export class ScaledClock implements Clock {
  constructor(
    readonly origin: {real: number; virtual: number},
    readonly speed: number,
  ) {}

  now(): number {
    return Math.floor(this.origin.virtual + (Date.now() - this.origin.real) * this.speed)
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return realSleep(ms / this.speed, signal)
  }
}

/** A clock that only moves when told to, or when someone sleeps on it. */
export class VirtualClock implements Clock {
  private current: number

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  advance(ms: number): void {
    this.current += ms
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason
    this.current += Math.max(0, ms)
    // Yield so other work (HTTP replies, signals) can interleave as with a real sleep.
    await new Promise((resolve) => setImmediate(resolve))
    if (signal?.aborted) throw signal.reason
  }
}
