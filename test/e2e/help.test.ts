/** `hako help [COMMAND]` and `--version`, through the built CLI. */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {EXAMPLES, ROOT, assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'

assertBuilt()

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}).version

describe('hako help', () => {
  it('with no command prints the root help, the same as --help', async () => {
    const help = await runCli(['help'])
    expect(help.code, describeResult(help)).toBe(0)
    expect(help.stdout).toMatch(/^\s+deploy\s/m)
    expect(help.stdout).toMatch(/^\s+help\s/m)
    const flag = await runCli(['--help'])
    expect(help.stdout).toBe(flag.stdout)
  })

  it('help deploy prints the help of deploy, the same as deploy --help', async () => {
    const help = await runCli(['help', 'deploy'])
    expect(help.code, describeResult(help)).toBe(0)
    expect(help.stdout).toContain('$ hako deploy FILE...')
    expect(help.stdout).toContain('--dry-run')
    expect(help.stderr).toBe('')
    const flag = await runCli(['deploy', '--help'])
    expect(help.stdout).toBe(flag.stdout)
  })

  it('help local serve prints the help of the topic command; help local the topic', async () => {
    const serve = await runCli(['help', 'local', 'serve'])
    expect(serve.code, describeResult(serve)).toBe(0)
    expect(serve.stdout).toContain('$ hako local serve')
    expect(serve.stdout).toContain('--port')
    const topic = await runCli(['help', 'local'])
    expect(topic.code, describeResult(topic)).toBe(0)
    expect(topic.stdout).toMatch(/^\s+local serve\s/m)
  })

  it('an unknown command is a usage error: exit 2, said on stderr', async () => {
    const result = await runCli(['help', 'deploi'])
    expect(result.code, describeResult(result)).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('deploi not found')
  })
})

describe('a help flag of the oneshot command', () => {
  it("is the command's own after FILE: `grep --help` runs, no help is shown", async () => {
    const dir = tempDir('help-oneshot-grep')
    const result = await runCli(['oneshot', '--local', '--dry-run', join(EXAMPLES, 'batch.jsonnet'), 'grep', '--help'], {localDir: dir.path})
    dir.remove()
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stdout).not.toContain('USAGE')
    expect(result.stdout).toMatch(/grep --help/)
  })
})

describe('--version', () => {
  it('prints `hako VERSION` only, as the Ruby hako does, also after a command name', async () => {
    for (const args of [['--version'], ['deploy', '--version'], ['oneshot', '--version']]) {
      const result = await runCli(args)
      expect(result.code, describeResult(result)).toBe(0)
      expect(result.stdout).toBe(`hako ${VERSION}\n`)
      expect(result.stderr).toBe('')
    }
  })

  it('is not taken from a oneshot command: `node --version` after FILE is the command', async () => {
    // Nothing is run: the dry run only prints the docker run line, which must carry the command.
    const dir = tempDir('help-oneshot')
    const result = await runCli(['oneshot', '--local', '--dry-run', join(EXAMPLES, 'batch.jsonnet'), 'node', '--version'], {localDir: dir.path})
    dir.remove()
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stdout).not.toContain(`hako ${VERSION}`)
    expect(result.stdout).toMatch(/node --version/)
  })
})
