/**
 * Rolls a service back to the previous ACTIVE revision of its family and deregisters the failed
 * one, so the next deploy compares against what runs. Used after a failed deploy and by
 * `hako rollback`. Unlike hako it never deregisters the only revision (a hako bug) and waits
 * for the rollback with a timeout instead of forever.
 */
import {DeregisterTaskDefinitionCommand, type ECSClient, ListTaskDefinitionsCommand, type Service, UpdateServiceCommand} from '@aws-sdk/client-ecs'
import type {Clock} from '../clock.js'
import {withRetries} from '../aws/retry.js'
import {HakoError, awsCall} from '../errors.js'
import type {Reporter} from '../ui/reporter.js'
import {shortTaskDefinition} from './diagnostics.js'
import {describeService, primaryDeployment} from './service-apply.js'
import type {DescribeService} from './service-poller.js'
import {type PollIntervals, type WaitResult, waitForDeployment} from './wait.js'

/** `{family, revision}` of a task-definition ARN or `family:revision`. */
export function parseTaskDefinitionArn(arn: string): {family: string; revision: number} {
  const match = /(?:task-definition\/)?([^/:]+):(\d+)$/.exec(arn)
  if (!match) throw new HakoError(`Not a task definition ARN with a revision: ${arn}`)
  return {family: match[1]!, revision: Number(match[2])}
}

/** ACTIVE revisions of exactly this family (familyPrefix also matches `hello-oneshot`), newest first. */
export async function listActiveRevisions(ecs: ECSClient, family: string): Promise<string[]> {
  const arns: string[] = []
  let nextToken: string | undefined
  do {
    const out = await awsCall('ListTaskDefinitions', `task definition family ${family}`, () =>
      ecs.send(new ListTaskDefinitionsCommand({familyPrefix: family, status: 'ACTIVE', sort: 'DESC', nextToken})),
    )
    arns.push(...(out.taskDefinitionArns ?? []))
    nextToken = out.nextToken
  } while (nextToken)
  return arns
    .filter((arn) => parseTaskDefinitionArn(arn).family === family)
    .sort((a, b) => parseTaskDefinitionArn(b).revision - parseTaskDefinitionArn(a).revision)
}

/** The newest ACTIVE revision older than `currentArn`, if any (works when current is already INACTIVE). */
export function previousRevision(activeArns: string[], currentArn: string): string | undefined {
  const current = parseTaskDefinitionArn(currentArn)
  return activeArns.find((arn) => {
    const r = parseTaskDefinitionArn(arn)
    return r.family === current.family && r.revision < current.revision
  })
}

export interface RollbackPlan {
  cluster: string
  service: string
  currentArn: string
  /** undefined: nothing to roll back to (the failed revision is the family's first). */
  targetArn?: string
  /** The revision that would be deregistered, or undefined with the reason in `keepReason`. */
  deregisterArn?: string
  keepReason?: string
  /** The service's newest event when planned; the wait prints only newer ones. */
  sinceEventId?: string
  /** ACTIVE revisions newer than the current one (registered, never deployed: e.g. a failed UpdateService). */
  newerArns: string[]
}

export interface PlanRollbackOptions {
  cluster: string
  service: string
  /** The revision to roll back from; default the service's current task definition. */
  currentArn?: string
  /** Roll back to this revision instead of the previous ACTIVE one (the auto-rollback passes what ran before). */
  targetArn?: string
  deregisterCurrent: boolean
  /** The current snapshot, when the caller already has it. */
  current?: Service
}

