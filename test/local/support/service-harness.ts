/**
 * Serves LocalServices over node:http with an in-memory world and a hand-driven clock, so a
 * service can be tested through the real SDK client without the full local server.
 */
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {LOCAL_ACCOUNT_ID, type LocalRequest, type LocalService} from '../../../src/local/types.js'
import {emptyWorld, type World} from '../../../src/local/world.js'
import {REGION} from '../../support/local-aws.js'

export interface ServiceHarness {
  endpoint: string
  world: World
  /** Simulated time in ms; tests move it forward with `advance`. */
  now: number
  advance(ms: number): void
  calls: {service: string; operation: string}[]
  close(): Promise<void>
}

/** The region the SDK signed for: `Credential=AKID/20250101/<region>/<service>/aws4_request`. */
function signedRegion(authorization: string | undefined): string {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? REGION
}

export async function startServiceHarness(services: LocalService[]): Promise<ServiceHarness> {
  const harness: ServiceHarness = {
    endpoint: '',
    world: emptyWorld(),
    now: Date.UTC(2026, 0, 1),
    advance(ms) {
      harness.now += ms
    },
    calls: [],
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    },
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const request: LocalRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
        region: signedRegion(req.headers.authorization),
      }
      const service = services.find((s) => s.matches(request))
      if (!service) {
        res.writeHead(501).end(`no service for ${request.method} ${request.path}`)
        return
      }
      harness.calls.push({service: service.name, operation: service.operation(request)})
      Promise.resolve(
        service.handle(request, {
          now: () => harness.now,
          region: request.region,
          accountId: LOCAL_ACCOUNT_ID,
          world: harness.world,
          faults: {imageFault: () => undefined, clusterFault: () => undefined},
        }),
      ).then(
        (reply) => {
          res.writeHead(reply.status, reply.headers ?? {}).end(reply.body)
        },
        (error: unknown) => {
          res.writeHead(500).end(String(error))
        },
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  harness.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return harness
}
