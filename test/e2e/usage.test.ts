/**
 * The exit-code table from the command line's side: every command answers a wrong command line
 * with exit 2 and a message on stderr, before anything is read or called; a definition error is 1.
 */
import {existsSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {EXAMPLES, assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'

assertBuilt()

const HELLO = join(EXAMPLES, 'hello.jsonnet')
const BATCH = join(EXAMPLES, 'batch.jsonnet')

/** Every command that reads a definition FILE, with a command line it would otherwise accept. */
const FILE_COMMANDS: [string, string[]][] = [
  ['deploy', ['deploy', HELLO]],
  ['rollback', ['rollback', HELLO]],
  ['oneshot', ['oneshot', BATCH, 'echo', 'hi']],
  ['show-definition', ['show-definition', HELLO]],
  ['status', ['status', HELLO]],
  ['remove', ['remove', HELLO]],
  ['stop', ['stop', HELLO]],
  ['diff', ['diff', HELLO]],
]

let tmp: ReturnType<typeof tempDir>
beforeAll(() => {
  tmp = tempDir('usage')
})
afterAll(() => tmp.remove())

async function expectUsageError(args: string[], said: string | RegExp, options: {localDir?: string} = {}): Promise<void> {
  const result = await runCli(args, options)
  expect(result.code, describeResult(result)).toBe(2)
  expect(result.stdout, describeResult(result)).toBe('')
  if (typeof said === 'string') expect(result.stderr).toContain(said)
  else expect(result.stderr).toMatch(said)
}

describe.each(FILE_COMMANDS)('%s', (name, line) => {
  const [command, ...rest] = line as [string, ...string[]]

  it('an unknown flag exits 2', async () => {
    await expectUsageError([command, '--bogus', ...rest], '--bogus')
  })

  it('no FILE exits 2', async () => {
    await expectUsageError([command], /Missing 1 required arg/)
  })

  it('--ext-str without = exits 2, naming the flag and the value', async () => {
    await expectUsageError([command, '--ext-str', 'FOO', ...rest], '--ext-str FOO: expected KEY=VALUE')
  })

  it('a flag without its value exits 2', async () => {
    await expectUsageError([command, '--jpath'], command === 'oneshot' ? '--jpath needs a value' : '--jpath expects a value')
  })

  it('an invalid definition exits 1', async () => {
    const file = join(tmp.path, `${name}-bad.jsonnet`)
    writeFileSync(file, "{ scheduler: { type: 'ecs', region: 'ap-northeast-1', desired_count: 'two' }, app: { image: 'a', memory: 64 } }\n")
    const args = command === 'oneshot' ? [command, file, 'echo', 'hi'] : [command, file]
    const result = await runCli(args)
    expect(result.code, describeResult(result)).toBe(1)
    expect(result.stderr).toContain(`${file}: scheduler.desired_count:`)
  })
})

describe('other usage errors', () => {
  it('an unknown command exits 2', async () => {
    await expectUsageError(['deploi', HELLO], 'deploi')
  })

  it('a bad integer exits 2, for deploy, rollback, oneshot and local serve', async () => {
    await expectUsageError(['deploy', '--timeout', 'abc', HELLO], 'Expected an integer')
    await expectUsageError(['rollback', '--timeout', '0', HELLO], 'greater than or equal to 1')
    await expectUsageError(['oneshot', '--app-cpu', 'lots', BATCH, 'echo'], 'Expected an integer')
    await expectUsageError(['local', 'serve', '--port', 'abc'], 'Expected an integer')
  })

  it('local serve: an unknown flag exits 2', async () => {
    await expectUsageError(['local', 'serve', '--bogus'], '--bogus')
  })

  it('oneshot -e without = exits 2', async () => {
    await expectUsageError(['oneshot', '-e', 'FOO', BATCH, 'echo', 'hi'], '--env FOO: expected KEY=VALUE')
  })

  it('oneshot without a command exits 2', async () => {
    await expectUsageError(['oneshot', BATCH], 'oneshot needs a command')
  })

  it('deploy with several files still refuses an unknown flag among them', async () => {
    await expectUsageError(['deploy', HELLO, BATCH, '--bogus'], 'Nonexistent flag: --bogus')
  })
})

describe('deploy --offline', () => {
  it('without --dry-run is a usage error, and nothing is started: not even the local AWS', async () => {
    const localDir = join(tmp.path, 'offline-local')
    await expectUsageError(['deploy', '--local', '--offline', HELLO], '--offline needs --dry-run', {localDir})
    expect(existsSync(localDir)).toBe(false)
  })

  it('with --dry-run is accepted', async () => {
    const result = await runCli(['deploy', '--offline', '--dry-run', HELLO])
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stdout).toContain('docker run --name app')
  })
})
