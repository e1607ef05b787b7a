import {describe, expect, it} from 'vitest'

import {loadApp} from '../../src/definition/load.js'
import {DefinitionError} from '../../src/errors.js'
import {RedactingReporter} from '../../src/redaction/redacting-reporter.js'
import {MIN_REDACTED_LENGTH, redactionDigest, Redactor} from '../../src/redaction/redactor.js'
import {MemoryReporter} from '../../src/ui/reporter.js'

const SENTINEL = 'S3CR3T-VALUE-123'
const DIGEST = /\(redacted hmac:[0-9a-f]{12}\)/

function redactorWith(...values: string[]): Redactor {
  const redactor = new Redactor()
  redactor.add(values)
  return redactor
}

describe('Redactor', () => {
  it.each([
    ['a value in a sentence', [SENTINEL], `got ${SENTINEL} back`, [SENTINEL]],
    ['every occurrence', ['hunter22'], 'hunter22 and hunter22', ['hunter22']],
    ['regex characters in the value', ['a.b*c(d)[e]$'], 'x a.b*c(d)[e]$ y', ['a.b*c(d)[e]$']],
    ['the JSON-escaped form', ['say "hi"\\now'], JSON.stringify({v: 'say "hi"\\now'}), ['say \\"hi\\"\\\\now']],
    ['each line of a multi-line value', ['-----BEGIN KEY-----\nMIIEowIBAAKCAQEA\n-----END KEY-----'], 'line MIIEowIBAAKCAQEA', ['MIIEowIBAAKCAQEA']],
    ['the longer of two overlapping values', ['abcd', 'abcdefgh'], 'abcdefgh', ['abcd', 'efgh']],
  ])('hides %s', (_name, values, text, hidden) => {
    const out = redactorWith(...values).redact(text)
    for (const value of hidden) expect(out).not.toContain(value)
    expect(out).toMatch(DIGEST)
  })

  it(`leaves values shorter than ${MIN_REDACTED_LENGTH} characters alone`, () => {
    const redactor = redactorWith('443', 'no', '')
    expect(redactor.redact('port 443, no')).toBe('port 443, no')
    expect(redactor.size).toBe(0)
  })

  it('gives one value one digest within a run, and different values different digests', () => {
    const a = redactorWith('first-secret', 'second-secret')
    const b = redactorWith('first-secret')
    expect(a.redact('first-secret')).toBe(b.redact('first-secret'))
    expect(a.redact('first-secret')).toBe(`(redacted ${redactionDigest('first-secret')})`)
    expect(a.redact('first-secret')).not.toBe(a.redact('second-secret'))
  })

  it('keys the digest, so another key gives another digest', () => {
    const fixed = new Redactor({key: Buffer.alloc(32, 1)})
    const other = new Redactor({key: Buffer.alloc(32, 2)})
    fixed.add(['same-value'])
    other.add(['same-value'])
    expect(fixed.redact('same-value')).not.toBe(other.redact('same-value'))
    expect(fixed.digest('same-value')).toBe(`(redacted ${redactionDigest('same-value', Buffer.alloc(32, 1))})`)
  })

  it('hides values added later too', () => {
    const redactor = new Redactor()
    expect(redactor.redact('old-live-value')).toBe('old-live-value')
    redactor.add(['old-live-value'])
    expect(redactor.redact('old-live-value')).toMatch(DIGEST)
  })
})

describe('RedactingReporter', () => {
  it('redacts every kind of line', () => {
    const memory = new MemoryReporter()
    const reporter = new RedactingReporter(memory, redactorWith(SENTINEL))
    for (const level of ['debug', 'info', 'warn', 'error', 'status', 'output'] as const) reporter[level](`${level}: ${SENTINEL}`)
    expect(memory.entries).toHaveLength(6)
    for (const entry of memory.entries) {
      expect(entry.message).not.toContain(SENTINEL)
      expect(entry.message).toMatch(DIGEST)
    }
  })
})

describe('provider values read during a load', () => {
  async function problems(file: string, redactor?: Redactor): Promise<DefinitionError> {
    return (await loadApp(file, {mode: 'expand', redactor}).catch((e: unknown) => e)) as DefinitionError
  }

  it('never appear in a Jsonnet runtime error', async () => {
    const redactor = new Redactor()
    const error = await problems('test/fixtures/definition/parse-int.jsonnet', redactor)
    expect(error).toBeInstanceOf(DefinitionError)
    const text = [...error.problems, error.detail ?? '', error.message].join('\n')
    expect(text).toContain('is not a base 10 integer')
    expect(text).not.toContain(SENTINEL)
    expect(error.problems[0]).toContain(redactor.digest(SENTINEL))
  })

  it('go to the redactor given, from provide() and from $providers alike', async () => {
    const redactor = new Redactor()
    await problems('test/fixtures/definition/interpolate-wrong.jsonnet', redactor)
    expect(redactor.redact(`x ${SENTINEL}`)).toBe(`x ${redactor.digest(SENTINEL)}`)
    const fromJsonnet = new Redactor()
    await problems('test/fixtures/definition/parse-int.jsonnet', fromJsonnet)
    expect(fromJsonnet.size).toBe(1)
  })

  it('are not read, so not collected, in check mode', async () => {
    const redactor = new Redactor()
    await loadApp('examples/hello.jsonnet', {mode: 'check', redactor})
    expect(redactor.size).toBe(0)
    await loadApp('examples/hello.jsonnet', {mode: 'expand', redactor})
    expect(redactor.size).toBe(1)
  })
})
