/**
 * The awsJson protocol that ECS, CloudWatch Logs, Cloud Map, Application Auto Scaling, SSM and
 * Secrets Manager share: `POST /` with `X-Amz-Target: <prefix><Operation>`, JSON in and out,
 * errors as HTTP 4xx `{"__type", "message"}` so the SDK raises its typed exceptions.
 */
import {JsonServiceError} from './json-error.js'
import {notImplementedResponse} from './server.js'
import type {LocalContext, LocalRequest, LocalResponse, LocalService} from './types.js'

export interface WireError {
  status: number
  type: string
  message: string
}

export interface JsonServiceSpec<S> {
  /** The call log's service name (`ecs`, `logs`, `servicediscovery`). */
  name: string
  targetPrefix: string
  /** Each handler validates its own input; the wire input is whatever JSON the SDK sent. */
  handlers: Record<string, (scope: S, input: never) => unknown>
  /** What the handlers work on for this request (brings time-driven state up to date first). */
  scope(context: LocalContext): S
  /**
   * The wire form of a domain error; undefined for anything else, which the server answers 500.
   * By default a JsonServiceError is answered as it says.
   */
  toError?(error: unknown): WireError | undefined
  /** Cloud Map spells the error message key `Message`. */
  messageKey?: 'message' | 'Message'
}

function target(request: LocalRequest): string {
  const header = request.headers['x-amz-target']
  return Array.isArray(header) ? (header[0] ?? '') : (header ?? '')
}

function parse(request: LocalRequest): unknown {
  const text = request.body.toString('utf8')
  return text.trim() === '' ? {} : JSON.parse(text)
}

function reply(status: number, body: unknown): LocalResponse {
  return {status, headers: {'content-type': 'application/x-amz-json-1.1'}, body: JSON.stringify(body)}
}

function defaultWireError(error: unknown): WireError | undefined {
  return error instanceof JsonServiceError ? {status: error.status, type: error.type, message: error.message} : undefined
}

export function jsonService<S>(spec: JsonServiceSpec<S>): LocalService {
  const messageKey = spec.messageKey ?? 'message'
  const operationOf = (request: LocalRequest): string => target(request).slice(spec.targetPrefix.length)
  return {
    name: spec.name,
    matches: (request) => target(request).startsWith(spec.targetPrefix),
    operation: operationOf,
    input: (request) => {
      try {
        return parse(request)
      } catch {
        return {}
      }
    },
    handle(request: LocalRequest, context: LocalContext): LocalResponse {
      const operation = operationOf(request)
      const handler = spec.handlers[operation]
      if (!handler) return notImplementedResponse(spec.name, operation)
      let input: unknown
      try {
        input = parse(request)
      } catch (error) {
        return reply(400, {__type: 'SerializationException', [messageKey]: `Malformed JSON: ${(error as Error).message}`})
      }
      try {
        return reply(200, handler(spec.scope(context), input as never) ?? {})
      } catch (error) {
        const wire = spec.toError ? spec.toError(error) : defaultWireError(error)
        if (wire) return reply(wire.status, {__type: wire.type, [messageKey]: wire.message})
        throw error
      }
    },
  }
}
