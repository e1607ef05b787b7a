import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {Definition} from '../../src/definition/types.js'
import {runHook} from '../../src/scripts/hooks.js'
import {createScripts, resolveScriptPlugins} from '../../src/scripts/registry.js'
import type {ScriptContext} from '../../src/scripts/types.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {container} from './support/containers.js'
import {clientsFor} from '../support/local-aws.js'

const fixtures = fileURLToPath(new URL('../fixtures/scripts', import.meta.url))
const nginx = {type: 'nginx_front', s3: {region: 'ap-northeast-1', bucket: 'b'}, backend_port: 3000}

function context(reporter = new MemoryReporter()): ScriptContext {
  return {
    appId: 'hello',
    definitionDir: fixtures,
    definition: {scheduler: {}} as unknown as Definition,
    clients: clientsFor('http://127.0.0.1:9'),
    reporter,
    dryRun: false,
  }
}

describe('resolveScriptPlugins: built-in types', () => {
  it('validates options and fills defaults', async () => {
    const {plugins, problems} = await resolveScriptPlugins([nginx, {type: 'create_aws_cloud_watch_logs_log_group'}], fixtures)
    expect(problems).toEqual([])
    expect(plugins.map((p) => p.plugin.type)).toEqual(['nginx_front', 'create_aws_cloud_watch_logs_log_group'])
    expect(plugins[0]?.options).toMatchObject({backend: 'app', locations: {'/': {}}})
  })

  it('reports a bad option at its exact path', async () => {
    const {plugins, problems} = await resolveScriptPlugins([{type: 'nginx_front', s3: {region: 'ap-northeast-1', bucket: 42}, backend_port: 3000}], fixtures)
    expect(plugins).toEqual([])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({path: 'scripts[0].s3.bucket', severity: 'error'})
  })

  it('warns about an unknown key and still loads the script', async () => {
    const {plugins, problems} = await resolveScriptPlugins([{type: 'create_aws_cloud_watch_logs_log_group'}, {...nginx, colour: 'blue'}], fixtures)
    expect(problems).toEqual([{path: 'scripts[1].colour', message: 'unknown key', severity: 'warning'}])
    expect(plugins.map((p) => p.plugin.type)).toEqual(['create_aws_cloud_watch_logs_log_group', 'nginx_front'])
    expect(plugins[1]?.options).not.toHaveProperty('colour')
  })

  it('makes a missing required option an error and suggests the key a typo meant', async () => {
    const {plugins, problems} = await resolveScriptPlugins([{type: 'nginx_front', s3: {region: 'ap-northeast-1', bucket: 'b'}, backend_prot: 3000}], fixtures)
    expect(plugins).toEqual([])
    expect(problems).toEqual([
      {path: 'scripts[0].backend_port', message: 'must be set', severity: 'error'},
      {path: 'scripts[0].backend_prot', message: 'unknown key (did you mean "backend_port"?)', severity: 'warning'},
    ])
  })

  it('reports a missing or empty type', async () => {
    const {problems} = await resolveScriptPlugins([{s3: {}}, {type: ''}], fixtures)
    expect(problems.map((p) => p.path)).toEqual(['scripts[0].type', 'scripts[1].type'])
  })

  it('rejects a route53 entry naming both hosted_zone and hosted_zone_id', async () => {
    const entry = {type: 'route53', hosted_zone: 'example.com', hosted_zone_id: 'Z1', records: [{name: 'www.example.com'}]}
    const {problems} = await resolveScriptPlugins([entry], fixtures)
    expect(problems).toEqual([{path: 'scripts[0].hosted_zone', message: 'give exactly one of hosted_zone and hosted_zone_id', severity: 'error'}])
  })
})

