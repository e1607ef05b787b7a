import {closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {fileProblem, jsonDepth, jsonnetInputProblems, MAX_DEPTH, MAX_FILE_BYTES, scanJsonnet} from '../../src/definition/input-limits.js'
import {loadApp} from '../../src/definition/load.js'
import {DefinitionError} from '../../src/errors.js'

const dir = mkdtempSync(join(tmpdir(), 'hako-limits-'))

async function problemsOf(file: string): Promise<string[]> {
  const error = await loadApp(file, {mode: 'placeholder'}).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DefinitionError)
  return (error as DefinitionError).problems
}

describe('scanJsonnet', () => {
  it.each([
    ['{a: [1, (2)]}', 3],
    ["{a: '{{{[[['}", 1],
    ['{a: "\\"{{{"}', 1],
    ["{a: @'it''s {{'}", 1],
    ['{a: @"say ""{{"""}', 1],
    ['// {{{\n{}', 1],
    ['# {{{\n{}', 1],
    ['/* {{{\n{{ */ {}', 1],
    ['{a: |||\n  {{{ [[[\n|||, b: {}}', 2],
    ['{a: ||| \n  }}}\n  |||}', 1],
    ['}}}{', 1],
  ])('%j is %i deep', (source, depth) => {
    expect(scanJsonnet(source).depth).toBe(depth)
  })

  it('counts lines to where the limit is passed, across strings and comments', () => {
    const source = `// one\n'two\nlines'\n${'['.repeat(MAX_DEPTH)}\n[\n${']'.repeat(MAX_DEPTH + 1)}`
    expect(scanJsonnet(source)).toMatchObject({depth: MAX_DEPTH + 1, line: 5})
  })

  it('finds imports with a literal path, not importstr or computed ones', () => {
    const source = "local a = import 'a.libsonnet'; local b = import \"b/c.libsonnet\"; local s = importstr 'x.txt'; import ('d' + 'e')"
    expect(scanJsonnet(source).imports).toEqual(['a.libsonnet', 'b/c.libsonnet'])
  })
})

describe('jsonDepth', () => {
  it.each([
    ['1', 0],
    ['{"a":[1,{"b":[]}]}', 4],
    ['["[[[", "\\"[["]', 1],
    ['[[],[[]]]', 3],
  ])('%s is %i deep', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth)
  })
})

describe('fileProblem', () => {
  it('accepts a regular file', () => {
    writeFileSync(join(dir, 'ok.jsonnet'), '{}')
    expect(fileProblem(join(dir, 'ok.jsonnet'))).toBeUndefined()
  })

  it.each([
    ['missing.jsonnet', () => undefined, 'cannot read the file (no such file)'],
    ['folder.jsonnet', () => mkdirSync(join(dir, 'folder.jsonnet')), 'is a directory, not a definition file'],
    [
      'huge.jsonnet',
      () => {
        const fd = openSync(join(dir, 'huge.jsonnet'), 'w')
        ftruncateSync(fd, MAX_FILE_BYTES + 1)
        closeSync(fd)
      },
      `is ${MAX_FILE_BYTES + 1} bytes; a definition may have at most ${MAX_FILE_BYTES}`,
    ],
  ])('%s: %s', (name, make, message) => {
    make()
    expect(fileProblem(join(dir, name))).toBe(`${join(dir, name)}: ${message}`)
  })

  it('rejects a device', () => {
    expect(fileProblem('/dev/null')).toBe('/dev/null: is not a regular file')
  })
})

describe('loadApp', () => {
  it('reports a deep file and a deep import at once, before evaluating', async () => {
    const deep = `${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`
    mkdirSync(join(dir, 'lib'), {recursive: true})
    writeFileSync(join(dir, 'lib', 'deep.libsonnet'), deep)
    writeFileSync(join(dir, 'both.jsonnet'), `{x: import 'deep.libsonnet', y: ${deep}}`)
    expect(jsonnetInputProblems(join(dir, 'both.jsonnet'), [join(dir, 'lib')])).toEqual([
      `${join(dir, 'both.jsonnet')}:1: nested more than ${MAX_DEPTH} levels deep`,
      `${join(dir, 'lib', 'deep.libsonnet')}:1: nested more than ${MAX_DEPTH} levels deep`,
    ])
    const problems = await loadApp(join(dir, 'both.jsonnet'), {mode: 'placeholder', jpath: [join(dir, 'lib')]}).catch((e: DefinitionError) => e.problems)
    expect(problems).toHaveLength(2)
  })

  it('accepts a file exactly at the limit', async () => {
    const file = join(dir, 'edge.jsonnet')
    const source = `{scheduler: {type: 'ecs', region: 'ap-northeast-1', desired_count: 1}, app: {image: 'x', memory: 8, docker_labels: {a: ${'['.repeat(MAX_DEPTH - 3)}${']'.repeat(MAX_DEPTH - 3)}}}}`
    writeFileSync(file, source)
    expect(scanJsonnet(source).depth).toBe(MAX_DEPTH)
    // Loads past the limits (the schema rejects the labels, which is what a deep file gets to).
    expect((await problemsOf(file)).join('\n')).not.toContain('levels deep')
  })

  it('stops a definition that evaluates deeper than the limit', async () => {
    const file = join(dir, 'recursive.jsonnet')
    writeFileSync(file, `local f(n) = if n == 0 then 1 else [f(n - 1)]; {x: f(${MAX_DEPTH + 1})}`)
    expect(await problemsOf(file)).toEqual([`${file}: the evaluated definition is nested more than ${MAX_DEPTH} levels deep`])
  })

  it.each(['dir.yml', 'dir.jsonnet'])('names a directory given as %s', async (name) => {
    mkdirSync(join(dir, name), {recursive: true})
    expect(await problemsOf(join(dir, name))).toEqual([`${join(dir, name)}: is a directory, not a definition file`])
  })
})
