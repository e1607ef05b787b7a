/**
 * Under GITHUB_ACTIONS=true the built CLI also prints definition problems as workflow commands
 * (`::error file=…,line=…::`), on stderr beside the plain lines; elsewhere its output is unchanged.
 * And colours: only on a terminal, never with NO_COLOR.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN, assertBuilt, childEnv, describeResult, runCli, tempDir} from './support/cli.js'

assertBuilt()

let tmp: ReturnType<typeof tempDir>
beforeAll(() => {
  tmp = tempDir('annotations')
})
afterAll(() => tmp.remove())

/** Two errors (lines 5 and 10) and one warning (line 11). */
const TWO_ERRORS_ONE_WARNING = `{
  scheduler: {
    type: 'ecs',
    region: 'ap-northeast-1',
    desired_count: 'two',
    cluster: 'web',
  },
  app: {
    image: 'busybox',
    memory: 'lots',
    memroy: 256,
  },
}
`

function write(name: string, text: string): string {
  const dir = join(tmp.path, name)
  mkdirSync(dir, {recursive: true})
  const file = join(dir, `${name}.jsonnet`)
  writeFileSync(file, text)
  return file
}

const annotationLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('::'))

describe('under GITHUB_ACTIONS=true', () => {
  it('an invalid definition gives an ::error per error and a ::warning per warning, each with file and line', async () => {
    write('invalid', TWO_ERRORS_ONE_WARNING)
    const result = await runCli(['show-definition', 'invalid.jsonnet'], {
      cwd: join(tmp.path, 'invalid'),
      env: {GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: tmp.path},
    })
    expect(result.code, describeResult(result)).toBe(1)
    expect(annotationLines(result.stderr)).toEqual([
      '::error file=invalid/invalid.jsonnet,line=5,col=5::scheduler.desired_count: Invalid type: Expected number but received "two"',
      '::error file=invalid/invalid.jsonnet,line=10,col=5::app.memory: Invalid type: Expected number but received "lots"',
      '::warning file=invalid/invalid.jsonnet,line=11,col=5::app.memroy: unknown key (did you mean "memory"?)',
    ])
    // The plain lines are still there, and the JSON on stdout is untouched.
    expect(result.stderr).toContain('invalid.jsonnet: app.memory: Invalid type')
    expect(JSON.parse(result.stdout)).toHaveProperty('app.memroy', 256)
  })

  it('a Jsonnet error is annotated at its own file:line:col', async () => {
    const file = write('broken', "{\n  scheduler: { type: 'ecs' },\n  app: { image: 'busybox' memory: 64 },\n}\n")
    const result = await runCli(['deploy', '--dry-run', '--offline', file], {env: {GITHUB_ACTIONS: 'true'}})
    expect(result.code, describeResult(result)).toBe(1)
    const lines = annotationLines(result.stderr)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^::error file=.*broken\.jsonnet,line=3,col=\d+::Jsonnet: /)
  })

  it('a warning of a valid definition is a ::warning, and the run still succeeds', async () => {
    const file = write('warning', TWO_ERRORS_ONE_WARNING.replace("'two'", '2').replace("'lots'", '64'))
    const result = await runCli(['deploy', '--dry-run', '--offline', file], {env: {GITHUB_ACTIONS: 'true'}})
    expect(result.code, describeResult(result)).toBe(0)
    expect(annotationLines(result.stderr)).toEqual([expect.stringMatching(/^::warning file=.*warning\.jsonnet,line=11,col=5::app\.memroy: unknown key/)])
  })
})

describe('outside GitHub Actions', () => {
  it('prints the same lines without any workflow command', async () => {
    write('plain', TWO_ERRORS_ONE_WARNING)
    const cwd = join(tmp.path, 'plain')
    const plain = await runCli(['show-definition', 'plain.jsonnet'], {cwd, env: {GITHUB_ACTIONS: ''}})
    const actions = await runCli(['show-definition', 'plain.jsonnet'], {cwd, env: {GITHUB_ACTIONS: 'true'}})
    expect(plain.code, describeResult(plain)).toBe(1)
    expect(annotationLines(plain.stderr)).toEqual([])
    expect(actions.stderr.split('\n').filter((line) => !line.startsWith('::'))).toEqual(plain.stderr.split('\n'))
  })
})

describe('colours', () => {
  const warningDefinition = (): string => write('colour', TWO_ERRORS_ONE_WARNING.replace("'two'", '2').replace("'lots'", '64'))
  const ESC = '\u001B['

  /** A pristine environment: FORCE_COLOR (which vitest may set) would colour even a pipe, and Node takes an unknown CI for a colourless terminal. */
  function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const out: NodeJS.ProcessEnv = {...childEnv(), TERM: 'xterm-256color', ...extra}
    for (const name of ['FORCE_COLOR', 'NO_COLOR', 'CI', 'GITHUB_ACTIONS']) if (!(name in extra)) delete out[name]
    return out
  }

  it('none when stderr is not a terminal', () => {
    const result = spawnSync(process.execPath, [BIN, 'show-definition', warningDefinition()], {env: env(), encoding: 'utf8'})
    expect(result.stderr).toContain('WARN')
    expect(result.stderr).not.toContain(ESC)
  })

  // `script` (util-linux) gives the CLI a terminal.
  const hasScript = spawnSync('script', ['--version']).status === 0
  it.runIf(hasScript)('on a terminal, unless NO_COLOR is set', () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} show-definition ${JSON.stringify(warningDefinition())}`
    const onTerminal = spawnSync('script', ['-qec', command, '/dev/null'], {env: env(), encoding: 'utf8'})
    expect(onTerminal.stdout).toContain('WARN')
    expect(onTerminal.stdout).toContain(ESC)
    const noColor = spawnSync('script', ['-qec', command, '/dev/null'], {env: env({NO_COLOR: '1'}), encoding: 'utf8'})
    expect(noColor.stdout).toContain('WARN')
    expect(noColor.stdout).not.toContain(ESC)
  })
})
