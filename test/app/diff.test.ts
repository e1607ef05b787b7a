import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy} from '../../src/app/deploy.js'
import {diff} from '../../src/app/diff.js'
import {ExitCode} from '../../src/errors.js'
import {ensureHostedZone} from '../../src/local/route53/state.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {deployed, HELLO_ALB, SIMPLE} from '../support/deploy.js'

let env: TestApp
let dir: string

beforeEach(async () => {
  env = await startTestApp({clusters: ['simple', 'eagletmt']})
  dir = mkdtempSync(join(tmpdir(), 'hako-diff-'))
})

afterEach(async () => {
  await env.close()
  rmSync(dir, {recursive: true, force: true})
})

/** A copy of simple.jsonnet (same app id) with another image tag. */
function simpleWithTag(tag: string): string {
  const file = join(dir, 'simple.jsonnet')
  writeFileSync(file, readFileSync(SIMPLE, 'utf8').replace("tag: 'v1'", `tag: '${tag}'`))
  return file
}

describe('hako diff against the local AWS', () => {
  it('exits 2 before the first deploy, shows what would be created and writes nothing', async () => {
    const result = await diff(env.deps, {file: SIMPLE})

    expect(result).toMatchObject({exitCode: ExitCode.changes, changed: true})
    expect(env.writeCount()).toBe(0)
    const out = env.reporter.stdout()
    expect(out).toContain('--- (no task definition)\n')
    expect(out).toContain('--- (no service)\n')
    expect(out).toMatch(/^\+ +"image": "example\/simple:v1",?$/m)
  })

  it('exits 0 with only the plan summary right after a deploy', async () => {
    await deployed(env, SIMPLE)
    await env.renew()
    const writesBefore = env.writeCount()

    const result = await diff(env.deps, {file: SIMPLE})

    expect(result).toMatchObject({exitCode: ExitCode.ok, changed: false, actions: []})
    expect(env.reporter.stdout()).toBe('Plan: task definition: unchanged · service: unchanged\n')
    expect(env.writeCount()).toBe(writesBefore)
  })

  it('exits 2 after the image changes and shows the image lines', async () => {
    await deployed(env, SIMPLE)
    await env.renew()

    const result = await diff(env.deps, {file: simpleWithTag('v2')})

    expect(result.exitCode).toBe(ExitCode.changes)
    const out = env.reporter.stdout()
    expect(out).toMatch(/^- +"image": "example\/simple:v1",?$/m)
    expect(out).toMatch(/^\+ +"image": "example\/simple:v2",?$/m)
    // Only the task definition differs; the service diff is of its task definition ARN alone.
    expect(out).toMatch(/\+ +"taskDefinition": "simple:\(new revision\)"/)
  })

  it('--tag counts as a change, as it would for deploy', async () => {
    await deployed(env, SIMPLE)
    await env.renew()

    expect((await diff(env.deps, {file: SIMPLE, tag: 'v1'})).exitCode).toBe(ExitCode.ok)
    expect((await diff(env.deps, {file: SIMPLE, tag: 'v3'})).exitCode).toBe(ExitCode.changes)
  })

  it('plans the load balancer and hides provider values, then settles after the deploy', async () => {
    await env.local.mutate((world) => {
      ensureHostedZone(world, 'example.com.')
    })

    const before = await diff(env.deps, {file: HELLO_ALB})

    expect(before.exitCode).toBe(ExitCode.changes)
    const out = env.reporter.stdout()
    expect(out).toContain('would create load balancer hako-hello-alb (application, internet-facing)\n')
    expect(out).toContain('would create target group hako-hello-alb')
    expect(out).toContain('would UPSERT A hello.example.com. to load balancer hako-hello-alb (created by this deploy)')
    expect(out).toContain('Plan: alb: 1 load balancer added, 1 target group added, 1 listener added · dns: 1 record added · task definition: created')
    expect(out).toMatch(/"name": "MESSAGE",\n\+ +"value": "\(redacted /)
    expect(out).not.toContain('eagletmt-san')
    expect(env.writeCount()).toBe(0)

    await deployed(env, HELLO_ALB)
    await env.renew()
    expect(await diff(env.deps, {file: HELLO_ALB})).toMatchObject({exitCode: ExitCode.ok, changed: false})
    expect(env.reporter.stdout()).toBe('Plan: task definition: unchanged · service: unchanged\n')
  })

  it("prints what deploy --dry-run prints for the same definition, and agrees on 'changed'", async () => {
    await env.local.mutate((world) => {
      ensureHostedZone(world, 'example.com.')
    })
    const planned = await diff(env.deps, {file: HELLO_ALB})
    const diffOut = env.reporter.stdout()
    await env.renew()

    const dry = await deploy(env.deps, {file: HELLO_ALB, dryRun: true, timeoutSec: 1200, toolVersion: 'test'})

    expect(dry.changed).toBe(planned.changed)
    const dryOut = env.reporter.stdout()
    expect(dryOut).toContain(diffOut.slice(diffOut.indexOf('would create load balancer')))
    expect(env.writeCount()).toBe(0)
  })
})
