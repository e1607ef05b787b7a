/**
 * What a plain `show-definition` loads, read from the built CLI (no timing: the bench measures the
 * time). The heavy packages a Jsonnet definition never needs (oclif, the AWS SDK, the yaml parser)
 * must stay out of it; a definition that does use YAML must still get the parser, lazily.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

import {beforeAll, describe, expect, it} from 'vitest'

import {assertBuilt, BIN, childEnv, ROOT} from './support/cli.js'

const RECORDER = join(ROOT, 'test', 'e2e', 'support', 'record-loads.mjs')

interface Run {
  code: number | null
  stdout: string
  stderr: string
  /** The files of ours it loaded, relative to dist/cli. */
  ours: string[]
  /** The npm packages bundled into the files the run loaded, by the `// …node_modules/<pkg>/` markers esbuild writes (a relative path before them when node_modules is a link). */
  packages: Set<string>
}

function showDefinition(file: string, extra: string[] = []): Run {
  const loads = join(mkdtempSync(join(tmpdir(), 'hako-loads-')), 'loads.txt')
  writeFileSync(loads, '')
  const child = spawnSync(process.execPath, ['--import', RECORDER, BIN, 'show-definition', ...extra, file], {
    cwd: ROOT,
    env: {...childEnv(), HAKO_TEST_LOADS: loads},
    encoding: 'utf8',
  })
  const packages = new Set<string>()
  const ours: string[] = []
  for (const url of readFileSync(loads, 'utf8').split('\n')) {
    if (!url.startsWith('file:')) continue
    const path = fileURLToPath(url)
    if (!path.startsWith(join(ROOT, 'dist', 'cli'))) {
      const outside = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)
      if (outside?.[1]) packages.add(outside[1])
      continue
    }
    ours.push(relative(join(ROOT, 'dist', 'cli'), path))
    for (const match of readFileSync(path, 'utf8').matchAll(/^\/\/ (?:\S*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) packages.add(match[1] as string)
  }
  return {code: child.status, stdout: child.stdout, stderr: child.stderr, ours, packages}
}

describe('show-definition start-up: what is loaded', () => {
  beforeAll(() => assertBuilt())

  it('a Jsonnet definition loads jsonnet and valibot, not oclif, the AWS SDK or the yaml parser', () => {
    const run = showDefinition('examples/hello.jsonnet')
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).scheduler.cluster).toBe('eagletmt')
    expect(run.packages).toContain('@hanazuki/node-jsonnet')
    expect(run.packages).toContain('valibot')
    const heavy = [...run.packages].filter(
      (name) => name === 'yaml' || name === 'dotenv' || name.startsWith('@oclif/') || name.startsWith('@aws-sdk/') || name.startsWith('@smithy/'),
    )
    expect(heavy).toEqual([])
    // main.js and the fast path's own bundle: none of the chunks the command tree shares.
    expect(run.ours.filter((file) => file !== 'main.js' && !file.startsWith('fast/'))).toEqual([])
    expect(run.ours).toContain('fast/plain-show-definition.js')
  })

  it('a YAML definition and the yaml and dotenv providers still load their parsers when used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hako-lazy-parsers-'))
    writeFileSync(join(dir, 'values.yml'), 'db:\n  host: db.internal\nratio: 1.0\n')
    writeFileSync(join(dir, 'values.env'), 'QUOTED="a b"\n')
    const file = join(dir, 'lazy.jsonnet')
    writeFileSync(
      file,
      `local yaml = std.native('provide.yaml');
local dotenv = std.native('provide.file');
{
  scheduler: {type: 'ecs', region: 'ap-northeast-1', cluster: 'c', desired_count: 1},
  app: {
    image: 'busybox',
    memory: 64,
    env: {
      DB_HOST: yaml(std.toString({path: 'values.yml'}), 'db.host'),
      RATIO: yaml(std.toString({path: 'values.yml'}), 'ratio'),
      QUOTED: dotenv(std.toString({path: 'values.env', format: 'dotenv'}), 'QUOTED'),
    },
  },
}
`,
    )
    const run = showDefinition(file, ['--expand'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).app.env).toEqual({DB_HOST: 'db.internal', RATIO: '1.0', QUOTED: 'a b'})
    expect(run.packages).toContain('yaml')
    expect(run.packages).toContain('dotenv')

    const yml = showDefinition('test/fixtures/definition/yaml/app.yml')
    expect(yml.code, yml.stderr).toBe(0)
    expect(JSON.parse(yml.stdout).app.image).toBe('busybox')
  })
})
