/**
 * File → validated Definition + containers + script plugins. Every problem is collected and thrown
 * at once as a DefinitionError (`file: path: message`) before anything touches AWS; unknown keys
 * are warnings.
 */
import {basename, dirname, extname, resolve} from 'node:path'

import {JsonnetError} from '@hanazuki/node-jsonnet'
import * as v from 'valibot'

import {buildTaskDefinition} from '../ecs/task-definition.js'
import {DefinitionError} from '../errors.js'
import {ProviderSet} from '../providers/registry.js'
import {Redactor} from '../redaction/redactor.js'
import {resolveScriptPlugins} from '../scripts/registry.js'
import {buildContainers} from './containers.js'
import {expandEnv} from './env.js'
import {issuesToProblems} from './format-issues.js'
import {guardInvalid, invalidPlaces} from './guard.js'
import {fileProblem} from './input-limits.js'
import {evaluateJsonnet, InputLimitError, ProviderCallError} from './jsonnet.js'
import {checkRules} from './rules.js'
import {definitionSchema, type DefinitionOutput} from './schema.js'
import {taskDefinitionSizeProblem} from './task-size.js'
import type {Container, Definition, LoadOptions, Problem} from './types.js'
import type {LoadedApp, ResolvedScript} from './loaded-app.js'
import {loadYamlFile} from './yaml-loader.js'

/** App id = file name minus its last extension, as in hako. */
export function appIdOf(file: string): string {
  const name = basename(file)
  return name.slice(0, name.length - extname(name).length)
}

type Raw = Record<string, unknown>
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value)

export async function loadApp(file: string, options: LoadOptions): Promise<LoadedApp> {
  const appId = appIdOf(file)
  const dir = dirname(resolve(file))
  const redactor = options.redactor ?? new Redactor()
  const providers = new ProviderSet(dir, redactor)
  const raw = await evaluate(file, {appId, dir, providers, options}).catch((error: unknown) => {
    throw error instanceof DefinitionError ? redacted(error, redactor) : error
  })
  const checked = await checkDefinition(raw, {...options, appId, dir, providers})

  // Provider values never reach a message, even when a wrong-typed value is echoed back.
  const format = (p: Problem): string => redactor.redact(`${file}: ${p.path === '' ? '(root)' : p.path}: ${p.message}`)
  const errors = checked.problems.filter((p) => p.severity === 'error').map(format)
  const warnings = checked.problems.filter((p) => p.severity === 'warning').map(format)
  if (errors.length > 0 || !checked.definition) throw new DefinitionError([...errors, ...warnings], {evaluated: raw, warnings})
  return {appId, file, dir, definition: checked.definition, containers: checked.containers, scripts: checked.scripts, warnings}
}

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

async function evaluate(file: string, c: {appId: string; dir: string; providers: ProviderSet; options: LoadOptions}): Promise<unknown> {
  const ext = extname(file)
  try {
    if (ext === '.jsonnet' || ext === '.json' || ext === '.libsonnet') {
      return await evaluateJsonnet(file, {...c, mode: c.options.mode, extStr: c.options.extStr, jpath: c.options.jpath, signal: c.options.signal})
    }
    if (ext === '.yml' || ext === '.yaml') {
      const problem = fileProblem(file)
      if (problem) throw new DefinitionError([problem])
      return loadYamlFile(file)
    }
  } catch (error) {
    if (error instanceof DefinitionError) throw error
    if (error instanceof InputLimitError) throw new DefinitionError(error.problems)
    if (error instanceof ProviderCallError) throw new DefinitionError([`${file}: ${error.message}`], {detail: error.detail})
    // Jsonnet's own text already names file:line:col; keep it verbatim.
    if (error instanceof JsonnetError) throw new DefinitionError([error.message.trimEnd()])
    throw new DefinitionError([`${file}: ${(error as Error).message}`])
  }
  throw new DefinitionError([`${file}: unknown extension "${ext}" (expected .jsonnet, .json, .yml or .yaml)`])
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

/** A Jsonnet error can quote a provider value (`std.parseInt(provide('x'))` does). */
function redacted(error: DefinitionError, redactor: Redactor): DefinitionError {
  return new DefinitionError(
    error.problems.map((problem) => redactor.redact(problem)),
    {detail: error.detail === undefined ? undefined : redactor.redact(error.detail)},
  )
}
