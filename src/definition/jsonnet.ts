/**
 * Evaluates a Jsonnet (or JSON) definition: ext var `appId` and `--ext-str`, jpath dirs plus
 * JSONNET_PATH, and one native `provide.<type>` per env provider (hako §2.9).
 */
import {existsSync, readdirSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {Jsonnet} from '@hanazuki/node-jsonnet'

import {ProviderError} from '../providers/types.js'
import type {ProviderSet} from '../providers/registry.js'
import {builtinProviders} from '../providers/registry.js'
import {inEvaluationSlot} from './eval-slots.js'
import {jsonDepth, jsonnetInputProblems, MAX_DEPTH} from './input-limits.js'
import type {LoadMode} from './types.js'

export interface EvaluateOptions {
  appId: string
  dir: string
  mode: LoadMode
  providers: ProviderSet
  extStr?: Record<string, string>
  jpath?: string[]
  env?: NodeJS.ProcessEnv
  /** Called with every value a provider returns, so messages can redact them. */
  onSecret?: (value: string) => void
}

/** Provider types usable from Jsonnet: the built-ins and `<dir>/hako-providers/*.js|.mjs`. */
export function nativeProviderTypes(dir: string): string[] {
  const types = new Set(builtinProviders.map((factory) => factory.type))
  const local = join(dir, 'hako-providers')
  if (existsSync(local)) {
    for (const entry of readdirSync(local)) {
      const match = /^([a-z0-9][a-z0-9_-]*)\.m?js$/i.exec(entry)
      if (match?.[1]) types.add(match[1])
    }
  }
  return [...types]
}

export async function evaluateJsonnet(file: string, options: EvaluateOptions): Promise<unknown> {
  const vm = new Jsonnet().extString('appId', options.appId)
  for (const [key, value] of Object.entries(options.extStr ?? {})) vm.extString(key, value)
  // libjsonnet searches the last added directory first; add in reverse so the first given wins.
  for (const dir of [...searchPath(options)].reverse()) vm.addJpath(dir)
  for (const type of nativeProviderTypes(options.dir)) {
    vm.nativeCallback(`provide.${type}`, (optionsJson, name) => provide(type, optionsJson, name, options), 'options', 'name')
  }
  const problems = jsonnetInputProblems(file, searchPath(options))
  if (problems.length > 0) throw new InputLimitError(problems)
  const json = await inEvaluationSlot(() => vm.evaluateFile(file))
  // Jsonnet's own stack bounds what it builds, but the checks after this recurse in JS.
  if (jsonDepth(json) > MAX_DEPTH) throw new InputLimitError([`${file}: the evaluated definition is nested more than ${MAX_DEPTH} levels deep`])
  return JSON.parse(json) as unknown
}

/** Problems found before evaluation, each already `file: message`. */
export class InputLimitError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
  }
}

/** `--jpath` directories, then JSONNET_PATH's, in the order libjsonnet should search them. */
export function searchPath(options: Pick<EvaluateOptions, 'jpath' | 'env'>): string[] {
  const jsonnetPath = (options.env ?? process.env)['JSONNET_PATH']
  return [...(options.jpath ?? []), ...(jsonnetPath ? jsonnetPath.split(delimiter).filter(Boolean) : [])]
}

async function provide(type: string, optionsJson: unknown, name: unknown, options: EvaluateOptions): Promise<string> {
  if (typeof name !== 'string' || name === '') throw new ProviderError(`provide.${type}: the second argument must be the variable name`)
  const providerOptions = parseOptions(type, optionsJson)
  const placeholder = `\${${name}}`
  if (options.mode === 'placeholder') return placeholder
  const provider = await options.providers.get(type, providerOptions)
  if (options.mode === 'check') {
    if (provider.askKeys && !(await provider.askKeys([name])).includes(name)) {
      throw new ProviderError(`${provider.label}: no key "${name}"`)
    }
    return placeholder
  }
  const value = (await provider.ask([name]))[name]
  if (value === undefined) throw new ProviderError(`${provider.label}: no key "${name}"`)
  options.onSecret?.(value)
  return value
}

function parseOptions(type: string, optionsJson: unknown): Record<string, unknown> {
  const usage = `provide.${type}: the first argument must be the options as a JSON string, e.g. std.toString({path: 'app.env'})`
  if (typeof optionsJson !== 'string') throw new ProviderError(usage)
  let parsed: unknown
  try {
    parsed = JSON.parse(optionsJson)
  } catch {
    throw new ProviderError(usage)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ProviderError(usage)
  return parsed as Record<string, unknown>
}
