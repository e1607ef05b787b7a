/** EventClock: concurrent sleepers share simulated time; the clock waits for HTTP in flight. */
import {createServer, get} from 'node:http'
import type {AddressInfo} from 'node:net'

import {afterEach, describe, expect, it} from 'vitest'

import {EventClock} from '../../src/local/event-clock.js'

let clock: EventClock

afterEach(() => clock.close())

describe('EventClock', () => {
  it('wakes concurrent sleepers at their own due times: two 2 s sleeps take 2 s, not 4', async () => {
    clock = new EventClock(0)
    const woke: [string, number][] = []
    await Promise.all([
      clock.sleep(2000).then(() => woke.push(['a', clock.now()])),
      clock.sleep(2000).then(() => woke.push(['b', clock.now()])),
      clock.sleep(500).then(() => woke.push(['c', clock.now()])),
    ])
    expect(woke).toEqual([
      ['c', 500],
      ['a', 2000],
      ['b', 2000],
    ])
  })

  it('does not move while an HTTP request is in flight', async () => {
    clock = new EventClock(0)
    let seenAtReply = -1
    const server = createServer((_request, response) => {
      // Reply after real time has passed; a sleeper is waiting meanwhile.
      setTimeout(() => {
        seenAtReply = clock.now()
        response.end('ok')
      }, 30)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const {port} = server.address() as AddressInfo
      // node:http, as the AWS SDK's handler uses (fetch goes through undici, which the clock does not watch).
      const request = new Promise<void>((resolve) => get(`http://127.0.0.1:${port}/`, (r) => r.resume().on('end', resolve)))
      const sleeper = clock.sleep(10_000)
      await request
      expect(seenAtReply).toBe(0)
      await sleeper
      expect(clock.now()).toBe(10_000)
    } finally {
      server.close()
    }
  })

  it('rejects an aborted sleep and leaves the others', async () => {
    clock = new EventClock(0)
    const controller = new AbortController()
    const aborted = clock.sleep(1000, controller.signal)
    const other = clock.sleep(3000)
    controller.abort(new Error('stop'))
    await expect(aborted).rejects.toThrow('stop')
    await other
    expect(clock.now()).toBe(3000)
  })
})
