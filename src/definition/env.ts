/**
 * `env.$providers` and `#{VAR}` interpolation, as hako has them, applied to the evaluated JSON
 * before the schema runs, so the typed definition's env is plain strings.
 */
import {ProviderError} from '../providers/types.js'
import type {EnvProvider} from '../providers/types.js'
import type {LoadMode, Problem} from './types.js'

/** Where providers come from (ProviderSet in real loads). */
export interface ProviderSource {
  get(type: string, options: Record<string, unknown>): Promise<EnvProvider>
}

type Segment = {literal: string} | {variable: string}

/** Splits `Hello, #{name}!` into literal and variable parts; `#{}` is an error. */
export function parseInterpolation(value: string): Segment[] | {error: string} {
  const segments: Segment[] = []
  const pattern = /#\{(.*?)\}/g
  let last = 0
  for (const match of value.matchAll(pattern)) {
    const name = match[1] ?? ''
    if (name === '') return {error: 'empty interpolation #{} is not allowed'}
    if (match.index > last) segments.push({literal: value.slice(last, match.index)})
    segments.push({variable: name})
    last = match.index + match[0].length
  }
  if (last < value.length) segments.push({literal: value.slice(last)})
  return segments
}

export interface ExpandEnvResult {
  env: Record<string, unknown>
  problems: Problem[]
}

/**
 * Resolves `#{}` in `env` (path like `app.env`). expand: values from the providers, each asked only
 * for names still unresolved; check: keys must exist, values stay unexpanded; placeholder: untouched.
 */
export async function expandEnv(rawEnv: Record<string, unknown>, path: string, mode: LoadMode, providers: ProviderSource): Promise<ExpandEnvResult> {
  const {$providers: specs, ...env} = rawEnv
  const problems: Problem[] = []
  const error = (at: string, message: string): void => {
    problems.push({path: at, message, severity: 'error'})
  }
  const parsed = new Map<string, Segment[]>()
  for (const [key, value] of Object.entries(env)) {
    if (typeof value !== 'string') continue
    const segments = parseInterpolation(value)
    if ('error' in segments) error(`${path}.${key}`, segments.error)
    else if (segments.some((s) => 'variable' in s)) parsed.set(key, segments)
  }
  if (specs !== undefined && !Array.isArray(specs)) error(`${path}.$providers`, 'must be an array of {type, ...} objects')
  if (mode === 'placeholder' || parsed.size === 0 || problems.length > 0) return {env, problems}

  const resolved: EnvProvider[] = []
  for (const [index, spec] of (Array.isArray(specs) ? specs : []).entries()) {
    const at = `${path}.$providers[${index}]`
    if (typeof spec !== 'object' || spec === null || typeof (spec as {type?: unknown}).type !== 'string') {
      error(`${at}.type`, 'must be set')
      continue
    }
    const {type, ...options} = spec as {type: string} & Record<string, unknown>
    try {
      resolved.push(await providers.get(type, options))
    } catch (cause) {
      if (!(cause instanceof ProviderError)) throw cause
      error(at, cause.message)
    }
  }
  if (problems.length > 0) return {env, problems}

  const names = [...new Set([...parsed.values()].flat().flatMap((s) => ('variable' in s ? [s.variable] : [])))]
  const values: Record<string, string> = {}
  const labels = resolved.map((p) => p.label).join(', ') || 'no providers'
  if (mode === 'check') {
    const missing = new Set(names)
    for (const provider of resolved) {
      // A provider that cannot list keys cannot be checked offline; hako skips the check too.
      if (!provider.askKeys) return {env, problems}
      for (const name of await provider.askKeys([...missing])) missing.delete(name)
    }
    if (missing.size > 0) error(path, `could not find ${[...missing].map((n) => `#{${n}}`).join(', ')} in $providers (${labels})`)
    return {env, problems}
  }
  for (const provider of resolved) {
    const pending = names.filter((name) => !(name in values))
    if (pending.length === 0) break
    Object.assign(values, await provider.ask(pending))
  }
  const missing = names.filter((name) => !(name in values))
  if (missing.length > 0) {
    error(path, `could not resolve ${missing.map((n) => `#{${n}}`).join(', ')} from $providers (${labels})`)
    return {env, problems}
  }
  const expanded: Record<string, unknown> = {...env}
  for (const [key, segments] of parsed) {
    expanded[key] = segments.map((s) => ('literal' in s ? s.literal : values[s.variable])).join('')
  }
  return {env: expanded, problems}
}
