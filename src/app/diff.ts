/**
 * `hako diff`: what `deploy --dry-run` would change, as unified diffs and plan lines on stdout,
 * with an exit code a pipeline can test (2 = something would change). Provider values are never
 * shown: the definition is loaded once more with `${NAME}` placeholders to know which to hide.
 */
import {ExitCode} from '../errors.js'
import {type DefinitionInput, openApp} from './app-context.js'
import type {Deps} from './deps.js'
import {applyDefinition, placeholderContainers, planLines} from './plan.js'

export interface DiffOptions extends DefinitionInput {
  tag?: string
  /** hako's version tag never counts as a change; passed only so the plan is exactly deploy's. */
  toolVersion?: string
}

export interface DiffResult {
  exitCode: typeof ExitCode.ok | typeof ExitCode.changes
  changed: boolean
}

export async function diff(deps: Deps, options: DiffOptions): Promise<DiffResult> {
  const ctx = await openApp(deps, options, {mode: 'expand', tag: options.tag, containers: 'all'}, {dryRun: true})
  const placeholders = await placeholderContainers(options)
  const result = await applyDefinition(deps, ctx, {dryRun: true, toolVersion: options.toolVersion, placeholders})
  for (const line of planLines(result)) deps.reporter.output(line)
  deps.reporter.info(result.changed ? 'The definition differs from what runs' : 'No differences')
  return {exitCode: result.changed ? ExitCode.changes : ExitCode.ok, changed: result.changed}
}
