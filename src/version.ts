import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** hako's own version, read from the nearest package.json (works from src/ under vitest and from dist/). */
function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as {name?: string; version?: string}
      if (pkg.name === 'hako' && pkg.version) return pkg.version
    }
    dir = dirname(dir)
  }
  return '0.0.0'
}

export const HAKO_VERSION = readVersion()
