/**
 * Registers a task-definition revision only when it differs from the family's latest ACTIVE one,
 * so a deploy with nothing changed makes no new revision (peers register on every run; ECS caps a
 * family at 1,000,000 revisions).
 */
import {
  DescribeTaskDefinitionCommand,
  type ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type Tag,
  type TaskDefinition,
} from '@aws-sdk/client-ecs'
import {type Clock, systemClock} from '../clock.js'
import {AwsCallError, HakoError, awsCall, isAwsError} from '../errors.js'
import {renderDiff} from '../ui/diff.js'
import type {Reporter} from '../ui/reporter.js'
import {describeChanges, treeChanges} from '../plan/tree-changes.js'
import type {ApplyOutputs, PlanAction} from '../plan/types.js'
import {canonicalTaskDefinition, redactEnvironment} from './canonical.js'

export interface LatestTaskDefinition {
  taskDefinition: TaskDefinition
  tags: Tag[]
}

/** Is this the error DescribeTaskDefinition gives for a family (or revision) that has no ACTIVE revision? */
export function isTaskDefinitionMissing(error: unknown): boolean {
  const message = error instanceof AwsCallError ? (error.cause as Error | undefined)?.message : (error as Error | undefined)?.message
  return isAwsError(error, 'ClientException') && /Unable to describe task definition/i.test(message ?? '')
}

/**
 * The family's latest ACTIVE revision with its tags, in one call; undefined when the family has
 * none. Any other failure (access denied, throttling past the SDK's retries) is an error.
 */
export async function describeLatestTaskDefinition(ecs: ECSClient, family: string): Promise<LatestTaskDefinition | undefined> {
  try {
    const out = await awsCall('DescribeTaskDefinition', `task definition family ${family}`, () =>
      ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: family, include: ['TAGS']})),
    )
    if (!out.taskDefinition) return undefined
    return {taskDefinition: out.taskDefinition, tags: out.tags ?? []}
  } catch (error) {
    if (isTaskDefinitionMissing(error)) return undefined
    throw error
  }
}

export interface RegisterOptions {
  reporter: Reporter
  /** Register even when nothing changed (`--force`). */
  force?: boolean
  /** Compare and report, register nothing. */
  dryRun?: boolean
  /** The new side's label in the diff (the definition file). Defaults to the family. */
  label?: string
  clock?: Clock
  /** For the retry jitter; tests pass a fixed one. */
  random?: () => number
  /** Attempts on "Too many concurrent attempts…" before giving up. */
  maxAttempts?: number
  /** Environment variables whose values the diff must not show (filled from env providers). */
  redactEnvironment?: ReadonlySet<string>
}

export interface RegisterResult {
  /** The ARN to deploy: the new revision, the unchanged latest one, or in a dry run with changes a placeholder `<family>:(new revision)`. */
  arn: string
  /** The definition differs from the latest revision (or there is none, or `force`). */
  changed: boolean
  /** A revision was registered by this call. */
  registered: boolean
  /** The latest ACTIVE revision before this call, if any. */
  previousArn?: string
  /** Unified diff of the canonical trees ('' when equal). */
  diff: string
}

const CONCURRENT_REVISION = /Too many concurrent attempts to create a new revision of the specified family/i

/** Jittered exponential backoff: about 1, 2, 4, 8… s (capped at 30 s), each between 50 % and 100 %. */
export function registerRetryDelayMs(attempt: number, random: () => number): number {
  const base = Math.min(30_000, 1000 * 2 ** attempt)
  return Math.round(base * (0.5 + random() / 2))
}

export interface PlanTaskDefinitionOptions {
  /** Register even when nothing changed (`--force`). */
  force?: boolean
  /** The new side's label in the diff (the definition file). Defaults to the family. */
  label?: string
  /** Environment variables whose values the diff must not show (filled from env providers). */
  redactEnvironment?: ReadonlySet<string>
  /** The same for the live revision's side, which may hold values providers filled in the past. */
  redactOldEnvironment?: ReadonlySet<string>
  /** Undefined: not read (offline); the plan is the create case. */
  latest?: LatestTaskDefinition | null
  reporter: Reporter
  clock?: Clock
  random?: () => number
  maxAttempts?: number
}

/**
 * The task-definition action: `none` when the family's latest ACTIVE revision canonicalises to
 * the same tree (and no `--force`), else `create` (no revision yet) or `update` (a new revision).
 * `latest: null` means "read, and the family has none"; `undefined` means "not read".
 */
