import {readFileSync} from 'node:fs'
import {isAbsolute, relative} from 'node:path'

import type {Redactor} from '../redaction/redactor.js'
import {ProviderError, type EnvProvider} from './types.js'

/**
 * Read on the main thread: provider callbacks run while a Jsonnet evaluation holds a thread-pool
 * thread, so the built-in providers need none (src/definition/eval-slots.ts). The files are small.
 */
export async function readProviderFile(type: string, path: string, definitionDir: string): Promise<string> {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new ProviderError(`provider ${type} (${displayPath(path, definitionDir)}): cannot read the file (${code})`)
  }
}

/**
 * Every value the provider hands out is given to the redactor first, so no output of this run can
 * show it: all providers (built in, plugins, packages) are read through this.
 */
export function redactingValues(provider: EnvProvider, redactor: Redactor): EnvProvider {
  const askKeys = provider.askKeys?.bind(provider)
  return {
    label: provider.label,
    ...(askKeys ? {askKeys} : {}),
    async ask(names) {
      const values = await provider.ask(names)
      redactor.add(Object.values(values))
      return values
    },
  }
}

/** Relative to the definition folder, as the user wrote `path`. */
export function displayPath(path: string, definitionDir: string): string {
  const rel = relative(definitionDir, path)
  return rel === '' || isAbsolute(rel) ? path : rel
}
