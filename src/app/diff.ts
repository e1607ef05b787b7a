/**
 * `hako diff`: what `deploy --dry-run` would change, as unified diffs and plan lines on stdout,
 * with an exit code a pipeline can test (2 = something would change). Provider values are never
 * shown: the definition is loaded once more with `${NAME}` placeholders to know which to hide.
 */
import {ExitCode} from '../errors.js'
import {type DefinitionInput, openApp} from './app-context.js'
import type {Deps} from './deps.js'
import {missingCredentials} from '../aws/credentials.js'
import {HakoError} from '../errors.js'
import {planLines, planMarkdown, planSummary} from '../plan/render.js'
import {isEmptyPlan, pendingActions} from '../plan/types.js'
import {placeholderContainers, planDeploy} from './plan.js'

export interface DiffOptions extends DefinitionInput {
  tag?: string
  /** hako's version tag never counts as a change; passed only so the plan is exactly deploy's. */
  toolVersion?: string
}

export interface DiffResult {
  exitCode: typeof ExitCode.ok | typeof ExitCode.changes
  changed: boolean
  /** The plan's writes, in apply order. */
  actions: {kind: string; resource: string; change: string}[]
  /** The plan as Markdown, for a CI step summary. */
  markdown: string
}

export async function diff(deps: Deps, options: DiffOptions): Promise<DiffResult> {
  const ctx = await openApp(deps, options, {mode: 'expand', tag: options.tag, containers: 'all'}, {dryRun: true})
  // The answer is a comparison with what runs, so unlike a dry run it cannot do without AWS.
  const missing = deps.local ? undefined : await missingCredentials(ctx.clients)
  if (missing) {
    throw new HakoError(`diff compares the definition with what runs in AWS, and no AWS credentials were found (${missing})`, {
      code: 'no-credentials',
      hint: 'Set AWS credentials, use --local, or see what a deploy would create with `hako deploy --dry-run --offline`.',
    })
  }
  const placeholders = await placeholderContainers(options, deps.redactor)
  const {plan} = await planDeploy(deps, ctx, {live: true, toolVersion: options.toolVersion, placeholders})
  for (const line of planLines(plan)) deps.reporter.output(line)
  deps.reporter.output(planSummary(plan))
  const changed = !isEmptyPlan(plan)
  deps.reporter.info(changed ? 'The definition differs from what runs' : 'No differences')
  const actions = pendingActions(plan).map(({kind, resource, change}) => ({kind, resource, change}))
  return {exitCode: changed ? ExitCode.changes : ExitCode.ok, changed, actions, markdown: planMarkdown(plan)}
}
