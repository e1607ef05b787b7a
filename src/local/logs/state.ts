/**
 * The CloudWatch Logs slice of the world: log groups per region, their streams and events.
 */
import type {World} from '../world.js'

export interface LogEventState {
  timestamp: number
  message: string
  ingestionTime: number
}

export interface LogStreamState {
  name: string
  createdAt: number
  events: LogEventState[]
}

export interface LogGroupState {
  name: string
  createdAt: number
  retentionInDays?: number
  tags: Record<string, string>
  streams: Record<string, LogStreamState>
}

export interface LogsState {
  /** region → group name → group */
  regions: Record<string, Record<string, LogGroupState>>
}

export function emptyLogsState(): LogsState {
  return {regions: {}}
}

export function logGroups(world: World, region: string): Record<string, LogGroupState> {
  let groups = world.logs.regions[region]
  if (!groups) {
    groups = {}
    world.logs.regions[region] = groups
  }
  return groups
}

/**
 * Writes events the way the awslogs driver does. Creates the stream if missing; writes nothing
 * and returns false when the group does not exist (a task whose group is missing fails on ECS).
 */
export function appendLogEvents(world: World, region: string, group: string, stream: string, events: {timestamp: number; message: string}[]): boolean {
  const logGroup = world.logs.regions[region]?.[group]
  if (!logGroup) return false
  const ingestionTime = events.reduce((latest, event) => Math.max(latest, event.timestamp), 0)
  let logStream = logGroup.streams[stream]
  if (!logStream) {
    logStream = {name: stream, createdAt: events[0]?.timestamp ?? ingestionTime, events: []}
    logGroup.streams[stream] = logStream
  }
  insertEvents(
    logStream,
    events.map((event) => ({...event, ingestionTime})),
  )
  return true
}

/** Keeps a stream's events ordered by timestamp (stable for equal timestamps). */
export function insertEvents(stream: LogStreamState, events: LogEventState[]): void {
  for (const event of events) {
    let index = stream.events.length
    while (index > 0 && (stream.events[index - 1]?.timestamp ?? 0) > event.timestamp) index -= 1
    stream.events.splice(index, 0, event)
  }
}
