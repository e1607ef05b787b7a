/**
 * Cloud Map (servicediscovery) behind awsJson1_1: `POST /` with
 * `X-Amz-Target: Route53AutoNaming_v20170314.<Op>`. Private DNS namespaces, services, instances
 * (ECS registers its tasks) and asynchronous operations on the simulated clock.
 */
import {notImplementedResponse} from '../server.js'
import type {LocalContext, LocalRequest, LocalResponse, LocalService} from '../types.js'
import {CloudMapError} from './errors.js'
import {instanceHandlers} from './instances.js'
import {namespaceHandlers} from './namespaces.js'
import {operationHandlers, settleOperations} from './operations.js'
import {type CloudMapScope, scopeOf} from './scope.js'
import {serviceHandlers} from './services.js'

const TARGET_PREFIX = 'Route53AutoNaming_v20170314.'
const CONTENT_TYPE = 'application/x-amz-json-1.1'

// Each handler reads its own input; the wire input is whatever JSON the SDK sent.
type Handler = (scope: CloudMapScope, input: never) => unknown

const handlers: Record<string, Handler> = {
  ...namespaceHandlers,
  ...serviceHandlers,
  ...instanceHandlers,
  ...operationHandlers,
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
  return {status, headers: {'content-type': CONTENT_TYPE}, body: JSON.stringify(body)}
}

export const serviceDiscoveryService: LocalService = {
  name: 'servicediscovery',
  matches: (request) => target(request).startsWith(TARGET_PREFIX),
  operation: (request) => target(request).slice(TARGET_PREFIX.length),
  input: parse,
  handle(request: LocalRequest, context: LocalContext): LocalResponse {
    const operation = target(request).slice(TARGET_PREFIX.length)
    const handler = handlers[operation]
    if (!handler) return notImplementedResponse('servicediscovery', operation)
    let input: unknown
    try {
      input = parse(request)
    } catch (error) {
      return reply(400, {__type: 'SerializationException', Message: `Malformed JSON: ${(error as Error).message}`})
    }
    const scope = scopeOf(context)
    settleOperations(scope)
    try {
      return reply(200, handler(scope, input as never) ?? {})
    } catch (error) {
      if (error instanceof CloudMapError) return reply(400, {__type: error.type, Message: error.message})
      throw error
    }
  },
}

export {deregisterInstance, registerInstance, serviceByArn} from './state.js'
export {deregisterServiceTask, registerServiceTask} from './ecs-tasks.js'
