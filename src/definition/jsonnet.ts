/**
 * Evaluates a Jsonnet (or JSON) definition: ext var `appId` and `--ext-str`, jpath dirs plus
 * JSONNET_PATH, and one native `provide.<type>` per env provider.
 */
import {existsSync, readdirSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {Jsonnet, JsonnetError} from '@hanazuki/node-jsonnet'

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
  /**
   * Ends pending provider calls. An evaluation waiting on a provider holds a thread-pool thread,
   * and Node cannot exit (process.exit hangs) until that thread is released.
   */
  signal?: AbortSignal
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
  // Jsonnet has no try/catch, so the first provider failure is the one that ends the evaluation.
  let failure: string | undefined
  for (const type of nativeProviderTypes(options.dir)) {
    const callback = async (optionsJson: unknown, name: unknown): Promise<string> => {
      try {
        return await untilAborted(provide(type, optionsJson, name, options), type, options.signal)
      } catch (error) {
        failure ??= error instanceof ProviderError ? error.message : `provider ${type}: ${(error as Error).message}`
        throw error
      }
    }
    vm.nativeCallback(`provide.${type}`, callback, 'options', 'name')
  }
  const problems = jsonnetInputProblems(file, searchPath(options))
  if (problems.length > 0) throw new InputLimitError(problems)
  let json: string
  try {
    json = await inEvaluationSlot(() => vm.evaluateFile(file))
  } catch (error) {
    if (failure !== undefined && error instanceof JsonnetError) throw new ProviderCallError(failure, error.message.trimEnd())
    throw error
  }
  // Jsonnet's own stack bounds what it builds, but the checks after this recurse in JS.
  if (jsonDepth(json) > MAX_DEPTH) throw new InputLimitError([`${file}: the evaluated definition is nested more than ${MAX_DEPTH} levels deep`])
  return JSON.parse(json) as unknown
}

/**
 * A `provide.*` call failed: `message` names the provider, its file and the key in one line; the
 * Jsonnet stack that led to the call is kept in `detail` (shown with --verbose).
 */
export class ProviderCallError extends Error {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message)
  }
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
      throw new ProviderError(`${provider.label}: key ${name} not found`)
    }
    return placeholder
  }
  const value = (await provider.ask([name]))[name]
  if (value === undefined) throw new ProviderError(`${provider.label}: key ${name} not found`)
  return value
}

function untilAborted<T>(work: Promise<T>, type: string, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ProviderError(`provider ${type}: interrupted`))
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, {once: true})
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
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
