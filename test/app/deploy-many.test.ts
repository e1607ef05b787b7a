/**
 * Several apps deployed at once (real SDK, local AWS, virtual clock): all definitions checked
 * first, concurrent deploys, one shared poller, one result and one summary line per app.
 */
import {DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deployMany, type DeployManyOptions} from '../../src/app/deploy-many.js'
import {deploy} from '../../src/app/deploy.js'
import {DefinitionError, ExitCode, HakoError} from '../../src/errors.js'
import {EventClock} from '../../src/local/event-clock.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'

const DIR = 'test/fixtures/deploy-many'
const APPS = ['hello', 'web', 'worker'].map((name) => `${DIR}/${name}.jsonnet`)
const options: DeployManyOptions = {timeoutSec: 1200, toolVersion: 'test'}

let env: TestApp<EventClock>

let clock: EventClock

// Concurrent deploys on an EventClock, where their waits run side by side in simulated time.
const startApps = (): Promise<TestApp<EventClock>> => startTestApp({clusters: ['many'], clock})

beforeEach(async () => {
  clock = new EventClock()
  env = await startApps()
})
afterEach(async () => {
  await env.close()
  clock.close()
})

const describeCalls = (local = env.local) =>
  local
    .calls()
    .filter((c) => c.operation === 'DescribeServices')
    .map((c) => (c.input as {services?: string[]}).services ?? [])

/** DescribeServices calls after the last service write, when every app is only waiting. */
function pollsAfterLastWrite(): string[][] {
  const calls = env.local.calls()
  const last = calls.findLastIndex((c) => c.operation === 'CreateService' || c.operation === 'UpdateService')
  return calls
    .slice(last + 1)
    .filter((c) => c.operation === 'DescribeServices')
    .map((c) => (c.input as {services?: string[]}).services ?? [])
}

async function taskDefinitionOf(service: string): Promise<string | undefined> {
  const out = await env.deps.aws(REGION).ecs.send(new DescribeServicesCommand({cluster: 'many', services: [service]}))
  return out.services?.[0]?.taskDefinition
}

