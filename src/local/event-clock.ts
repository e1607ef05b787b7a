/**
 * Simulated time for many concurrent waiters. VirtualClock moves by each sleep it is given, so two
 * apps that each sleep 2 s move it 4 s; here every sleeper wakes at its own due time, and the clock
 * jumps to the earliest due time only once nothing else is going on: no HTTP request in flight
 * (seen through node's http diagnostics channels) and a few turns of the event loop without news.
 * Fifty apps deployed at once then take as much simulated time as they would take in real time,
 * whatever the machine, which is what the benchmark and the rate-limit tests need.
 */
import diagnostics from 'node:diagnostics_channel'

import type {Clock} from '../clock.js'

interface Sleeper {
  due: number
  order: number
  resolve(): void
}

const SETTLE_TURNS = 3

export class EventClock implements Clock {
  private current: number
  private readonly sleepers: Sleeper[] = []
  private inFlight = 0
  private order = 0
  private running = false
  private readonly onStart = (): void => {
    this.inFlight += 1
  }
  private readonly onFinish = (): void => {
    this.inFlight = Math.max(0, this.inFlight - 1)
  }

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start
    diagnostics.subscribe('http.client.request.start', this.onStart)
    diagnostics.subscribe('http.client.response.finish', this.onFinish)
  }

  now(): number {
    return this.current
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = {
        due: this.current + Math.max(0, ms),
        order: this.order++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
      }
      const onAbort = (): void => {
        const index = this.sleepers.indexOf(sleeper)
        if (index >= 0) this.sleepers.splice(index, 1)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, {once: true})
      this.sleepers.push(sleeper)
      void this.run()
    })
  }

  /** Stops listening to the http channels. */
  close(): void {
    diagnostics.unsubscribe('http.client.request.start', this.onStart)
    diagnostics.unsubscribe('http.client.response.finish', this.onFinish)
  }

  private async run(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      while (this.sleepers.length > 0) {
        await this.settle()
        if (this.sleepers.length === 0) break
        this.sleepers.sort((a, b) => a.due - b.due || a.order - b.order)
        const due = this.sleepers[0]?.due ?? this.current
        this.current = Math.max(this.current, due)
        const woken = this.sleepers.filter((s) => s.due <= this.current)
        this.sleepers.splice(0, woken.length)
        for (const sleeper of woken) sleeper.resolve()
      }
    } finally {
      this.running = false
    }
  }

  /** Resolves once no request is in flight and the event loop has turned a few times without one. */
  private async settle(): Promise<void> {
    let quiet = 0
    while (quiet < SETTLE_TURNS) {
      const before = this.order
      await new Promise((resolve) => setImmediate(resolve))
      await new Promise((resolve) => setTimeout(resolve, 0))
      quiet = this.inFlight === 0 && this.order === before ? quiet + 1 : 0
    }
  }
}
