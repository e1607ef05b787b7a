/** hako's conformance cases 1–8 (loading, closure, env expansion, providers). */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {buildContainers} from '../../src/definition/containers.js'
import {expandEnv, type ProviderSource} from '../../src/definition/env.js'
import {checkDefinition} from '../../src/definition/check.js'
import type {Definition} from '../../src/definition/types.js'
import {fileProvider} from '../../src/providers/file.js'
import type {EnvProvider} from '../../src/providers/types.js'
import {yamlProvider} from '../../src/providers/yaml.js'

const dir = mkdtempSync(join(tmpdir(), 'hako-conformance-'))

async function definitionOf(app: Record<string, unknown>, sidecars: Record<string, Record<string, unknown>>): Promise<Definition> {
  const withMemory = (spec: Record<string, unknown>) => ({memory: 64, ...spec})
  const raw = {
    scheduler: {type: 'ecs', region: 'ap-northeast-1', desired_count: 1},
    app: withMemory(app),
    sidecars: Object.fromEntries(Object.entries(sidecars).map(([k, v]) => [k, withMemory(v)])),
  }
  const result = await checkDefinition(raw, {mode: 'placeholder', appId: 'app', dir})
  expect(result.problems).toEqual([])
  return result.definition as Definition
}

const names = (definition: Definition, containers?: 'all' | {with: string[]}) =>
  buildContainers(definition, {containers})
    .containers.map((c) => c.name)
    .sort()

describe('containers', () => {
  it('case 1: app image gets the tag, sidecar image_tag is verbatim', async () => {
    const d = await definitionOf({image: 'app-image'}, {front: {image_tag: 'front-image'}})
    const {containers} = buildContainers(d, {tag: 'tag'})
    expect(containers.map((c) => [c.name, c.image, c.links])).toEqual([
      ['app', 'app-image:tag', []],
      ['front', 'front-image', []],
    ])
    expect(buildContainers(d, {tag: 'tag', containers: {with: []}}).containers.map((c) => c.name)).toEqual(['app'])
  })

  const redis = {
    redis: {image_tag: 'redis', links: ['memcached']},
    memcached: {image_tag: 'memcached'},
    fluentd: {image_tag: 'fluentd', links: ['redis']},
  }

  it('case 2: link closure', async () => {
    const d = await definitionOf({image: 'app', links: ['redis']}, redis)
    expect(names(d, 'all')).toEqual(['app', 'fluentd', 'memcached', 'redis'])
    expect(names(d, {with: []})).toEqual(['app', 'memcached', 'redis'])
  })

  it('case 3: depends_on closure', async () => {
    const d = await definitionOf(
      {image: 'app', links: ['redis'], depends_on: [{container_name: 'init2', condition: 'SUCCESS'}]},
      {...redis, init2: {image_tag: 'init2', depends_on: [{container_name: 'init', condition: 'SUCCESS'}]}, init: {image_tag: 'init'}},
    )
    expect(names(d, {with: []})).toEqual(['app', 'init', 'init2', 'memcached', 'redis'])
  })

  it('case 4: volumes_from closure', async () => {
    const d = await definitionOf(
      {image: 'app', volumes_from: [{source_container: 'redis'}]},
      {redis: {image_tag: 'redis', volumes_from: [{source_container: 'memcached'}]}, memcached: {image_tag: 'memcached'}, fluentd: {image_tag: 'fluentd'}},
    )
    expect(names(d, {with: []})).toEqual(['app', 'memcached', 'redis'])
  })

  it('keeps a tag or digest already in the image, --tag replaces a tag', async () => {
    const tagged = await definitionOf({image: 'nginx:1.25'}, {})
    expect(buildContainers(tagged).containers[0]?.image).toBe('nginx:1.25')
    expect(buildContainers(tagged, {tag: 'v2'}).containers[0]?.image).toBe('nginx:v2')
    const registry = await definitionOf({image: 'registry.local:5000/team/app'}, {})
    expect(buildContainers(registry).containers[0]?.image).toBe('registry.local:5000/team/app:latest')
    const digest = await definitionOf({image: 'app@sha256:abc'}, {})
    expect(buildContainers(digest, {tag: 'v2'}).containers[0]?.image).toBe('app@sha256:abc')
  })

  it('containers are copies: mutating one does not change the definition', async () => {
    const d = await definitionOf({image: 'app', env: {A: 'a'}}, {})
    const [app] = buildContainers(d).containers
    app!.env['B'] = 'b'
    expect(d.app.env).toEqual({A: 'a'})
  })
})

