/**
 * "Too many concurrent attempts to create a new revision of the specified family" (a ClientException
 * that parallel deploys of one family cause, and that the SDK does not retry) is retried by us.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {AwsCallError} from '../../src/errors.js'
import {registerIfChanged} from '../../src/ecs/register.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'
import {CLUSTER, taskDefinition} from './support/inputs.js'

const CONFLICT = 'Too many concurrent attempts to create a new revision of the specified family.'

let e: TestAws
let reporter: MemoryReporter

beforeEach(async () => {
  e = await startTestAws({clusters: [CLUSTER]})
  reporter = new MemoryReporter()
})
afterEach(async () => {
  await e.close()
})

const registrations = () => e.local.count({service: 'ecs', operation: 'RegisterTaskDefinition'})

describe('registerIfChanged under concurrent registrations', () => {
  it('retries with jittered backoff on the clock and then registers', async () => {
    e.local.faults.operation('ecs:RegisterTaskDefinition', {rejectNext: {count: 2, type: 'ClientException', message: CONFLICT}})
    const started = e.clock.now()
    const result = await registerIfChanged(e.clients.ecs, taskDefinition('nginx:1.27'), {reporter, clock: e.clock, random: () => 0.5})
    expect(result.registered).toBe(true)
    expect(result.arn).toMatch(/task-definition\/hello:1$/)
    expect(registrations()).toBe(3)
    expect(reporter.messages('warn')).toEqual([
      'Another registration of hello is in progress; retrying in 0.8 s',
      'Another registration of hello is in progress; retrying in 1.5 s',
    ])
    // 1 s and 2 s bases at 75 % each (random 0.5): waited on the clock, not in real time.
    expect(e.clock.now() - started).toBe(750 + 1500)
  })

  it('gives up after maxAttempts with an error naming the call and the family', async () => {
    e.local.faults.operation('ecs:RegisterTaskDefinition', {rejectNext: {count: 5, type: 'ClientException', message: CONFLICT}})
    const attempt = registerIfChanged(e.clients.ecs, taskDefinition('nginx:1.27'), {reporter, clock: e.clock, maxAttempts: 3})
    await expect(attempt).rejects.toBeInstanceOf(AwsCallError)
    await expect(attempt).rejects.toThrow(/^RegisterTaskDefinition task definition family hello failed: ClientException: Too many concurrent attempts/)
    expect(registrations()).toBe(3)
  })

  it('does not retry other client errors', async () => {
    e.local.faults.operation('ecs:RegisterTaskDefinition', {rejectNext: {count: 1, type: 'ClientException', message: 'Invalid setting for container'}})
    await expect(registerIfChanged(e.clients.ecs, taskDefinition('nginx:1.27'), {reporter, clock: e.clock})).rejects.toThrow(/Invalid setting/)
    expect(registrations()).toBe(1)
  })
})
