/**
 * `yaml` provider: nested keys joined by `key_sep` (.), arrays by `ary_sep` (,), every value the
 * string the Ruby hako would make of it (parsed in ./yaml-values.ts).
 */
import {pick, providerPath, stringOption} from './options.js'
import {displayPath, readProviderFile} from './read.js'
import {ProviderError, type EnvProvider, type EnvProviderFactory} from './types.js'

export const yamlProvider: EnvProviderFactory = {
  type: 'yaml',
  async create(options, definitionDir): Promise<EnvProvider> {
    const path = providerPath('yaml', options, definitionDir)
    const shown = displayPath(path, definitionDir)
    const keySep = stringOption('yaml', options, 'key_sep', '.')
    const arySep = stringOption('yaml', options, 'ary_sep', ',')
    const text = await readProviderFile('yaml', path, definitionDir)
    const {yamlValues, YamlRootError} = await import('./yaml-values.js')
    let values: Record<string, string>
    try {
      values = yamlValues(text, keySep, arySep)
    } catch (error) {
      if (error instanceof YamlRootError) throw new ProviderError(`provider yaml (${shown}): the root must be a mapping`)
      throw new ProviderError(`provider yaml (${shown}): cannot parse the file: ${(error as Error).message}`)
    }
    return {
      label: `provider yaml (${shown})`,
      ask: async (names) => pick(values, names),
      askKeys: async (names) => names.filter((name) => Object.hasOwn(values, name)),
    }
  },
}
