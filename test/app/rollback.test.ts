import {DescribeTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy} from '../../src/app/deploy.js'
import {rollback} from '../../src/app/rollback.js'
import {describeService} from '../../src/ecs/service-apply.js'
import {ExitCode} from '../../src/errors.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {deployed, HOOKED, SIMPLE} from '../support/deploy.js'
import {REGION} from '../support/local-aws.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['simple']})
})

afterEach(async () => {
  await env.close()
})

async function taskDefinitionStatus(arn: string): Promise<string | undefined> {
  const out = await env.deps.aws(REGION).ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: arn}))
  return out.taskDefinition?.status
}

describe('hako rollback against the local AWS', () => {
  it('goes back to revision 1 after two deploys and deregisters revision 2', async () => {
    const first = await deployed(env, SIMPLE, {tag: 'v1'})
    const second = await deployed(env, SIMPLE, {tag: 'v2'})
    expect(first.taskDefinitionArn).toMatch(/simple:1$/)
    expect(second.taskDefinitionArn).toMatch(/simple:2$/)
    await env.renew()

    const result = await rollback(env.deps, {file: SIMPLE, dryRun: false, timeoutSec: 600})

    expect(result).toEqual({exitCode: ExitCode.ok, from: second.taskDefinitionArn, to: first.taskDefinitionArn})
    const service = await describeService(env.deps.aws(REGION).ecs, 'simple', 'simple')
    expect(service?.taskDefinition).toBe(first.taskDefinitionArn)
    expect(service?.deployments?.map((d) => d.status)).toEqual(['PRIMARY'])
    expect(service?.runningCount).toBe(2)
    expect(await taskDefinitionStatus(second.taskDefinitionArn!)).toBe('INACTIVE')
    expect(env.reporter.messages('info')).toContain(`Current task definition is simple:2. Rolling back to ${first.taskDefinitionArn}`)
  })

  it('--dry-run says what it would do and writes nothing', async () => {
    const first = await deployed(env, SIMPLE, {tag: 'v1'})
    const second = await deployed(env, SIMPLE, {tag: 'v2'})
    await env.renew()
    const writesBefore = env.writeCount()

    const result = await rollback(env.deps, {file: SIMPLE, dryRun: true, timeoutSec: 600})

    expect(result).toEqual({exitCode: ExitCode.ok, from: second.taskDefinitionArn, to: first.taskDefinitionArn})
    expect(env.writeCount()).toBe(writesBefore)
    expect(env.reporter.messages('info')).toContain(`Current task definition is simple:2. Rolling back to ${first.taskDefinitionArn}`)
    expect(env.reporter.messages('info')).toContain(`would deregister ${second.taskDefinitionArn}`)
    expect(await taskDefinitionStatus(second.taskDefinitionArn!)).toBe('ACTIVE')
  })

  it('runs the rollback hooks in order with the app images of both revisions', async () => {
    await deployed(env, HOOKED, {tag: 'v1'})
    await deployed(env, HOOKED, {tag: 'v2'})
    await env.renew()

    await rollback(env.deps, {file: HOOKED, dryRun: false, timeoutSec: 600})

    expect(env.reporter.messages('info').filter((m) => m.startsWith('hook '))).toEqual([
      'hook rollbackStarting',
      'hook rollbackStarted example/simple:v2 example/simple:v1',
      'hook rollbackFinished',
    ])
  })

  it('fails with exit 1 when the service does not exist', async () => {
    await expect(rollback(env.deps, {file: SIMPLE, dryRun: false, timeoutSec: 600})).rejects.toMatchObject({
      message: 'Unable to find service simple in cluster simple',
      exitCode: 1,
    })
  })

  it('refuses when the current revision is the only one', async () => {
    await deployed(env, SIMPLE, {tag: 'v1'})
    const writesBefore = env.writeCount()
    await expect(rollback(env.deps, {file: SIMPLE, dryRun: false, timeoutSec: 600})).rejects.toThrow(/Unable to find rollback target: simple:1/)
    expect(env.writeCount()).toBe(writesBefore)
  })

  it('after a deploy whose UpdateService failed, names the newer revision instead of calling the current one the only one', async () => {
    await deployed(env, SIMPLE, {tag: 'v1'})
    env.local.faults.operation('ecs:UpdateService', {rejectNext: {count: 1, type: 'InvalidParameterException', message: 'refused'}})
    await expect(deploy(env.deps, {file: SIMPLE, tag: 'v2', timeoutSec: 600, toolVersion: 'test'})).rejects.toThrow(
      /this run had already written: update task-definition/,
    )
    await env.renew()
    const error = await rollback(env.deps, {file: SIMPLE, dryRun: false, timeoutSec: 600}).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    expect(error?.message).toBe(
      "Unable to find rollback target: no ACTIVE revision is older than simple:1, which the service runs (simple:2 is newer and never became the service's: a deploy registered it, then failed to update the service)",
    )
  })

  it('exits with rollbackFailed when the previous revision does not become steady in time', async () => {
    await deployed(env, SIMPLE, {tag: 'v1'})
    await deployed(env, SIMPLE, {tag: 'v2'})
    await env.renew()

    const result = await rollback(env.deps, {file: SIMPLE, dryRun: false, timeoutSec: 1})

    expect(result.exitCode).toBe(ExitCode.rollbackFailed)
    expect(env.reporter.messages('error').join('\n')).toMatch(/Rollback of simple to simple:1 did not settle/)
  })
})
