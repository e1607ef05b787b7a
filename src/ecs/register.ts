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

export async function registerIfChanged(
  ecs: ECSClient,
  input: RegisterTaskDefinitionCommandInput,
  options: RegisterOptions,
): Promise<RegisterResult> {
  const family = input.family
  if (!family) throw new HakoError('RegisterTaskDefinition: the task definition has no family')
  const latest = await describeLatestTaskDefinition(ecs, family)
  const previousArn = latest?.taskDefinition.taskDefinitionArn
  const hidden = options.redactEnvironment ?? new Set<string>()
  const oldTree = latest ? redactEnvironment(canonicalTaskDefinition(latest.taskDefinition, latest.tags), hidden) : undefined
  const newTree = redactEnvironment(canonicalTaskDefinition(input), hidden)
  const diff = renderDiff(previousArn ?? '(no task definition)', options.label ?? family, oldTree, newTree)
  const changed = diff !== '' || options.force === true

  if (!changed && previousArn) {
    options.reporter.info(`Task definition isn't changed: ${previousArn}`)
    return {arn: previousArn, changed: false, registered: false, previousArn, diff}
  }
  if (options.dryRun) {
    options.reporter.info(`Task definition would be registered: ${family}${options.force && diff === '' ? ' (forced)' : ''}`)
    return {arn: `${family}:(new revision)`, changed: true, registered: false, previousArn, diff}
  }
  const arn = await registerWithRetry(ecs, input, options)
  options.reporter.info(`Registered task definition: ${arn}`)
  return {arn, changed: true, registered: true, previousArn, diff}
}

async function registerWithRetry(ecs: ECSClient, input: RegisterTaskDefinitionCommandInput, options: RegisterOptions): Promise<string> {
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