/** A provider that records what it was asked for. */
function recording(values: Record<string, string>, log: string[][], label: string): EnvProvider {
  return {
    label,
    ask: async (asked) => {
      log.push(asked)
      return Object.fromEntries(asked.filter((n) => n in values).map((n) => [n, values[n] as string]))
    },
    askKeys: async (asked) => asked.filter((n) => n in values),
  }
}

function source(providers: Record<string, EnvProvider>): ProviderSource {
  return {get: async (type) => providers[type] as EnvProvider}
}

describe('env expansion', () => {
  it('case 5: expands #{username}; with an empty provider it is an error', async () => {
    const env = {$providers: [{type: 'p'}], FOO: 'BAR', MESSAGE: 'Hello, #{username}'}
    const ok = await expandEnv(env, 'app.env', 'expand', source({p: recording({username: 'eagletmt'}, [], 'p provider')}))
    expect(ok).toEqual({env: {FOO: 'BAR', MESSAGE: 'Hello, eagletmt'}, problems: []})
    const empty = await expandEnv(env, 'app.env', 'expand', source({p: recording({}, [], 'p provider')}))
    expect(empty.problems).toEqual([{path: 'app.env', message: 'could not resolve #{username} from $providers (p provider)', severity: 'error'}])
  })

  it('case 6: each provider is asked only for names still unresolved', async () => {
    const aLog: string[][] = []
    const bLog: string[][] = []
    const result = await expandEnv(
      {$providers: [{type: 'a'}, {type: 'b'}], MESSAGE: '#{foo}, #{bar}'},
      'app.env',
      'expand',
      source({a: recording({foo: 'hoge'}, aLog, 'a'), b: recording({bar: 'fuga'}, bLog, 'b')}),
    )
    expect(result.env).toEqual({MESSAGE: 'hoge, fuga'})
    expect(aLog).toEqual([['foo', 'bar']])
    expect(bLog).toEqual([['bar']])
  })

  it('check mode: missing keys are an error, values stay unexpanded', async () => {
    const p = source({p: recording({username: 'x'}, [], 'p provider')})
    const result = await expandEnv({$providers: [{type: 'p'}], M: '#{username} #{host}'}, 'app.env', 'check', p)
    expect(result).toEqual({
      env: {M: '#{username} #{host}'},
      problems: [{path: 'app.env', message: 'could not find #{host} in $providers (p provider)', severity: 'error'}],
    })
  })
})

describe('providers', () => {
  it('case 7: file provider', async () => {
    writeFileSync(join(dir, 'case7.env'), 'username=eagletmt\n')
    const provider = await fileProvider.create({path: 'case7.env'}, dir)
    expect(await provider.ask(['username'])).toEqual({username: 'eagletmt'})
    expect(await provider.ask(['undefined'])).toEqual({})
    expect(await provider.askKeys?.(['username', 'undefined'])).toEqual(['username'])
  })

  it('case 8: yaml provider with default and custom separators', async () => {
    writeFileSync(join(dir, 'case8.yml'), 'username: eagletmt\nhost: [app-001, app-002]\napp:\n  db: {host: db-001, port: 3306}\n  cache: {host: cache-001}\n')
    const plain = await yamlProvider.create({path: 'case8.yml'}, dir)
    expect(await plain.ask(['host', 'app.db.port', 'username'])).toEqual({host: 'app-001,app-002', 'app.db.port': '3306', username: 'eagletmt'})
    const custom = await yamlProvider.create({path: 'case8.yml', key_sep: '_', ary_sep: '/'}, dir)
    expect(await custom.ask(['app_db_host', 'host'])).toEqual({app_db_host: 'db-001', host: 'app-001/app-002'})
  })
})
