/**
 * File → validated Definition + containers + script plugins. Every problem is collected and thrown
 * at once as a DefinitionError (`file: path: message`) before anything touches AWS; unknown keys
 * are warnings.
 */
import {basename, dirname, extname, resolve} from 'node:path'

import {JsonnetError} from '@hanazuki/node-jsonnet'

import {DefinitionError} from '../errors.js'
import {ProviderSet} from '../providers/registry.js'
import {Redactor} from '../redaction/redactor.js'
import {fileProblem} from './input-limits.js'
import {evaluateJsonnet, InputLimitError, ProviderCallError} from './jsonnet.js'
import type {LoadOptions, Problem} from './types.js'
import type {LoadedApp} from './loaded-app.js'

/** App id = file name minus its last extension, as in hako. */
export function appIdOf(file: string): string {
  const name = basename(file)
  return name.slice(0, name.length - extname(name).length)
}

export async function loadApp(file: string, options: LoadOptions): Promise<LoadedApp> {
  const appId = appIdOf(file)
  const dir = dirname(resolve(file))
  const redactor = options.redactor ?? new Redactor()
  const providers = new ProviderSet(dir, redactor)
  // The checks (schema, rules, scripts: most of this module's code) load while libjsonnet
  // evaluates on its own thread, so a command's start-up pays for the longer of the two only.
  const checking = import('./check.js')
  checking.catch(() => undefined)
  const raw = await evaluate(file, {appId, dir, providers, options}).catch((error: unknown) => {
    throw error instanceof DefinitionError ? redacted(error, redactor) : error
  })
  const {checkDefinition} = await checking
  const checked = await checkDefinition(raw, {...options, appId, dir, providers})

  // Provider values never reach a message, even when a wrong-typed value is echoed back.
  const format = (p: Problem): string => redactor.redact(`${file}: ${p.path === '' ? '(root)' : p.path}: ${p.message}`)
  const errors = checked.problems.filter((p) => p.severity === 'error').map(format)
  const warnings = checked.problems.filter((p) => p.severity === 'warning').map(format)
  if (errors.length > 0 || !checked.definition) throw new DefinitionError([...errors, ...warnings], {evaluated: raw, warnings})
  return {appId, file, dir, definition: checked.definition, containers: checked.containers, scripts: checked.scripts, warnings}
}

async function evaluate(file: string, c: {appId: string; dir: string; providers: ProviderSet; options: LoadOptions}): Promise<unknown> {
  const ext = extname(file)
  try {
    if (ext === '.jsonnet' || ext === '.json' || ext === '.libsonnet') {
      return await evaluateJsonnet(file, {...c, mode: c.options.mode, extStr: c.options.extStr, jpath: c.options.jpath, signal: c.options.signal})
    }
    if (ext === '.yml' || ext === '.yaml') {
      const problem = fileProblem(file)
      if (problem) throw new DefinitionError([problem])
      // Loaded here only: the yaml package is most of the start-up code a Jsonnet definition never needs.
      const {loadYamlFile} = await import('./yaml-loader.js')
      return loadYamlFile(file)
    }
  } catch (error) {
    if (error instanceof DefinitionError) throw error
    if (error instanceof InputLimitError) throw new DefinitionError(error.problems)
    if (error instanceof ProviderCallError) throw new DefinitionError([`${file}: ${error.message}`], {detail: error.detail})
    // Jsonnet's own text already names file:line:col; keep it verbatim.
    if (error instanceof JsonnetError) throw new DefinitionError([error.message.trimEnd()])
    throw new DefinitionError([`${file}: ${(error as Error).message}`])
  }
  throw new DefinitionError([`${file}: unknown extension "${ext}" (expected .jsonnet, .json, .yml or .yaml)`])
}

/** A Jsonnet error can quote a provider value (`std.parseInt(provide('x'))` does). */
function redacted(error: DefinitionError, redactor: Redactor): DefinitionError {
  return new DefinitionError(
    error.problems.map((problem) => redactor.redact(problem)),
    {detail: error.detail === undefined ? undefined : redactor.redact(error.detail)},
  )
}
