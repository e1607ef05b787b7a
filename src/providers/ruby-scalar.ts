/**
 * The Ruby values the Ruby hako's `yaml` provider sees, and how it turns them into strings
 * (docs/hako-compatibility.md, "The `yaml` provider's values"): plain scalars resolved by Psych's
 * rules, not by YAML 1.1's, and rendered with Ruby's `to_s`, `inspect` and `Array#join`.
 */

/** Ruby's Integer is a bigint, its Float a number; nil is null. */
export type RubyValue = null | boolean | bigint | number | string | RubySymbol | RubyValue[] | RubyHash

export class RubySymbol {
  constructor(readonly name: string) {}
}

/** Insertion-ordered; keys are equal when Ruby's `eql?` says so, which `inspect` tells apart. */
export class RubyHash {
  private readonly map = new Map<string, [RubyValue, RubyValue]>()

  set(key: RubyValue, value: RubyValue): void {
    const id = inspect(key)
    const existing = this.map.get(id)
    // Ruby keeps a re-assigned key at its first position.
    if (existing) existing[1] = value
    else this.map.set(id, [key, value])
  }

  merge(other: RubyHash): void {
    for (const [key, value] of other.entries()) this.set(key, value)
  }

  entries(): Array<[RubyValue, RubyValue]> {
    return [...this.map.values()]
  }
}

/** Signals a scalar Ruby itself fails on (Psych raises, so hako cannot load the file). */
export class RubyScalarError extends Error {}