describe('resolveScriptPlugins: plugins from outside', () => {
  let packageRoot: string

  beforeAll(async () => {
    packageRoot = await mkdtemp(path.join(tmpdir(), 'hako-scripts-'))
    const pkg = path.join(packageRoot, 'node_modules', 'hako-script-stamp')
    await mkdir(pkg, {recursive: true})
    await writeFile(path.join(pkg, 'package.json'), JSON.stringify({name: 'hako-script-stamp', type: 'module', exports: {'.': {import: './main.mjs'}}}))
    await writeFile(
      path.join(pkg, 'main.mjs'),
      "export default {type: 'stamp', create: (options) => ({type: 'stamp', deployStarting: async (cs) => { cs[0].env.STAMP = options.value } })}\n",
    )
    await mkdir(path.join(packageRoot, 'defs', 'deep'), {recursive: true})
  })

  afterAll(async () => {
    await rm(packageRoot, {recursive: true, force: true})
  })

  it('lists every place it looked for a missing type', async () => {
    const {plugins, problems} = await resolveScriptPlugins([nginx, {type: 'nowhere'}], fixtures)
    expect(plugins).toHaveLength(1)
    expect(problems).toHaveLength(1)
    const message = problems[0]?.message ?? ''
    expect(problems[0]?.path).toBe('scripts[1].type')
    expect(message).toContain('nginx_front, create_aws_cloud_watch_logs_log_group, route53')
    expect(message).toContain(path.join(fixtures, 'hako-scripts', 'nowhere.js'))
    expect(message).toContain(path.join(fixtures, 'hako-scripts', 'nowhere.mjs'))
    expect(message).toContain(path.join(fixtures, 'node_modules', 'hako-script-nowhere'))
    expect(message).toContain(path.join(path.dirname(fixtures), 'node_modules', 'hako-script-nowhere'))
  })

  it('refuses a type that would leave the plugin folder', async () => {
    const {problems} = await resolveScriptPlugins([{type: '../recorder'}], fixtures)
    expect(problems[0]).toMatchObject({path: 'scripts[0].type', severity: 'error'})
    expect(problems[0]?.message).toContain('unknown script type "../recorder"')
  })

  it('validates with the plugin own Standard Schema', async () => {
    const bad = await resolveScriptPlugins([{type: 'greeter', greeting: 5}], fixtures)
    expect(bad.problems).toEqual([{path: 'scripts[0].greeting', message: 'must be a string', severity: 'error'}])
    const good = await resolveScriptPlugins([{type: 'greeter', greeting: 'hi'}], fixtures)
    expect(good.problems).toEqual([])
    const reporter = new MemoryReporter()
    await runHook(createScripts(good.plugins, context(reporter)), 'deployStarting', [])
    expect(reporter.messages('info')).toEqual(['HI hello'])
  })

  it('rejects a module whose default export is not a plugin', async () => {
    const {problems} = await resolveScriptPlugins([{type: 'not-a-plugin'}], fixtures)
    expect(problems[0]?.message).toContain('not-a-plugin.mjs must default-export a script plugin')
  })

  it('loads an npm package hako-script-<type> found above the definition folder', async () => {
    const {plugins, problems} = await resolveScriptPlugins([{type: 'stamp', value: 'v1'}], path.join(packageRoot, 'defs', 'deep'))
    expect(problems).toEqual([])
    const containers = [container('app')]
    await runHook(createScripts(plugins, context()), 'deployStarting', containers)
    expect(containers[0]?.env).toEqual({STAMP: 'v1'})
  })

  it('drives every hook of an external plugin in order', async () => {
    const calls: {hook: string; appId: string; args: unknown[]}[] = []
    const {plugins, problems} = await resolveScriptPlugins([{type: 'recorder', calls}], fixtures)
    expect(problems).toEqual([])
    const scripts = createScripts(plugins, context())
    const containers = [container('app')]
    await runHook(scripts, 'deployStarting', containers)
    await runHook(scripts, 'deployStarted', containers, 10000)
    await runHook(scripts, 'deployFinished', containers)
    await runHook(scripts, 'deployFailed', containers, {taskIds: ['t1']})
    await runHook(scripts, 'rollbackStarting')
    await runHook(scripts, 'rollbackStarted', 'app:2', 'app:1')
    await runHook(scripts, 'rollbackFinished')
    await runHook(scripts, 'oneshotStarting', containers)
    await runHook(scripts, 'oneshotStarted', {cluster: 'c', taskArn: 'arn:task'})
    await runHook(scripts, 'oneshotFinished', containers)
    await runHook(scripts, 'removeStarting')
    await runHook(scripts, 'afterRemove')
    expect(calls.map((c) => c.hook)).toEqual([
      'deployStarting',
      'deployStarted',
      'deployFinished',
      'deployFailed',
      'rollbackStarting',
      'rollbackStarted',
      'rollbackFinished',
      'oneshotStarting',
      'oneshotStarted',
      'oneshotFinished',
      'removeStarting',
      'afterRemove',
    ])
    expect(calls.every((c) => c.appId === 'hello')).toBe(true)
    expect(calls[1]?.args[1]).toBe(10000)
    expect(calls[3]?.args[1]).toEqual({taskIds: ['t1']})
    expect(calls[5]?.args).toEqual(['app:2', 'app:1'])
  })
})

describe('runHook', () => {
  it('runs scripts in definition order and names the failing script and hook', async () => {
    const order: string[] = []
    const scripts = [
      {type: 'first', deployStarting: async () => void order.push('first')},
      {type: 'second', deployStarting: async () => Promise.reject(new Error('boom'))},
      {type: 'third', deployStarting: async () => void order.push('third')},
    ]
    await expect(runHook(scripts, 'deployStarting', [])).rejects.toThrow('script second failed in deploy_starting: boom')
    expect(order).toEqual(['first'])
  })
})
