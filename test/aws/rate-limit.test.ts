/** The client-side rate limiter's pacing and adaptation, on a VirtualClock (no real time passes). */
import {describe, expect, it} from 'vitest'

import {RateLimiter} from '../../src/aws/rate-limit.js'
import {VirtualClock} from '../../src/clock.js'

const rates = {Register: [2, 1] as const, '*': [100, 100] as const}
const limiter = (clock: VirtualClock) => new RateLimiter({clock, rates, bucketOf: (op) => (op === 'Register' ? 'Register' : '*'), headroom: 1})

describe('RateLimiter', () => {
  it('lets the burst through at once, then one call per refill', async () => {
    const clock = new VirtualClock()
    const l = limiter(clock)
    const start = clock.now()
    const times: number[] = []
    for (let i = 0; i < 4; i++) {
      await l.acquire('Register')
      times.push(clock.now() - start)
    }
    expect(times).toEqual([0, 0, 1000, 2000])
    expect(l.stats).toMatchObject({waits: 2, waitedMs: 2000})
  })

  it('serves waiting callers first come first served', async () => {
    const clock = new VirtualClock()
    const l = limiter(clock)
    const order: number[] = []
    await Promise.all([0, 1, 2, 3].map((i) => l.acquire('Register').then(() => order.push(i))))
    expect(order).toEqual([0, 1, 2, 3])
  })

  it('halves the rate when throttled and wins it back with successes', () => {
    const l = limiter(new VirtualClock())
    l.throttled('Register')
    expect(l.rateOf('Register')).toBe(0.5)
    for (let i = 0; i < 5; i++) l.succeeded('Register')
    expect(l.rateOf('Register')).toBeCloseTo(0.75)
    for (let i = 0; i < 50; i++) l.succeeded('Register')
    expect(l.rateOf('Register')).toBe(1)
  })

  it('aims under the documented rate by the headroom', () => {
    const l = new RateLimiter({clock: new VirtualClock()})
    expect(l.rateOf('RegisterTaskDefinition')).toBeCloseTo(0.9)
    expect(l.rateOf('DescribeServices')).toBeCloseTo(18)
    expect(l.rateOf('SomethingElse')).toBeCloseTo(18)
  })
})
