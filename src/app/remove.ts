/**
 * `hako remove`: remove_starting hooks, the service (desired 0, then deleted), its
 * Cloud Map services, the app's load balancer and target group (even when the service was
 * already gone), after_remove hooks. The route53 script reads the load balancer in remove_starting, so its records can be
 * deleted in after_remove once the load balancer is gone. Task definitions, log groups and the
 * front configuration stay.
 */
import {DeleteServiceCommand} from '@aws-sdk/client-ecs'

import {removeAutoscaling} from '../autoscaling/remove.js'
import {awsCall, ExitCode} from '../errors.js'
import {destroyLoadBalancer} from '../elb/elb-v2.js'
import {classicLoadBalancerName} from '../elb-classic/names.js'
import {removeClassicLoadBalancer} from '../elb-classic/plan.js'
import {describeService} from '../ecs/service-apply.js'
import {removeServiceDiscovery} from '../ecs/service-discovery.js'
import {runHook} from '../scripts/hooks.js'
import {type DefinitionInput, ecsNames, openApp} from './app-context.js'
import type {Deps} from './deps.js'
import {scaleToZero} from './stop.js'

export interface RemoveOptions extends DefinitionInput {
  dryRun: boolean
}

export interface RemoveResult {
  exitCode: number
  /** 'missing': there was no service; the load balancer and hooks ran anyway. */
  service: 'deleted' | 'planned' | 'missing'
  serviceArn?: string
  /** Load balancer changes made (or in a dry run, `would …` lines). */
  loadBalancerPlan: string[]
  /** Cloud Map services deleted (or in a dry run, `would delete …` lines). */
  serviceDiscoveryPlan: string[]
  /** The scalable target deregistered (or in a dry run, the `would deregister …` line). */
  autoscalingPlan: string[]
}

export async function remove(deps: Deps, options: RemoveOptions): Promise<RemoveResult> {
  const {dryRun} = options
  const {app, clients, scripts} = await openApp(deps, options, {mode: 'placeholder'}, {dryRun})
  const {reporter} = deps
  const {cluster, service} = ecsNames(app)
  const ecs = clients.ecs

  await runHook(scripts, 'removeStarting')
  const current = await describeService(ecs, cluster, service)
  let outcome: RemoveResult['service'] = 'missing'
  let autoscalingPlan: string[] = []
  if (!current) {
    reporter.output(`Service ${service} doesn't exist`)
  } else if (current.status === 'DRAINING') {
    // Deleted already; ECS refuses any update while its tasks stop.
    reporter.info(`${current.serviceArn} is already being deleted (DRAINING)`)
  } else {
    // First, or Application Auto Scaling would scale the service back up to its minimum. Only
    // with scheduler.autoscaling, so removing other apps needs no Application Auto Scaling rights.
    if (app.definition.scheduler.autoscaling) autoscalingPlan = await removeAutoscaling(clients, cluster, service, {dryRun})
    for (const line of autoscalingPlan) reporter.info(line)
    if (current.schedulingStrategy !== 'DAEMON') await scaleToZero(ecs, cluster, current, reporter, dryRun)
    const arn = current.serviceArn ?? service
    if (dryRun) {
      reporter.output(`would delete service ${arn}`)
      outcome = 'planned'
    } else {
      await awsCall('DeleteService', `service ${service} in cluster ${cluster}`, () => ecs.send(new DeleteServiceCommand({cluster, service})))
      reporter.info(`${arn} is deleted`)
      outcome = 'deleted'
    }
  }

  // After the ECS service, whose tasks deregister from them as they stop; also when it was already gone.
  const discovery = app.definition.scheduler.service_discovery ?? []
  const serviceDiscoveryPlan = discovery.length > 0 ? await removeServiceDiscovery({clients, reporter, dryRun, clock: deps.clock}, discovery) : []
  if (dryRun) for (const line of serviceDiscoveryPlan) reporter.output(line)

  const elbV2 = app.definition.scheduler.elb_v2
  const loadBalancerPlan = elbV2 ? (await destroyLoadBalancer({clients, reporter, dryRun, clock: deps.clock}, app.appId, elbV2)).plan : []
  if (dryRun) for (const line of loadBalancerPlan) reporter.output(line)
  const classic = app.definition.scheduler.elb
  if (classic) {
    const removed = await removeClassicLoadBalancer(clients, classicLoadBalancerName(app.appId, classic), {dryRun})
    if (dryRun) reporter.output(removed.message)
    else reporter.info(removed.message)
  }
  await runHook(scripts, 'afterRemove')
  return {exitCode: ExitCode.ok, service: outcome, serviceArn: current?.serviceArn, loadBalancerPlan, serviceDiscoveryPlan, autoscalingPlan}
}
