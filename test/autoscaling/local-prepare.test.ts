import {DescribeAlarmsCommand} from '@aws-sdk/client-cloudwatch'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {createDeps, type Deps} from '../../src/app/deps.js'
import {prepareLocal} from '../../src/app/local-prepare.js'
import {VirtualClock} from '../../src/clock.js'
import {loadApp} from '../../src/definition/load.js'
import {type LocalAws, startLocalAws} from '../../src/local/index.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {extStr, SCALED, STEP} from './support.js'

let local: LocalAws
let reporter: MemoryReporter
let deps: Deps

beforeEach(async () => {
  const clock = new VirtualClock()
  local = await startLocalAws({clock})
  reporter = new MemoryReporter()
  deps = await createDeps({reporter, local, clock, maxAttempts: 1})
})

afterEach(async () => {
  await deps.close()
  await local.close()
})

describe('--local preparation for scheduler.autoscaling', () => {
  it('creates the alarms the step scaling policies are bound to, once, as the account would have them', async () => {
    const app = await loadApp(SCALED, {mode: 'placeholder', extStr: extStr({policies: [STEP, {...STEP, alarms: ['scaled-memory-high', 'scaled-cpu-high']}]})})

    await prepareLocal(local, app, reporter)
    await prepareLocal(local, app, reporter)

    expect(reporter.messages('info')).toEqual([
      'local: created cluster scaled with 3 container instances',
      'local: created CloudWatch alarm scaled-cpu-high',
      'local: created CloudWatch alarm scaled-memory-high',
    ])
    const alarms = (await deps.aws('ap-northeast-1').cloudWatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []
    expect(alarms.map((a) => [a.AlarmName, a.MetricName, a.Dimensions?.map((d) => d.Value)])).toEqual([
      ['scaled-cpu-high', 'CPUUtilization', ['scaled', 'scaled']],
      ['scaled-memory-high', 'CPUUtilization', ['scaled', 'scaled']],
    ])
  })
})
