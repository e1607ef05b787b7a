/** Container references: links (`name` or `name:alias`), depends_on, volumes_from. */
import type {ContainerSpec} from './container-schema.js'

export interface Reference {
  /** Path relative to the container, e.g. `links[0]`. */
  at: string
  target: string
}

/** As in hako: the part before `:` when the entry has exactly the shape `a:b`, else the whole string. */
export function linkTarget(link: string): string {
  const parts = link.split(':')
  return parts.length === 2 && parts[0] ? parts[0] : link
}

export function referencesOf(spec: ContainerSpec): Reference[] {
  return [
    ...spec.links.map((link, i) => ({at: `links[${i}]`, target: linkTarget(link)})),
    ...(spec.depends_on ?? []).map((d, i) => ({at: `depends_on[${i}].container_name`, target: d.container_name})),
    ...spec.volumes_from.map((f, i) => ({at: `volumes_from[${i}].source_container`, target: f.source_container})),
  ]
}
