/**
 * The leaves that differ between two canonical trees, as `path: old → new` phrases for the plan's
 * one-line summary. Lists of named objects (containers, env entries) are matched by name, so
 * `containerDefinitions[app].image` reads as the user thinks of it.
 */
import {isDeepStrictEqual} from 'node:util'

export interface TreeChange {
  path: string
  from?: unknown
  to?: unknown
}

type Node = unknown

const isObject = (value: Node): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function keyOf(item: Node): string | undefined {
  if (!isObject(item)) return undefined
  for (const key of ['name', 'containerName', 'capacityProvider', 'registryArn', 'targetGroupArn']) {
    if (typeof item[key] === 'string') return item[key] as string
  }
  return undefined
}

function walk(path: string, a: Node, b: Node, out: TreeChange[]): void {
  if (isDeepStrictEqual(a, b)) return
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(path ? `${path}.${key}` : key, a[key], b[key], out)
    return
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const keyed = [...a, ...b].every((item) => keyOf(item) !== undefined)
    if (keyed) {
      const names = new Set([...a, ...b].map((item) => keyOf(item) as string))
      for (const name of names) {
        walk(
          `${path}[${name}]`,
          a.find((item) => keyOf(item) === name),
          b.find((item) => keyOf(item) === name),
          out,
        )
      }
      return
    }
  }
  out.push({path, from: a, to: b})
}

export function treeChanges(before: Node, after: Node): TreeChange[] {
  const out: TreeChange[] = []
  walk('', before, after, out)
  return out
}

function show(value: unknown): string {
  if (value === undefined) return '(none)'
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

/** `containerDefinitions[app].image: a:1 → a:2, desiredCount: 2 → 3 (+2 more)`. */
export function describeChanges(changes: readonly TreeChange[], limit = 2): string {
  const shown = changes.slice(0, limit).map((c) => `${c.path}: ${show(c.from)} → ${show(c.to)}`)
  const more = changes.length > limit ? ` (+${changes.length - limit} more)` : ''
  return shown.join(', ') + more
}
