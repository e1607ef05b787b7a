/**
 * The deploy use case end to end: definition file → local AWS (real SDK clients, virtual clock).
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import {DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy, type DeployOptions} from '../../src/app/deploy.js'
import {DeploymentFailedError, ExitCode, HakoError, TimeoutError} from '../../src/errors.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {rejection} from '../support/rejection.js'

const WRITES = /^(Register|Deregister|Create|Update|Delete|Put|Modify|Set|Add|Remove|Change)/

let env: TestApp
let dir: string

beforeEach(async () => {
  env = await startTestApp({asLocal: true})
  dir = mkdtempSync(join(tmpdir(), 'hako-deploy-'))
})

afterEach(async () => {
  await env.close()
})

interface AppShape {
  image?: string
  memory?: number
  desired?: number
  circuitBreaker?: {enable: boolean; rollback: boolean}
}

/** A plain EC2 app without load balancer or scripts, written as a Jsonnet file. */
function writeApp(shape: AppShape = {}): string {
  const file = join(dir, 'web.jsonnet')
  const deployment: Record<string, unknown> = {maximum_percent: 200, minimum_healthy_percent: 50}
  if (shape.circuitBreaker) deployment.deployment_circuit_breaker = shape.circuitBreaker
  writeFileSync(
    file,
    JSON.stringify({
      scheduler: {type: 'ecs', region: 'ap-northeast-1', cluster: 'web', desired_count: shape.desired ?? 2, deployment_configuration: deployment},
      app: {image: shape.image ?? 'nginx', tag: '1.27', cpu: 128, memory: shape.memory ?? 128, port_mappings: [{container_port: 80, host_port: 0}]},
    }),
  )
  return file
}

const options = (file: string, extra: Partial<DeployOptions> = {}): DeployOptions => ({file, timeoutSec: 600, toolVersion: '0.0.0-test', ...extra})
const ecsCalls = (operation?: string) => env.local.count({service: 'ecs', ...(operation ? {operation} : {})})
const runningTaskDefinition = async (): Promise<string | undefined> => {
  const out = await env.deps.aws('ap-northeast-1').ecs.send(new DescribeServicesCommand({cluster: 'web', services: ['web']}))
  return out.services?.[0]?.taskDefinition
}
const writes = () => env.local.calls().filter((c) => WRITES.test(c.operation))

const failure = (run: Promise<unknown>): Promise<HakoError> => rejection(run, HakoError)

