import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {checkDefinition} from '../../src/definition/check.js'

const dir = mkdtempSync(join(tmpdir(), 'hako-autoscaling-rules-'))
const step = (alarms: string[]) => ({alarms, cooldown: 60, adjustment_type: 'ChangeInCapacity', scaling_adjustment: 1, metric_aggregation_type: 'Average'})

async function problems(autoscaling: unknown) {
  const raw = {scheduler: {type: 'ecs', region: 'ap-northeast-1', desired_count: 1, autoscaling}, app: {image: 'busybox', memory: 64}}
  return (await checkDefinition(raw, {mode: 'placeholder', appId: 'web', dir})).problems
}

describe('scheduler.autoscaling rules', () => {
  it('accepts a definition without role_arn (AWS then uses its service-linked role) and warns about nothing', async () => {
    expect(await problems({min_capacity: 1, max_capacity: 2, policies: [step(['a'])]})).toEqual([])
  })

  it('refuses two policies with the same name, naming both', async () => {
    const found = await problems({
      min_capacity: 1,
      max_capacity: 2,
      policies: [
        step(['a', 'b']),
        {policy_type: 'TargetTrackingScaling', name: 'a-and-b', target_value: 50, predefined_metric_type: 'ECSServiceAverageCPUUtilization'},
      ],
    })
    expect(found).toEqual([{path: 'scheduler.autoscaling.policies[1]', message: 'has the same policy name as policies[0]: a-and-b', severity: 'error'}])
  })

  it('refuses more policies than the scalable target has tags to mark them with', async () => {
    const found = await problems({min_capacity: 1, max_capacity: 2, policies: Array.from({length: 50}, (_, i) => step([`alarm-${i}`]))})
    expect(found).toEqual([{path: 'scheduler.autoscaling.policies', message: 'has 50 policies; at most 49 are supported', severity: 'error'}])
  })

  it("reports hako's 'must be set' for a missing capacity", async () => {
    const found = await problems({max_capacity: 2, policies: []})
    expect(found).toContainEqual(expect.objectContaining({path: 'scheduler.autoscaling.min_capacity', message: 'must be set', severity: 'error'}))
  })
})
