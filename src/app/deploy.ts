/**
 * `hako deploy`: bring the service to the definition, follow the deployment, roll back on failure.
 * The steps and their order follow hako (scripts, load balancer, task definition, service, wait);
 * what differs is said where it happens.
 */
import {DeregisterTaskDefinitionCommand, type ECSClient, type Service} from '@aws-sdk/client-ecs'

import type {Container} from '../definition/types.js'
import {awsCall, DeploymentFailedError, ExitCode, HakoError, TimeoutError, UsageError} from '../errors.js'
import {renderDockerRun} from '../ecs/docker-run.js'
import {rollbackService} from '../ecs/rollback.js'
import {describeService, primaryDeployment} from '../ecs/service-apply.js'
import type {DescribeService} from '../ecs/service-poller.js'
import {statusLine, waitForDeployment, type WaitResult} from '../ecs/wait.js'
import {runHook} from '../scripts/hooks.js'
import type {Script} from '../scripts/types.js'
import type {Reporter} from '../ui/reporter.js'
import {type AppContext, type DefinitionInput, ecsNames, openApp} from './app-context.js'
import type {Deps} from './deps.js'
import {placeholderContainers, planDeploy} from './plan.js'
import {applyPlan} from '../plan/apply.js'
import {planLines, planMarkdown, planSummary} from '../plan/render.js'
import {isEmptyPlan, pendingActions} from '../plan/types.js'
import {missingCredentials} from '../aws/credentials.js'

export interface DeployOptions extends DefinitionInput {
  tag?: string
  force?: boolean
  dryRun?: boolean
  /** With dryRun: print the task definition and docker run lines without reading AWS. */
  offline?: boolean
  timeoutSec: number
  /** Bound of the automatic rollback's wait; default timeoutSec. */
  rollbackTimeoutSec?: number
  /**
   * The flags a follow-up command needs to reach the same app (`--local`, `--ext-str k=v`,
   * `--jpath d`, ...), repeated in hints so they can be pasted as they are.
   */
  reproduce?: string
  /** Register and update, then return without following the deployment. */
  noWait?: boolean
  /** Aborting stops the wait (Ctrl-C); the deployment goes on in ECS. */
  signal?: AbortSignal
  toolVersion: string
  /** How the wait and the automatic rollback poll the service (deployMany's shared ServicePoller). */
  describe?: DescribeService
}

export type DeployOutcome = 'completed' | 'unchanged' | 'planned' | 'started' | 'interrupted'

export interface DeployResult {
  outcome: DeployOutcome
  exitCode: number
  /** Something was written (in a dry run: would be). */
  changed: boolean
  taskDefinitionArn?: string
  serviceArn?: string
  /** The deployment this run started (or followed). */
  deploymentId?: string
  /** The plan's writes, in apply order (the dry run's, or what this run applied). */
  actions: PlannedAction[]
  /** A dry run's plan as Markdown, for a CI step summary. */
  markdown?: string
}

export interface PlannedAction {
  kind: string
  resource: string
  change: string
}

