/**
 * The `yaml` provider's parser: YAML 1.1 text into the strings the Ruby hako would make of it
 * (docs/hako-compatibility.md, "The `yaml` provider's values"). The yaml package parses; scalars
 * are then resolved as Psych resolves them. Kept apart from the provider so that the yaml package
 * (most of a definition's start-up code) is loaded only when a definition uses this provider.
 */
import {isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Scalar} from 'yaml'

import {join, RubyHash, rubyFloat, RubyScalarError, RubySymbol, tokenize, toS, type RubyValue} from './ruby-scalar.js'

const STR = 'tag:yaml.org,2002:str'
// Bounds the work aliases can multiply (a "billion laughs" file).
const MAX_NODES = 100_000

/** Reads YAML text into the Ruby value Psych would build; errors name a line, never a value. */
export function parseRubyYaml(text: string): RubyValue {
  const documents = parseAllDocuments(text, {version: '1.1', merge: false, uniqueKeys: false, intAsBigInt: true, prettyErrors: false})
  const first = (Array.isArray(documents) ? documents[0] : undefined) as Document | undefined
  if (!first) return false
  const error = first.errors[0]
  if (error) throw new Error(`line ${lineOf(text, error.pos[0])}: ${error.message.split('\n')[0] as string}`)
  let visited = 0
  const convert = (node: unknown, path: string, open: ReadonlySet<unknown>): RubyValue => {
    if (++visited > MAX_NODES) throw new Error(`more than ${MAX_NODES} nodes after expanding aliases`)
    if (isAlias(node)) {
      const target = node.resolve(first)
      if (target === undefined || open.has(target)) throw new Error(`${path || '(root)'}: alias *${node.source} cannot be resolved`)
      return convert(target, path, open)
    }
    const inside = new Set(open).add(node)
    if (isSeq(node)) return node.items.map((item, index) => convert(item, `${path}[${index}]`, inside))
    if (isMap(node)) {
      const hash = new RubyHash()
      for (const pair of node.items) {
        const key = convert(pair.key, path, inside)
        const keyName = path === '' ? toS(key) : `${path}.${toS(key)}`
        const value = convert(pair.value, keyName, inside)
        if (key === '<<' && !(isScalar(pair.key) && pair.key.tag === STR)) mergeInto(hash, value, pair.value)
        else hash.set(key, value)
      }
      return hash
    }
    if (isScalar(node)) return scalar(node, path)
    return null
  }
  return convert(first.contents, '', new Set())
}

// Psych merges a mapping (or each of a list of them, the first winning) in document order; a
// merge value of any other shape is kept as an ordinary `<<` key.
function mergeInto(hash: RubyHash, value: RubyValue, node: unknown): void {
  if (value instanceof RubyHash && (isMap(node) || isAlias(node))) return hash.merge(value)
  if (Array.isArray(value) && isSeq(node) && value.every((item) => item instanceof RubyHash)) {
    const merged = new RubyHash()
    for (const item of [...value].reverse()) merged.merge(item as RubyHash)
    return hash.merge(merged)
  }
  hash.set('<<', value)
}

function scalar(node: Scalar, path: string): RubyValue {
  const text = node.source ?? String(node.value)
  const tag = node.tag
  try {
    if (tag === undefined) return node.type === 'PLAIN' || node.type === undefined ? tokenize(text) : text
    if (tag === STR || /^!(?:str|ruby\/string)(?::.*)?$/.test(tag)) return text
    if (tag === 'tag:yaml.org,2002:binary' || tag === '!binary') return Buffer.from(text, 'base64').toString('utf8')
    if (tag === 'tag:yaml.org,2002:float' || tag === '!float') return toFloat(tokenize(text))
    if (/^!ruby\/sym(?:bol)?:?/.test(tag)) return new RubySymbol(text)
    return tokenize(text)
  } catch (error) {
    if (error instanceof RubyScalarError) throw new Error(`${path || '(root)'}: the value ${error.message}`, {cause: error})
    throw error
  }
}

function toFloat(value: RubyValue): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string') return rubyFloat(value)
  throw new RubyScalarError('is not a float Ruby can read')
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length
}

/** hako's flattening: `a: {b: 1}` → `a.b`, arrays joined, a nil key left out of the name. */
export function flattenRuby(root: RubyHash, keySep: string, arySep: string): Record<string, string> {
  const out = new Map<string, string>()
  const visit = (prefix: RubyValue, value: RubyValue): void => {
    if (Array.isArray(value)) out.set(toS(prefix), join(value, arySep))
    else if (value instanceof RubyHash) {
      for (const [key, child] of value.entries())
        visit(
          join(
            [prefix, key].filter((part) => part !== null),
            keySep,
          ),
          child,
        )
    } else out.set(toS(prefix), toS(value))
  }
  visit(null, root)
  return Object.fromEntries(out)
}

/** The provider's values for a YAML text (throws plain Errors; the factory adds the file name). */
export function yamlValues(text: string, keySep = '.', arySep = ','): Record<string, string> {
  const root = parseRubyYaml(text)
  if (!(root instanceof RubyHash)) throw new YamlRootError()
  return flattenRuby(root, keySep, arySep)
}

/** The text parsed, but its root is not a mapping. */
export class YamlRootError extends Error {}
