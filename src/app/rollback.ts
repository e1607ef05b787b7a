/**
 * `hako rollback`: the service goes back to the family's previous ACTIVE revision and
 * the current one is deregistered, so a second rollback walks further back and the next deploy
 * compares against what runs. Unlike hako it waits with a timeout and its exit code says whether
 * the service settled.
 */
import {DescribeTaskDefinitionCommand, type ECSClient} from '@aws-sdk/client-ecs'

import {awsCall, ExitCode, HakoError} from '../errors.js'
import {shortTaskDefinition} from '../ecs/diagnostics.js'
import {planRollback, rollbackService} from '../ecs/rollback.js'
import {describeService} from '../ecs/service-apply.js'
import {statusLine} from '../ecs/wait.js'
import {runHook} from '../scripts/hooks.js'
import {type DefinitionInput, ecsNames, openApp} from './app-context.js'
import type {Deps} from './deps.js'

export interface RollbackOptions extends DefinitionInput {
  dryRun: boolean
  timeoutSec: number
  /** Aborting stops the wait (Ctrl-C); ECS goes on with the rollback. */
  signal?: AbortSignal
}

export interface RollbackResult {
  exitCode: number
  /** The task definition ARN rolled back from. */
  from?: string
  /** The task definition ARN rolled back to. */
  to?: string
}

/** The container named `app` carries the image hako's rollback hooks talk about. */
const APP_CONTAINER = 'app'

export async function rollback(deps: Deps, options: RollbackOptions): Promise<RollbackResult> {
  const {dryRun} = options
  const {app, clients, scripts} = await openApp(deps, options, {mode: dryRun ? 'check' : 'expand'}, {dryRun})
  const {reporter} = deps
  const {cluster, service} = ecsNames(app)
  const ecs = clients.ecs

  await runHook(scripts, 'rollbackStarting')
  const current = await describeService(ecs, cluster, service)
  if (!current) throw new HakoError(`Unable to find service ${service} in cluster ${cluster}`, {code: 'service-not-found'})
  const plan = await planRollback(ecs, {cluster, service, current, deregisterCurrent: true})
  const targetArn = plan.targetArn
  if (!targetArn) {
    const current = shortTaskDefinition(plan.currentArn)
    const newer = plan.newerArns.map(shortTaskDefinition)
    const why =
      newer.length === 0
        ? `${current} is the only ACTIVE revision of its family`
        : `no ACTIVE revision is older than ${current}, which the service runs (${newer.join(', ')} ${newer.length === 1 ? 'is' : 'are'} newer and never became the service's: a deploy registered ${newer.length === 1 ? 'it' : 'them'}, then failed to update the service)`
    throw new HakoError(`Unable to find rollback target: ${why}`, {
      code: 'no-rollback-target',
      hint: newer.length > 0 ? 'The service already runs the older revision; deploy again once the cause of the failed update is fixed.' : undefined,
    })
  }

  const [currentImage, targetImage] = await Promise.all([appImage(ecs, plan.currentArn), appImage(ecs, targetArn)])
  if (currentImage === undefined || targetImage === undefined) {
    reporter.warn(`Cannot find image_tag: the task definitions have no container named ${APP_CONTAINER}`)
  }
  await runHook(scripts, 'rollbackStarted', currentImage, targetImage)

  if (dryRun) {
    reporter.info(`Current task definition is ${shortTaskDefinition(plan.currentArn)}. Rolling back to ${targetArn}`)
    reporter.info(plan.deregisterArn ? `would deregister ${plan.deregisterArn}` : `would keep ${plan.currentArn} (${plan.keepReason ?? ''})`)
    reporter.info('Rollback planned (dry-run); nothing was changed')
    return {exitCode: ExitCode.ok, from: plan.currentArn, to: targetArn}
  }

  const result = await rollbackService(ecs, {
    cluster,
    service,
    current,
    currentArn: plan.currentArn,
    targetArn,
    deregisterCurrent: true,
    reporter,
    clock: deps.clock,
    timeoutMs: options.timeoutSec * 1000,
    signal: options.signal,
  })
  const done = {from: plan.currentArn, to: targetArn}
  if (result.outcome === 'steady') {
    await runHook(scripts, 'rollbackFinished')
    reporter.info('Rollback completed')
    return {...done, exitCode: ExitCode.ok}
  }
  const where = result.wait?.service ? statusLine(result.wait.service) : 'state unknown'
  if (result.outcome === 'interrupted') {
    reporter.warn(
      `Stopped waiting; ECS goes on with the rollback of ${service} to ${shortTaskDefinition(targetArn)} (${where}). Follow it with: hako status ${app.file}`,
    )
    return {...done, exitCode: ExitCode.interrupted}
  }
  reporter.error(`Rollback of ${service} to ${shortTaskDefinition(targetArn)} did not settle: ${result.wait?.reason ?? result.outcome} (${where})`)
  for (const line of result.wait?.diagnostics ?? []) reporter.error(line)
  return {...done, exitCode: ExitCode.rollbackFailed}
}

async function appImage(ecs: ECSClient, arn: string): Promise<string | undefined> {
  const out = await awsCall('DescribeTaskDefinition', `task definition ${arn}`, () => ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: arn})))
  return out.taskDefinition?.containerDefinitions?.find((c) => c.name === APP_CONTAINER)?.image
}
