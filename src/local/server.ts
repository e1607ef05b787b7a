/**
 * One node:http server for every simulated service. Per request: parse, pick the service,
 * apply operation faults, record the call, bring the world up to the clock, run the handler and
 * save the world.
 */
import {type IncomingMessage, type Server, type ServerResponse, createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import type {Clock} from '../clock.js'
import {HakoError} from '../errors.js'
import {type LiveFaults, rejectReply, serverErrorReply, throttleReply} from './faults.js'
import type {WorldStore} from './store.js'
import {type CallRecord, LOCAL_ACCOUNT_ID, type LocalRequest, type LocalResponse, type LocalService} from './types.js'
import type {World} from './world.js'
import {escapeXml} from './xml.js'

export interface LocalServerOptions {
  services: LocalService[]
  store: WorldStore
  clock: Clock
  faults: LiveFaults
  /** Brings time-driven state (ECS tasks and deployments) up to `now` before any handler runs. */
  advance: (world: World, now: number) => void
  onCall: (call: CallRecord) => void
  /** Called before each request (reloads faults.json when it changed). */
  beforeRequest?: () => void
}

const DEFAULT_REGION = 'us-east-1'

/** `Credential=AKID/20260101/ap-northeast-1/ecs/aws4_request` → `ap-northeast-1`. */
export function regionOf(headers: IncomingMessage['headers'], query: URLSearchParams): string {
  const auth = headers.authorization ?? ''
  const credential = /Credential=([^,\s]+)/.exec(auth)?.[1] ?? query.get('X-Amz-Credential') ?? ''
  return credential.split('/')[2] || DEFAULT_REGION
}

/**
 * The loud answer for an operation the simulator does not implement, in the error shape of the
 * service's protocol so SDKs and the AWS CLI show its message: awsJson `{"__type"}`, awsQuery and
 * Route 53 `<ErrorResponse>`, EC2 `<Response><Errors>`, S3 a bare `<Error>`.
 */
export function notImplementedResponse(service: string, operation: string, shape: 'json' | 'ErrorResponse' | 'Error' | 'Response' = 'json'): LocalResponse {
  const message = `hako local AWS does not implement ${service} operation ${operation}`
  if (shape === 'json') {
    return {status: 501, headers: {'content-type': 'application/json'}, body: JSON.stringify({__type: 'NotImplemented', message})}
  }
  const error = `<Code>NotImplemented</Code><Message>${escapeXml(message)}</Message>`
  const body =
    shape === 'Error'
      ? `<Error>${error}<RequestId>local</RequestId></Error>`
      : shape === 'Response'
        ? `<Response><Errors><Error>${error}</Error></Errors><RequestID>local</RequestID></Response>`
        : `<ErrorResponse><Error><Type>Receiver</Type>${error}</Error><RequestId>local</RequestId></ErrorResponse>`
  return {status: 501, headers: {'content-type': 'text/xml'}, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`}
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function send(response: ServerResponse, reply: LocalResponse): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body
  response.writeHead(reply.status, {...reply.headers, 'content-length': reply.headers?.['content-length'] ?? String(body.length), 'x-amzn-requestid': 'local'})
  response.end(body)
}

export async function handleRequest(options: LocalServerOptions, incoming: IncomingMessage): Promise<LocalResponse> {
  const url = new URL(incoming.url ?? '/', 'http://local')
  const body = await readBody(incoming)
  const request: LocalRequest = {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: incoming.headers,
    body,
    region: regionOf(incoming.headers, url.searchParams),
  }
  options.beforeRequest?.()
  const service = options.services.find((candidate) => candidate.matches(request))
  if (!service) {
    const target = request.headers['x-amz-target']
    return {
      status: 501,
      headers: {'content-type': 'text/plain'},
      body: `hako local AWS serves no service for ${request.method} ${request.path}${target ? ` (X-Amz-Target ${String(target)})` : ''}`,
    }
  }
  const operation = service.operation(request)
  let input: unknown
  try {
    input = service.input(request)
  } catch {
    input = undefined
  }
  options.onCall({service: service.name, operation, input, at: options.clock.now()})

  const verdict = options.faults.verdict(service.name, operation, request.region)
  if (verdict.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, verdict.latencyMs))
  if (verdict.kind === 'throttle') return throttleReply(service.name)
  if (verdict.kind === 'fail') return serverErrorReply(service.name)
  if (verdict.kind === 'reject') return rejectReply(service.name, verdict.type, verdict.message)

  return options.store.transaction(async (world) => {
    const now = options.clock.now()
    options.advance(world, now)
    return service.handle(request, {
      now: () => now,
      region: request.region,
      accountId: LOCAL_ACCOUNT_ID,
      world,
      faults: options.faults,
    })
  })
}

export interface RunningServer {
  server: Server
  endpoint: string
  close(): Promise<void>
}

export async function startServer(options: LocalServerOptions, port = 0): Promise<RunningServer> {
  const server = createServer((incoming, response) => {
    handleRequest(options, incoming).then(
      (reply) => send(response, reply),
      (error: unknown) => {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
        send(response, {
          status: 500,
          headers: {'content-type': 'application/json'},
          body: JSON.stringify({__type: 'InternalFailure', message: `hako local AWS failed: ${message}`}),
        })
      },
    )
  })
  // Keep-alive sockets would hold close() open until the SDK's agent lets go.
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') return reject(error)
      // No cause: the system's own wording would only repeat the message.
      reject(
        new HakoError(`port ${port} on 127.0.0.1 is already in use`, {
          code: 'local-port-in-use',
          hint: 'Stop what listens there, or pick another port: hako local serve --port N (--port 0 takes a free one).',
        }),
      )
    })
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    server,
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
