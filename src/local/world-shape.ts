/**
 * Checks a loaded state file against the shape of an empty world before anything uses it: a
 * section set to null or a list where a map belongs would otherwise surface much later as a bare
 * TypeError far from the file. Missing sections (a file written before they existed) are filled
 * from the empty world.
 */
import {type World, emptyWorld} from './world.js'

type Json = null | boolean | number | string | Json[] | {[key: string]: Json}

function kind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/**
 * The world never stores null, so a null below a record is damage. Looked for only a few levels
 * down (the records' entries and their fields): the state is loaded on every request, and a full
 * walk would cost as much as the parse.
 */
const NULL_DEPTH = 3

function nullsBelow(value: unknown, path: string, problems: string[], depth = NULL_DEPTH): void {
  if (value === null) {
    problems.push(`${path}: found null`)
    return
  }
  if (typeof value !== 'object' || depth <= 1) return
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) nullsBelow(child, `${path}.${key}`, problems, depth - 1)
}

/**
 * Walks the template: every key it has must have the same kind in `loaded` (filled in when
 * absent). Below a template that has no keys of its own (a record such as `clusters: {}`), only
 * nulls are looked for.
 */
function conform(template: unknown, loaded: unknown, path: string, problems: string[]): unknown {
  if (loaded === undefined) return template
  const expected = kind(template)
  const found = kind(loaded)
  if (expected !== found) {
    problems.push(`${path}: expected ${expected}, found ${found}`)
    return loaded
  }
  if (Array.isArray(loaded)) {
    loaded.forEach((item, index) => nullsBelow(item, `${path}.${index}`, problems))
    return loaded
  }
  if (typeof template !== 'object' || template === null) return loaded
  const keys = Object.keys(template)
  const object = loaded as Record<string, Json>
  if (keys.length === 0) {
    for (const [key, child] of Object.entries(object)) nullsBelow(child, path ? `${path}.${key}` : key, problems)
    return loaded
  }
  const out: Record<string, unknown> = {...object}
  for (const key of keys) out[key] = conform((template as Record<string, unknown>)[key], object[key], path ? `${path}.${key}` : key, problems)
  return out
}

/** The world in `loaded`, or the list of places where it is not one. */
export function conformWorld(loaded: unknown): {world: World; problems: string[]} {
  const problems: string[] = []
  const world = conform(emptyWorld(), loaded, '', problems) as World
  return {world, problems}
}