export async function deploy(deps: Deps, options: DeployOptions): Promise<DeployResult> {
  const dryRun = options.dryRun === true
  if (options.offline && !dryRun) throw new UsageError('--offline needs --dry-run: a deploy cannot be made without reading AWS')
  const ctx = await openApp(deps, options, {mode: 'expand', tag: options.tag, containers: 'all'}, {dryRun, prepareLocal: !options.offline})
  const {app, scripts} = ctx
  const {reporter} = deps
  const {cluster, service} = ecsNames(app)

  const live = dryRun ? await readsAws(deps, ctx, options) : true
  // In a dry run the plan shows ${NAME} for provider values: load once more without them.
  const shown = dryRun ? await placeholderContainers(options, deps.redactor) : undefined
  const planned = await planDeploy(deps, ctx, {live, force: options.force, toolVersion: options.toolVersion, placeholders: shown})
  const {plan, current, hidden} = planned
  const actions = pendingActions(plan).map(({kind, resource, change}) => ({kind, resource, change}))

  if (dryRun) {
    const containers = displayContainers(app.containers, shown ?? [], hidden)
    for (const line of renderDockerRun(containers, app.definition.volumes)) reporter.output(line)
    for (const line of planLines(plan)) reporter.output(line)
    reporter.output(planSummary(plan))
    const changed = !isEmptyPlan(plan)
    reporter.info(changed ? 'Dry run: the changes above would be made; nothing was changed' : 'Dry run: nothing would change')
    return {
      outcome: 'planned',
      exitCode: ExitCode.ok,
      changed,
      taskDefinitionArn: plan.known.taskDefinitionArn,
      serviceArn: current?.serviceArn,
      actions,
      markdown: planMarkdown(plan),
    }
  }

  const hint = `hako status ${app.file}${options.reproduce ? ` ${options.reproduce}` : ''}`
  if (isEmptyPlan(plan)) {
    const unsettled = current ? unsettledDeployment(current) : undefined
    const base = {changed: false, taskDefinitionArn: plan.known.taskDefinitionArn, serviceArn: current?.serviceArn, actions}
    if (!current || !unsettled) {
      await runHook(scripts, 'deployFinished', app.containers)
      reporter.info('Deployment completed')
      return {...base, outcome: 'unchanged', exitCode: ExitCode.ok}
    }
    // Nothing to write, but the last deployment has not settled (a --no-wait run, a Ctrl-C, a
    // stuck rollout): report the service as it is by following that deployment like our own.
    reporter.info(`Nothing to change, but deployment ${unsettled.id ?? ''} of ${service} is not steady (${statusLine(current)}); following it`)
    if (options.noWait) {
      reporter.output(
        JSON.stringify({
          cluster,
          service: current.serviceArn,
          task_definition_arn: unsettled.taskDefinition,
          deployment_id: unsettled.id,
          changed: false,
          rollout_state: unsettled.rolloutState,
        }),
      )
      reporter.info(`Not waiting (--no-wait); follow it with: ${hint}`)
      return {...base, outcome: 'started', exitCode: ExitCode.ok}
    }
    const followed = String(unsettled.taskDefinition)
    const before = current.deployments?.find((d) => d.status === 'ACTIVE')?.taskDefinition
    return follow(deps, ctx, options, {
      result: {...base, taskDefinitionArn: followed},
      expectedArn: followed,
      previous: before ? {...current, taskDefinition: before} : undefined,
      registered: {arn: followed, registered: false},
      sinceEventId: current.events?.[0]?.id,
      hint,
    })
  }
  const outputs = await applyPlan(plan)
  const registered = {arn: String(outputs.taskDefinitionArn), registered: outputs.registeredTaskDefinitionArn !== undefined}
  const serviceArn = outputs.serviceArn ?? current?.serviceArn
  const result = {taskDefinitionArn: registered.arn, serviceArn, deploymentId: outputs.deploymentId, changed: true, actions}
  const serviceWritten = outputs.deploymentId !== undefined || outputs.serviceArn !== undefined
  if (!serviceWritten) {
    // Only resources around the service changed (load balancer, records, front configuration).
    await runHook(scripts, 'deployFinished', app.containers)
    reporter.info('Deployment completed')
    return {...result, outcome: 'completed', exitCode: ExitCode.ok}
  }
  if (options.noWait) {
    reporter.output(JSON.stringify({cluster, service: serviceArn, task_definition_arn: registered.arn, deployment_id: outputs.deploymentId, changed: true}))
    reporter.info(`Not waiting for deployment ${outputs.deploymentId ?? ''} (--no-wait); follow it with: ${hint}`)
    return {...result, outcome: 'started', exitCode: ExitCode.ok}
  }
  return follow(deps, ctx, options, {result, expectedArn: registered.arn, previous: current, registered, sinceEventId: current?.events?.[0]?.id, hint})
}

interface FollowInput {
  result: Omit<DeployResult, 'outcome' | 'exitCode'>
  expectedArn: string
  /** The service as it was before the deployment being followed (its task definition is the rollback target). */
  previous: Service | undefined
  registered: {arn: string; registered: boolean}
  sinceEventId?: string
  hint: string
}

