import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {floatToS, tokenize} from '../../src/providers/ruby-scalar.js'
import {ProviderError} from '../../src/providers/types.js'
import {yamlProvider} from '../../src/providers/yaml.js'
import {yamlValues} from '../../src/providers/yaml-values.js'

const fixtures = 'test/fixtures/providers'
const dir = mkdtempSync(join(tmpdir(), 'hako-yaml-provider-'))
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8')
/** What the Ruby hako made of a fixture (generate.rb): its values, or the exception class. */
const ruby = (name: string): {values?: Record<string, string>; error?: string} => JSON.parse(fixture(`${name}.expected.json`))

describe('yaml provider values, as the Ruby hako makes them', () => {
  const expected = ruby('scalars.yml').values as Record<string, string>
  const ours = yamlValues(fixture('scalars.yml'))

  it.each(Object.entries(expected))('%s → %j', (key, value) => {
    expect(ours[key]).toBe(value)
  })

  it('has no keys the Ruby hako lacks', () => {
    expect(Object.keys(ours).sort()).toEqual(Object.keys(expected).sort())
  })
})

describe('the cases that matter most', () => {
  it.each([
    ['1.0', '1.0'],
    ['12345678901234567890', '12345678901234567890'],
    ['yes', 'true'],
    ['off', 'false'],
    ['y', 'y'],
    ['0755', '493'],
    ['"0755"', '0755'],
    // Psych weighs `a:b` as a*3600 + b*60 (YAML 1.1 says a*60 + b = 750).
    ['12:30', '45000'],
    ['null', ''],
    ['', ''],
    ['1e3', '1e3'],
    ['1.0e+3', '1000.0'],
    ['0.00001', '1.0e-05'],
    ['1,000', '1000'],
    ['.inf', 'Infinity'],
  ])('v: %s → %j', (text, value) => {
    expect(yamlValues(`v: ${text}\n`)['v']).toBe(value)
  })
})

describe('Ruby Float#to_s', () => {
  it.each([
    [1, '1.0'],
    [0.1, '0.1'],
    [-0, '-0.0'],
    [100000000000000, '100000000000000.0'],
    [1e15, '1.0e+15'],
    [1234567890123456, '1.234567890123456e+15'],
    [0.0001, '0.0001'],
    [0.00012345, '0.00012345'],
    [9.999e-5, '9.999e-05'],
    [5e-324, '5.0e-324'],
    [1.23e20, '1.23e+20'],
    [1e100, '1.0e+100'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
  ])('%d → %s', (value, text) => {
    expect(floatToS(value)).toBe(text)
  })
})

describe('Psych scalar resolution', () => {
  it.each([
    ['Null', null],
    ['NULL', null],
    ['~', null],
    ['nUlL', null],
    ['True', true],
    ['yesno', 'yesno'],
    ['-1:30', -1800n],
    ['0b101', 5n],
    ['-0x1f', -31n],
    ['09', '09'],
    ['1.', 1],
    ['.', '.'],
    ['-.', '-.'],
    ['2020-01-01', '2020-01-01'],
  ])('%s', (text, value) => {
    expect(tokenize(text)).toEqual(value)
  })
})

describe('where we differ from the Ruby hako on purpose', () => {
  it.each([
    ['date.yml', 'Psych::DisallowedClass', {released: '2020-01-01'}],
    ['time.yml', 'Psych::DisallowedClass', {at: '2020-01-01 10:00:00'}],
    ['alias.yml', 'Psych::BadAlias', {'base.host': 'db', 'other.host': 'db', 'other.port': '5432'}],
  ])('%s: hako fails (%s), we read it', (name, rubyError, values) => {
    expect(ruby(name).error).toBe(rubyError)
    expect(yamlValues(fixture(name))).toEqual(values)
  })
})

describe('yaml provider', () => {
  it('joins with key_sep and ary_sep', async () => {
    writeFileSync(join(dir, 'sep.yml'), 'app:\n  db: {host: db-001, port: 3306}\nhost: [app-001, app-002]\n')
    const provider = await yamlProvider.create({path: 'sep.yml', key_sep: '_', ary_sep: '/'}, dir)
    expect(await provider.ask(['app_db_host', 'app_db_port', 'host', 'nope'])).toEqual({app_db_host: 'db-001', app_db_port: '3306', host: 'app-001/app-002'})
    expect(await provider.askKeys?.(['host', 'nope'])).toEqual(['host'])
  })

  it.each(['list-root.yml', 'empty.yml'])('rejects %s, whose root is not a mapping, as hako does', async (name) => {
    expect(ruby(name).error).toBe('Hako::EnvProvider::ValidationError')
    await expect(yamlProvider.create({path: join(process.cwd(), fixtures, name)}, dir)).rejects.toThrow(/: the root must be a mapping$/)
  })

  it('names the file and line of a syntax error without echoing the text', async () => {
    writeFileSync(join(dir, 'bad.yml'), 'ok: 1\nsecret: S3CR3T: nested\n')
    const error = (await yamlProvider.create({path: 'bad.yml'}, dir).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(ProviderError)
    expect(error.message).toMatch(/^provider yaml \(bad\.yml\): cannot parse the file: line 2: /)
    expect(error.message).not.toContain('S3CR3T')
  })

  it('names the key of a value Ruby cannot read, not the value', async () => {
    writeFileSync(join(dir, 'float.yml'), 'a:\n  b: !!float S3CR3T\n')
    await expect(yamlProvider.create({path: 'float.yml'}, dir)).rejects.toThrow(
      new ProviderError('provider yaml (float.yml): cannot parse the file: a.b: the value is not a float Ruby can read'),
    )
  })

  it('stops an alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 8; i++) lines.push(`a${i}: &a${i} [${Array.from({length: 10}, () => `*a${i - 1}`).join(', ')}]`)
    expect(() => yamlValues(lines.join('\n'))).toThrow(/more than 100000 nodes/)
  })
})
