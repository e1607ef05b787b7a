/**
 * Many definitions using providers, loaded at once: a Jsonnet evaluation holds a libuv pool thread
 * while its provider callbacks run, so unbounded evaluations once starved those callbacks and the
 * load never finished (src/definition/eval-slots.ts).
 */
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {evaluationSlots, threadPoolSize} from '../../src/definition/eval-slots.js'
import {loadApp} from '../../src/definition/load.js'
import {DefinitionError} from '../../src/errors.js'

const COUNT = 20

function writeApps(provide: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hako-load-many-'))
  writeFileSync(join(dir, 'app.env'), 'TOKEN=t0k3n\n')
  mkdirSync(join(dir, 'hako-providers'))
  // Reads with fs.promises, which needs a thread-pool thread while the evaluation holds one.
  writeFileSync(
    join(dir, 'hako-providers', 'pooled.mjs'),
    `import {readFile} from 'node:fs/promises'
export const provider = {type: 'pooled', create: async (options, dir) => ({
  label: 'pooled provider',
  ask: async (names) => {
    const text = await readFile(dir + '/app.env', 'utf8')
    return Object.fromEntries(names.map((name) => [name, text.trim().split('=')[1]]))
  },
})}
`,
  )
  return Array.from({length: COUNT}, (_, i) => {
    const file = join(dir, `app${i}.jsonnet`)
    writeFileSync(
      file,
      `local provide(name) = std.native('${provide}')(std.toString({path: 'app.env'}), name);
{scheduler: {type: 'ecs', region: 'ap-northeast-1', desired_count: 1}, app: {image: 'busybox', memory: 64, env: {TOKEN: provide('TOKEN')}}}
`,
    )
    return file
  })
}

describe(`${COUNT} definitions with providers loaded at once`, () => {
  it.each(['provide.file', 'provide.pooled'])('all finish with %s', async (provide) => {
    const apps = await Promise.all(writeApps(provide).map((file) => loadApp(file, {mode: 'expand'})))
    expect(apps.map((app) => app.definition.app.env['TOKEN'])).toEqual(Array.from({length: COUNT}, () => 't0k3n'))
  })
})

describe('evaluation slots', () => {
  it.each([
    [undefined, 4, 3],
    ['16', 16, 15],
    ['1', 1, 1],
    ['2', 2, 1],
    ['0', 4, 3],
    ['many', 4, 3],
    ['4096', 1024, 1023],
  ])('UV_THREADPOOL_SIZE=%s: pool %i, %i at once', (value, pool, slots) => {
    const env = value === undefined ? {} : {UV_THREADPOOL_SIZE: value}
    expect(threadPoolSize(env)).toBe(pool)
    expect(evaluationSlots(env)).toBe(slots)
  })
})

describe('a provider that never answers', () => {
  it('is ended by the load signal, which frees the evaluation', async () => {
    const controller = new AbortController()
    const loading = loadApp('test/fixtures/definition/never.jsonnet', {mode: 'expand', signal: controller.signal}).catch((e: unknown) => e)
    // Nothing but the abort can settle this load, whether it comes before or during the call.
    await new Promise((resolve) => setImmediate(resolve))
    controller.abort()
    const error = (await loading) as DefinitionError
    expect(error).toBeInstanceOf(DefinitionError)
    expect(error.problems).toEqual(['test/fixtures/definition/never.jsonnet: provider never: interrupted'])
  })
})
