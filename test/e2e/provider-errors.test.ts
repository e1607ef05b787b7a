/** A provider failure is one line on stderr; the Jsonnet stack behind it only with --verbose. */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, expect, it} from 'vitest'

import {assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'

assertBuilt()

let tmp: ReturnType<typeof tempDir>
let file: string
beforeAll(() => {
  tmp = tempDir('provider-errors')
  writeFileSync(join(tmp.path, 'hello.env'), 'username=eagletmt\n')
  file = join(tmp.path, 'hello.jsonnet')
  writeFileSync(
    file,
    `local provide(name) = std.native('provide.file')(std.toString({path: 'hello.env'}), name);
{
  scheduler: {type: 'ecs', region: 'ap-northeast-1', desired_count: 1},
  app: {image: 'busybox', memory: 64, env: {DATABASE_URL: provide('DATABASE_URL')}},
}
`,
  )
})
afterAll(() => tmp.remove())

it('names provider, file and key in one line', async () => {
  const result = await runCli(['show-definition', '--expand', file])
  expect(result.code, describeResult(result)).toBe(1)
  expect(result.stderr).toBe(`${file}: provider file (hello.env): key DATABASE_URL not found\n`)
})

it('adds the Jsonnet stack with --verbose', async () => {
  const result = await runCli(['show-definition', '--expand', '-v', file])
  expect(result.code, describeResult(result)).toBe(1)
  const lines = result.stderr.split('\n')
  expect(lines[0]).toBe(`${file}: provider file (hello.env): key DATABASE_URL not found`)
  expect(result.stderr).toContain('RUNTIME ERROR: ')
  expect(result.stderr).toContain(`${file}:4:`)
})
