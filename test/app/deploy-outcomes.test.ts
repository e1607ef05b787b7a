/**
 * Outcomes a pipeline relies on: a no-change deploy reports the service as it is (an unsettled
 * deployment is followed like our own), the rollback has its own time budget, and the rollback's
 * writes ride out passing failures.
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {DescribeServicesCommand, DescribeTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {Deps} from '../../src/app/deps.js'
import {deploy, type DeployOptions} from '../../src/app/deploy.js'
import {ExitCode, HakoError} from '../../src/errors.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {TriggerReporter} from '../support/reporters.js'
import {rejection} from '../support/rejection.js'

let env: TestApp
let dir: string

beforeEach(async () => {
  env = await startTestApp({clusters: ['web']})
  dir = mkdtempSync(join(tmpdir(), 'hako-outcomes-'))
})

afterEach(async () => {
  await env.close()
})

async function depsWith(reporter = new MemoryReporter()): Promise<{deps: Deps; reporter: MemoryReporter}> {
  return {deps: await env.depsWith({reporter}), reporter}
}

function writeApp(memory = 128, image = 'nginx'): string {
  const file = join(dir, 'web.jsonnet')
  writeFileSync(
    file,
    JSON.stringify({
      scheduler: {
        type: 'ecs',
        region: 'ap-northeast-1',
        cluster: 'web',
        desired_count: 2,
        deployment_configuration: {maximum_percent: 200, minimum_healthy_percent: 50},
      },
      app: {image, tag: '1.27', cpu: 128, memory, port_mappings: [{container_port: 80, host_port: 0}]},
    }),
  )
  return file
}

const options = (file: string, extra: Partial<DeployOptions> = {}): DeployOptions => ({file, timeoutSec: 120, toolVersion: 'test', ...extra})

const failure = (run: Promise<unknown>): Promise<HakoError> => rejection(run, HakoError)

async function running(): Promise<string | undefined> {
  const {deps} = await depsWith()
  const out = await deps.aws('ap-northeast-1').ecs.send(new DescribeServicesCommand({cluster: 'web', services: ['web']}))
  return out.services?.[0]?.taskDefinition
}

describe('a deploy with nothing to change reports the service as it is', () => {
  it('follows a --no-wait deployment that never settles: times out and rolls back (exit 4), not "completed"', async () => {
    await deploy((await depsWith()).deps, options(writeApp()))
    // 8 GiB fits no container instance: the new tasks are never placed.
    const started = await deploy((await depsWith()).deps, options(writeApp(8192), {noWait: true}))
    expect(started.outcome).toBe('started')

    const {deps, reporter} = await depsWith()
    const error = await failure(deploy(deps, options(writeApp(8192))))
    expect(error.exitCode).toBe(ExitCode.timeout)
    expect(reporter.messages('info').some((m) => m.startsWith('Nothing to change, but deployment'))).toBe(true)
    expect(await running()).toMatch(/web:1$/)
  })

  it('makes no extra call when the service is steady', async () => {
    const file = writeApp()
    await deploy((await depsWith()).deps, options(file))
    env.local.resetCalls()
    const result = await deploy((await depsWith()).deps, options(file))
    expect(result.outcome).toBe('unchanged')
    expect(
      env.local
        .calls()
        .filter((c) => c.service === 'ecs')
        .map((c) => c.operation),
    ).toEqual(['DescribeServices', 'DescribeTaskDefinition'])
    expect(env.local.calls().filter((c) => c.service !== 'ecs')).toEqual([])
  })

  it('--no-wait always prints its document, with changed false when nothing changed', async () => {
    const file = writeApp()
    const first = await depsWith()
    await deploy(first.deps, options(file, {noWait: true}))
    const second = await depsWith()
    await deploy(second.deps, options(file, {noWait: true}))
    const one = JSON.parse(first.reporter.stdout()) as Record<string, unknown>
    const two = JSON.parse(second.reporter.stdout()) as Record<string, unknown>
    expect(one).toMatchObject({cluster: 'web', changed: true})
    expect(two).toMatchObject({cluster: 'web', changed: false, task_definition_arn: one.task_definition_arn})
  })
})

describe('reads before the first write', () => {
  it("ride out a burst of throttled DescribeServices and DescribeTaskDefinition past the SDK's attempts", async () => {
    const file = writeApp()
    await deploy((await depsWith()).deps, options(file))
    env.local.faults.operation('ecs:DescribeServices', {throttleNext: 3})
    env.local.faults.operation('ecs:DescribeTaskDefinition', {failNext: 2})
    const {deps, reporter} = await depsWith()
    const result = await deploy(deps, options(writeApp(256)))
    expect(result.outcome).toBe('completed')
    expect(reporter.messages('warn').filter((m) => /^Describe(Services|TaskDefinition) of web/.test(m))).toHaveLength(5)
  })
})

describe('the rollback has its own time budget', () => {
  it('a timed-out deploy whose rollback settles exits 4; with too short a --rollback-timeout it exits 6', async () => {
    await deploy((await depsWith()).deps, options(writeApp()))
    const timedOut = await failure(deploy((await depsWith()).deps, options(writeApp(8192), {timeoutSec: 60})))
    expect(timedOut.exitCode).toBe(ExitCode.timeout)

    const short = await failure(deploy((await depsWith()).deps, options(writeApp(8000), {timeoutSec: 60, rollbackTimeoutSec: 1})))
    expect(short.exitCode).toBe(ExitCode.rollbackFailed)
  })
})

describe('rollbacks that finish', () => {
  it('retries a 5xx UpdateService during the rollback and ends on the good revision (exit 3)', async () => {
    await deploy((await depsWith()).deps, options(writeApp()))
    env.local.faults.image({image: 'broken:1.27', exitCode: 1})
    const reporter = new TriggerReporter(/^New deployment is failing/, () => env.local.faults.operation('ecs:UpdateService', {failNext: 2}))
    const {deps} = await depsWith(reporter)
    const error = await failure(deploy(deps, options(writeApp(128, 'broken'))))
    expect(error.exitCode).toBe(ExitCode.deployFailed)
    expect(await running()).toMatch(/web:1$/)
    expect(reporter.messages('warn').filter((m) => m.startsWith('UpdateService of web (rollback'))).toHaveLength(2)
  })

  it('a failing DeregisterTaskDefinition is a warning: the rollback still waits, exit 3 stands', async () => {
    await deploy((await depsWith()).deps, options(writeApp()))
    env.local.faults.image({image: 'broken:1.27', exitCode: 1})
    env.local.faults.operation('ecs:DeregisterTaskDefinition', {rejectNext: {count: 1, type: 'AccessDeniedException', message: 'not allowed'}})
    const {deps, reporter} = await depsWith()
    const error = await failure(deploy(deps, options(writeApp(128, 'broken'))))
    expect(error.exitCode).toBe(ExitCode.deployFailed)
    expect(error.message).toContain('rolled back to')
    expect(reporter.messages('warn').some((m) => m.includes('stays ACTIVE') && m.includes('aws ecs deregister-task-definition --task-definition web:2'))).toBe(
      true,
    )
    const td = await deps.aws('ap-northeast-1').ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'web:2'}))
    expect(td.taskDefinition?.status).toBe('ACTIVE')
    expect(await running()).toMatch(/web:1$/)
  })
})
