/** `yaml` provider: nested keys joined by `key_sep` (.), arrays by `ary_sep` (,), scalars as strings. */
import {parse} from 'yaml'

import {pick, providerPath, stringOption} from './options.js'
import {displayPath, readProviderFile} from './read.js'
import {ProviderError, type EnvProvider, type EnvProviderFactory} from './types.js'

export function flattenYaml(root: Record<string, unknown>, keySep: string, arySep: string): Record<string, string> {
  const out: Record<string, string> = {}
  const visit = (prefix: string, value: unknown): void => {
    if (Array.isArray(value)) out[prefix] = value.map((item) => scalar(item)).join(arySep)
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) visit(prefix === '' ? key : `${prefix}${keySep}${key}`, child)
    } else out[prefix] = scalar(value)
  }
  for (const [key, value] of Object.entries(root)) visit(key, value)
  return out
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

export const yamlProvider: EnvProviderFactory = {
  type: 'yaml',
  async create(options, definitionDir): Promise<EnvProvider> {
    const path = providerPath('yaml', options, definitionDir)
    const shown = displayPath(path, definitionDir)
    const keySep = stringOption('yaml', options, 'key_sep', '.')
    const arySep = stringOption('yaml', options, 'ary_sep', ',')
    let root: unknown
    try {
      root = parse(await readProviderFile('yaml', path, definitionDir))
    } catch (error) {
      if (error instanceof ProviderError) throw error
      throw new ProviderError(`yaml provider: cannot parse ${shown}: ${(error as Error).message}`)
    }
    if (typeof root !== 'object' || root === null || Array.isArray(root)) {
      throw new ProviderError(`yaml provider: the root of ${shown} must be a mapping`)
    }
    const values = flattenYaml(root as Record<string, unknown>, keySep, arySep)
    return {
      label: `yaml provider (${shown})`,
      ask: async (names) => pick(values, names),
      askKeys: async (names) => names.filter((name) => Object.hasOwn(values, name)),
    }
  },
}
