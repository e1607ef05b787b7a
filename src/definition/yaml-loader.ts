/**
 * hako's YAML definitions: `!include <path>` relative to the including file, and `<<` merged
 * in document order (a later key wins whichever side it came from, unlike standard YAML merge).
 */
import {readFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {parseDocument, type ScalarTag} from 'yaml'

const included = Symbol('included')

function includeTag(dir: string): ScalarTag {
  return {
    tag: '!include',
    // Resolved after parsing (the path is relative to the including file).
    resolve: (value: string) => ({[included]: resolve(dir, value)}),
  }
}

export function loadYamlFile(path: string): unknown {
  const document = parseDocument(readFileSync(path, 'utf8'), {merge: false, customTags: [includeTag(dirname(path))], uniqueKeys: false})
  if (document.errors.length > 0) throw new Error(document.errors.map((e) => `${path}: ${e.message}`).join('\n'))
  return normalise(document.toJS({maxAliasCount: -1}) as unknown)
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise)
  if (typeof value !== 'object' || value === null) return value
  const include = (value as {[included]?: string})[included]
  if (include !== undefined) return loadYamlFile(include)
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    const resolved = normalise(child)
    if (key === '<<' && typeof resolved === 'object' && resolved !== null && !Array.isArray(resolved)) Object.assign(out, resolved)
    else out[key] = resolved
  }
  return out
}
