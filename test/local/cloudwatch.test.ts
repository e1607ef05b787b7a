import {
  CloudWatchServiceException,
  DescribeAlarmsCommand,
  paginateDescribeAlarms,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {startTestAws, type TestAws} from '../support/local-aws.js'
import {rejection} from '../support/rejection.js'

const ALARM: PutMetricAlarmCommandInput = {
  AlarmName: 'cpu-high',
  MetricName: 'CPUUtilization',
  Namespace: 'AWS/ECS',
  Statistic: 'Average',
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 80,
  ComparisonOperator: 'GreaterThanThreshold',
}

let t: TestAws

beforeEach(async () => {
  t = await startTestAws()
})

afterEach(async () => {
  await t.close()
})

const failure = (run: Promise<unknown>): Promise<CloudWatchServiceException> => rejection(run, CloudWatchServiceException)

describe('local CloudWatch alarms', () => {
  it("keeps an alarm's state and tags when it is put again, and replaces its configuration", async () => {
    const cw = t.clients.cloudWatch
    await cw.send(new PutMetricAlarmCommand({...ALARM, Tags: [{Key: 'team', Value: 'web'}], TreatMissingData: 'breaching', DatapointsToAlarm: 1}))
    t.clock.advance(60_000)
    await cw.send(new PutMetricAlarmCommand({...ALARM, Threshold: 90}))

    const alarm = (await cw.send(new DescribeAlarmsCommand({AlarmNames: ['cpu-high']}))).MetricAlarms?.[0]
    expect(alarm).toMatchObject({Threshold: 90, StateValue: 'INSUFFICIENT_DATA', ActionsEnabled: true, AlarmActions: []})
    expect(alarm?.TreatMissingData).toBeUndefined()
    expect(alarm?.AlarmConfigurationUpdatedTimestamp?.getTime()).toBeGreaterThan(alarm?.StateUpdatedTimestamp?.getTime() ?? Infinity)
    expect(await t.local.read((world) => Object.values(world.cloudwatch.alarms)[0]?.tags)).toEqual([{Key: 'team', Value: 'web'}])
  })

  it('names the query error code of a rejected alarm, as the awsQuery-compatible protocol does', async () => {
    const error = await failure(t.clients.cloudWatch.send(new PutMetricAlarmCommand({...ALARM, Statistic: 'Average', ExtendedStatistic: 'p99'})))

    expect(error.name).toBe('InvalidParameterCombinationException')
    expect((error as unknown as {Code?: string}).Code).toBe('InvalidParameterCombination')
    expect(error.$metadata.httpStatusCode).toBe(400)
  })

  it('answers declared faults in its own JSON shape', async () => {
    t.local.faults.operation('cloudwatch:DescribeAlarms', {rejectNext: {count: 1, type: 'AccessDenied', message: 'not allowed'}})

    const error = await failure(t.clients.cloudWatch.send(new DescribeAlarmsCommand({})))

    expect([error.name, error.message]).toEqual(['AccessDenied', 'not allowed'])
  })

  it('refuses AlarmNames with AlarmNamePrefix, and pages by MaxRecords in name order', async () => {
    const cw = t.clients.cloudWatch
    for (const name of ['c', 'a', 'b']) await cw.send(new PutMetricAlarmCommand({...ALARM, AlarmName: name}))

    const combined = await failure(cw.send(new DescribeAlarmsCommand({AlarmNames: ['a'], AlarmNamePrefix: 'a'})))
    expect(combined.name).toBe('InvalidParameterCombinationException')
    const names: string[] = []
    for await (const page of paginateDescribeAlarms({client: cw, pageSize: 2}, {})) names.push(...(page.MetricAlarms ?? []).map((a) => a.AlarmName ?? ''))
    expect(names).toEqual(['a', 'b', 'c'])
  })
})