// Psych's patterns, kept as it writes them (YAML 1.1's float needs a dot and a signed exponent).
const TIME = /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/
const DATE = /^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$/
const FLOAT = /^[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?$/
const INTEGER = /^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$/
const SEXAGESIMAL_INT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}$/
const SEXAGESIMAL_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*$/
// Ruby's `\s` is ASCII only and `[[:alpha:]]` is Unicode's Alphabetic.
const WORDY = /^[^\d.:-]?[\p{Alphabetic}_ \t\r\n\f\v!@#$%^&*(){}<>|/\\~;=]+/u

/** Psych's ScalarScanner#tokenize: a plain, untagged scalar's text → the Ruby value. */
export function tokenize(text: string): RubyValue {
  if (text === '') return null
  if (WORDY.test(text) || text.includes('\n')) {
    if ([...text].length > 5 || /^[^ytonf~]/i.test(text)) return text
    if (text === '~' || /^null$/i.test(text)) return null
    if (/^(?:yes|true|on)$/i.test(text)) return true
    if (/^(?:no|false|off)$/i.test(text)) return false
    return text
  }
  // Psych's safe load (hako's) refuses dates and times; we keep their text instead.
  if (TIME.test(text) || DATE.test(text)) return text
  if (/^\+?\.inf$/i.test(text)) return Infinity
  if (/^-\.inf$/i.test(text)) return -Infinity
  if (/^\.nan$/i.test(text)) return NaN
  if (/^:./.test(text)) {
    const quoted = /^:(["'])(.*)\1/.exec(text)
    return new RubySymbol(quoted ? (quoted[2] as string).replace(/^:/, '') : text.slice(1))
  }
  if (SEXAGESIMAL_INT.test(text)) {
    // Psych weighs the parts 60^|i-2|, so `12:30` is 12*3600 + 30*60, not 12*60 + 30.
    return text.split(':').reduce((sum, part, i) => sum + leadingInteger(part) * 60n ** BigInt(Math.abs(i - 2)), 0n)
  }
  if (SEXAGESIMAL_FLOAT.test(text)) {
    return text.split(':').reduce((sum, part, i) => sum + leadingFloat(part) * 60 ** Math.abs(i - 2), 0)
  }
  if (FLOAT.test(text)) {
    if (/^[-+]?\.$/.test(text)) return text
    return rubyFloat(text.replace(/[,_]|\.([Ee]|$)/g, '$1'))
  }
  if (INTEGER.test(text)) return rubyInteger(text.replace(/[,_]/g, ''))
  return text
}

/** Ruby's `Float(string)` for decimal text; anything else raises in Ruby. */
export function rubyFloat(text: string): number {
  if (!/^[-+]?(?:\d+(?:_\d+)*)?(?:\.\d+(?:_\d+)*)?(?:[eE][-+]?\d+)?$/.test(text) || !/\d/.test(text.split(/[eE]/)[0] as string)) {
    throw new RubyScalarError('is not a float Ruby can read')
  }
  return Number(text.replace(/_/g, ''))
}

/** Ruby's `Integer(string)`: 0b, 0 (octal) and 0x prefixes after an optional sign. */
function rubyInteger(text: string): bigint {
  const match = /^([-+]?)(0b|0x|0(?=.)|)(.*)$/.exec(text) as RegExpExecArray
  const [, sign, prefix, digits] = match as unknown as [string, string, string, string]
  if (digits === '') throw new RubyScalarError('is not an integer Ruby can read')
  const value = prefix === '0' ? BigInt(`0o${digits}`) : BigInt(`${prefix}${digits}`)
  return sign === '-' ? -value : value
}

/** Ruby's `String#to_i`: the leading integer, single underscores between digits allowed. */
function leadingInteger(text: string): bigint {
  const match = /^[-+]?\d+(?:_\d+)*/.exec(text)
  return match ? BigInt(match[0].replace(/_/g, '')) : 0n
}

function leadingFloat(text: string): number {
  const match = /^[-+]?\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?/.exec(text)
  return match ? Number(match[0].replace(/_/g, '')) : 0
}

/** Ruby's Float#to_s: shortest digits, in fixed notation for 1e-4 <= |x| < 1e15, else `d.de+XX`. */
export function floatToS(x: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  const sign = x < 0 ? '-' : ''
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string]
  const digits = mantissa.replace('.', '')
  const point = Number(exponent) + 1
  if (point > 0 && point < 16) {
    if (digits.length <= point) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
  }
  if (point <= 0 && point > -4) return `${sign}0.${'0'.repeat(-point)}${digits}`
  const e = point - 1
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
}

/** Ruby's `to_s` (Array and Hash print as `inspect`). */
export function toS(value: RubyValue): string {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (value instanceof RubySymbol) return value.name
  if (typeof value === 'object') return inspect(value)
  if (typeof value === 'number') return floatToS(value)
  return String(value)
}

/** Ruby's `Array#join`: nested arrays are joined with the same separator. */
export function join(values: readonly RubyValue[], separator: string): string {
  return values.map((value) => (Array.isArray(value) ? join(value, separator) : toS(value))).join(separator)
}

export function inspect(value: RubyValue): string {
  if (value === null) return 'nil'
  if (typeof value === 'string') return inspectString(value)
  if (value instanceof RubySymbol) return /^[A-Za-z_][A-Za-z0-9_]*[?!=]?$/.test(value.name) ? `:${value.name}` : `:${inspectString(value.name)}`
  if (Array.isArray(value)) return `[${value.map(inspect).join(', ')}]`
  if (value instanceof RubyHash)
    return `{${value
      .entries()
      .map(([k, v]) => `${inspect(k)}=>${inspect(v)}`)
      .join(', ')}}`
  return toS(value)
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\f': '\\f',
  '\v': '\\v',
  '\b': '\\b',
  '\x07': '\\a',
  '\x1b': '\\e',
}

function inspectString(text: string): string {
  // eslint-disable-next-line no-control-regex -- Ruby's String#inspect escapes exactly these control characters
  const body = text.replace(/["\\\n\t\r\f\v\b\x07\x1b]|#(?=[{$@])|[\x00-\x1f]|\x7f/g, (c) => {
    if (c === '#') return '\\#'
    const escape = ESCAPES[c]
    if (escape) return escape
    return c === '\x7f' ? '\\x7F' : `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  })
  return `"${body}"`
}
