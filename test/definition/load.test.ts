import {delimiter} from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import {loadApp, appIdOf} from '../../src/definition/load.js'
import {loadYamlFile} from '../../src/definition/yaml-loader.js'
import {DefinitionError} from '../../src/errors.js'

const fx = (name: string): string => `test/fixtures/definition/${name}`

async function problemsOf(file: string, options: Parameters<typeof loadApp>[1] = {mode: 'check'}): Promise<string[]> {
  try {
    await loadApp(file, options)
  } catch (error) {
    if (error instanceof DefinitionError) return error.problems
    throw error
  }
  throw new Error(`${file} loaded without problems`)
}

describe('examples/hello.jsonnet (the seed example)', () => {
  it('shows MESSAGE as a placeholder without touching providers', async () => {
    const app = await loadApp('examples/hello.jsonnet', {mode: 'placeholder'})
    expect(app.appId).toBe('hello')
    expect(app.definition.app.env).toEqual({MESSAGE: '${username}-san', PORT: '3000'})
    expect(app.warnings).toEqual([])
  })

  it('expands MESSAGE from hello.env', async () => {
    const app = await loadApp('examples/hello.jsonnet', {mode: 'expand'})
    expect(app.definition.app.env['MESSAGE']).toBe('eagletmt-san')
    expect(app.containers.find((c) => c.name === 'app')?.env['MESSAGE']).toBe('eagletmt-san')
  })

  it('checks keys but keeps placeholders in check mode', async () => {
    const app = await loadApp('examples/hello.jsonnet', {mode: 'check'})
    expect(app.definition.app.env['MESSAGE']).toBe('${username}-san')
  })

  it('merges additional_containers and loads containers in Jsonnet key order', async () => {
    const app = await loadApp('examples/hello.jsonnet', {mode: 'placeholder', tag: 'v42'})
    expect(app.containers.map((c) => [c.name, c.image, c.links])).toEqual([
      ['app', 'ryotarai/hello-sinatra:v42', ['redis:redis']],
      ['front', 'hako-nginx', []],
      ['redis', 'redis:3.0', []],
    ])
    expect(app.scripts.map((s) => s.plugin.type)).toEqual(['nginx_front'])
    expect(app.definition.scheduler.deployment_configuration).toEqual({maximum_percent: 200, minimum_healthy_percent: 50})
  })

  it('oneshot selection loads app and its link closure only', async () => {
    const app = await loadApp('examples/hello.jsonnet', {mode: 'placeholder', containers: {with: []}})
    expect(app.containers.map((c) => c.name)).toEqual(['app', 'redis'])
  })
})

describe.each(['hello-fargate', 'hello-alb', 'batch'])('examples/%s.jsonnet', (name) => {
  it('loads without errors or warnings in every mode', async () => {
    for (const mode of ['placeholder', 'check', 'expand'] as const) {
      const app = await loadApp(`examples/${name}.jsonnet`, {mode})
      expect(app.warnings).toEqual([])
      expect(app.appId).toBe(name)
    }
  })
})

describe('errors', () => {
  it('keeps the Jsonnet syntax error with file:line:col', async () => {
    const [problem] = await problemsOf(fx('broken.jsonnet'))
    expect(problem).toMatch(/^STATIC ERROR: test\/fixtures\/definition\/broken\.jsonnet:2:\d+/)
  })

  it('keeps the Jsonnet runtime error text and location', async () => {
    const [problem] = await problemsOf(fx('runtime-error.jsonnet'))
    expect(problem).toContain('RUNTIME ERROR: PORT is required')
    expect(problem).toContain('test/fixtures/definition/runtime-error.jsonnet:1:14')
  })

  it.each(['expand', 'check'] as const)('names the provider, the file and the key of a missing key in one line (%s)', async (mode) => {
    const error = (await loadApp(fx('missing-key.jsonnet'), {mode}).catch((e: unknown) => e)) as DefinitionError
    expect(error.problems).toEqual(['test/fixtures/definition/missing-key.jsonnet: provider file (../../../examples/hello.env): key password not found'])
    // The Jsonnet stack that led to the call is kept for --verbose.
    expect(error.detail).toMatch(/^RUNTIME ERROR: .*key password not found\n\ttest\/fixtures\/definition\/missing-key\.jsonnet:1:/)
  })

  it('names a provider whose module throws, in one line', async () => {
    const error = (await loadApp(fx('plugin-throws.jsonnet'), {mode: 'expand'}).catch((e: unknown) => e)) as DefinitionError
    expect(error.problems).toEqual(['test/fixtures/definition/plugin-throws.jsonnet: provider throwing: the vault is sealed'])
  })

  it('names bad provide() arguments in one line', async () => {
    const error = (await loadApp(fx('bad-provide-args.jsonnet'), {mode: 'check'}).catch((e: unknown) => e)) as DefinitionError
    expect(error.problems).toEqual([
      "test/fixtures/definition/bad-provide-args.jsonnet: provide.file: the first argument must be the options as a JSON string, e.g. std.toString({path: 'app.env'})",
    ])
  })

  it('does not read providers in placeholder mode', async () => {
    const app = await loadApp(fx('missing-file.jsonnet'), {mode: 'placeholder'})
    expect(app.definition.app.env).toEqual({USER: '${username}'})
  })

  it('names a missing provider file', async () => {
    const [problem] = await problemsOf(fx('missing-file.jsonnet'), {mode: 'check'})
    expect(problem).toBe('test/fixtures/definition/missing-file.jsonnet: provider file (nowhere.env): cannot read the file (ENOENT)')
  })

  it('warns on a typo key with a suggestion', async () => {
    const app = await loadApp(fx('typo.jsonnet'), {mode: 'check'})
    expect(app.warnings).toEqual(['test/fixtures/definition/typo.jsonnet: app.memroy: unknown key (did you mean "memory"?)'])
  })

  it('fails on wrong types naming file and path, all at once', async () => {
    expect(await problemsOf(fx('wrong-type.jsonnet'))).toEqual([
      'test/fixtures/definition/wrong-type.jsonnet: scheduler.desired_count: Invalid type: Expected number but received "two"',
      'test/fixtures/definition/wrong-type.jsonnet: app.env.PORT: must be a string but got number 3000',
    ])
  })

  it('never shows a provider value in a message', async () => {
    const problems = await problemsOf(fx('leaky.jsonnet'), {mode: 'expand'})
    expect(problems.join('\n')).not.toContain('supersecretvalue')
    expect(problems[0]).toMatch(
      /^test\/fixtures\/definition\/leaky\.jsonnet: scheduler\.network_mode: Invalid type: Expected \("bridge" \| "host" \| "awsvpc" \| "none"\) but received "\(redacted hmac:[0-9a-f]{12}\)"$/,
    )
  })

  it('rejects an unknown extension', async () => {
    expect(await problemsOf(fx('app.txt'))).toEqual(['test/fixtures/definition/app.txt: unknown extension ".txt" (expected .jsonnet, .json, .yml or .yaml)'])
  })

  it('lists where it looked for an unknown provider type', async () => {
    const [problem] = await problemsOf(fx('unknown-provider.jsonnet'))
    expect(problem).toContain('app.env.$providers[0]: unknown env provider type "nope"')
    expect(problem).toContain('hako-providers/nope.js')
    expect(problem).toContain('npm package hako-provider-nope')
  })
})

