import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {stop} from '../../src/app/stop.js'
import {describeService} from '../../src/ecs/service-apply.js'
import {ExitCode} from '../../src/errors.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {DAEMON, deployed, SIMPLE} from '../support/deploy.js'
import {REGION} from '../support/local-aws.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['simple']})
})

afterEach(async () => {
  await env.close()
})

describe('hako stop against the local AWS', () => {
  it('sets the desired count to 0 and says so', async () => {
    const {serviceArn} = await deployed(env, SIMPLE)
    await env.renew()

    const result = await stop(env.deps, {file: SIMPLE, dryRun: false})

    expect(result).toEqual({exitCode: ExitCode.ok, outcome: 'stopped', serviceArn})
    const service = await describeService(env.deps.aws(REGION).ecs, 'simple', 'simple')
    expect(service?.desiredCount).toBe(0)
    expect(env.reporter.messages('info')).toContain(`${serviceArn} is stopped`)
    const updates = env.local.calls().filter((c) => c.operation === 'UpdateService')
    expect(updates.at(-1)?.input).toEqual({cluster: 'simple', service: 'simple', desiredCount: 0})
  })

  it('--dry-run names the write and makes none', async () => {
    const {serviceArn} = await deployed(env, SIMPLE)
    await env.renew()
    const writesBefore = env.writeCount()

    const result = await stop(env.deps, {file: SIMPLE, dryRun: true})

    expect(result.outcome).toBe('planned')
    expect(env.writeCount()).toBe(writesBefore)
    expect(env.reporter.stdout()).toContain(`would set desired count of ${serviceArn} to 0`)
    const service = await describeService(env.deps.aws(REGION).ecs, 'simple', 'simple')
    expect(service?.desiredCount).toBe(2)
  })

  it("prints that a missing service doesn't exist and exits 0", async () => {
    const result = await stop(env.deps, {file: SIMPLE, dryRun: false})

    expect(result).toEqual({exitCode: ExitCode.ok, outcome: 'missing'})
    expect(env.reporter.stdout()).toBe("Service simple doesn't exist\n")
    expect(env.writeCount()).toBe(0)
  })

  it('refuses a DAEMON service, pointing at remove', async () => {
    await deployed(env, DAEMON)
    await env.renew()
    const writesBefore = env.writeCount()

    await expect(stop(env.deps, {file: DAEMON, dryRun: false})).rejects.toMatchObject({
      message: expect.stringMatching(/^Cannot stop arn:aws:ecs:.*service\/simple\/daemon: a DAEMON service/),
      hint: `Use \`hako remove ${DAEMON}\` to delete it.`,
    })
    expect(env.writeCount()).toBe(writesBefore)
  })
})
