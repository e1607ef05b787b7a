import {readFile} from 'node:fs/promises'
import {isAbsolute, relative} from 'node:path'

import {ProviderError} from './types.js'

export async function readProviderFile(type: string, path: string, definitionDir: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new ProviderError(`${type} provider: cannot read ${displayPath(path, definitionDir)} (${code})`)
  }
}

/** Relative to the definition folder, as the user wrote `path`. */
export function displayPath(path: string, definitionDir: string): string {
  const rel = relative(definitionDir, path)
  return rel === '' || isAbsolute(rel) ? path : rel
}
