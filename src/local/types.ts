/**
 * The contract between the local AWS server (src/local/server.ts) and the service simulators.
 * Each service owns one slice of the world state and one protocol adapter; the server loads the
 * world, lets the matching service handle the request, records the call and saves the world.
 */
import type {IncomingHttpHeaders} from 'node:http'

export const LOCAL_ACCOUNT_ID = '123456789012'

/** One HTTP request as the server received it. */
export interface LocalRequest {
  method: string
  /** Path without the query string, e.g. `/2013-04-01/hostedzone`. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Buffer
  /** The region the SDK signed the request for (from the Authorization header). */
  region: string
}

export interface LocalResponse {
  status: number
  headers?: Record<string, string>
  body: string | Buffer
}

/** What a handler may touch while it serves one request. */
export interface LocalContext {
  /** Simulated time, ms since the epoch. */
  now(): number
  region: string
  accountId: string
  /** The whole world; mutate it in place. Saved after the request when the handler returns. */
  world: import('./world.js').World
  /** Faults declared in faults.json or through the test API (see faults.ts). */
  faults: import('./faults.js').Faults
}

/** A recorded call: which service and operation, and the parsed input. */
export interface CallRecord {
  service: string
  operation: string
  input: unknown
  at: number
}

/** A simulated AWS service behind its real wire protocol. */
export interface LocalService {
  /** Short name used in the call log: `ecs`, `elbv2`, `route53`, `s3`, `logs`. */
  name: string
  /** Does this request belong to this service? (X-Amz-Target prefix, Action= form, path prefix.) */
  matches(request: LocalRequest): boolean
  /** The operation name of the request (for the call log and for 501 replies). */
  operation(request: LocalRequest): string
  /** The parsed input of the request (for the call log). */
  input(request: LocalRequest): unknown
  /** Serve the request: a reply in the service's protocol, errors in its real error shape. */
  handle(request: LocalRequest, context: LocalContext): LocalResponse | Promise<LocalResponse>
}
