/**
 * Env providers by `type`: built-ins, then `<definitionDir>/hako-providers/<type>.js|.mjs`, then the
 * npm package `hako-provider-<type>` (resolved from the definition's folder). The module's default
 * export (or `provider` export) is an EnvProviderFactory.
 */
import {existsSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {Redactor} from '../redaction/redactor.js'
import {fileProvider} from './file.js'
import {redactingValues} from './read.js'
import {ProviderError, type EnvProvider, type EnvProviderFactory} from './types.js'
import {yamlProvider} from './yaml.js'

export const builtinProviders: readonly EnvProviderFactory[] = [fileProvider, yamlProvider]

export async function findProviderFactory(type: string, definitionDir: string): Promise<EnvProviderFactory> {
  const builtin = builtinProviders.find((factory) => factory.type === type)
  if (builtin) return builtin
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(type)) throw new ProviderError(`unknown env provider type ${JSON.stringify(type)}`)
  const local = ['.js', '.mjs'].map((ext) => join(definitionDir, 'hako-providers', `${type}${ext}`))
  const packageName = `hako-provider-${type}`
  let url = local.find((path) => existsSync(path))
  if (url === undefined) {
    try {
      url = createRequire(join(definitionDir, 'noop.js')).resolve(packageName)
    } catch {
      throw new ProviderError(
        `unknown env provider type "${type}": not built in (${builtinProviders.map((f) => f.type).join(', ')}), ` +
          `no ${local.join(' or ')}, and no npm package ${packageName} resolvable from ${definitionDir}`,
      )
    }
  }
  const module = (await import(pathToFileURL(url).href)) as {default?: unknown; provider?: unknown}
  const factory = (module.provider ?? module.default) as EnvProviderFactory | undefined
  if (typeof factory?.create !== 'function') {
    throw new ProviderError(`env provider module ${url} must export an EnvProviderFactory (a \`create\` function) as default or \`provider\``)
  }
  return factory
}

/**
 * Provider instances for one load, cached by type + options so a file is read once. Every value
 * they return is added to `redactor` (a fresh one when none is given).
 */
export class ProviderSet {
  private readonly cache = new Map<string, Promise<EnvProvider>>()

  constructor(
    private readonly definitionDir: string,
    readonly redactor: Redactor = new Redactor(),
  ) {}

  get(type: string, options: Record<string, unknown>): Promise<EnvProvider> {
    const key = `${type}\0${JSON.stringify(options)}`
    let provider = this.cache.get(key)
    if (!provider) {
      provider = findProviderFactory(type, this.definitionDir)
        .then((factory) => factory.create(options, this.definitionDir))
        .then((created) => redactingValues(created, this.redactor))
      this.cache.set(key, provider)
    }
    return provider
  }
}
