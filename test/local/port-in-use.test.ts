import {createServer} from 'node:net'
import type {AddressInfo} from 'node:net'

import {describe, expect, it} from 'vitest'

import {HakoError} from '../../src/errors.js'
import {startLocalAws} from '../../src/local/index.js'

describe('the local AWS on a port already in use', () => {
  it('says which port and how to pick another, instead of a bare EADDRINUSE', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const port = (holder.address() as AddressInfo).port
    try {
      // startLocalAws itself, not test/support: what is tested is its own refusal to start.
      const error = await startLocalAws({port}).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(HakoError)
      expect((error as HakoError).message).toBe(`port ${port} on 127.0.0.1 is already in use`)
      expect((error as HakoError).hint).toBe('Stop what listens there, or pick another port: hako local serve --port N (--port 0 takes a free one).')
    } finally {
      holder.close()
    }
  })
})