/** Waits for the deployment, then reports success, an interruption, or fails and rolls back. */
async function follow(deps: Deps, ctx: AppContext, options: DeployOptions, input: FollowInput): Promise<DeployResult> {
  const {app, clients, scripts} = ctx
  const {reporter} = deps
  const {cluster, service} = ecsNames(app)
  const wait = await waitForDeployment(clients.ecs, {
    cluster,
    service,
    clock: deps.clock,
    reporter,
    timeoutMs: options.timeoutSec * 1000,
    expectedTaskDefinitionArn: input.expectedArn,
    signal: options.signal,
    sinceEventId: input.sinceEventId,
    describe: options.describe,
  })
  if (wait.outcome === 'steady') {
    await runHook(scripts, 'deployFinished', app.containers)
    reporter.info('Deployment completed')
    return {...input.result, outcome: input.result.changed ? 'completed' : 'unchanged', exitCode: ExitCode.ok}
  }
  if (wait.outcome === 'interrupted') {
    const where = wait.service ? statusLine(wait.service) : 'state unknown'
    reporter.warn(`Stopped waiting; ECS goes on with the deployment of ${service} (${where}). Follow it with: ${input.hint}`)
    return {...input.result, outcome: 'interrupted', exitCode: ExitCode.interrupted}
  }
  return failDeployment(deps, ctx, {
    wait,
    current: input.previous,
    registered: input.registered,
    scripts,
    timeoutSec: options.timeoutSec,
    rollbackTimeoutSec: options.rollbackTimeoutSec ?? options.timeoutSec,
    signal: options.signal,
    describe: options.describe,
    hint: input.hint,
    rollbackCommand: `hako rollback ${app.file}${options.reproduce ? ` ${options.reproduce}` : ''}`,
  })
}

/** The PRIMARY deployment when it has not settled: rollout not COMPLETED, or not at its desired count. */
function unsettledDeployment(service: Service) {
  const primary = primaryDeployment(service)
  if (!primary) return undefined
  const rolledOut = primary.rolloutState === undefined || primary.rolloutState === 'COMPLETED'
  const atCount = (primary.runningCount ?? 0) === (primary.desiredCount ?? 0) && (service.deployments ?? []).length === 1
  return rolledOut && atCount ? undefined : primary
}

/**
 * A dry run reads AWS when it can. With no credentials at all (a pull-request job), or with
 * `--offline`, it plans from the definition alone, as the Ruby hako's dry run always did, and says so.
 */
async function readsAws(deps: Deps, ctx: AppContext, options: DeployOptions): Promise<boolean> {
  if (options.offline) {
    deps.reporter.info('Dry run (offline): AWS is not read; every resource is shown as it would be created')
    return false
  }
  if (deps.local) return true
  const missing = await missingCredentials(ctx.clients)
  if (!missing) return true
  const message = `Dry run without AWS credentials (${missing}): AWS was not read; every resource is shown as it would be created`
  deps.reporter.warn(message)
  if (process.env.GITHUB_ACTIONS === 'true') deps.reporter.output(`::warning::${message}`)
  return false
}

interface FailureInput {
  wait: WaitResult
  current: Service | undefined
  registered: {arn: string; registered: boolean}
  scripts: Script[]
  timeoutSec: number
  rollbackTimeoutSec: number
  hint: string
  rollbackCommand: string
  signal?: AbortSignal
  describe?: DescribeService
}

