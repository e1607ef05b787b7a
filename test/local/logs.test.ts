import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {logsService} from '../../src/local/logs/index.js'
import {appendLogEvents, emptyLogsState} from '../../src/local/logs/state.js'
import {matchesFilterPattern} from '../../src/local/logs/operations.js'
import {type ServiceHarness, startServiceHarness} from './support/service-harness.js'
import {CREDENTIALS, REGION} from '../support/local-aws.js'

let harness: ServiceHarness
let logs: CloudWatchLogsClient

beforeAll(async () => {
  harness = await startServiceHarness([logsService])
  logs = new CloudWatchLogsClient({region: REGION, endpoint: harness.endpoint, credentials: CREDENTIALS, maxAttempts: 1})
})
afterAll(async () => {
  logs.destroy()
  await harness.close()
})
beforeEach(() => {
  harness.world.logs = emptyLogsState()
})

describe('log groups', () => {
  it('creates, lists with a prefix, sets retention and deletes', async () => {
    await logs.send(new CreateLogGroupCommand({logGroupName: '/ecs/web'}))
    await logs.send(new CreateLogGroupCommand({logGroupName: '/ecs/worker'}))
    await logs.send(new CreateLogGroupCommand({logGroupName: '/other'}))
    await logs.send(new PutRetentionPolicyCommand({logGroupName: '/ecs/web', retentionInDays: 14}))
    const listed = await logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/ecs/'}))
    expect(listed.logGroups?.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([
      ['/ecs/web', 14],
      ['/ecs/worker', undefined],
    ])
    expect(listed.logGroups?.[0]?.arn).toBe('arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/web:*')
    expect(listed.logGroups?.[0]?.creationTime).toBe(harness.now)
    await logs.send(new DeleteRetentionPolicyCommand({logGroupName: '/ecs/web'}))
    await logs.send(new DeleteLogGroupCommand({logGroupName: '/ecs/worker'}))
    const after = await logs.send(new DescribeLogGroupsCommand({}))
    expect(after.logGroups?.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([
      ['/ecs/web', undefined],
      ['/other', undefined],
    ])
  })

  it('rejects duplicates, missing groups and bad retention with typed exceptions', async () => {
    await logs.send(new CreateLogGroupCommand({logGroupName: 'g'}))
    await expect(logs.send(new CreateLogGroupCommand({logGroupName: 'g'}))).rejects.toBeInstanceOf(ResourceAlreadyExistsException)
    await expect(logs.send(new DeleteLogGroupCommand({logGroupName: 'missing'}))).rejects.toThrow(ResourceNotFoundException)
    await expect(logs.send(new DeleteLogGroupCommand({logGroupName: 'missing'}))).rejects.toThrow('The specified log group does not exist.')
    await expect(logs.send(new PutRetentionPolicyCommand({logGroupName: 'g', retentionInDays: 2}))).rejects.toBeInstanceOf(InvalidParameterException)
    await expect(logs.send(new CreateLogGroupCommand({logGroupName: 'bad name!'}))).rejects.toBeInstanceOf(InvalidParameterException)
  })

  it('pages DescribeLogGroups with the SDK paginator', async () => {
    for (let i = 0; i < 7; i++) await logs.send(new CreateLogGroupCommand({logGroupName: `g-${i}`}))
    const pages: string[][] = []
    for await (const page of paginateDescribeLogGroups({client: logs, pageSize: 3}, {})) {
      pages.push(page.logGroups?.map((g) => g.logGroupName ?? '') ?? [])
    }
    expect(pages).toEqual([['g-0', 'g-1', 'g-2'], ['g-3', 'g-4', 'g-5'], ['g-6']])
  })
})

describe('streams and events', () => {
  beforeEach(async () => {
    await logs.send(new CreateLogGroupCommand({logGroupName: '/ecs/web'}))
  })

  it('puts events and reads them back from the head, then forward until the token repeats', async () => {
    await logs.send(new CreateLogStreamCommand({logGroupName: '/ecs/web', logStreamName: 'app/web/1'}))
    await expect(logs.send(new CreateLogStreamCommand({logGroupName: '/ecs/web', logStreamName: 'app/web/1'}))).rejects.toBeInstanceOf(
      ResourceAlreadyExistsException,
    )
    const events = [1, 2, 3, 4, 5].map((n) => ({timestamp: 1000 * n, message: `line ${n}`}))
    await logs.send(new PutLogEventsCommand({logGroupName: '/ecs/web', logStreamName: 'app/web/1', logEvents: events}))

    const first = await logs.send(new GetLogEventsCommand({logGroupName: '/ecs/web', logStreamName: 'app/web/1', startFromHead: true, limit: 2}))
    expect(first.events?.map((e) => e.message)).toEqual(['line 1', 'line 2'])
    const second = await logs.send(
      new GetLogEventsCommand({logGroupName: '/ecs/web', logStreamName: 'app/web/1', nextToken: first.nextForwardToken, limit: 10}),
    )
    expect(second.events?.map((e) => e.message)).toEqual(['line 3', 'line 4', 'line 5'])
    const end = await logs.send(new GetLogEventsCommand({logGroupName: '/ecs/web', logStreamName: 'app/web/1', nextToken: second.nextForwardToken}))
    expect(end.events).toEqual([])
    expect(end.nextForwardToken).toBe(second.nextForwardToken)

    const tail = await logs.send(new GetLogEventsCommand({logGroupName: '/ecs/web', logStreamName: 'app/web/1', limit: 2}))
    expect(tail.events?.map((e) => e.message)).toEqual(['line 4', 'line 5'])
    expect(tail.events?.[0]?.ingestionTime).toBe(harness.now)

    const streams = await logs.send(new DescribeLogStreamsCommand({logGroupName: '/ecs/web'}))
    expect(streams.logStreams?.[0]).toMatchObject({logStreamName: 'app/web/1', firstEventTimestamp: 1000, lastEventTimestamp: 5000})
  })

  it('rejects events out of order and writes to missing streams', async () => {
    await expect(
      logs.send(new PutLogEventsCommand({logGroupName: '/ecs/web', logStreamName: 'nope', logEvents: [{timestamp: 1, message: 'x'}]})),
    ).rejects.toThrow('The specified log stream does not exist.')
    await logs.send(new CreateLogStreamCommand({logGroupName: '/ecs/web', logStreamName: 's'}))
    await expect(
      logs.send(
        new PutLogEventsCommand({
          logGroupName: '/ecs/web',
          logStreamName: 's',
          logEvents: [
            {timestamp: 2, message: 'b'},
            {timestamp: 1, message: 'a'},
          ],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException)
  })

  it('filters events across streams by name, time window and pattern, with pagination', async () => {
    expect(
      appendLogEvents(harness.world, REGION, '/ecs/web', 'app/web/a', [
        {timestamp: 10, message: 'GET /health 200'},
        {timestamp: 30, message: 'ERROR boom'},
      ]),
    ).toBe(true)
    expect(
      appendLogEvents(harness.world, REGION, '/ecs/web', 'app/web/b', [
        {timestamp: 20, message: 'GET / 200'},
        {timestamp: 40, message: 'ERROR again'},
      ]),
    ).toBe(true)
    expect(appendLogEvents(harness.world, REGION, '/ecs/missing', 's', [{timestamp: 1, message: 'lost'}])).toBe(false)
    expect(harness.world.logs.regions[REGION]?.['/ecs/missing']).toBeUndefined()

    const all = await logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web'}))
    expect(all.events?.map((e) => [e.logStreamName, e.timestamp])).toEqual([
      ['app/web/a', 10],
      ['app/web/b', 20],
      ['app/web/a', 30],
      ['app/web/b', 40],
    ])
    const onlyB = await logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web', logStreamNames: ['app/web/b'], startTime: 25}))
    expect(onlyB.events?.map((e) => e.message)).toEqual(['ERROR again'])
    const errors = await logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web', filterPattern: 'ERROR'}))
    expect(errors.events?.map((e) => e.message)).toEqual(['ERROR boom', 'ERROR again'])

    const page1 = await logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web', limit: 3}))
    expect(page1.events).toHaveLength(3)
    const page2 = await logs.send(new FilterLogEventsCommand({logGroupName: '/ecs/web', limit: 3, nextToken: page1.nextToken}))
    expect(page2.events?.map((e) => e.message)).toEqual(['ERROR again'])
    expect(page2.nextToken).toBeUndefined()

    await logs.send(new DeleteLogStreamCommand({logGroupName: '/ecs/web', logStreamName: 'app/web/a'}))
    const left = await logs.send(new DescribeLogStreamsCommand({logGroupName: '/ecs/web'}))
    expect(left.logStreams?.map((s) => s.logStreamName)).toEqual(['app/web/b'])
  })
})

describe('matchesFilterPattern', () => {
  it('needs every term and keeps quoted phrases together', () => {
    expect(matchesFilterPattern('ERROR db', 'ERROR: db down')).toBe(true)
    expect(matchesFilterPattern('ERROR db', 'ERROR: cache down')).toBe(false)
    expect(matchesFilterPattern('"db down"', 'ERROR: db down')).toBe(true)
    expect(matchesFilterPattern('"db up"', 'ERROR: db down')).toBe(false)
  })
})
