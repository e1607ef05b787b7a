/**
 * CloudWatch Logs operations on the world. Each takes the parsed awsJson input and returns the
 * reply object; failures throw LogsError, which the adapter turns into `{"__type": …}`.
 */
import {JsonServiceError} from '../json-error.js'
import type {LocalContext} from '../types.js'
import {insertEvents, logGroups, type LogGroupState, type LogStreamState} from './state.js'

export class LogsError extends JsonServiceError {}

type Input = Record<string, unknown>
type Output = Record<string, unknown>

const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]
const NAME_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/

function str(input: Input, key: string, required = true): string {
  const value = input[key]
  if (typeof value === 'string' && value !== '') return value
  if (!required && value === undefined) return ''
  throw new LogsError('InvalidParameterException', `1 validation error detected: Value at '${key}' failed to satisfy constraint: Member must not be null`)
}

function num(input: Input, key: string): number | undefined {
  const value = input[key]
  return typeof value === 'number' ? value : undefined
}

function pageLimit(input: Input, max: number): number {
  const limit = num(input, 'limit') ?? max
  if (limit < 1 || limit > max) {
    throw new LogsError(
      'InvalidParameterException',
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    )
  }
  return limit
}

function groupArn(context: LocalContext, name: string): string {
  return `arn:aws:logs:${context.region}:${context.accountId}:log-group:${name}`
}

function findGroup(context: LocalContext, name: string): LogGroupState {
  const group = logGroups(context.world, context.region)[name]
  if (!group) throw new LogsError('ResourceNotFoundException', 'The specified log group does not exist.')
  return group
}

function findStream(group: LogGroupState, name: string): LogStreamState {
  const stream = group.streams[name]
  if (!stream) throw new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.')
  return stream
}

const encodeToken = (value: string): string => Buffer.from(value, 'utf8').toString('base64url')
function decodeToken(token: unknown): string | undefined {
  if (typeof token !== 'string' || token === '') return undefined
  return Buffer.from(token, 'base64url').toString('utf8')
}

export function createLogGroup(input: Input, context: LocalContext): Output {
  const name = str(input, 'logGroupName')
  if (!NAME_PATTERN.test(name)) {
    throw new LogsError(
      'InvalidParameterException',
      `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
    )
  }
  const groups = logGroups(context.world, context.region)
  if (groups[name]) throw new LogsError('ResourceAlreadyExistsException', 'The specified log group already exists')
  groups[name] = {name, createdAt: context.now(), tags: {...((input.tags as Record<string, string> | undefined) ?? {})}, streams: {}}
  return {}
}

export function deleteLogGroup(input: Input, context: LocalContext): Output {
  const name = str(input, 'logGroupName')
  findGroup(context, name)
  delete logGroups(context.world, context.region)[name]
  return {}
}

export function describeLogGroups(input: Input, context: LocalContext): Output {
  const prefix = str(input, 'logGroupNamePrefix', false)
  const limit = pageLimit(input, 50)
  const after = decodeToken(input.nextToken)
  const names = Object.keys(logGroups(context.world, context.region))
    .filter((name) => name.startsWith(prefix) && (after === undefined || name > after))
    .sort()
  const page = names.slice(0, limit)
  const groups = logGroups(context.world, context.region)
  return {
    logGroups: page.map((name) => {
      const group = groups[name] as LogGroupState
      return {
        logGroupName: group.name,
        creationTime: group.createdAt,
        ...(group.retentionInDays === undefined ? {} : {retentionInDays: group.retentionInDays}),
        metricFilterCount: 0,
        arn: `${groupArn(context, group.name)}:*`,
        logGroupArn: groupArn(context, group.name),
        storedBytes: 0,
        logGroupClass: 'STANDARD',
      }
    }),
    ...(names.length > limit ? {nextToken: encodeToken(page[page.length - 1] ?? '')} : {}),
  }
}

export function putRetentionPolicy(input: Input, context: LocalContext): Output {
  const group = findGroup(context, str(input, 'logGroupName'))
  const days = num(input, 'retentionInDays')
  if (days === undefined || !RETENTION_DAYS.includes(days)) {
    throw new LogsError(
      'InvalidParameterException',
      `1 validation error detected: Value '${String(days)}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
    )
  }
  group.retentionInDays = days
  return {}
}

export function deleteRetentionPolicy(input: Input, context: LocalContext): Output {
  delete findGroup(context, str(input, 'logGroupName')).retentionInDays
  return {}
}

