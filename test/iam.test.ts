/**
 * The IAM table (src/iam.ts) against what the commands really call: each example is deployed,
 * diffed, inspected, rolled back, stopped and removed (the batch example run as a oneshot) on the
 * local AWS, and every recorded call's IAM action must be in the table for that command and the
 * definition's features. README's IAM section is the table rendered.
 */
import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import type {Deps} from '../src/app/deps.js'
import {deploy} from '../src/app/deploy.js'
import {diff} from '../src/app/diff.js'
import {oneshot} from '../src/app/oneshot.js'
import {remove} from '../src/app/remove.js'
import {rollback} from '../src/app/rollback.js'
import {status} from '../src/app/status.js'
import {stop} from '../src/app/stop.js'
import {loadApp} from '../src/definition/load.js'
import {type IamCommand, iamActionOf, iamActions, iamSubjects, renderIamTable} from '../src/iam.js'
import {startTestApp} from './support/app.js'
import {oneshotParams} from './support/oneshot.js'

type Step = [IamCommand, (deps: Deps, file: string) => Promise<unknown>]

const SERVICE_STEPS: Step[] = [
  ['diff', (deps, file) => diff(deps, {file})],
  ['deploy', (deps, file) => deploy(deps, {file, dryRun: true, timeoutSec: 600, toolVersion: 't'})],
  ['deploy', (deps, file) => deploy(deps, {file, timeoutSec: 600, toolVersion: 't'})],
  ['deploy', (deps, file) => deploy(deps, {file, timeoutSec: 600, toolVersion: 't', tag: 'v2'})],
  ['diff', (deps, file) => diff(deps, {file, tag: 'v3'})],
  ['status', (deps, file) => status(deps, {file})],
  ['rollback', (deps, file) => rollback(deps, {file, dryRun: false, timeoutSec: 600})],
  ['stop', (deps, file) => stop(deps, {file, dryRun: false})],
  ['remove', (deps, file) => remove(deps, {file, dryRun: true})],
  ['remove', (deps, file) => remove(deps, {file, dryRun: false})],
]

const ONESHOT_STEPS: Step[] = [
  ['oneshot', (deps, file) => oneshot(deps, oneshotParams(file, ['echo', 'hi'], {dryRun: true}))],
  ['oneshot', (deps, file) => oneshot(deps, oneshotParams(file, ['echo', 'hi']))],
]

/** For each step: the actions called that the table does not grant that command. */
async function uncovered(file: string, steps: Step[]): Promise<{step: string; missing: string[]}[]> {
  const subjects = iamSubjects(await loadApp(file, {mode: 'check'}))
  const env = await startTestApp({asLocal: true})
  const {local, deps} = env
  const out: {step: string; missing: string[]}[] = []
  try {
    for (const [index, [command, run]] of steps.entries()) {
      local.resetCalls()
      await run(deps, file)
      expect(local.calls().length, `${command} (step ${index}) made AWS calls`).toBeGreaterThan(0)
      const granted = iamActions(command, subjects)
      const missing = [...new Set(local.calls().map((call) => iamActionOf(call.service, call.operation)))].filter((action) => !granted.has(action))
      out.push({step: `${index} ${command}`, missing})
    }
  } finally {
    await env.close()
  }
  return out
}

describe('the IAM table covers every call', () => {
  it.each(['hello', 'hello-alb', 'hello-fargate'])(
    'of deploy, diff, status, rollback, stop and remove for examples/%s',
    async (name) => {
      const result = await uncovered(`examples/${name}.jsonnet`, SERVICE_STEPS)
      expect(result.filter((r) => r.missing.length > 0)).toEqual([])
    },
    60_000,
  )

  it('of oneshot for examples/batch', async () => {
    const result = await uncovered('examples/batch.jsonnet', ONESHOT_STEPS)
    expect(result.filter((r) => r.missing.length > 0)).toEqual([])
  }, 60_000)
})

describe('iamActionOf', () => {
  it('names calls by their IAM action', () => {
    expect(iamActionOf('ecs', 'RunTask')).toBe('ecs:RunTask')
    expect(iamActionOf('elbv2', 'CreateListener')).toBe('elasticloadbalancing:CreateListener')
    expect(iamActionOf('s3', 'HeadObject')).toBe('s3:GetObject')
    expect(iamActionOf('s3', 'UploadPart')).toBe('s3:PutObject')
  })
})

describe('README', () => {
  it('shows the IAM table as src/iam.ts has it', () => {
    const readme = readFileSync('README.md', 'utf8')
    const section = /<!-- iam-table:start -->\n([\s\S]*?)\n<!-- iam-table:end -->/.exec(readme)?.[1]
    expect(section, 'README.md has the <!-- iam-table:start --> … <!-- iam-table:end --> section').toBe(renderIamTable())
  })
})
