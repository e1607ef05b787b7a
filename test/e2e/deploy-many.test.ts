/**
 * The built CLI deploying two apps at once with --local: one run, both services up, a summary line each.
 */
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ROOT, assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'

assertBuilt()

const DIR = join(ROOT, 'test', 'fixtures', 'deploy-many')
const HELLO = join(DIR, 'hello.jsonnet')
const WEB = join(DIR, 'web.jsonnet')

describe('hako deploy FILE FILE', () => {
  let state: ReturnType<typeof tempDir>
  const hako = (...args: string[]) => runCli(args, {localDir: state.path})

  beforeAll(() => {
    state = tempDir('deploy-many')
  })
  afterAll(() => state.remove())

  it('deploys both apps in one run, exits 0 and both are running in status', async () => {
    const result = await hako('deploy', '--local', HELLO, WEB)
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stderr).toContain('[hello] Deployment completed')
    expect(result.stderr).toContain('[web] Deployment completed')
    expect(result.stderr).toMatch(/hello: completed\n.*web: completed\n$/)
    for (const [file, app] of [
      [HELLO, 'hello'],
      [WEB, 'web'],
    ] as const) {
      const status = await hako('status', '--local', '--json', file)
      expect(status.code, describeResult(status)).toBe(0)
      const json = JSON.parse(status.stdout) as {available: boolean; deployments?: {status: string; taskDefinition: string}[]}
      expect(json.available).toBe(true)
      expect(json.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition).toMatch(new RegExp(`(^|/)${app}:1$`))
    }
  })

  it('deploys nothing when one file is invalid, and names its problems (exit 1)', async () => {
    const result = await hako('deploy', '--local', '--tag', 'v2', HELLO, join(DIR, 'invalid', 'typo.jsonnet'))
    expect(result.code, describeResult(result)).toBe(1)
    expect(result.stderr).toContain('typo.jsonnet: app.memroy: unknown key')
    expect(result.stderr).not.toContain('Registered task definition')
  })
})
