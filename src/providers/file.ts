/**
 * `file` provider: a `.env` file next to the definition, read line by line as hako does; with
 * `format: 'dotenv'`, read with dotenv's parser (quotes, escapes, `#` comments) instead.
 */
import {parseHakoEnv} from './env-file.js'
import {pick, providerPath, stringOption} from './options.js'
import {displayPath, readProviderFile} from './read.js'
import {ProviderError, type EnvProvider, type EnvProviderFactory} from './types.js'

const formats: Record<string, (text: string) => Promise<Record<string, string>>> = {
  hako: async (text) => parseHakoEnv(text),
  // dotenv.parse only; dotenv.config would write the values into process.env. Loaded when asked for.
  dotenv: async (text) => ({...(await import('dotenv')).default.parse(text)}),
}

export const fileProvider: EnvProviderFactory = {
  type: 'file',
  async create(options, definitionDir): Promise<EnvProvider> {
    const path = providerPath('file', options, definitionDir)
    const format = stringOption('file', options, 'format', 'hako')
    const reader = Object.hasOwn(formats, format) ? formats[format] : undefined
    if (!reader) {
      throw new ProviderError(
        `provider file: options.format must be ${Object.keys(formats)
          .map((f) => `"${f}"`)
          .join(' or ')} (got ${JSON.stringify(format)})`,
      )
    }
    const values = await reader(await readProviderFile('file', path, definitionDir))
    return {
      label: `provider file (${displayPath(path, definitionDir)})`,
      ask: async (names) => pick(values, names),
      askKeys: async (names) => names.filter((name) => Object.hasOwn(values, name)),
    }
  },
}
