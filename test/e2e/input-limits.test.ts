/**
 * Inputs that used to kill the built CLI inside libjsonnet (SIGSEGV on deep nesting, SIGABRT on a
 * directory) end with a `file: message` line and exit 1 instead.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, expect, it} from 'vitest'

import {assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'

assertBuilt()

let tmp: ReturnType<typeof tempDir>
beforeAll(() => {
  tmp = tempDir('limits')
})
afterAll(() => tmp.remove())

const deep = (levels: number): string => `${'{a:'.repeat(levels)}1${'}'.repeat(levels)}\n`

it.each([
  [
    'a definition nested 3,000 levels deep',
    'deep.jsonnet',
    () => writeFileSync(join(tmp.path, 'deep.jsonnet'), deep(3000)),
    ': nested more than 200 levels deep',
  ],
  [
    'a JSON file nested 10,000 levels deep',
    'deep.json',
    () => writeFileSync(join(tmp.path, 'deep.json'), `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    ': nested more than 200 levels deep',
  ],
  ['a directory', 'dir.jsonnet', () => mkdirSync(join(tmp.path, 'dir.jsonnet')), ': is a directory, not a definition file'],
  [
    'an import nested 3,000 levels deep',
    'imports.jsonnet',
    () => {
      writeFileSync(join(tmp.path, 'deep.libsonnet'), deep(3000))
      writeFileSync(join(tmp.path, 'imports.jsonnet'), "{x: import 'deep.libsonnet'}\n")
    },
    'deep.libsonnet:1: nested more than 200 levels deep',
  ],
])('show-definition of %s exits 1 with a message, not a signal', async (_name, file, make, message) => {
  make()
  const result = await runCli(['show-definition', join(tmp.path, file)])
  expect(result.signal, describeResult(result)).toBeNull()
  expect(result.code, describeResult(result)).toBe(1)
  expect(result.stderr).toContain(message)
  expect(result.stderr.split('\n')[0]).toMatch(new RegExp(`^${tmp.path}/`))
})
