import {DescribeAutoScalingGroupsCommand} from '@aws-sdk/client-auto-scaling'
import {ListContainerInstancesCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {oneshot, type OneshotParams} from '../../src/app/oneshot.js'
import {TimeoutError} from '../../src/errors.js'
import {ensureAutoScalingGroup} from '../../src/local/autoscaling/state.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'
import {oneshotParams} from '../support/oneshot.js'

const FILE = 'test/fixtures/oneshot-capacity/grow.jsonnet'
const CLUSTER = 'oneshot-grow'
const GROUP = 'oneshot-grow-asg'

let env: TestApp

beforeEach(async () => {
  // As `hako --local`: the preparation step runs against this local AWS.
  env = await startTestApp({asLocal: true})
})

afterEach(async () => {
  await env.close()
})

function params(extra: Partial<OneshotParams> = {}): OneshotParams {
  return oneshotParams(FILE, ['echo', 'hi'], extra)
}

async function describeGroup() {
  const out = await env.deps.aws(REGION).autoScaling.send(new DescribeAutoScalingGroupsCommand({AutoScalingGroupNames: [GROUP]}))
  return out.AutoScalingGroups?.[0]
}

async function containerInstanceCount(): Promise<number> {
  const out = await env.deps.aws(REGION).ecs.send(new ListContainerInstancesCommand({cluster: CLUSTER}))
  return out.containerInstanceArns?.length ?? 0
}

const setDesiredCalls = () => env.local.calls().filter((c) => c.service === 'autoscaling' && c.operation === 'SetDesiredCapacity')

describe('hako oneshot growing an Auto Scaling group (local AWS end to end)', () => {
  it('grows an empty group by one instance, retries RunTask and streams the output', async () => {
    const result = await oneshot(env.deps, params())
    expect(result.exitCode).toBe(0)
    expect(env.reporter.stdout()).toBe('hi\n')

    const info = env.reporter.messages('info')
    expect(info).toContain(`local: created cluster ${CLUSTER} with 0 container instances`)
    expect(info).toContain(`local: created Auto Scaling group ${GROUP} for cluster ${CLUSTER}`)
    expect(info).toContain(`Increment desired_capacity of ${GROUP} from 0 to 1`)
    expect(info.some((m) => m.startsWith("There's remaining capacity"))).toBe(true)

    expect(setDesiredCalls().map((c) => c.input)).toEqual([{AutoScalingGroupName: GROUP, DesiredCapacity: '1'}])
    expect(env.local.count({service: 'ecs', operation: 'RunTask'})).toBe(2)
    const group = await describeGroup()
    expect(group?.DesiredCapacity).toBe(1)
    expect(group?.Instances?.map((i) => i.LifecycleState)).toEqual(['InService'])
    expect(await containerInstanceCount()).toBe(1)
  })

  it('adds a second instance only when the first is taken by a running task', async () => {
    const first = await oneshot(env.deps, params({command: ['sleep', '600'], noWait: true}))
    expect(first.exitCode).toBe(0)
    expect(setDesiredCalls()).toHaveLength(1)

    const second = await oneshot(env.deps, params())
    expect(second.exitCode).toBe(0)
    expect(env.reporter.messages('info')).toContain(`Increment desired_capacity of ${GROUP} from 1 to 2`)
    expect(setDesiredCalls().map((c) => (c.input as {DesiredCapacity?: string}).DesiredCapacity)).toEqual(['1', '2'])
    expect((await describeGroup())?.DesiredCapacity).toBe(2)
    expect(await containerInstanceCount()).toBe(2)
  })

  it('gives up with a clear error at the timeout when the group is at its MaxSize', async () => {
    await env.local.ensureCluster(CLUSTER, REGION, {instances: 0})
    await env.local.mutate((world) => {
      ensureAutoScalingGroup(world, GROUP, {cluster: CLUSTER, region: REGION, min: 0, max: 0, desired: 0})
    })
    const started = env.clock.now()
    const error = await oneshot(env.deps, params({timeout: 300})).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toBe(
      `No capacity for the oneshot task in cluster ${CLUSTER}: Auto Scaling group ${GROUP} did not provide an instance in time`,
    )
    expect(env.reporter.messages('warn')).toEqual([`Auto Scaling group ${GROUP} is at its MaxSize 0; waiting for capacity to free up`])
    expect(env.reporter.messages('info')).not.toContain(`local: created Auto Scaling group ${GROUP} for cluster ${CLUSTER}`)
    expect(setDesiredCalls()).toHaveLength(0)
    expect(env.local.count({service: 'ecs', operation: 'RunTask'})).toBe(1)
    // Backing off on the virtual clock: a handful of checks, and it stopped just after the deadline.
    expect(env.local.count({service: 'autoscaling', operation: 'DescribeAutoScalingGroups'})).toBeLessThan(20)
    expect(env.clock.now() - started).toBeGreaterThan(300_000)
    expect(env.clock.now() - started).toBeLessThan(340_000)
  })
})
