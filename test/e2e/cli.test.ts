/**
 * The built CLI without AWS: help, version, usage errors, show-definition, validation messages and
 * offline dry runs. Children get AWS_ENDPOINT_URL pointing at a closed port, so an AWS call that
 * should not happen fails instead of leaving the machine.
 */
import {readFileSync, writeFileSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {parse as parseDotenv} from 'dotenv'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {EXAMPLES, ROOT, assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'
import {copyExample, exampleFiles} from './support/examples.js'

assertBuilt()

const HELLO = join(EXAMPLES, 'hello.jsonnet')
const USERNAME = parseDotenv(readFileSync(join(EXAMPLES, 'hello.env'))).username
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}).version

let tmp: ReturnType<typeof tempDir>
beforeAll(() => {
  tmp = tempDir('cli')
})
afterAll(() => tmp.remove())

interface Definition {
  scheduler: {cluster?: string}
  app: {env?: Record<string, string>; memory?: number; tag?: string}
}

describe('help and usage', () => {
  it('--help lists every command, and the local topic lists local serve', async () => {
    const root = await runCli(['--help'])
    expect(root.code, describeResult(root)).toBe(0)
    for (const command of ['deploy', 'rollback', 'oneshot', 'show-definition', 'status', 'stop', 'remove', 'diff']) {
      expect(root.stdout).toMatch(new RegExp(`^\\s+${command}\\s`, 'm'))
    }
    // oclif shows `local serve` under its topic at the root, and by its full name one level down.
    expect(root.stdout).toMatch(/^\s+local\s/m)
    const local = await runCli(['local', '--help'])
    expect(local.code, describeResult(local)).toBe(0)
    expect(local.stdout).toMatch(/^\s+local serve\s/m)
  })

  it('--version prints the package version', async () => {
    const result = await runCli(['--version'])
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stdout).toBe(`hako ${VERSION}\n`)
  })

  it('an unknown command or flag is a usage error: exit 2, said on stderr', async () => {
    const command = await runCli(['deploi', HELLO])
    expect(command.code, describeResult(command)).toBe(2)
    expect(command.stdout).toBe('')
    expect(command.stderr).toContain('deploi')

    const flag = await runCli(['deploy', '--dry-runn', HELLO])
    expect(flag.code, describeResult(flag)).toBe(2)
    expect(flag.stdout).toBe('')
    expect(flag.stderr).toContain('--dry-runn')
  })
})

