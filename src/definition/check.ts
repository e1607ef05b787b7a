/**
 * Everything after evaluation: env providers, schema, scripts, rules, containers. Every problem is
 * collected (`path: message`, with severity); load.ts adds the file name and throws them at once.
 */
import * as v from 'valibot'

import {buildTaskDefinition} from '../ecs/task-definition.js'
import {ProviderSet} from '../providers/registry.js'
import {resolveScriptPlugins} from '../scripts/registry.js'
import {buildContainers} from './containers.js'
import {expandEnv} from './env.js'
import {issuesToProblems} from './format-issues.js'
import {guardInvalid, invalidPlaces} from './guard.js'
import {checkRules} from './rules.js'
import {definitionSchema, type DefinitionOutput} from './schema.js'
import {taskDefinitionSizeProblem} from './task-size.js'
import type {Container, Definition, LoadOptions, Problem} from './types.js'
import type {ResolvedScript} from './loaded-app.js'

type Raw = Record<string, unknown>
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value)

export interface CheckOptions extends LoadOptions {
  appId: string
  dir: string
  providers?: ProviderSet
}

export interface CheckResult {
  /** Present when the schema accepted the file (rules may still have found errors). */
  definition?: Definition
  containers: Container[]
  scripts: ResolvedScript[]
  problems: Problem[]
}

/** Everything after evaluation: env providers, schema, scripts, rules, containers. */
export async function checkDefinition(raw: unknown, options: CheckOptions): Promise<CheckResult> {
  const {appId, dir} = options
  const providers = options.providers ?? new ProviderSet(dir, options.redactor)
  const problems: Problem[] = []
  if (!isObject(raw)) {
    return {containers: [], scripts: [], problems: [{path: '', message: 'the definition must evaluate to an object', severity: 'error'}]}
  }
  const sidecarsKey = raw['sidecars'] === undefined && raw['additional_containers'] !== undefined ? 'additional_containers' : 'sidecars'
  if (raw['sidecars'] !== undefined && raw['additional_containers'] !== undefined) {
    problems.push({path: 'additional_containers', message: 'ignored because sidecars is set', severity: 'warning'})
  }
  const input = await expandAllEnv(raw, options, providers, problems)

  const parsed = v.safeParse(definitionSchema, input)
  problems.push(...issuesToProblems(parsed.issues ?? [], definitionSchema))
  const scripts = await resolveScriptPlugins(Array.isArray(raw['scripts']) ? (raw['scripts'] as unknown[]) : [], dir)
  problems.push(...scripts.problems)

  // valibot's output keeps every valid part with its defaults (unknown keys dropped) even when
  // `success` is false; the rules run on it with the refused places guarded (guard.ts).
  const {sidecars, additional_containers: legacy, ...rest} = parsed.output as DefinitionOutput
  const partial: Definition = {...rest, sidecars: sidecars ?? legacy ?? {}}
  const ignoredKey = sidecarsKey === 'sidecars' ? 'additional_containers' : 'sidecars'
  const invalid = invalidPlaces(parsed.issues ?? [])
    .filter((keys) => keys[0] !== ignoredKey)
    .map((keys) => (keys[0] === sidecarsKey ? ['sidecars', ...keys.slice(1)] : keys))
  const definition = problems.some((p) => p.severity === 'error') ? undefined : partial
  problems.push(...checkRules(guardInvalid(partial, invalid), {appId, sidecarsKey, oneshot: typeof options.containers === 'object', raw: input}))
  let containers: Container[] = []
  if (definition && !problems.some((p) => p.severity === 'error')) {
    const built = buildContainers(definition, {tag: options.tag, containers: options.containers, sidecarsKey})
    containers = built.containers
    problems.push(...built.problems)
    const tooLarge = taskDefinitionSizeProblem(buildTaskDefinition({appId, definition, containers}))
    if (tooLarge) problems.push(tooLarge)
  }
  return {definition, containers, scripts: scripts.plugins, problems}
}

/** Runs `$providers` / `#{}` on every container's env before the schema sees it. */
async function expandAllEnv(raw: Raw, options: LoadOptions, providers: ProviderSet, problems: Problem[]): Promise<Raw> {
  const out: Raw = {...raw}
  const expandAt = async (container: unknown, path: string): Promise<unknown> => {
    if (!isObject(container) || !isObject(container['env'])) return container
    const result = await expandEnv(container['env'], `${path}.env`, options.mode, providers)
    problems.push(...result.problems)
    return {...container, env: result.env}
  }
  out['app'] = await expandAt(raw['app'], 'app')
  for (const key of ['sidecars', 'additional_containers']) {
    const group = raw[key]
    if (!isObject(group)) continue
    const expanded: Raw = {}
    for (const [name, container] of Object.entries(group)) expanded[name] = await expandAt(container, `${key}.${name}`)
    out[key] = expanded
  }
  return out
}
