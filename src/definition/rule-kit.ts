/** What every rule file shares: the rule shape, problem makers, and the containers of a definition. */
import {formatPath} from './format-issues.js'
import {InvalidRead, unlessInvalid} from './guard.js'
import type {ContainerSpec, Definition, Problem} from './types.js'

export interface RuleContext {
  appId: string
  /** `sidecars` or `additional_containers`, as the file wrote it. */
  sidecarsKey: string
  /** Loading for `oneshot`: a task, not a service, so service-only settings are not required. */
  oneshot?: boolean
  /** The file's evaluated form (env expanded), for rules about how something was written. */
  raw?: unknown
}

export type Rule = (definition: Definition, context: RuleContext) => Problem[]

export const error = (path: string, message: string): Problem => ({path, message, severity: 'error'})
export const warning = (path: string, message: string): Problem => ({path, message, severity: 'warning'})

export interface ContainerEntry {
  name: string
  path: string
  spec: ContainerSpec
}

/** app and the sidecars, leaving out any the schema refused as a whole. */
export function containersOf(definition: Definition, context: RuleContext): ContainerEntry[] {
  const entries: ContainerEntry[] = []
  const add = (name: string, path: string, read: () => ContainerSpec): void => {
    try {
      entries.push({name, path, spec: read()})
    } catch (caught) {
      if (!(caught instanceof InvalidRead)) throw caught
    }
  }
  add('app', 'app', () => definition.app)
  for (const name of unlessInvalid(() => sidecarNames(definition)))
    add(name, formatPath([context.sidecarsKey, name]), () => definition.sidecars[name] as ContainerSpec)
  return entries
}

/**
 * The sidecar names, also when a sidecar's own contents are invalid. When `sidecars` itself is
 * (a list, say), the names are unknown: this throws InvalidRead and the asking rule is skipped.
 */
export function sidecarNames(definition: Definition): string[] {
  return Object.keys(definition.sidecars)
}

/** `check` for each container; a container whose needed value is invalid is skipped alone. */
export function perContainer(definition: Definition, context: RuleContext, check: (entry: ContainerEntry) => Problem[]): Problem[] {
  return containersOf(definition, context).flatMap((entry) => unlessInvalid(() => check(entry)))
}

export function isFargate(definition: Definition): boolean {
  const s = definition.scheduler
  return (
    s.launch_type === 'FARGATE' ||
    (s.requires_compatibilities ?? []).includes('FARGATE') ||
    (s.capacity_provider_strategy ?? []).some((c) => c.capacity_provider.startsWith('FARGATE'))
  )
}

/**
 * Whether the nginx_front script is configured: it maps port 80 on `front` at deploy time. An
 * invalid script entry makes this unknown, so it throws InvalidRead and the asking rule is skipped.
 */
export function hasNginxFront(definition: Definition): boolean {
  return definition.scripts.some((s) => s.type === 'nginx_front')
}
