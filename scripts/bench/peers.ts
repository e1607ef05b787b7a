/**
 * The two peers' waits, run against the same local AWS as ours: the AWS SDK's
 * `waitUntilServicesStable` (real code, its real-time sleeps moved onto the virtual clock) and
 * hako's 1 s loop (its rules as docs/hako-compatibility.md describes the Ruby tool's wait).
 */
import {DescribeServicesCommand, type ECSClient, waitUntilServicesStable} from '@aws-sdk/client-ecs'

import type {VirtualClock} from '../../src/clock.js'
import {startedTaskIds} from '../../src/ecs/events.js'

/** A peer's answer: when it decided, and what (undefined: it gave up at its deadline). */
export interface PeerVerdict {
  at: number
  outcome: 'steady' | 'failed' | undefined
}

/** The waiter's delays are 15 s and more; the HTTP handler's own timers are 3 s at most. */
const WAITER_DELAY_FLOOR_MS = 5000

/**
 * Runs the SDK waiter with `setTimeout` and `Date.now` on the virtual clock: a sleep of the waiter
 * advances the clock by its delay and returns at once, so its polls land at the simulated moments
 * its real-time schedule would put them.
 */
export async function sdkWaiter(ecs: ECSClient, clock: VirtualClock, cluster: string, service: string, maxWaitSec: number): Promise<PeerVerdict> {
  const realSetTimeout = globalThis.setTimeout
  const realNow = Date.now
  const virtualSetTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if ((ms ?? 0) >= WAITER_DELAY_FLOOR_MS) {
      clock.advance(ms ?? 0)
      return realSetTimeout(callback, 0, ...args)
    }
    return realSetTimeout(callback, ms, ...args)
  }) as typeof setTimeout
  globalThis.setTimeout = virtualSetTimeout
  Date.now = () => clock.now()
  try {
    await waitUntilServicesStable({client: ecs, maxWaitTime: maxWaitSec}, {cluster, services: [service]})
    return {at: clock.now(), outcome: 'steady'}
  } catch (error) {
    const name = (error as Error).name
    return {at: clock.now(), outcome: name === 'TimeoutError' ? undefined : 'failed'}
  } finally {
    globalThis.setTimeout = realSetTimeout
    Date.now = realNow
  }
}

/**
 * hako's wait_for_ready: DescribeServices every second; failed when the PRIMARY's rolloutState is
 * FAILED, or (without the circuit breaker) when more than twice the desired count of tasks were
 * started (it keeps the last task id of each "has started" event); ready when no deployment is
 * ACTIVE and the PRIMARY runs its desired count.
 */
export async function hakoLoop(
  ecs: ECSClient,
  clock: VirtualClock,
  cluster: string,
  service: string,
  sinceEventId: string | undefined,
  maxWaitSec: number,
): Promise<PeerVerdict> {
  const deadline = clock.now() + maxWaitSec * 1000
  const started = new Set<string>()
  let seen = sinceEventId
  for (;;) {
    await clock.sleep(1000)
    if (clock.now() > deadline) return {at: clock.now(), outcome: undefined}
    const out = await ecs.send(new DescribeServicesCommand({cluster, services: [service]}))
    const current = out.services?.[0]
    if (!current) continue
    const events = current.events ?? []
    const fresh =
      seen === undefined
        ? events
        : events.slice(
            0,
            Math.max(
              0,
              events.findIndex((e) => e.id === seen),
            ),
          )
    if (events[0]?.id) seen = events[0].id
    for (const event of fresh) {
      const last = startedTaskIds(event.message).at(-1)
      if (last) started.add(last)
    }
    const primary = current.deployments?.find((d) => d.status === 'PRIMARY')
    if (!primary) continue
    if (primary.rolloutState === 'FAILED') return {at: clock.now(), outcome: 'failed'}
    const breaker = current.deploymentConfiguration?.deploymentCircuitBreaker?.enable === true
    if (!breaker && 2 * (primary.desiredCount ?? 0) < started.size) return {at: clock.now(), outcome: 'failed'}
    const active = current.deployments?.some((d) => d.status === 'ACTIVE') ?? false
    if (!active && primary.runningCount === primary.desiredCount) return {at: clock.now(), outcome: 'steady'}
  }
}
