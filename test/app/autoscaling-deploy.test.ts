/**
 * `scheduler.autoscaling` through `hako deploy`: the first deploy starts the service at
 * min_capacity and registers the target and both policies; the next deploy writes nothing to
 * Application Auto Scaling or CloudWatch; a policy taken out of the definition is deleted; a
 * count the scaler set survives a redeploy.
 */
import {DescribeScalingPoliciesCommand} from '@aws-sdk/client-application-auto-scaling'
import {DescribeServicesCommand, UpdateServiceCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy} from '../../src/app/deploy.js'
import {createAlarm, extStr, SCALED, scalingWrites, STEP, type Scaling} from '../autoscaling/support.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['scaled']})
  await createAlarm(env)
})

afterEach(async () => {
  await env.close()
})

async function run(scaling: Scaling = {}) {
  await env.renew()
  const result = await deploy(env.deps, {file: SCALED, extStr: extStr(scaling), timeoutSec: 1200, toolVersion: 'test'})
  expect(result.exitCode).toBe(0)
  return result
}
const desiredCount = async () =>
  (await env.deps.aws(REGION).ecs.send(new DescribeServicesCommand({cluster: 'scaled', services: ['scaled']}))).services?.[0]?.desiredCount
const policyNames = async () =>
  (
    (await env.deps.aws(REGION).applicationAutoScaling.send(new DescribeScalingPoliciesCommand({ServiceNamespace: 'ecs', ResourceId: 'service/scaled/scaled'})))
      .ScalingPolicies ?? []
  )
    .map((p) => p.PolicyName)
    .sort()

describe('autoscaling through deploy', () => {
  it('starts at min_capacity, then writes nothing when nothing changed', async () => {
    const first = await run({min_capacity: 3, max_capacity: 6})
    expect(first.actions.filter((a) => a.kind.startsWith('scal')).map((a) => `${a.kind}:${a.change}`)).toEqual([
      'scalable-target:create',
      'scaling-policy:create',
      'scaling-policy:create',
    ])
    expect(env.local.calls().find((c) => c.operation === 'CreateService')?.input).toMatchObject({desiredCount: 3})
    expect(await desiredCount()).toBe(3)
    expect(await policyNames()).toEqual(['scaled-cpu-high', 'scaled-cpu-tracking'])

    env.local.resetCalls()
    const second = await run({min_capacity: 3, max_capacity: 6})
    expect(second).toMatchObject({outcome: 'unchanged', actions: []})
    expect(scalingWrites(env)).toEqual([])
  })

  it('deletes a policy the definition no longer lists, and keeps the count the scaler set', async () => {
    await run()
    // As Application Auto Scaling would: the scaler moved the count within [min, max].
    await env.deps.aws(REGION).ecs.send(new UpdateServiceCommand({cluster: 'scaled', service: 'scaled', desiredCount: 4}))
    const result = await run({policies: [STEP]})
    expect(result.actions.map((a) => `${a.kind}:${a.change}:${a.resource}`)).toEqual(['scaling-policy:delete:scaled-cpu-tracking'])
    expect(await policyNames()).toEqual(['scaled-cpu-high'])
    expect(await desiredCount()).toBe(4)
  })
})
