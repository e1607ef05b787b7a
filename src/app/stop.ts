/**
 * `hako stop`: desired count 0, no wait. The service, its task definition and load
 * balancer stay, so a deploy brings it back; autoscaling may scale it up again.
 */
import {type ECSClient, type Service, UpdateServiceCommand} from '@aws-sdk/client-ecs'

import {awsCall, ExitCode, HakoError} from '../errors.js'
import {describeService} from '../ecs/service-apply.js'
import type {Reporter} from '../ui/reporter.js'
import {type DefinitionInput, ecsNames, openApp} from './app-context.js'
import type {Deps} from './deps.js'

export interface StopOptions extends DefinitionInput {
  dryRun: boolean
}

export interface StopResult {
  exitCode: number
  /** 'missing': there was no service (not an error, as in hako). */
  outcome: 'stopped' | 'planned' | 'missing'
  serviceArn?: string
}

export async function stop(deps: Deps, options: StopOptions): Promise<StopResult> {
  const {dryRun} = options
  const {app, clients} = await openApp(deps, options, {mode: 'placeholder'}, {dryRun})
  const {cluster, service} = ecsNames(app)
  const current = await describeService(clients.ecs, cluster, service)
  if (!current) {
    deps.reporter.output(`Service ${service} doesn't exist`)
    return {exitCode: ExitCode.ok, outcome: 'missing'}
  }
  if (current.status === 'DRAINING') {
    deps.reporter.info(`${current.serviceArn} is being deleted (DRAINING); nothing to stop`)
    return {exitCode: ExitCode.ok, outcome: 'missing', serviceArn: current.serviceArn}
  }
  if (current.schedulingStrategy === 'DAEMON') {
    throw new HakoError(`Cannot stop ${current.serviceArn}: a DAEMON service runs one task per instance and has no desired count to set`, {
      code: 'daemon-cannot-stop',
      hint: `Use \`hako remove ${app.file}\` to delete it.`,
    })
  }
  const arn = await scaleToZero(clients.ecs, cluster, current, deps.reporter, dryRun)
  if (!dryRun) deps.reporter.info(`${arn} is stopped`)
  return {exitCode: ExitCode.ok, outcome: dryRun ? 'planned' : 'stopped', serviceArn: arn}
}

/** UpdateService desiredCount 0 (or, in a dry run, the line saying so); shared with remove. */
export async function scaleToZero(ecs: ECSClient, cluster: string, current: Service, reporter: Reporter, dryRun: boolean): Promise<string> {
  const arn = current.serviceArn ?? String(current.serviceName)
  if (dryRun) {
    reporter.output(`would set desired count of ${arn} to 0`)
    return arn
  }
  await awsCall('UpdateService', `service ${current.serviceName} in cluster ${cluster}`, () =>
    ecs.send(new UpdateServiceCommand({cluster, service: current.serviceName, desiredCount: 0})),
  )
  return arn
}
