/** `file` provider: a dotenv file next to the definition (read with dotenv.parse, never config). */
import {parse} from 'dotenv'

import {pick, providerPath} from './options.js'
import {displayPath, readProviderFile} from './read.js'
import type {EnvProvider, EnvProviderFactory} from './types.js'

export const fileProvider: EnvProviderFactory = {
  type: 'file',
  async create(options, definitionDir): Promise<EnvProvider> {
    const path = providerPath('file', options, definitionDir)
    const values = parse(await readProviderFile('file', path, definitionDir))
    return {
      label: `file provider (${displayPath(path, definitionDir)})`,
      ask: async (names) => pick(values, names),
      askKeys: async (names) => names.filter((name) => Object.hasOwn(values, name)),
    }
  },
}
