/**
 * An SDK middleware for replies in no AWS protocol: an HTML or plain-text error page (a proxy, a
 * load balancer in front of an emulator, moto's crash page). The SDK would hand such a body to its
 * JSON or XML parser and report only the parser's complaint; this reports the HTTP status, the
 * endpoint and the first line of the body instead, and keeps `$metadata` and `$fault` so the
 * SDK's retries treat a 5xx as they would any server error.
 */

/** The parts of the SDK's HTTP request and response this looks at. */
interface HttpRequest {
  protocol: string
  hostname: string
  port?: number
  path: string
}
interface HttpResponse {
  statusCode: number
  headers?: Record<string, string>
  body?: unknown
}

const NOT_A_PROTOCOL = /^text\/(html|plain)\b/i
const MAX_LINE = 200

export class UnexpectedResponseError extends Error {
  readonly $fault: 'client' | 'server'
  readonly $metadata: {httpStatusCode: number}

  constructor(status: number, endpoint: string, contentType: string, body: string) {
    super(`HTTP ${status} from ${endpoint} (${contentType}): ${summary(body)}`)
    this.name = 'UnexpectedResponse'
    this.$fault = status >= 500 ? 'server' : 'client'
    this.$metadata = {httpStatusCode: status}
  }
}

/** The first non-empty line, and an HTML page's title when it has one. */
function summary(body: string): string {
  const first =
    body
      .split(/\r?\n/)
      .find((line) => line.trim() !== '')
      ?.trim() ?? '(empty body)'
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim()
  const line = first.length > MAX_LINE ? `${first.slice(0, MAX_LINE)}…` : first
  return title && !line.includes(title) ? `${line} (title: ${title})` : line
}

async function text(body: unknown): Promise<string> {
  if (typeof body === 'string') return body
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8')
  if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = []
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk))
    return Buffer.concat(chunks).toString('utf8')
  }
  return ''
}

function header(response: HttpResponse, name: string): string {
  const entry = Object.entries(response.headers ?? {}).find(([key]) => key.toLowerCase() === name)
  return entry?.[1] ?? ''
}

function endpointOf(request: HttpRequest | undefined): string {
  if (!request) return 'the endpoint'
  const port = request.port ? `:${request.port}` : ''
  return `${request.protocol}//${request.hostname}${port}${request.path}`
}

type Next = (args: {request: unknown}) => Promise<{response: unknown}>

/** Sits between the HTTP handler and the SDK's deserializer, so it sees the raw reply first. */
export const unexpectedReplyMiddleware =
  (next: Next) =>
  async (args: {request: unknown}): Promise<{response: unknown}> => {
    const result = await next(args)
    const response = result.response as HttpResponse
    const contentType = header(response, 'content-type')
    // Successful replies are left alone: an S3 object may well be an HTML page.
    if (response.statusCode >= 300 && NOT_A_PROTOCOL.test(contentType)) {
      throw new UnexpectedResponseError(response.statusCode, endpointOf(args.request as HttpRequest), contentType, await text(response.body))
    }
    return result
  }

export const unexpectedReplyOptions = {
  name: 'hakoUnexpectedReply',
  relation: 'after',
  toMiddleware: 'deserializerMiddleware',
} as const