describe('deployMany', () => {
  it('deploys three apps with far fewer DescribeServices calls than three separate deploys', async () => {
    const separate = await startApps()
    let separateCalls: number
    try {
      for (const file of APPS) {
        const result = await deploy(separate.deps, {...options, file})
        expect(result.outcome).toBe('completed')
      }
      separateCalls = describeCalls(separate.local).length
    } finally {
      await separate.close()
    }

    const result = await deployMany(env.deps, APPS, options)
    expect(result.exitCode).toBe(0)
    expect(result.apps.map((a) => [a.appId, a.outcome, a.exitCode])).toEqual([
      ['hello', 'completed', 0],
      ['web', 'completed', 0],
      ['worker', 'completed', 0],
    ])
    const batchedCalls = describeCalls().length
    console.info(`DescribeServices calls: ${batchedCalls} batched, ${separateCalls} for three separate deploys`)
    expect(batchedCalls).toBeLessThanOrEqual(separateCalls / 2)
    const polls = pollsAfterLastWrite()
    expect(polls.length).toBeGreaterThan(0)
    expect(polls.every((names) => names.length > 1)).toBe(true)
    for (const app of ['hello', 'web', 'worker']) expect(await taskDefinitionOf(app)).toMatch(new RegExp(`task-definition/${app}:1$`))
  })

  it('--parallel 1 deploys the apps one after the other, in the order given', async () => {
    const result = await deployMany(env.deps, APPS, {...options, parallel: 1})
    expect(result.apps.map((a) => a.outcome)).toEqual(['completed', 'completed', 'completed'])
    const calls = env.local.calls()
    const registered = (family: string) => calls.findIndex((c) => c.operation === 'RegisterTaskDefinition' && (c.input as {family?: string}).family === family)
    const lastPoll = (name: string) =>
      calls.findLastIndex((c) => c.operation === 'DescribeServices' && ((c.input as {services?: string[]}).services ?? []).includes(name))
    expect(registered('web')).toBeGreaterThan(lastPoll('hello'))
    expect(registered('worker')).toBeGreaterThan(lastPoll('web'))
  })

  it('tags every line with its app and ends with one summary line per app', async () => {
    await deployMany(env.deps, APPS, options)
    const lines = env.reporter.messages()
    const summary = lines.slice(-3)
    expect(summary).toEqual(['hello: completed', 'web: completed', 'worker: completed'])
    expect(lines.slice(0, -3).every((line) => /^\[(hello|web|worker)\] /.test(line))).toBe(true)
    expect(lines).toContain('[web] Deployment completed')
    expect(env.reporter.messages('status').every((line) => /^\[(hello|web|worker)\] running/.test(line))).toBe(true)
  })

  it('rolls back only the app whose new image crashes; the others complete and the exit code is 3', async () => {
    expect((await deployMany(env.deps, APPS, options)).exitCode).toBe(0)
    env.local.faults.image({image: 'example/web:v2', exitCode: 1})
    const result = await deployMany(env.deps, APPS, {...options, tag: 'v2'})
    expect(result.exitCode).toBe(ExitCode.deployFailed)
    expect(result.apps.map((a) => [a.appId, a.outcome, a.exitCode])).toEqual([
      ['hello', 'completed', 0],
      ['web', 'failed', ExitCode.deployFailed],
      ['worker', 'completed', 0],
    ])
    expect(result.apps[1]?.error?.message).toContain('rolled back to')
    expect(await taskDefinitionOf('web')).toMatch(/web:1$/)
    expect(await taskDefinitionOf('hello')).toMatch(/hello:2$/)
    expect(await taskDefinitionOf('worker')).toMatch(/worker:2$/)
    const errors = env.reporter.messages('error')
    expect(errors.some((m) => m.startsWith('[web] error: Deployment of web failed'))).toBe(true)
    expect(errors.at(-1)).toBe('web: failed (rolled back) exit 3')
    expect(env.reporter.messages('info').slice(-2)).toEqual(['hello: completed', 'worker: completed'])
  })

  it('rides out a throttled shared poll: every waiter retries and all three complete', async () => {
    // The three reads before the writes use the burst; the first shared poll is throttled.
    env.local.faults.operation('ecs:DescribeServices', {rate: 0.5, burst: 3})
    const result = await deployMany(env.deps, APPS, options)
    expect(result.exitCode).toBe(0)
    const warnings = env.reporter.messages('warn').filter((m) => m.includes('ThrottlingException'))
    for (const app of ['hello', 'web', 'worker']) expect(warnings.some((m) => m.startsWith(`[${app}] DescribeServices services `))).toBe(true)
  })

  it('deploys nothing when a file is invalid, and reports the problems of every file at once', async () => {
    const files = [APPS[0]!, `${DIR}/invalid/typo.jsonnet`, `${DIR}/invalid/bad-count.jsonnet`]
    const error = await deployMany(env.deps, files, options).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(DefinitionError)
    const problems = (error as DefinitionError).problems
    expect(problems.some((p) => p.startsWith(`${DIR}/invalid/typo.jsonnet: app.memory`))).toBe(true)
    expect(problems.some((p) => p.startsWith(`${DIR}/invalid/typo.jsonnet: app.memroy`))).toBe(true)
    expect(problems.some((p) => p.startsWith(`${DIR}/invalid/bad-count.jsonnet: scheduler.desired_count`))).toBe(true)
    // The misspelt key is a warning among the errors: annotations must still mark it as one.
    expect((error as DefinitionError).warnings).toEqual(problems.filter((p) => p.startsWith(`${DIR}/invalid/typo.jsonnet: app.memroy`)))
    expect(env.local.calls()).toEqual([])
    expect(env.writeCount()).toBe(0)
  })

  it('refuses two files that deploy the same service', async () => {
    const error = await deployMany(env.deps, [APPS[0]!, APPS[0]!], options).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(HakoError)
    expect((error as DefinitionError).problems).toEqual([
      `${APPS[0]}: deploys service hello in cluster many, as ${APPS[0]} does; deploy them one after the other`,
    ])
    expect(env.local.calls()).toEqual([])
  })

  it('--dry-run plans every app and writes nothing', async () => {
    const result = await deployMany(env.deps, APPS, {...options, dryRun: true})
    expect(result.exitCode).toBe(0)
    expect(result.apps.map((a) => a.outcome)).toEqual(['planned', 'planned', 'planned'])
    expect(env.writeCount()).toBe(0)
    expect(env.reporter.stdout()).toContain('[worker] +      "image": "example/worker:v1"')
    expect(env.reporter.messages().slice(-3)).toEqual(['hello: would change (dry run)', 'web: would change (dry run)', 'worker: would change (dry run)'])
  })

  it('--no-wait starts every app and prints one untagged JSON line each, without polling', async () => {
    const result = await deployMany(env.deps, APPS, {...options, noWait: true})
    expect(result.apps.map((a) => a.outcome)).toEqual(['started', 'started', 'started'])
    const printed = env.reporter
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as {task_definition_arn: string})
    expect(printed.map((p) => p.task_definition_arn.replace(/.*\//, '')).sort()).toEqual(['hello:1', 'web:1', 'worker:1'])
    // One read per app before its write, none after.
    expect(describeCalls()).toHaveLength(3)
  })
})
