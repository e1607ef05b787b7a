/**
 * Turns the definition's `scripts` entries into plugins with validated options, before any AWS
 * call. Built-in types are validated with their valibot schemas; other types are loaded from the
 * definition's folder or from npm (external.ts).
 */
import * as v from 'valibot'

import {issuesToProblems} from '../definition/format-issues.js'
import type {Problem} from '../definition/types.js'
import type {ResolvedScript} from '../definition/loaded-app.js'
import {HakoError} from '../errors.js'
import {isSafePluginType, loadExternalPlugin} from './external.js'
import {logGroupPlugin} from './log-group.js'
import {nginxFrontPlugin} from './nginx-front.js'
import {route53Plugin} from './route53.js'
import type {Script, ScriptContext, ScriptPlugin} from './types.js'

export const builtInScriptPlugins: readonly ScriptPlugin[] = [nginxFrontPlugin as ScriptPlugin, logGroupPlugin as ScriptPlugin, route53Plugin as ScriptPlugin]

/** `['s3', 'bucket']` under `scripts[0]` → `scripts[0].s3.bucket`; indexes as `[i]`. */
export function formatPath(base: string, keys: readonly PropertyKey[]): string {
  let out = base
  for (const key of keys) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`
  return out
}

interface StandardIssue {
  message: string
  path?: readonly (PropertyKey | {key: PropertyKey})[]
}

interface StandardSchemaLike {
  '~standard': {validate(value: unknown): {value?: unknown; issues?: readonly StandardIssue[]} | Promise<{value?: unknown; issues?: readonly StandardIssue[]}>}
}

/** An external plugin may bring any Standard Schema (its own valibot, zod, ...). */
async function validateExternal(schema: unknown, entry: unknown, base: string): Promise<{options: unknown; problems: Problem[]}> {
  if (schema === undefined) return {options: entry, problems: []}
  if (typeof schema !== 'object' || schema === null || !('~standard' in schema)) {
    return {
      options: entry,
      problems: [{path: base, message: 'the plugin exports a schema that is not a Standard Schema (valibot, zod, ...)', severity: 'error'}],
    }
  }
  const result = await (schema as StandardSchemaLike)['~standard'].validate(entry)
  if (!result.issues) return {options: result.value, problems: []}
  const problems = result.issues.map((issue) => {
    const keys = (issue.path ?? []).map((item) => (typeof item === 'object' && item !== null ? item.key : item))
    return {path: formatPath(base, keys), message: issue.message, severity: 'error' as const}
  })
  return {options: undefined, problems}
}

function isPluginShape(value: unknown): value is {type?: unknown; schema?: unknown; create: ScriptPlugin['create']} {
  return typeof value === 'object' && value !== null && typeof (value as {create?: unknown}).create === 'function'
}

async function resolveExternal(type: string, entry: unknown, base: string, definitionDir: string): Promise<{resolved?: ResolvedScript; problems: Problem[]}> {
  if (!isSafePluginType(type)) {
    return {
      problems: [
        {
          path: `${base}.type`,
          message: `unknown script type ${JSON.stringify(type)} (built in: ${builtInScriptPlugins.map((p) => p.type).join(', ')})`,
          severity: 'error',
        },
      ],
    }
  }
  const result = await loadExternalPlugin({folder: 'hako-scripts', packagePrefix: 'hako-script-', type, definitionDir})
  if (!result.found) {
    const builtIns = builtInScriptPlugins.map((p) => p.type).join(', ')
    const message = `unknown script type ${JSON.stringify(type)}: not built in (${builtIns}) and no plugin found; looked in:\n${result.looked.map((p) => `  - ${p}`).join('\n')}`
    return {problems: [{path: `${base}.type`, message, severity: 'error'}]}
  }
  const plugin = (result.module as {default?: unknown}).default
  if (!isPluginShape(plugin)) {
    return {
      problems: [
        {path: `${base}.type`, message: `${result.from} must default-export a script plugin ({type, schema?, create(options, context)})`, severity: 'error'},
      ],
    }
  }
  if (plugin.type !== undefined && plugin.type !== type) {
    return {
      problems: [
        {
          path: `${base}.type`,
          message: `${result.from} exports a plugin of type ${JSON.stringify(plugin.type)}, not ${JSON.stringify(type)}`,
          severity: 'error',
        },
      ],
    }
  }
  const {options, problems} = await validateExternal(plugin.schema, entry, base)
  if (problems.length > 0) return {problems}
  // Without a schema the options pass through, so the plugin gets a pass-through schema too.
  const resolvedPlugin: ScriptPlugin = {type, schema: v.unknown(), create: plugin.create.bind(plugin)}
  return {resolved: {plugin: resolvedPlugin, options}, problems: []}
}

export async function resolveScriptPlugins(entries: unknown[], definitionDir: string): Promise<{plugins: ResolvedScript[]; problems: Problem[]}> {
  const plugins: ResolvedScript[] = []
  const problems: Problem[] = []
  for (const [index, entry] of entries.entries()) {
    const base = `scripts[${index}]`
    const type = typeof entry === 'object' && entry !== null ? (entry as {type?: unknown}).type : undefined
    if (typeof type !== 'string' || type === '') {
      problems.push({path: `${base}.type`, message: 'must be a non-empty string naming the script type', severity: 'error'})
      continue
    }
    const builtIn = builtInScriptPlugins.find((p) => p.type === type)
    if (!builtIn) {
      const external = await resolveExternal(type, entry, base, definitionDir)
      problems.push(...external.problems)
      if (external.resolved) plugins.push(external.resolved)
      continue
    }
    const result = v.safeParse(builtIn.schema, entry)
    const found = result.success ? [] : issuesToProblems(result.issues, builtIn.schema, ['scripts', index])
    problems.push(...found)
    // Only unknown keys: valibot still hands back the output with them dropped and defaults filled.
    if (found.every((p) => p.severity === 'warning')) plugins.push({plugin: builtIn, options: result.output})
  }
  return {plugins, problems}
}

/** Instantiates the resolved plugins for one command run, in definition order. */
export function createScripts(resolved: readonly ResolvedScript[], context: ScriptContext): Script[] {
  return resolved.map(({plugin, options}) => {
    const script = plugin.create(options, context)
    if (typeof script !== 'object' || script === null) throw new HakoError(`script plugin ${plugin.type} returned no script from create()`)
    // External plugins may omit `type`; hook errors name the script by it.
    return script.type ? script : Object.assign(script, {type: plugin.type})
  })
}
