/** Waiting on virtual time: the clock moves only when the test moves it. */
import type {VirtualClock} from '../../src/clock.js'

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
