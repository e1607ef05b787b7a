/**
 * Containers that wait on each other in a circle. links, depends_on and volumes_from each make a
 * container start after its target, so a circle through any mix of them can never start; ECS
 * refuses such a task definition at RegisterTaskDefinition.
 */
import {referencesOf} from './references.js'
import {containersOf, error, type Rule} from './rule-kit.js'
import type {Problem} from './types.js'

export const cycleRules: Rule = (d, c) => {
  const entries = containersOf(d, c)
  const edges = new Map(entries.map((e) => [e.name, referencesOf(e.spec).filter((r) => r.target !== e.name)]))
  const paths = new Map(entries.map((e) => [e.name, e.path]))
  const problems: Problem[] = []
  const reported = new Set<string>()
  // Depth-first, each container once: a reference back into the current trail closes a cycle.
  const done = new Set<string>()
  const visit = (name: string, trail: string[]): void => {
    for (const ref of edges.get(name) ?? []) {
      const at = trail.indexOf(ref.target)
      if (at >= 0) {
        const cycle = [...trail.slice(at), ref.target]
        const key = [...new Set(cycle)].sort().join(',')
        if (!reported.has(key)) {
          reported.add(key)
          problems.push(
            error(
              `${paths.get(name)}.${ref.at}`,
              `containers wait on each other in a cycle: ${cycle.join(' → ')} (links, depends_on and volumes_from each start the target first); remove one of these references`,
            ),
          )
        }
      } else if (edges.has(ref.target) && !done.has(ref.target)) {
        visit(ref.target, [...trail, ref.target])
      }
    }
    done.add(name)
  }
  for (const name of edges.keys()) if (!done.has(name)) visit(name, [name])
  return problems
}
