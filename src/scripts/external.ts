/**
 * Loads plugins that are not built in: `<definition dir>/<folder>/<type>.js|.mjs`, then the npm
 * package `<prefix><type>` resolved from the definition's folder. Shared by scripts
 * (`hako-scripts/`, `hako-script-`) and env providers (`hako-providers/`, `hako-provider-`).
 */
import {existsSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

export interface ExternalLookup {
  /** e.g. `hako-scripts` */
  folder: string
  /** e.g. `hako-script-` */
  packagePrefix: string
  type: string
  definitionDir: string
}

export type ExternalResult = {found: true; module: unknown; from: string} | {found: false; looked: string[]}

/** A type becomes a file and a package name, so it must not walk out of the folder. */
export function isSafePluginType(type: string): boolean {
  return /^[a-z0-9][a-z0-9_.-]*$/i.test(type) && !type.includes('..')
}

function nodeModulesDirs(start: string): string[] {
  const dirs: string[] = []
  let dir = path.resolve(start)
  for (;;) {
    if (path.basename(dir) !== 'node_modules') dirs.push(path.join(dir, 'node_modules'))
    const parent = path.dirname(dir)
    if (parent === dir) return dirs
    dir = parent
  }
}

/** An ESM-only package's entry when `require.resolve` refuses it (no `require` export condition). */
function packageEntry(packageDir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    exports?: unknown
    module?: string
    main?: string
  }
  const pick = (target: unknown): string | undefined => {
    if (typeof target === 'string') return target
    if (target && typeof target === 'object') {
      const conditions = target as Record<string, unknown>
      for (const key of ['.', 'import', 'node', 'default']) {
        const found = pick(conditions[key])
        if (found) return found
      }
    }
    return undefined
  }
  return path.join(packageDir, pick(manifest.exports) ?? manifest.module ?? manifest.main ?? 'index.js')
}

function resolvePackage(name: string, definitionDir: string): string | undefined {
  try {
    return createRequire(path.join(path.resolve(definitionDir), 'noop.js')).resolve(name)
  } catch {
    for (const dir of nodeModulesDirs(definitionDir)) {
      const packageDir = path.join(dir, name)
      if (existsSync(path.join(packageDir, 'package.json'))) return packageEntry(packageDir)
    }
    return undefined
  }
}

export async function loadExternalPlugin(lookup: ExternalLookup): Promise<ExternalResult> {
  const looked: string[] = []
  for (const extension of ['.js', '.mjs']) {
    const file = path.resolve(lookup.definitionDir, lookup.folder, `${lookup.type}${extension}`)
    looked.push(file)
    if (existsSync(file)) return {found: true, module: await import(pathToFileURL(file).href), from: file}
  }
  const packageName = `${lookup.packagePrefix}${lookup.type}`
  const entry = resolvePackage(packageName, lookup.definitionDir)
  looked.push(...nodeModulesDirs(lookup.definitionDir).map((dir) => path.join(dir, packageName)))
  if (entry) return {found: true, module: await import(pathToFileURL(entry).href), from: packageName}
  return {found: false, looked}
}
