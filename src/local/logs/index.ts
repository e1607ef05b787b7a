/**
 * CloudWatch Logs behind awsJson1_1: `POST /` with `X-Amz-Target: Logs_20140328.<Op>`.
 */
import type {LocalContext, LocalRequest, LocalResponse, LocalService} from '../types.js'
import * as ops from './operations.js'
import {LogsError} from './operations.js'

const TARGET_PREFIX = 'Logs_20140328.'

type Handler = (input: Record<string, unknown>, context: LocalContext) => Record<string, unknown>

const OPERATIONS: Record<string, Handler> = {
  CreateLogGroup: ops.createLogGroup,
  DeleteLogGroup: ops.deleteLogGroup,
  DescribeLogGroups: ops.describeLogGroups,
  PutRetentionPolicy: ops.putRetentionPolicy,
  DeleteRetentionPolicy: ops.deleteRetentionPolicy,
  CreateLogStream: ops.createLogStream,
  DeleteLogStream: ops.deleteLogStream,
  DescribeLogStreams: ops.describeLogStreams,
  PutLogEvents: ops.putLogEvents,
  GetLogEvents: ops.getLogEvents,
  FilterLogEvents: ops.filterLogEvents,
}

function target(request: LocalRequest): string {
  const header = request.headers['x-amz-target']
  return typeof header === 'string' ? header : ''
}

function json(status: number, body: unknown): LocalResponse {
  return {status, headers: {'content-type': 'application/x-amz-json-1.1'}, body: JSON.stringify(body)}
}

function parseInput(request: LocalRequest): Record<string, unknown> {
  const text = request.body.toString('utf8')
  if (text.trim() === '') return {}
  const parsed: unknown = JSON.parse(text)
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}
}

export const logsService: LocalService = {
  name: 'logs',
  matches: (request) => target(request).startsWith(TARGET_PREFIX),
  operation: (request) => target(request).slice(TARGET_PREFIX.length),
  input: (request) => {
    try {
      return parseInput(request)
    } catch {
      return {}
    }
  },
  handle(request, context) {
    const operation = target(request).slice(TARGET_PREFIX.length)
    const handler = OPERATIONS[operation]
    if (!handler) return {status: 501, body: `Unsupported operation logs:${operation}`}
    let input: Record<string, unknown>
    try {
      input = parseInput(request)
    } catch {
      return json(400, {__type: 'SerializationException', message: 'The request body is not valid JSON.'})
    }
    try {
      return json(200, handler(input, context))
    } catch (error) {
      if (error instanceof LogsError) return json(400, {__type: error.type, message: error.message})
      throw error
    }
  },
}
