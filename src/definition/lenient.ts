/**
 * What hako lets through and the schema normalises, said as warnings so the file can be tidied:
 * port mapping protocols in upper case (hako's own examples write `TCP`).
 */
import {type Rule, warning} from './rule-kit.js'
import type {Problem} from './types.js'

type Raw = Record<string, unknown>
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value)

export const lenientRules: Rule = (_d, c) => {
  const raw = c.raw
  if (!isObject(raw)) return []
  const containers: [string, unknown][] = [['app', raw['app']]]
  const group = raw[c.sidecarsKey]
  if (isObject(group)) for (const [name, spec] of Object.entries(group)) containers.push([`${c.sidecarsKey}.${name}`, spec])
  const problems: Problem[] = []
  for (const [path, spec] of containers) {
    const mappings = isObject(spec) ? spec['port_mappings'] : undefined
    if (!Array.isArray(mappings)) continue
    mappings.forEach((mapping: unknown, i) => {
      const protocol = isObject(mapping) ? mapping['protocol'] : undefined
      if (typeof protocol !== 'string' || protocol === protocol.toLowerCase()) return
      const lower = protocol.toLowerCase()
      if (lower === 'tcp' || lower === 'udp')
        problems.push(warning(`${path}.port_mappings[${i}].protocol`, `read as '${lower}': write it in lower case, as ECS does`))
    })
  }
  return problems
}
