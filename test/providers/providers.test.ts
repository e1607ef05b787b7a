import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {fileProvider} from '../../src/providers/file.js'
import {findProviderFactory, ProviderSet} from '../../src/providers/registry.js'
import {ProviderError} from '../../src/providers/types.js'
import {yamlProvider} from '../../src/providers/yaml.js'
import {yamlValues} from '../../src/providers/yaml-values.js'

const dir = mkdtempSync(join(tmpdir(), 'hako-providers-'))

describe('file provider', () => {
  it('reads the file relative to the definition folder; format dotenv removes quotes', async () => {
    writeFileSync(join(dir, 'a.env'), '# comment\nA=1\nB="two words"\nEMPTY=\n')
    const p = await fileProvider.create({path: 'a.env'}, dir)
    expect(await p.ask(['A', 'B', 'EMPTY', 'C'])).toEqual({A: '1', B: '"two words"', EMPTY: ''})
    const dotenv = await fileProvider.create({path: 'a.env', format: 'dotenv'}, dir)
    expect(await dotenv.ask(['B'])).toEqual({B: 'two words'})
    expect(p.label).toBe('provider file (a.env)')
  })

  it('requires options.path', async () => {
    await expect(fileProvider.create({}, dir)).rejects.toThrow(new ProviderError('provider file: options.path must be set (got {})'))
  })

  it('does not touch process.env', async () => {
    writeFileSync(join(dir, 'b.env'), 'HAKO_TEST_SHOULD_NOT_LEAK=1\n')
    await fileProvider.create({path: 'b.env'}, dir)
    expect(process.env['HAKO_TEST_SHOULD_NOT_LEAK']).toBeUndefined()
  })
})

describe('yaml provider', () => {
  it('flattens nested maps and arrays', () => {
    expect(yamlValues('a: {b: {c: 1}}\nl: [1, x]\nn: null\n')).toEqual({'a.b.c': '1', l: '1,x', n: ''})
  })

  it('rejects a root that is not a mapping, naming the file', async () => {
    writeFileSync(join(dir, 'list.yml'), '- a\n- b\n')
    await expect(yamlProvider.create({path: 'list.yml'}, dir)).rejects.toThrow('provider yaml (list.yml): the root must be a mapping')
  })

  it('rejects a non-string separator', async () => {
    writeFileSync(join(dir, 'ok.yml'), 'a: 1\n')
    await expect(yamlProvider.create({path: 'ok.yml', key_sep: 1}, dir)).rejects.toThrow('provider yaml: options.key_sep must be a string')
  })
})

describe('registry', () => {
  it('finds built-ins by type', async () => {
    expect((await findProviderFactory('file', dir)).type).toBe('file')
    expect((await findProviderFactory('yaml', dir)).type).toBe('yaml')
  })

  it('loads <dir>/hako-providers/<type>.mjs', async () => {
    mkdirSync(join(dir, 'hako-providers'), {recursive: true})
    writeFileSync(
      join(dir, 'hako-providers', 'const.mjs'),
      "export const provider = {type: 'const', create: async () => ({label: 'const', ask: async (n) => Object.fromEntries(n.map((k) => [k, 'v']))})}\n",
    )
    const set = new ProviderSet(dir)
    const p = await set.get('const', {})
    expect(await p.ask(['x'])).toEqual({x: 'v'})
    expect(await set.get('const', {})).toBe(p)
  })

  it('rejects a module without a factory', async () => {
    mkdirSync(join(dir, 'hako-providers'), {recursive: true})
    writeFileSync(join(dir, 'hako-providers', 'bad.mjs'), 'export default 42\n')
    await expect(findProviderFactory('bad', dir)).rejects.toThrow(/must export an EnvProviderFactory/)
  })

  it('names every place it looked for an unknown type', async () => {
    const error = (await findProviderFactory('vault9', dir).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(ProviderError)
    expect(error.message).toContain(`${join(dir, 'hako-providers', 'vault9.js')} or ${join(dir, 'hako-providers', 'vault9.mjs')}`)
    expect(error.message).toContain('no npm package hako-provider-vault9')
  })
})
