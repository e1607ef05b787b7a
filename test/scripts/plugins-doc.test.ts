import {mkdtemp, mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {afterAll, describe, expect, it} from 'vitest'

import type {Definition} from '../../src/definition/types.js'
import {runHook} from '../../src/scripts/hooks.js'
import {createScripts, resolveScriptPlugins} from '../../src/scripts/registry.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {container} from './support/containers.js'
import {clientsFor} from '../support/local-aws.js'

const docs = fileURLToPath(new URL('../../docs/plugins.md', import.meta.url))
let dir: string | undefined

afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})

describe('docs/plugins.md', () => {
  it('has a complete example plugin that loads and runs', async () => {
    const markdown = await readFile(docs, 'utf8')
    const example = /`hako-scripts\/slack\.mjs`[^\n]*\n\n```js\n([\s\S]*?)```/.exec(markdown)?.[1]
    expect(example).toBeDefined()
    dir = await mkdtemp(path.join(tmpdir(), 'hako-doc-'))
    await mkdir(path.join(dir, 'hako-scripts'))
    await writeFile(path.join(dir, 'hako-scripts', 'slack.mjs'), example ?? '')

    const bad = await resolveScriptPlugins([{type: 'slack'}], dir)
    expect(bad.problems).toEqual([{path: 'scripts[0].webhook_env', message: 'must be the name of an environment variable', severity: 'error'}])

    const {plugins, problems} = await resolveScriptPlugins([{type: 'slack', webhook_env: 'SLACK_WEBHOOK'}], dir)
    expect(problems).toEqual([])
    const reporter = new MemoryReporter()
    const clients = clientsFor('http://127.0.0.1:9')
    const scripts = createScripts(plugins, {appId: 'hello', definitionDir: dir, definition: {} as Definition, clients, reporter, dryRun: true})
    await runHook(scripts, 'deployStarting', [container('app')])
    await runHook(scripts, 'deployFinished', [])
    expect(reporter.stdout()).toBe('slack would post: Deploying hello (app-image)\nslack would post: Deployed hello\n')
  })
})