/** Diagnostics, the deploy_failed hook, then our rollback (unless ECS did it, or someone else deployed). */
async function failDeployment(deps: Deps, ctx: AppContext, input: FailureInput): Promise<never> {
  const {reporter} = deps
  const {app, clients} = ctx
  const {cluster, service} = ecsNames(app)
  const {wait, current, registered} = input
  const reason = wait.reason ?? wait.outcome
  reporter.error(wait.outcome === 'timeout' ? `Timed out after ${input.timeoutSec} s: ${reason}` : `New deployment is failing: ${reason}`)
  for (const line of wait.diagnostics) reporter.error(line)
  await runHook(input.scripts, 'deployFailed', app.containers, {taskIds: wait.startedTaskIds})

  if (wait.outcome === 'circuit-breaker-rollback') {
    await deregisterIfUnused(clients.ecs, cluster, service, registered, reporter)
    throw new DeploymentFailedError(`ECS's deployment circuit breaker rolled ${service} back: ${reason}`, wait.diagnostics, {
      exitCode: ExitCode.circuitBreakerRollback,
    })
  }
  if (wait.outcome === 'superseded') {
    throw new DeploymentFailedError(`Another deployment replaced ours on ${service}; not rolling back over it: ${reason}`, wait.diagnostics)
  }

  const previousArn = current?.taskDefinition
  if (!previousArn || previousArn === registered.arn) {
    const why = previousArn ? 'only service parameters changed' : "this was the service's first deployment"
    reporter.error(`Nothing to roll back to (${why}); ECS keeps trying. Fix the definition and deploy again, or \`hako stop\` it.`)
    throw outcomeError(wait, `Deployment of ${service} failed: ${reason}`)
  }
  reporter.error(`Rolling back to ${previousArn}`)
  let rollback: Awaited<ReturnType<typeof rollbackService>>
  try {
    rollback = await rollbackService(clients.ecs, {
      cluster,
      service,
      currentArn: registered.arn,
      targetArn: previousArn,
      deregisterCurrent: registered.registered,
      reporter,
      clock: deps.clock,
      timeoutMs: input.rollbackTimeoutSec * 1000,
      signal: input.signal,
      describe: input.describe,
    })
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    throw new HakoError(
      `Deployment of ${service} failed (${reason}) and the rollback to ${previousArn} could not be made: ${why}. The service still runs ${registered.arn}`,
      {code: 'rollback-failed', exitCode: ExitCode.rollbackFailed, cause: error, hint: `Finish the rollback with: ${input.rollbackCommand}`},
    )
  }
  if (rollback.outcome !== 'steady') {
    const where = rollback.wait?.service ? ` (${statusLine(rollback.wait.service)})` : ''
    throw new HakoError(
      `Deployment of ${service} failed (${reason}) and the rollback to ${previousArn} did not settle${where}: ${rollback.wait?.reason ?? rollback.outcome}`,
      {
        code: 'rollback-failed',
        exitCode: rollback.outcome === 'interrupted' ? ExitCode.interrupted : ExitCode.rollbackFailed,
        hint: `Follow it with: ${input.hint}`,
      },
    )
  }
  throw outcomeError(wait, `Deployment of ${service} failed (${reason}); rolled back to ${previousArn}`)
}

function outcomeError(wait: WaitResult, message: string): HakoError {
  return wait.outcome === 'timeout' ? new TimeoutError(message) : new DeploymentFailedError(message, wait.diagnostics)
}

/** After ECS rolled back by itself, the failed revision is ours to clean up, unless something still runs it. */
async function deregisterIfUnused(
  ecs: ECSClient,
  cluster: string,
  service: string,
  registered: {arn: string; registered: boolean},
  reporter: Reporter,
): Promise<void> {
  if (!registered.registered) return
  const now = await describeService(ecs, cluster, service)
  if (primaryDeployment(now)?.taskDefinition === registered.arn) return
  await awsCall('DeregisterTaskDefinition', `task definition ${registered.arn}`, () =>
    ecs.send(new DeregisterTaskDefinitionCommand({taskDefinition: registered.arn})),
  )
  reporter.info(`Deregistered task definition: ${registered.arn}`)
}

/** Containers as the dry run shows them: provider values replaced by their `${NAME}` placeholders. */
function displayContainers(real: Container[], placeholders: Container[], hidden: ReadonlySet<string>): Container[] {
  return real.map((c) => {
    const shown = placeholders.find((p) => p.name === c.name)
    const env = Object.fromEntries(Object.entries(c.env).map(([k, value]) => [k, hidden.has(k) ? (shown?.env[k] ?? '(provided)') : value]))
    return {...c, env}
  })
}
