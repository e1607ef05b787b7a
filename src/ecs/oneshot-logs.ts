/**
 * Streams the `app` container's awslogs stream to stdout while the oneshot task runs. Reading by
 * nextForwardToken means each event is printed exactly once, however often we poll.
 */
import {taskIdOf} from './diagnostics.js'
import {type CloudWatchLogsClient, GetLogEventsCommand} from '@aws-sdk/client-cloudwatch-logs'

import type {Container} from '../definition/types.js'
import {isAwsError} from '../errors.js'
import type {Reporter} from '../ui/reporter.js'
import {isThrottling, isTransient} from '../aws/retryable.js'

export interface AwslogsStream {
  region: string
  group: string
  stream: string
}

/**
 * Where ECS's awslogs driver writes this container's output: `<prefix>/<container>/<task id>`.
 * Undefined when it does not log with awslogs, or has no stream prefix (the stream is then named
 * after the Docker container id, which the ECS API does not reveal).
 */
export function awslogsStreamOf(container: Container, taskArn: string, defaultRegion: string): AwslogsStream | undefined {
  const log = container.log_configuration
  if (log?.log_driver !== 'awslogs') return undefined
  const group = log.options?.['awslogs-group']
  const prefix = log.options?.['awslogs-stream-prefix']
  if (!group || !prefix) return undefined
  return {
    region: log.options?.['awslogs-region'] ?? defaultRegion,
    group,
    stream: `${prefix}/${container.name}/${taskIdOf(taskArn)}`,
  }
}

/** Enough pages for one poll; the rest comes at the next poll. */
const MAX_PAGES_PER_POLL = 50

export class LogTail {
  private nextToken: string | undefined
  private disabled = false
  private printed = 0

  constructor(
    private readonly logs: CloudWatchLogsClient,
    readonly target: AwslogsStream,
    private readonly reporter: Reporter,
  ) {}

  /** Lines printed so far. */
  get lines(): number {
    return this.printed
  }

  /** Prints the events that arrived since the last poll; returns how many. Never throws. */
  async poll(): Promise<number> {
    if (this.disabled) return 0
    let count = 0
    for (let page = 0; page < MAX_PAGES_PER_POLL; page += 1) {
      let output
      try {
        output = await this.logs.send(
          new GetLogEventsCommand({
            logGroupName: this.target.group,
            logStreamName: this.target.stream,
            startFromHead: true,
            ...(this.nextToken === undefined ? {} : {nextToken: this.nextToken}),
          }),
        )
      } catch (error) {
        // The stream appears only when the container writes its first line.
        if (isAwsError(error, 'ResourceNotFoundException') || isThrottling(error) || isTransient(error)) return count
        this.disabled = true
        const reason = error instanceof Error ? error.message : String(error)
        this.reporter.warn(`Cannot read the app's logs (GetLogEvents ${this.target.group} ${this.target.stream}): ${reason}; the task keeps running`)
        return count
      }
      for (const event of output.events ?? []) {
        this.reporter.output(event.message ?? '')
        count += 1
      }
      const token = output.nextForwardToken
      // At the end of the stream the service hands back the token it was given.
      const atEnd = token === undefined || token === this.nextToken || (output.events ?? []).length === 0
      if (token !== undefined) this.nextToken = token
      if (atEnd) break
    }
    this.printed += count
    return count
  }
}
