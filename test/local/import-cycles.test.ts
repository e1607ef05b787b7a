/**
 * No import circles in the source: a circle makes load order decide which side sees
 * `undefined`, and it hides which module owns what. Type-only imports are erased at build time,
 * so only imports that survive into the JavaScript are followed.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'

import {describe, expect, it} from 'vitest'

const SRC = join(import.meta.dirname, '..', '..', 'src')

/** Relative imports and re-exports that are not `import type` / `export type`. */
export function valueImports(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'(\.[^']+)'/g)) {
    if (!match[1] && match[2]) found.push(match[2])
  }
  return found
}

/** Every strongly connected group of more than one module (Tarjan), as sorted relative paths. */
export function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (node: string): void => {
    index.set(node, counter)
    low.set(node, counter)
    counter += 1
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0))
      }
    }
    if (low.get(node) !== index.get(node)) return
    const group: string[] = []
    let member: string | undefined
    do {
      member = stack.pop()
      if (member === undefined) break
      onStack.delete(member)
      group.push(member)
    } while (member !== node)
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(group.sort())
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return found
}

/** Every relative import and re-export, type-only ones included. */
export function allImports(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?'(\.[^']+)'/g)].map((m) => m[1] ?? '')
}

function sourceGraph(root: string, imports: (text: string) => string[] = valueImports): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const entry of readdirSync(root, {withFileTypes: true, recursive: true})) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const file = join(entry.parentPath, entry.name)
    const targets = imports(readFileSync(file, 'utf8')).map((spec) => relative(root, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))))
    graph.set(relative(root, file), targets)
  }
  return graph
}

describe('import circles', () => {
  it('finds a circle and ignores type-only imports', () => {
    const text = ["import {a} from './a.js'", "import type {B} from './b.js'", "export {c} from './c.js'", "import {\n  d,\n  e,\n} from './d.js'"].join('\n')
    expect(valueImports(text)).toEqual(['./a.js', './c.js', './d.js'])
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ])
    expect(circles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']])
  })

  it('the source has none', () => {
    const graph = sourceGraph(SRC)
    expect(graph.size).toBeGreaterThan(50)
    expect(circles(graph)).toEqual([])
  })

  it('outside the local AWS there is none even through type-only imports', () => {
    // The local AWS's services share the World type with the world that holds them: type-only
    // circles there are the shape of the simulator, and erased at build time.
    const graph = new Map([...sourceGraph(SRC, allImports)].filter(([file]) => !file.startsWith('local/')))
    expect(circles(graph)).toEqual([])
  })
})