describe('show-definition', () => {
  it('prints only JSON on stdout, with provider values as placeholders', async () => {
    const result = await runCli(['show-definition', HELLO])
    expect(result.code, describeResult(result)).toBe(0)
    const definition = JSON.parse(result.stdout) as Definition
    expect(definition.app.env?.MESSAGE).toBe('${username}-san')
    expect(result.stdout + result.stderr).not.toContain(`${USERNAME}-san`)
  })

  it('--expand reads the provider (hello.env)', async () => {
    expect(USERNAME).toBeTruthy()
    const result = await runCli(['show-definition', '--expand', HELLO])
    expect(result.code, describeResult(result)).toBe(0)
    const definition = JSON.parse(result.stdout) as Definition
    expect(definition.app.env?.MESSAGE).toBe(`${USERNAME}-san`)
  })

  it('warns about a typo key on stderr with a suggestion and still exits 0', async () => {
    const dir = join(tmp.path, 'typo')
    mkdirSync(dir)
    const file = copyExample(dir, 'hello.jsonnet', [['memory: 128,', 'memory: 128,\n        memroy: 256,']])
    const result = await runCli(['show-definition', file])
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stderr).toContain('app.memroy')
    expect(result.stderr).toContain('did you mean "memory"')
    const definition = JSON.parse(result.stdout) as Definition
    expect(definition.app.memory).toBe(128)
  })

  it('rejects a wrong type with exit 1, `file: path: message` on stderr and nothing on stdout', async () => {
    const dir = join(tmp.path, 'wrong-type')
    mkdirSync(dir)
    const file = copyExample(dir, 'hello.jsonnet', [['memory: 128,', "memory: 'lots',"]])
    // deploy: show-definition prints the evaluated file of an invalid definition (tested below).
    const result = await runCli(['deploy', '--dry-run', '--offline', file])
    expect(result.code, describeResult(result)).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(new RegExp(`${escape(file)}: app\\.memory: \\S`))
  })

  it('reports a broken Jsonnet file with exit 1 and its file:line', async () => {
    const file = join(tmp.path, 'broken.jsonnet')
    writeFileSync(file, "{\n  scheduler: { type: 'ecs' },\n  app: { image: 'busybox' memory: 64 },\n}\n")
    const result = await runCli(['show-definition', file])
    expect(result.code, describeResult(result)).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`${file}:3:`)
  })

  it('passes --ext-str and --jpath (and JSONNET_PATH) to Jsonnet', async () => {
    const {file, lib} = writeExtFixture()
    const withFlags = await runCli(['show-definition', file, '--ext-str', 'tag=v7', '--jpath', lib])
    expect(withFlags.code, describeResult(withFlags)).toBe(0)
    const definition = JSON.parse(withFlags.stdout) as Definition
    expect(definition.app.tag).toBe('v7')
    expect(definition.scheduler.cluster).toBe('from-jpath')

    const fromEnv = await runCli(['show-definition', file, '--ext-str', 'tag=v8'], {env: {JSONNET_PATH: lib}})
    expect(fromEnv.code, describeResult(fromEnv)).toBe(0)
    expect((JSON.parse(fromEnv.stdout) as Definition).app.tag).toBe('v8')

    // Without the search path the import cannot resolve: the flag is what made it work.
    const without = await runCli(['show-definition', file, '--ext-str', 'tag=v7'])
    expect(without.code, describeResult(without)).toBe(1)
    expect(without.stderr).toContain('shared.libsonnet')
  })

  // Repeatable flags must not swallow FILE (`multipleNonGreedy`): the README puts flags before FILE.
  it('takes --ext-str and --jpath before FILE', async () => {
    const {file, lib} = writeExtFixture()
    const result = await runCli(['show-definition', '--ext-str', 'tag=v7', '--jpath', lib, file])
    expect(result.code, describeResult(result)).toBe(0)
    expect((JSON.parse(result.stdout) as Definition).app.tag).toBe('v7')
  })
})

/** A definition that needs both an ext var and a library found only through the search path. */
function writeExtFixture(): {file: string; lib: string} {
  const lib = join(tmp.path, 'lib')
  mkdirSync(lib, {recursive: true})
  writeFileSync(join(lib, 'shared.libsonnet'), "{ cluster: 'from-jpath' }\n")
  const file = join(tmp.path, 'ext.jsonnet')
  writeFileSync(
    file,
    "local shared = import 'shared.libsonnet';\n" +
      "{ scheduler: { type: 'ecs', region: 'ap-northeast-1', desired_count: 1, cluster: shared.cluster },\n" +
      "  app: { image: 'busybox', tag: std.extVar('tag'), memory: 64 } }\n",
  )
  return {file, lib}
}

describe('deploy --dry-run --offline', () => {
  it.each(exampleFiles())('%s: exit 0, task definition and docker run on stdout, no provider value', async (name) => {
    const result = await runCli(['deploy', '--dry-run', '--offline', join(EXAMPLES, name)])
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stdout).toContain('docker run --name app')
    expect(result.stdout).toContain(`"family": "${name.replace(/\.jsonnet$/, '')}"`)
    expect(result.stdout + result.stderr).not.toContain(`${USERNAME}-san`)
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

describe('show-definition of an invalid definition', () => {
  it('prints the evaluated file on stdout, so the problem paths can be looked up, and exits 1', async () => {
    const file = join(tmp.path, 'bad.jsonnet')
    writeFileSync(file, "{ scheduler: { type: 'ecs', region: 'ap-northeast-1', desired_count: 'two' }, app: { image: 'a', memory: 64 } }\n")
    const result = await runCli(['show-definition', file])
    expect(result.code, describeResult(result)).toBe(1)
    expect((JSON.parse(result.stdout) as {scheduler: {desired_count: unknown}}).scheduler.desired_count).toBe('two')
    expect(result.stderr).toContain(`${file}: scheduler.desired_count: Invalid type: Expected number but received "two"`)
    expect(result.stderr).toContain('hako show-definition FILE')
  })
})
