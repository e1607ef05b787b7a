import {isAbsolute, resolve} from 'node:path'

import {ProviderError} from './types.js'

/** `options.path` resolved against the definition's folder (hako: `path must be set`). */
export function providerPath(type: string, options: Record<string, unknown>, definitionDir: string): string {
  const path = options['path']
  if (typeof path !== 'string' || path === '') {
    throw new ProviderError(`provider ${type}: options.path must be set (got ${JSON.stringify(options)})`)
  }
  return isAbsolute(path) ? path : resolve(definitionDir, path)
}

export function stringOption(type: string, options: Record<string, unknown>, key: string, fallback: string): string {
  const value = options[key]
  if (value === undefined) return fallback
  if (typeof value !== 'string') throw new ProviderError(`provider ${type}: options.${key} must be a string`)
  return value
}

export function pick(values: Record<string, string>, names: string[]): Record<string, string> {
  const found: Record<string, string> = {}
  for (const name of names) {
    if (Object.hasOwn(values, name)) found[name] = values[name] as string
  }
  return found
}