describe('deploy', () => {
  it('creates a missing service in one call with its desired count, and waits until it is steady', async () => {
    const result = await deploy(env.deps, options(writeApp()))
    expect(result).toMatchObject({outcome: 'completed', exitCode: 0})
    expect(ecsCalls('CreateService')).toBe(1)
    expect(ecsCalls('UpdateService')).toBe(0)
    const create = env.local.calls().find((c) => c.operation === 'CreateService')?.input as {desiredCount?: number}
    expect(create.desiredCount).toBe(2)
    expect(env.reporter.messages('info')).toContain('local: created cluster web with 3 container instances')
    expect(env.reporter.messages('info').some((m) => m.includes('has reached a steady state.'))).toBe(true)
    expect(env.reporter.messages('info').at(-1)).toBe('Deployment completed')
  })

  it('makes no write and exactly two ECS calls when nothing changed', async () => {
    const file = writeApp()
    await deploy(env.deps, options(file))
    env.local.resetCalls()
    const result = await deploy(env.deps, options(file))
    expect(result).toMatchObject({outcome: 'unchanged', exitCode: 0})
    expect(writes()).toEqual([])
    expect(
      env.local
        .calls()
        .filter((c) => c.service === 'ecs')
        .map((c) => c.operation),
    ).toEqual(['DescribeServices', 'DescribeTaskDefinition'])
    expect(env.local.calls().filter((c) => c.service !== 'ecs')).toEqual([])
    expect(env.reporter.messages('info')).toContain("Service isn't changed")
  })

  it('registers one revision and makes one UpdateService when the image changes', async () => {
    await deploy(env.deps, options(writeApp()))
    env.local.resetCalls()
    const result = await deploy(env.deps, options(writeApp({image: 'nginx'}), {tag: '1.28'}))
    expect(result.outcome).toBe('completed')
    expect(ecsCalls('RegisterTaskDefinition')).toBe(1)
    expect(ecsCalls('UpdateService')).toBe(1)
    expect(result.taskDefinitionArn).toMatch(/task-definition\/web:2$/)
  })

  it('--force registers a new revision even when nothing changed', async () => {
    const file = writeApp()
    await deploy(env.deps, options(file))
    env.local.resetCalls()
    const result = await deploy(env.deps, options(file, {force: true}))
    expect(ecsCalls('RegisterTaskDefinition')).toBe(1)
    expect(result.taskDefinitionArn).toMatch(/web:2$/)
  })

  it('detects a crashing image, rolls back to the previous revision and deregisters the failed one', async () => {
    await deploy(env.deps, options(writeApp()))
    env.local.faults.image({image: 'broken:1.27', exitCode: 1})
    const error = await failure(deploy(env.deps, options(writeApp({image: 'broken'}))))
    expect(error).toBeInstanceOf(DeploymentFailedError)
    expect(error.exitCode).toBe(ExitCode.deployFailed)
    expect(error.message).toContain('rolled back to')
    expect(await runningTaskDefinition()).toMatch(/web:1$/)
    expect(ecsCalls('DeregisterTaskDefinition')).toBe(1)
    expect(env.reporter.messages('error').some((m) => m.includes('exit_code=1'))).toBe(true)
    // The next deploy of the good definition is a no-op again: revision 1 is what runs.
    env.local.resetCalls()
    expect((await deploy(env.deps, options(writeApp()))).outcome).toBe('unchanged')
  })

  it("exits with its own code when ECS's circuit breaker rolled the deployment back", async () => {
    const breaker = {enable: true, rollback: true}
    await deploy(env.deps, options(writeApp({circuitBreaker: breaker})))
    env.local.faults.image({image: 'broken:1.27', exitCode: 2})
    const error = await failure(deploy(env.deps, options(writeApp({image: 'broken', circuitBreaker: breaker}))))
    expect(error.exitCode).toBe(ExitCode.circuitBreakerRollback)
    expect(error.message).toContain('circuit breaker')
  })

  it('rolls back when the deployment does not settle before --timeout', async () => {
    await deploy(env.deps, options(writeApp()))
    // 8 GiB fits no container instance (4 GiB each): the new tasks are never placed.
    const error = await failure(deploy(env.deps, options(writeApp({memory: 8192}), {timeoutSec: 120})))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.exitCode).toBe(ExitCode.timeout)
    expect(env.reporter.messages('error').some((m) => m.startsWith('Timed out after 120 s'))).toBe(true)
    expect(await runningTaskDefinition()).toMatch(/web:1$/)
  })

  it('does not fail while DescribeServices is throttled during the wait', async () => {
    const file = writeApp()
    // A token bucket refilled on the virtual clock: the first call passes, the fast early polls are throttled.
    env.local.faults.operation('ecs:DescribeServices', {rate: 0.1, burst: 1})
    const result = await deploy(env.deps, options(file))
    expect(result.outcome).toBe('completed')
    expect(env.reporter.messages('warn').some((m) => m.includes('Throttling'))).toBe(true)
  })

  it('stops waiting when interrupted and says how to follow the deployment', async () => {
    const controller = new AbortController()
    controller.abort(new Error('test'))
    const result = await deploy(env.deps, options(writeApp(), {signal: controller.signal}))
    expect(result).toMatchObject({outcome: 'interrupted', exitCode: ExitCode.interrupted})
    expect(env.reporter.messages('warn').some((m) => m.includes('hako status'))).toBe(true)
  })

  it('--no-wait prints what it started as JSON and does not poll', async () => {
    const result = await deploy(env.deps, options(writeApp(), {noWait: true}))
    expect(result.outcome).toBe('started')
    const printed = JSON.parse(env.reporter.stdout()) as {cluster: string; task_definition_arn: string}
    expect(printed.cluster).toBe('web')
    expect(printed.task_definition_arn).toMatch(/web:1$/)
    expect(ecsCalls('DescribeServices')).toBe(1)
  })

  it('--dry-run writes nothing and never shows provider values', async () => {
    const hello = resolve('examples/hello.jsonnet')
    await deploy(env.deps, options(hello))
    env.local.resetCalls()
    const result = await deploy(env.deps, options(hello, {dryRun: true, tag: 'v2'}))
    expect(result).toMatchObject({outcome: 'planned', changed: true})
    expect(writes()).toEqual([])
    const out = env.reporter.stdout() + env.reporter.messages().join('\n')
    expect(out).toContain("--env 'MESSAGE=${username}-san'")
    expect(out).toContain('+      "image": "ryotarai/hello-sinatra:v2"')
    // hello.env's username is eagletmt (also the cluster's name): its value never shows.
    expect(out).not.toContain('eagletmt-san')
  })

  it('--dry-run --offline reads no AWS at all', async () => {
    const result = await deploy(env.deps, options(resolve('examples/hello.jsonnet'), {dryRun: true, offline: true}))
    expect(result.outcome).toBe('planned')
    expect(env.local.calls()).toEqual([])
    expect(env.reporter.stdout()).toContain('"family": "hello"')
  })
})

describe('every example', () => {
  it.each(['hello.jsonnet', 'hello-fargate.jsonnet', 'hello-alb.jsonnet', 'batch.jsonnet'])(
    '%s deploys, and deploying it again changes nothing (no perpetual diff)',
    async (name) => {
      const file = resolve('examples', name)
      const first = await deploy(env.deps, options(file))
      expect(first.outcome).toBe('completed')
      env.local.resetCalls()
      const second = await deploy(env.deps, options(file))
      expect(second.outcome).toBe('unchanged')
      expect(writes()).toEqual([])
    },
  )
})