/** What a rollback would do, without writing (`--dry-run`, and the first step of rollbackService). */
export async function planRollback(ecs: ECSClient, options: PlanRollbackOptions): Promise<RollbackPlan> {
  const service = options.current ?? (await describeService(ecs, options.cluster, options.service))
  if (!service) throw new HakoError(`Unable to find service ${options.service} in cluster ${options.cluster}`, {code: 'service-not-found'})
  const currentArn = options.currentArn ?? service.taskDefinition
  if (!currentArn) throw new HakoError(`Service ${options.service} in cluster ${options.cluster} has no task definition`)
  const {family} = parseTaskDefinitionArn(currentArn)
  const active = await listActiveRevisions(ecs, family)
  const targetArn = options.targetArn && options.targetArn !== currentArn ? options.targetArn : previousRevision(active, currentArn)
  const revision = parseTaskDefinitionArn(currentArn).revision
  const newerArns = active.filter((arn) => parseTaskDefinitionArn(arn).revision > revision)
  const plan: RollbackPlan = {cluster: options.cluster, service: options.service, currentArn, targetArn, sinceEventId: service.events?.[0]?.id, newerArns}
  if (!options.deregisterCurrent) plan.keepReason = 'not asked to deregister'
  else if (!targetArn) plan.keepReason = 'it is the only revision to run'
  else if (!active.includes(currentArn)) plan.keepReason = 'it is already inactive'
  else plan.deregisterArn = currentArn
  return plan
}

export interface RollbackOptions extends PlanRollbackOptions {
  reporter: Reporter
  clock: Clock
  timeoutMs: number
  signal?: AbortSignal
  intervals?: PollIntervals
  /** Passed to waitForDeployment (a shared ServicePoller's describe). */
  describe?: DescribeService
  /** For the retry jitter; tests pass a fixed one. */
  random?: () => number
}

export interface RollbackResult {
  plan: RollbackPlan
  /** 'no-target' when there was nothing to roll back to; otherwise the wait's outcome. */
  outcome: WaitResult['outcome'] | 'no-target'
  deregistered?: string
  wait?: WaitResult
}

export async function rollbackService(ecs: ECSClient, options: RollbackOptions): Promise<RollbackResult> {
  const {reporter, cluster} = options
  const plan = await planRollback(ecs, options)
  if (!plan.targetArn) {
    reporter.error(`Unable to find a revision older than ${shortTaskDefinition(plan.currentArn)} to roll back to`)
    return {plan, outcome: 'no-target'}
  }
  reporter.info(`Current task definition is ${shortTaskDefinition(plan.currentArn)}. Rolling back to ${plan.targetArn}`)
  // The rollback must finish: passing failures are retried within its own time budget.
  const retry = {clock: options.clock, budgetMs: options.timeoutMs, reporter, random: options.random}
  const out = await withRetries(
    () =>
      awsCall('UpdateService', `service ${options.service} in cluster ${cluster}`, () =>
        ecs.send(new UpdateServiceCommand({cluster, service: options.service, taskDefinition: plan.targetArn})),
      ),
    {...retry, what: `UpdateService of ${options.service} (rollback to ${shortTaskDefinition(String(plan.targetArn))})`},
  )
  reporter.info(`Updated service: ${out.service?.serviceArn}`)

  let deregistered: string | undefined
  const primaryArn = primaryDeployment(out.service)?.taskDefinition
  if (plan.deregisterArn && primaryArn !== plan.deregisterArn) {
    const arn = plan.deregisterArn
    try {
      await withRetries(
        () => awsCall('DeregisterTaskDefinition', `task definition ${arn}`, () => ecs.send(new DeregisterTaskDefinitionCommand({taskDefinition: arn}))),
        {...retry, budgetMs: Math.min(retry.budgetMs, 60_000), what: `DeregisterTaskDefinition of ${shortTaskDefinition(arn)}`},
      )
      deregistered = arn
      reporter.info(`Deregistered task definition: ${arn}`)
    } catch (error) {
      // The service is back on a good revision; a revision left ACTIVE is untidy, not a failure.
      const reason = error instanceof Error ? error.message : String(error)
      reporter.warn(
        `The rollback succeeded but ${arn} stays ACTIVE: ${reason}. Deregister it with: aws ecs deregister-task-definition --task-definition ${shortTaskDefinition(arn)}`,
      )
    }
  } else if (plan.deregisterArn) {
    reporter.warn(`Keeping ${plan.deregisterArn}: the PRIMARY deployment still uses it`)
  }

  const wait = await waitForDeployment(ecs, {
    cluster,
    service: options.service,
    clock: options.clock,
    reporter,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    expectedTaskDefinitionArn: plan.targetArn,
    sinceEventId: plan.sinceEventId,
    intervals: options.intervals,
    describe: options.describe,
  })
  return {plan, outcome: wait.outcome, deregistered, wait}
}
