import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {idsNamedMissing, INSTANCE_BATCH, instanceNames} from '../../src/app/instance-names.js'
import {ensureAutoScalingGroup} from '../../src/local/autoscaling/state.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['fleet']})
})

afterEach(async () => {
  await env.close()
})

describe('instanceNames', () => {
  it('asks DescribeInstances for at most 1000 ids at a time', async () => {
    await env.local.mutate((world) => {
      ensureAutoScalingGroup(world, 'fleet-asg', {cluster: 'fleet', region: REGION, min: 0, max: 1001, desired: 1001})
    })
    const ids = await env.local.read((world) => Object.values(world.autoscaling.groups).flatMap((g) => g.instances.map((i) => i.instanceId)))
    expect(ids).toHaveLength(INSTANCE_BATCH + 1)
    env.local.resetCalls()

    const names = await instanceNames(env.deps.aws(REGION), ids, env.reporter)

    const sizes = env.local.calls().map((call) => Object.keys((call.input as {InstanceId: Record<string, string>}).InstanceId).length)
    expect(sizes).toEqual([1000, 1])
    expect(names.size).toBe(1001)
    expect(new Set(names.values())).toEqual(new Set(['fleet-asg']))
  })

  it('makes no call for no instances', async () => {
    env.local.resetCalls()
    expect(await instanceNames(env.deps.aws(REGION), [], env.reporter)).toEqual(new Map())
    expect(env.local.calls()).toEqual([])
  })
})

describe('idsNamedMissing', () => {
  it("reads the ids out of EC2's not-found messages", () => {
    expect(idsNamedMissing("The instance ID 'i-0123456789abcdef0' does not exist")).toEqual(['i-0123456789abcdef0'])
    expect(idsNamedMissing("The instance IDs 'i-0a, i-0b' do not exist")).toEqual(['i-0a', 'i-0b'])
    expect(idsNamedMissing('Something else')).toEqual([])
  })
})
