import {DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {prepareLocal} from '../../src/app/local-prepare.js'
import {loadApp} from '../../src/definition/load.js'
import {extStr, SCALED, STEP} from './support.js'
import {startTestApp, type TestApp} from '../support/app.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({asLocal: true})
})

afterEach(async () => {
  await env.close()
})

describe('--local preparation for scheduler.autoscaling', () => {
  it('creates the alarms the step scaling policies are bound to, once, as the account would have them', async () => {
    const app = await loadApp(SCALED, {mode: 'placeholder', extStr: extStr({policies: [STEP, {...STEP, alarms: ['scaled-memory-high', 'scaled-cpu-high']}]})})

    await prepareLocal(env.local, app, env.reporter)
    await prepareLocal(env.local, app, env.reporter)

    expect(env.reporter.messages('info')).toEqual([
      'local: created cluster scaled with 3 container instances',
      'local: created CloudWatch alarm scaled-cpu-high',
      'local: created CloudWatch alarm scaled-memory-high',
    ])
    const alarms = (await env.deps.aws('ap-northeast-1').cloudWatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []
    expect(alarms.map((a) => [a.AlarmName, a.MetricName, a.Dimensions?.map((d) => d.Value)])).toEqual([
      ['scaled-cpu-high', 'CPUUtilization', ['scaled', 'scaled']],
      ['scaled-memory-high', 'CPUUtilization', ['scaled', 'scaled']],
    ])
  })
})