describe('Jsonnet inputs', () => {
  const saved = process.env['JSONNET_PATH']
  afterEach(() => {
    if (saved === undefined) delete process.env['JSONNET_PATH']
    else process.env['JSONNET_PATH'] = saved
  })

  it('passes appId and --ext-str, imports relative to the file and from JSONNET_PATH', async () => {
    process.env['JSONNET_PATH'] = ['/nonexistent', fx('jsonnet-path')].join(delimiter)
    const app = await loadApp(fx('ext.jsonnet'), {mode: 'placeholder', extStr: {tag: 'abc'}})
    expect(app.containers[0]?.image).toBe('busybox:abc')
    expect(app.definition.app.env).toEqual({APP_ID: 'ext'})
    expect(app.definition.scheduler).toMatchObject({region: 'ap-northeast-1', cluster: 'from-jpath'})
  })

  it('imports from --jpath', async () => {
    delete process.env['JSONNET_PATH']
    const app = await loadApp(fx('ext.jsonnet'), {mode: 'placeholder', extStr: {tag: 't'}, jpath: [fx('jsonnet-path')]})
    expect(app.definition.scheduler.cluster).toBe('from-jpath')
  })

  it('loads plain JSON', async () => {
    const app = await loadApp(fx('plain.json'), {mode: 'expand'})
    expect(app.appId).toBe('plain')
    expect(app.containers[0]?.image).toBe('busybox:latest')
  })

  it('derives the app id from the file name minus its last extension', () => {
    expect(appIdOf('examples/hello.jsonnet')).toBe('hello')
    expect(appIdOf('/x/a.b.jsonnet')).toBe('a.b')
  })
})

describe('env $providers and #{VAR}', () => {
  it('expands in expand mode, keeps #{} otherwise', async () => {
    expect((await loadApp(fx('interpolate.jsonnet'), {mode: 'expand'})).definition.app.env).toEqual({MESSAGE: 'Hello, eagletmt', PLAIN: 'x'})
    expect((await loadApp(fx('interpolate.jsonnet'), {mode: 'check'})).definition.app.env).toEqual({MESSAGE: 'Hello, #{username}', PLAIN: 'x'})
    expect((await loadApp(fx('interpolate.jsonnet'), {mode: 'placeholder'})).definition.app.env).toEqual({MESSAGE: 'Hello, #{username}', PLAIN: 'x'})
  })

  it('uses a provider from <definition dir>/hako-providers in Jsonnet and in $providers', async () => {
    const app = await loadApp(fx('external.jsonnet'), {mode: 'expand'})
    expect(app.definition.app.env).toEqual({OTHER: 'v-other', TOKEN: 'n-token'})
  })
})

describe('YAML definitions', () => {
  it('merges `<<: !include` in document order', () => {
    const first = loadYamlFile(fx('yaml/merge-first.yml'))
    expect(first).toEqual({foo: 1, bar: 3, baz: 4})
    expect(Object.keys(first as object)).toEqual(['foo', 'bar', 'baz'])
    const last = loadYamlFile(fx('yaml/merge-last.yml'))
    expect(last).toEqual({bar: 2, baz: 4, foo: 1})
    expect(Object.keys(last as object)).toEqual(['bar', 'baz', 'foo'])
  })

  it('loads a YAML app with includes and $providers', async () => {
    const app = await loadApp(fx('yaml/app.yml'), {mode: 'expand'})
    expect(app.appId).toBe('app')
    expect(app.definition.scheduler.region).toBe('ap-northeast-1')
    expect(app.definition.app.env).toEqual({GREETING: 'Hi eagletmt'})
  })
})
