/**
 * A provider value never reaches any output of any command, on any stream, `-v` included: after it
 * is renamed, removed or turned into a literal (the live revision still holds it), used in a
 * command argument or a label, in a Jsonnet error, and on the failure path of a deploy.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {assertBuilt, type CliResult, describeResult, runCli, tempDir} from './support/cli.js'

assertBuilt()

const SENTINEL = 'S3CR3T-VALUE-123'
const SHORT = 'q7z'

let tmp: ReturnType<typeof tempDir>
let dir: string
let localDir: string

beforeAll(() => {
  tmp = tempDir('redaction')
  dir = join(tmp.path, 'app')
  localDir = join(tmp.path, 'local')
  mkdirSync(dir)
  writeFileSync(join(dir, 'secret.env'), `token=${SENTINEL}\nshort=${SHORT}\n`)
})
afterAll(() => tmp.remove())

/** `sweep.jsonnet` with `app` merged over a plain app whose values come from secret.env. */
function write(app: string, extra = ''): string {
  const file = join(dir, 'sweep.jsonnet')
  writeFileSync(
    file,
    `local provide(name) = std.native('provide.file')(std.toString({path: 'secret.env'}), name);
{
  scheduler: {type: 'ecs', region: 'ap-northeast-1', cluster: 'sweep', desired_count: 1},
  app: {image: 'nginx', tag: '1.27', memory: 128} + ${app},
  ${extra}
}
`,
  )
  return file
}

const streams = (r: CliResult): string => `${r.stdout}\n${r.stderr}`

async function sweep(args: string[]): Promise<CliResult> {
  const result = await runCli([...args, '-v'], {localDir, timeoutMs: 90_000})
  expect(streams(result), `${args.join(' ')} printed the sentinel\n${describeResult(result)}`).not.toContain(SENTINEL)
  expect(streams(result), `${args.join(' ')} printed a short provider value as an env value`).not.toMatch(new RegExp(`"value": "${SHORT}"|${SHORT}'`))
  return result
}

describe('no provider value in any output', () => {
  it('deploys, then renames, removes and turns the variable into a literal: diff and dry runs never show the old value', async () => {
    const first = await sweep(['deploy', '--local', write(`{env: {TOKEN: provide('token'), PIN: provide('short')}}`)])
    expect(first.code, describeResult(first)).toBe(0)

    for (const app of [`{env: {RENAMED: provide('token'), PIN2: provide('short')}}`, `{env: {}}`, `{env: {TOKEN: 'literal-now', PIN: 'lit'}}`]) {
      const file = write(app)
      const dry = await sweep(['deploy', '--local', '--dry-run', file])
      expect(dry.code, describeResult(dry)).toBe(0)
      expect(dry.stdout).toMatch(/"value": "\(redacted hmac:[0-9a-f]+\)"/)
      const diff = await sweep(['diff', '--local', file])
      expect(diff.code, describeResult(diff)).toBe(2)
    }
  })

  it('a value in a command argument or a label is hidden in docker run lines, diffs, show-definition and status', async () => {
    const file = write(`{command: ['echo', provide('token')], docker_labels: {secret: provide('token')}}`)
    await sweep(['deploy', '--local', '--dry-run', file])
    await sweep(['show-definition', file])
    await sweep(['deploy', '--local', file])
    await sweep(['status', '--local', file])
    await sweep(['oneshot', '--local', '--dry-run', file, 'echo', 'hi'])
  })

  it('a Jsonnet runtime error does not echo the value', async () => {
    const result = await sweep(['deploy', '--local', '--dry-run', write(`{memory: std.parseInt(provide('token'))}`)])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/RUNTIME ERROR: \(redacted hmac:[0-9a-f]+\) is not a base 10 integer/)
  })

  it('a failing deploy and its rollback print no value', async () => {
    writeFileSync(join(localDir, 'faults.json'), JSON.stringify({images: [{image: 'nginx:broken', exitCode: 1}]}))
    const result = await sweep([
      'deploy',
      '--local',
      '--tag',
      'broken',
      write(`{env: {TOKEN: provide('token')}, command: ['sh', '-c', 'exit 1', provide('token')]}`),
    ])
    expect(result.code, describeResult(result)).toBe(3)
  })
})