export function planTaskDefinition(ecs: ECSClient | undefined, input: RegisterTaskDefinitionCommandInput, options: PlanTaskDefinitionOptions): PlanAction {
  const family = input.family
  if (!family) throw new HakoError('RegisterTaskDefinition: the task definition has no family')
  const latest = options.latest ?? undefined
  const previousArn = latest?.taskDefinition.taskDefinitionArn
  const hidden = options.redactEnvironment ?? new Set<string>()
  const oldTree = latest ? redactEnvironment(canonicalTaskDefinition(latest.taskDefinition, latest.tags), options.redactOldEnvironment ?? hidden) : undefined
  const newTree = redactEnvironment(canonicalTaskDefinition(input), hidden)
  const diff = renderDiff(previousArn ?? '(no task definition)', options.label ?? family, oldTree, newTree)
  const compared = options.latest !== undefined
  if (diff === '' && !options.force && previousArn) {
    return {kind: 'task-definition', resource: previousArn, change: 'none', reason: 'same as the latest revision', diff: '', compared}
  }
  const changes = oldTree ? treeChanges(oldTree, newTree) : []
  const reason = !previousArn ? 'the family has no revision yet' : diff === '' ? '--force' : `differs from ${previousArn}`
  return {
    kind: 'task-definition',
    resource: previousArn ? `${family} (new revision after ${previousArn.split('/').pop()})` : family,
    change: previousArn ? 'update' : 'create',
    reason,
    diff,
    compared,
    summary: changes.length > 0 ? describeChanges(changes) : diff === '' ? 'forced' : undefined,
    apply: async (outputs) => {
      if (!ecs) throw new HakoError('RegisterTaskDefinition: planned without AWS, cannot be applied')
      const arn = await registerWithRetry(ecs, input, options)
      options.reporter.info(`Registered task definition: ${arn}`)
      outputs.taskDefinitionArn = arn
      outputs.registeredTaskDefinitionArn = arn
    },
  }
}

/** Placeholder ARN of a revision the plan would register. */
export const newRevisionArn = (family: string): string => `${family}:(new revision)`

/** Plan and, unless a dry run, apply the task-definition action at once (oneshot, tests). */
export async function registerIfChanged(ecs: ECSClient, input: RegisterTaskDefinitionCommandInput, options: RegisterOptions): Promise<RegisterResult> {
  const family = String(input.family)
  const latest = (await describeLatestTaskDefinition(ecs, family)) ?? null
  const action = planTaskDefinition(ecs, input, {...options, latest, redactEnvironment: options.redactEnvironment})
  const previousArn = latest?.taskDefinition.taskDefinitionArn
  if (action.change === 'none' && previousArn) {
    options.reporter.info(`Task definition isn't changed: ${previousArn}`)
    return {arn: previousArn, changed: false, registered: false, previousArn, diff: action.diff}
  }
  if (options.dryRun) {
    options.reporter.info(`Task definition would be registered: ${family}${action.summary === 'forced' ? ' (forced)' : ''}`)
    return {arn: newRevisionArn(family), changed: true, registered: false, previousArn, diff: action.diff}
  }
  const outputs: ApplyOutputs = {written: []}
  await action.apply?.(outputs)
  return {arn: String(outputs.taskDefinitionArn), changed: true, registered: true, previousArn, diff: action.diff}
}

async function registerWithRetry(
  ecs: ECSClient,
  input: RegisterTaskDefinitionCommandInput,
  options: {reporter: Reporter; clock?: Clock; random?: () => number; maxAttempts?: number},
): Promise<string> {
  const clock = options.clock ?? systemClock
  const random = options.random ?? Math.random
  const maxAttempts = options.maxAttempts ?? 8
  const resource = `task definition family ${input.family}`
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await awsCall('RegisterTaskDefinition', resource, () => ecs.send(new RegisterTaskDefinitionCommand(input)))
      const arn = out.taskDefinition?.taskDefinitionArn
      if (!arn) throw new HakoError(`RegisterTaskDefinition ${resource}: the reply has no task definition ARN`)
      return arn
    } catch (error) {
      // A ClientException, not throttling, so the SDK does not retry it; concurrent deploys of one family cause it.
      const message = error instanceof AwsCallError ? error.message : ''
      if (!CONCURRENT_REVISION.test(message) || attempt + 1 >= maxAttempts) throw error
      const delay = registerRetryDelayMs(attempt, random)
      options.reporter.warn(`Another registration of ${input.family} is in progress; retrying in ${(delay / 1000).toFixed(1)} s`)
      await clock.sleep(delay)
    }
  }
}
