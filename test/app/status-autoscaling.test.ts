import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {status} from '../../src/app/status.js'
import {renderStatus} from '../../src/ui/status-report.js'
import {apply, createAlarm, deployScaled, extStr, plan, SCALED, WITHOUT} from '../autoscaling/support.js'
import {startTestApp, type TestApp} from '../support/app.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['scaled']})
  await createAlarm(env)
})

afterEach(async () => {
  await env.close()
})

describe('hako status of an autoscaled service against the local AWS', () => {
  it('reports the scalable target, its policies and the activity that brought the count to min_capacity', async () => {
    await deployScaled(env, {}, WITHOUT)
    const before = (await status(env.deps, {file: SCALED, extStr: extStr()})).report
    expect(before.available && before.autoscaling).toEqual({registered: false})
    await apply(await plan(env))

    const {report} = await status(env.deps, {file: SCALED, extStr: extStr()})

    if (!report.available || !report.autoscaling?.registered) throw new Error('expected a registered scalable target')
    expect(report.autoscaling).toMatchObject({resourceId: 'service/scaled/scaled', minCapacity: 2, maxCapacity: 4, suspended: []})
    expect(report.autoscaling.policies).toEqual([
      {name: 'scaled-cpu-high', type: 'StepScaling', managedByHako: true, summary: 'ChangeInCapacity 1, cooldown 60, alarms scaled-cpu-high'},
      {name: 'scaled-cpu-tracking', type: 'TargetTrackingScaling', managedByHako: true, summary: 'ECSServiceAverageCPUUtilization target 60'},
    ])
    expect(report.autoscaling.activities).toHaveLength(1)
    expect(report.autoscaling.activities[0]).toMatchObject({statusCode: 'Successful', description: 'Setting desired count to 2.'})
    const text = renderStatus(report)
    expect(text).toContain('Autoscaling:\n  Scalable target: service/scaled/scaled min_capacity=2, max_capacity=4\n  Policy: scaled-cpu-high (StepScaling)')
    expect(text).toMatch(
      /\n {2}\[\S+ - \S+\] Successfully set desired count to 2\. Change successfully fulfilled by ecs\.\n {4}description: Setting desired count to 2\.\n {4}cause: At \S+ minimum capacity was set to 2/,
    )
    expect(text.endsWith('Service Discovery: No\n')).toBe(true)
  })
})