export function createLogStream(input: Input, context: LocalContext): Output {
  const group = findGroup(context, str(input, 'logGroupName'))
  const name = str(input, 'logStreamName')
  if (name.includes(':') || name.includes('*') || name.length > 512) {
    throw new LogsError(
      'InvalidParameterException',
      `1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
    )
  }
  if (group.streams[name]) throw new LogsError('ResourceAlreadyExistsException', 'The specified log stream already exists')
  group.streams[name] = {name, createdAt: context.now(), events: []}
  return {}
}

export function deleteLogStream(input: Input, context: LocalContext): Output {
  const group = findGroup(context, str(input, 'logGroupName'))
  const name = str(input, 'logStreamName')
  findStream(group, name)
  delete group.streams[name]
  return {}
}

export function describeLogStreams(input: Input, context: LocalContext): Output {
  const groupName = str(input, 'logGroupName')
  const group = findGroup(context, groupName)
  const prefix = str(input, 'logStreamNamePrefix', false)
  const byTime = input.orderBy === 'LastEventTime'
  if (byTime && prefix !== '') {
    throw new LogsError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.')
  }
  const limit = pageLimit(input, 50)
  const offset = Number(decodeToken(input.nextToken) ?? '0')
  const lastEvent = (s: LogStreamState): number => s.events[s.events.length - 1]?.timestamp ?? 0
  const streams = Object.values(group.streams)
    .filter((s) => s.name.startsWith(prefix))
    .sort((a, b) => (byTime ? lastEvent(a) - lastEvent(b) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  if (input.descending === true) streams.reverse()
  const page = streams.slice(offset, offset + limit)
  return {
    logStreams: page.map((s) => ({
      logStreamName: s.name,
      creationTime: s.createdAt,
      ...(s.events.length > 0
        ? {
            firstEventTimestamp: s.events[0]?.timestamp,
            lastEventTimestamp: lastEvent(s),
            lastIngestionTime: Math.max(...s.events.map((e) => e.ingestionTime)),
          }
        : {}),
      arn: `${groupArn(context, groupName)}:log-stream:${s.name}`,
      storedBytes: 0,
    })),
    ...(streams.length > offset + limit ? {nextToken: encodeToken(String(offset + limit))} : {}),
  }
}

export function putLogEvents(input: Input, context: LocalContext): Output {
  const group = findGroup(context, str(input, 'logGroupName'))
  const stream = findStream(group, str(input, 'logStreamName'))
  const events = Array.isArray(input.logEvents) ? (input.logEvents as {timestamp?: unknown; message?: unknown}[]) : []
  if (events.length === 0) {
    throw new LogsError(
      'InvalidParameterException',
      "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1",
    )
  }
  let previous = -Infinity
  for (const event of events) {
    if (typeof event.timestamp !== 'number' || typeof event.message !== 'string') {
      throw new LogsError('InvalidParameterException', 'Each log event needs a numeric timestamp and a string message.')
    }
    if (event.timestamp < previous) {
      throw new LogsError('InvalidParameterException', 'Log events in a single PutLogEvents request must be in chronological order.')
    }
    previous = event.timestamp
  }
  const ingestionTime = context.now()
  insertEvents(
    stream,
    events.map((e) => ({timestamp: e.timestamp as number, message: e.message as string, ingestionTime})),
  )
  return {nextSequenceToken: String(stream.events.length).padStart(56, '0')}
}

function inWindow(input: Input): (timestamp: number) => boolean {
  const start = num(input, 'startTime') ?? -Infinity
  const end = num(input, 'endTime') ?? Infinity
  return (timestamp) => timestamp >= start && timestamp < end
}

const forwardToken = (index: number): string => `f/${String(index).padStart(56, '0')}`
const backwardToken = (index: number): string => `b/${String(index).padStart(56, '0')}`

export function getLogEvents(input: Input, context: LocalContext): Output {
  const group = findGroup(context, str(input, 'logGroupName'))
  const stream = findStream(group, str(input, 'logStreamName'))
  const limit = pageLimit(input, 10000)
  const window = inWindow(input)
  const events = stream.events.filter((e) => window(e.timestamp))
  const token = typeof input.nextToken === 'string' ? input.nextToken : undefined
  let start: number
  let end: number
  if (token !== undefined) {
    const match = /^([fb])\/(\d+)$/.exec(token)
    if (!match) throw new LogsError('InvalidParameterException', 'The specified nextToken is invalid.')
    const index = Number(match[2])
    if (match[1] === 'f') {
      start = Math.min(index, events.length)
      end = Math.min(start + limit, events.length)
    } else {
      end = Math.min(index, events.length)
      start = Math.max(0, end - limit)
    }
  } else if (input.startFromHead === true) {
    start = 0
    end = Math.min(limit, events.length)
  } else {
    end = events.length
    start = Math.max(0, end - limit)
  }
  return {
    events: events.slice(start, end).map((e) => ({timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime})),
    nextForwardToken: forwardToken(end),
    nextBackwardToken: backwardToken(start),
  }
}

/** CloudWatch's simplest filter pattern: every term (or "quoted phrase") must appear. */
export function matchesFilterPattern(pattern: string, message: string): boolean {
  const terms = [...pattern.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
  return terms.every((term) => term === '' || message.includes(term))
}

export function filterLogEvents(input: Input, context: LocalContext): Output {
  const groupName = str(input, 'logGroupName')
  const group = findGroup(context, groupName)
  const names = Array.isArray(input.logStreamNames) ? (input.logStreamNames as string[]) : undefined
  const prefix = str(input, 'logStreamNamePrefix', false)
  if (names && prefix !== '') {
    throw new LogsError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive')
  }
  const limit = pageLimit(input, 10000)
  const window = inWindow(input)
  const pattern = typeof input.filterPattern === 'string' ? input.filterPattern : ''
  const streams = Object.values(group.streams).filter((s) => (names ? names.includes(s.name) : s.name.startsWith(prefix)))
  const events = streams
    .flatMap((s) => s.events.map((e, index) => ({stream: s.name, index, event: e})))
    .filter(({event}) => window(event.timestamp) && matchesFilterPattern(pattern, event.message))
    .sort((a, b) => a.event.timestamp - b.event.timestamp || (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : a.index - b.index))
  const offset = Number(decodeToken(input.nextToken) ?? '0')
  const page = events.slice(offset, offset + limit)
  return {
    events: page.map(({stream, index, event}) => ({
      logStreamName: stream,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: `${String(event.timestamp).padStart(20, '0')}${String(index).padStart(16, '0')}`,
    })),
    searchedLogStreams: streams.map((s) => ({logStreamName: s.name, searchedCompletely: true})),
    ...(events.length > offset + limit ? {nextToken: encodeToken(String(offset + limit))} : {}),
  }
}
