import {readFileSync} from 'node:fs'
import {isAbsolute, relative} from 'node:path'

import {ProviderError} from './types.js'

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

/** Relative to the definition folder, as the user wrote `path`. */
export function displayPath(path: string, definitionDir: string): string {
  const rel = relative(definitionDir, path)
  return rel === '' || isAbsolute(rel) ? path : rel
}
