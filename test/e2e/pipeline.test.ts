/**
 * What a CI job reads besides exit codes: the plan appended to the GitHub step summary (provider
 * values redacted) and hints that repeat the flags the run used.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'
import {copyExample} from './support/examples.js'

assertBuilt()

let tmp: ReturnType<typeof tempDir>
let hello: string
beforeAll(() => {
  tmp = tempDir('pipeline')
  hello = copyExample(tmp.path, 'hello.jsonnet')
})
afterAll(() => tmp.remove())

describe('under GitHub Actions', () => {
  it('deploy --dry-run and diff append the plan to GITHUB_STEP_SUMMARY as Markdown, provider values redacted', async () => {
    const summary = join(tmp.path, 'summary.md')
    writeFileSync(summary, '')
    const env = {GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary}
    const localDir = join(tmp.path, 'local-summary')
    const dry = await runCli(['deploy', '--local', '--dry-run', hello], {localDir, env, timeoutMs: 90_000})
    expect(dry.code, describeResult(dry)).toBe(0)
    const diff = await runCli(['diff', '--local', hello], {localDir, env, timeoutMs: 90_000})
    expect(diff.code, describeResult(diff)).toBe(2)
    const text = readFileSync(summary, 'utf8')
    expect(text.match(/^### hako plan: hello$/gm)).toHaveLength(2)
    expect(text).toContain('| create | task-definition | hello |')
    expect(text).toMatch(/```diff\n--- \(no task definition\)/)
    expect(text).not.toContain('eagletmt-san')
  })

  it('writes no summary outside GitHub Actions', async () => {
    const summary = join(tmp.path, 'untouched.md')
    writeFileSync(summary, '')
    const result = await runCli(['deploy', '--local', '--dry-run', hello], {
      localDir: join(tmp.path, 'local-plain'),
      env: {GITHUB_STEP_SUMMARY: summary},
      timeoutMs: 90_000,
    })
    expect(result.code).toBe(0)
    expect(readFileSync(summary, 'utf8')).toBe('')
  })
})

describe('hints', () => {
  it('repeat the flags the run used, so they can be pasted', async () => {
    const result = await runCli(['deploy', '--local', '--no-wait', '--ext-str', 'unused=x y', hello], {
      localDir: join(tmp.path, 'local-hint'),
      timeoutMs: 90_000,
    })
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stderr).toContain(`follow it with: hako status ${hello} --local --ext-str 'unused=x y'`)
  })
})
