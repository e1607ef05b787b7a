/**
 * ECS behind awsJson1_1: `POST /` with `X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>`.
 */
import {notImplementedResponse} from '../server.js'
import type {LocalContext, LocalRequest, LocalResponse, LocalService} from '../types.js'
import {clusterHandlers, seedRegion} from './clusters.js'
import {EcsError} from './errors.js'
import {type Scope, scopeOf} from './model.js'
import {serviceHandlers} from './services.js'
import {tagHandlers} from './tags.js'
import {taskDefinitionHandlers} from './task-definitions.js'
import {taskHandlers} from './tasks.js'

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.'
const CONTENT_TYPE = 'application/x-amz-json-1.1'

// Each handler validates its own input; the wire input is whatever JSON the SDK sent.
type Handler = (scope: Scope, input: never) => unknown

export const ecsHandlers: Record<string, Handler> = {
  ...clusterHandlers,
  ...taskDefinitionHandlers,
  ...serviceHandlers,
  ...taskHandlers,
  ...tagHandlers,
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

export const ecsService: LocalService = {
  name: 'ecs',
  matches: (request) => target(request).startsWith(TARGET_PREFIX),
  operation: (request) => target(request).slice(TARGET_PREFIX.length),
  input: parse,
  handle(request: LocalRequest, context: LocalContext): LocalResponse {
    const operation = target(request).slice(TARGET_PREFIX.length)
    const handler = ecsHandlers[operation]
    if (!handler) return notImplementedResponse('ecs', operation)
    let input: unknown
    try {
      input = parse(request)
    } catch (error) {
      return reply(400, {__type: 'SerializationException', message: `Malformed JSON: ${(error as Error).message}`})
    }
    const scope = scopeOf(context)
    seedRegion(scope)
    try {
      return reply(200, handler(scope, input as never) ?? {})
    } catch (error) {
      if (error instanceof EcsError) return reply(error.status, {__type: error.type, message: error.message})
      throw error
    }
  },
}

export {advanceEcs} from './scheduler.js'
export {createCluster, instancesOf} from './clusters.js'
