/**
 * Each write of a deploy and of its rollback failing once, then twice (HTTP 5xx, past the SDK's own
 * attempts): the service always ends on a good revision, with the exit code the README gives
 * (1 for a deploy write that fails before anything changed, 3 for a failed deployment rolled back).
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy} from '../../src/app/deploy.js'
import {ExitCode, HakoError} from '../../src/errors.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {TriggerReporter} from '../support/reporters.js'

let env: TestApp
let dir: string

beforeEach(async () => {
  env = await startTestApp({clusters: ['web'], asLocal: true})
  dir = mkdtempSync(join(tmpdir(), 'hako-faults-'))
})

afterEach(async () => {
  await env.close()
})

function app(image: string): string {
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
      app: {image, tag: '1.27', cpu: 128, memory: 128},
    }),
  )
  return file
}

async function run(file: string, reporter = new MemoryReporter(), maxAttempts = 1): Promise<number> {
  const deps = await env.depsWith({reporter, maxAttempts})
  return deploy(deps, {file, timeoutSec: 600, toolVersion: 'test'}).then(
    (r) => r.exitCode,
    (e: unknown) => (e instanceof HakoError ? e.exitCode : -1),
  )
}

async function running(): Promise<string | undefined> {
  return (await env.deps.aws('ap-northeast-1').ecs.send(new DescribeServicesCommand({cluster: 'web', services: ['web']}))).services?.[0]?.taskDefinition
}

describe('a failing write of the deploy', () => {
  it.each(['ecs:RegisterTaskDefinition', 'ecs:UpdateService'])("%s failing once, then twice: the SDK's attempts ride it out", async (operation) => {
    expect(await run(app('nginx'))).toBe(ExitCode.ok)
    for (const [times, image] of [
      [1, 'httpd'],
      [2, 'caddy'],
    ] as const) {
      env.local.faults.operation(operation, {failNext: times})
      expect(await run(app(image), new MemoryReporter(), 3)).toBe(ExitCode.ok)
    }
    expect(await running()).toMatch(/web:3$/)
  })

  it.each(['ecs:RegisterTaskDefinition', 'ecs:UpdateService'])(
    '%s failing past every attempt: exit 1, the service still on its good revision, the next deploy goes through',
    async (operation) => {
      expect(await run(app('nginx'))).toBe(ExitCode.ok)
      env.local.faults.operation(operation, {failNext: 1})
      expect(await run(app('httpd'))).toBe(ExitCode.error)
      expect(await running()).toMatch(/web:1$/)
      expect(await run(app('httpd'))).toBe(ExitCode.ok)
      expect(await running()).toMatch(/web:2$/)
    },
  )
})

describe('a failing write of the rollback', () => {
  it.each([
    ['ecs:UpdateService', 1],
    ['ecs:UpdateService', 2],
    ['ecs:DeregisterTaskDefinition', 1],
    ['ecs:DeregisterTaskDefinition', 2],
  ] as const)('%s failing %i time(s) during the rollback: exit 3, back on the good revision', async (operation, times) => {
    expect(await run(app('nginx'))).toBe(ExitCode.ok)
    env.local.faults.image({image: 'broken:1.27', exitCode: 1})
    const reporter = new TriggerReporter(/^New deployment is failing/, () => env.local.faults.operation(operation, {failNext: times}))
    expect(await run(app('broken'), reporter)).toBe(ExitCode.deployFailed)
    expect(await running()).toMatch(/web:1$/)
  })
})

describe('a failing write around the service (load balancer, DNS, front configuration)', () => {
  async function runExample(name: string, maxAttempts: number): Promise<number> {
    const deps = await env.depsWith({maxAttempts})
    return deploy(deps, {file: `examples/${name}`, timeoutSec: 600, toolVersion: 'test'}).then(
      (r) => r.exitCode,
      (e: unknown) => (e instanceof HakoError ? e.exitCode : -1),
    )
  }

  it.each([
    ['hello-alb.jsonnet', 'elbv2:CreateLoadBalancer'],
    ['hello-alb.jsonnet', 'elbv2:CreateTargetGroup'],
    ['hello-alb.jsonnet', 'elbv2:CreateListener'],
    ['hello-alb.jsonnet', 'route53:ChangeResourceRecordSets'],
    ['hello.jsonnet', 's3:PutObject'],
  ] as const)('%s, %s failing twice then past every attempt: ridden out, then exit 1 with nothing running, then a clean deploy', async (example, operation) => {
    env.local.faults.operation(operation, {failNext: 2})
    expect(await runExample(example, 3)).toBe(ExitCode.ok)
    await env.close()
    env = await startTestApp({asLocal: true})
    env.local.faults.operation(operation, {failNext: 1})
    expect(await runExample(example, 1)).toBe(ExitCode.error)
    // The failed write came before the service: none was created on a half-made load balancer.
    expect(env.local.calls().filter((c) => c.operation === 'CreateService' && c.service === 'ecs')).toEqual([])
    expect(await runExample(example, 1)).toBe(ExitCode.ok)
  })
})
