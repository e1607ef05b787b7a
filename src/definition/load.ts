/**
 * File → validated Definition + containers + script plugins. Every problem is collected and thrown
 * at once as a DefinitionError (`file: path: message`) before anything touches AWS; unknown keys
 * are warnings.
 */
import {basename, dirname, extname, resolve} from 'node:path'

import {JsonnetError} from '@hanazuki/node-jsonnet'
import * as v from 'valibot'

import {DefinitionError} from '../errors.js'
import {ProviderSet} from '../providers/registry.js'
import {resolveScriptPlugins} from '../scripts/registry.js'
import {buildContainers} from './containers.js'
import {expandEnv} from './env.js'
import {issuesToProblems} from './format-issues.js'
import {evaluateJsonnet} from './jsonnet.js'
import {checkRules} from './rules.js'
import {definitionSchema, type DefinitionOutput} from './schema.js'
import type {Container, Definition, LoadedApp, LoadOptions, Problem, ResolvedScript} from './types.js'
import {loadYamlFile} from './yaml-loader.js'

/** App id = file name minus its last extension (hako §2.1). */
export function appIdOf(file: string): string {
  const name = basename(file)
  return name.slice(0, name.length - extname(name).length)
}

type Raw = Record<string, unknown>
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value)

export async function loadApp(file: string, options: LoadOptions): Promise<LoadedApp> {
  const appId = appIdOf(file)
  const dir = dirname(resolve(file))
  const secrets = new Set<string>()
  const onSecret = (value: string): void => {
    if (value.length >= 3) secrets.add(value)
  }
  const providers = new ProviderSet(dir)
  const raw = await evaluate(file, {appId, dir, providers, onSecret, options})
  const checked = await checkDefinition(raw, {...options, appId, dir, providers, onSecret})

  const format = (p: Problem): string => redact(`${file}: ${p.path === '' ? '(root)' : p.path}: ${p.message}`, secrets)
  const errors = checked.problems.filter((p) => p.severity === 'error').map(format)
  const warnings = checked.problems.filter((p) => p.severity === 'warning').map(format)
  if (errors.length > 0 || !checked.definition) throw new DefinitionError([...errors, ...warnings], {evaluated: raw, warnings})
  return {appId, file, dir, definition: checked.definition, containers: checked.containers, scripts: checked.scripts, warnings}
}

export interface CheckOptions extends LoadOptions {
  appId: string
  dir: string
  providers?: ProviderSet
  onSecret?: (value: string) => void
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
  const providers = options.providers ?? new ProviderSet(dir)
  const problems: Problem[] = []
  if (!isObject(raw)) {
    return {containers: [], scripts: [], problems: [{path: '', message: 'the definition must evaluate to an object', severity: 'error'}]}
  }
  const sidecarsKey = raw['sidecars'] === undefined && raw['additional_containers'] !== undefined ? 'additional_containers' : 'sidecars'
  if (raw['sidecars'] !== undefined && raw['additional_containers'] !== undefined) {
    problems.push({path: 'additional_containers', message: 'ignored because sidecars is set', severity: 'warning'})
  }
  const input = await expandAllEnv(raw, options, providers, problems, options.onSecret)

  const parsed = v.safeParse(definitionSchema, input)
  problems.push(...issuesToProblems(parsed.issues ?? [], definitionSchema))
  const scripts = await resolveScriptPlugins(Array.isArray(raw['scripts']) ? (raw['scripts'] as unknown[]) : [], dir)
  problems.push(...scripts.problems)

  let definition: Definition | undefined
  if (!problems.some((p) => p.severity === 'error')) {
    // Only strict_object issues (unknown keys) remain: valibot's output is then complete, with the
    // unknown keys dropped and defaults filled, though `success` is false.
    const output = parsed.output as DefinitionOutput
    const {sidecars, additional_containers: legacy, ...rest} = output
    definition = {...rest, sidecars: sidecars ?? legacy ?? {}}
    problems.push(...checkRules(definition, {appId, sidecarsKey, oneshot: typeof options.containers === 'object'}))
  }
  let containers: Container[] = []
  if (definition && !problems.some((p) => p.severity === 'error')) {
    const built = buildContainers(definition, {tag: options.tag, containers: options.containers, sidecarsKey})
    containers = built.containers
    problems.push(...built.problems)
  }
  return {definition, containers, scripts: scripts.plugins, problems}
}

async function evaluate(
  file: string,
  c: {appId: string; dir: string; providers: ProviderSet; onSecret: (value: string) => void; options: LoadOptions},
): Promise<unknown> {
  const ext = extname(file)
  try {
    if (ext === '.jsonnet' || ext === '.json' || ext === '.libsonnet') {
      return await evaluateJsonnet(file, {...c, mode: c.options.mode, extStr: c.options.extStr, jpath: c.options.jpath})
    }
    if (ext === '.yml' || ext === '.yaml') return loadYamlFile(file)
  } catch (error) {
    // Jsonnet's own text already names file:line:col; keep it verbatim.
    if (error instanceof JsonnetError) throw new DefinitionError([error.message.trimEnd()])
    throw new DefinitionError([`${file}: ${(error as Error).message}`])
  }
  throw new DefinitionError([`${file}: unknown extension "${ext}" (expected .jsonnet, .json, .yml or .yaml)`])
}

/** Runs `$providers` / `#{}` on every container's env before the schema sees it. */
async function expandAllEnv(raw: Raw, options: LoadOptions, providers: ProviderSet, problems: Problem[], onSecret?: (value: string) => void): Promise<Raw> {
  const out: Raw = {...raw}
  const expandAt = async (container: unknown, path: string): Promise<unknown> => {
    if (!isObject(container) || !isObject(container['env'])) return container
    const result = await expandEnv(container['env'], `${path}.env`, options.mode, providers, onSecret)
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

/** Provider values never reach a message, even when a wrong-typed value is echoed back. */
function redact(message: string, secrets: ReadonlySet<string>): string {
  let out = message
  for (const secret of secrets) out = out.split(secret).join('***')
  return out
}
