/**
 * Brings the ECS service to the built Create/UpdateService input in at most one write: a missing
 * service is created with its real desired count, load balancers and registries (creating it at 0
 * and updating would start two deployments); an existing one gets exactly one UpdateService, and
 * only when its canonical parameters differ.
 */
import {
  CreateServiceCommand,
  type CreateServiceCommandInput,
  DescribeServicesCommand,
  type ECSClient,
  type Service,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs'
import {HakoError, awsCall} from '../errors.js'
import {renderDiff} from '../ui/diff.js'
import type {Reporter} from '../ui/reporter.js'
import {canonicalService} from './canonical.js'
import {isDeepStrictEqual} from 'node:util'

/** The service, or undefined when it does not exist or is INACTIVE (deleted); DRAINING counts as present. */
export async function describeService(ecs: ECSClient, cluster: string, name: string, signal?: AbortSignal): Promise<Service | undefined> {
  const out = await awsCall('DescribeServices', `service ${name} in cluster ${cluster}`, () =>
    ecs.send(new DescribeServicesCommand({cluster, services: [name]}), {abortSignal: signal}),
  )
  const service = out.services?.find((s) => s.serviceName === name || s.serviceArn === name) ?? out.services?.[0]
  if (!service || service.status === 'INACTIVE') return undefined
  return service
}

export function primaryDeployment(service: Service | undefined) {
  return service?.deployments?.find((d) => d.status === 'PRIMARY')
}

/**
 * Fields an UpdateService input leaves out stay as they are in ECS, so for the comparison they
 * are taken from the current service: desired count (autoscaling, DAEMON), capacity-provider
 * strategy (the cluster default otherwise diffs for ever), load balancers, registries.
 */
export function alignUpdate(update: UpdateServiceCommandInput, current: Service): UpdateServiceCommandInput {
  return {
    ...update,
    taskDefinition: update.taskDefinition ?? current.taskDefinition,
    desiredCount: update.desiredCount ?? current.desiredCount,
    capacityProviderStrategy: update.capacityProviderStrategy ?? current.capacityProviderStrategy,
    loadBalancers: update.loadBalancers ?? current.loadBalancers,
    serviceRegistries: update.serviceRegistries ?? current.serviceRegistries,
  }
}

export interface ApplyServiceOptions {
  cluster: string
  /** From describeService (the use case reads it once and shares it). */
  current: Service | undefined
  /** Used when the service is absent. */
  create: CreateServiceCommandInput
  /** Used when the service exists. */
  update: UpdateServiceCommandInput
  reporter: Reporter
  dryRun?: boolean
  /** The new side's label in the diff (the definition file). */
  label?: string
}

export interface ApplyServiceResult {
  action: 'created' | 'updated' | 'unchanged'
  /** The service after the write (or the current one when unchanged or in a dry run). */
  service?: Service
  serviceArn?: string
  /** Something was (or in a dry run would be) written, so the caller should wait. */
  changed: boolean
  /** ECS started a new deployment (a new PRIMARY id); false when only e.g. the desired count changed. */
  deploymentStarted: boolean
  /** The PRIMARY deployment after the write: the one to follow. */
  deploymentId?: string
  /** The newest service event before the write; the waiter prints only newer ones. */
  sinceEventId?: string
  /** Unified diff of the canonical service parameters ('' when equal). */
  diff: string
}

export async function applyService(ecs: ECSClient, options: ApplyServiceOptions): Promise<ApplyServiceResult> {
  const {cluster, current, reporter} = options
  if (!current) return createService(ecs, options)

  const daemon = current.schedulingStrategy === 'DAEMON'
  const aligned = alignUpdate(options.update, current)
  const oldTree = canonicalService(current, {daemon})
  const newTree = canonicalService(aligned, {daemon})
  const diff = renderDiff(current.serviceArn ?? String(current.serviceName), options.label ?? String(options.update.service), oldTree, newTree)
  const base = {sinceEventId: current.events?.[0]?.id, diff}
  if (diff === '') {
    reporter.info("Service isn't changed")
    return {...base, action: 'unchanged', service: current, serviceArn: current.serviceArn, changed: false, deploymentStarted: false, deploymentId: primaryDeployment(current)?.id}
  }
  if (options.dryRun) {
    reporter.info(`Service would be updated: ${current.serviceArn}`)
    return {...base, action: 'updated', service: current, serviceArn: current.serviceArn, changed: true, deploymentStarted: false}
  }

  // A capacity-provider change only takes effect with a new deployment, in the same call.
  const providersChanged = !isDeepStrictEqual(oldTree.capacityProviderStrategy, newTree.capacityProviderStrategy)
  const input: UpdateServiceCommandInput = {
    ...options.update,
    cluster,
    ...(providersChanged ? {forceNewDeployment: true} : {}),
  }
  const out = await awsCall('UpdateService', `service ${current.serviceName} in cluster ${cluster}`, () => ecs.send(new UpdateServiceCommand(input)))
  const service = out.service
  if (!service) throw new HakoError(`UpdateService service ${current.serviceName} in cluster ${cluster}: the reply has no service`)
  reporter.info(`Updated service: ${service.serviceArn}`)
  const deploymentId = primaryDeployment(service)?.id
  return {
    ...base,
    action: 'updated',
    service,
    serviceArn: service.serviceArn,
    changed: true,
    deploymentStarted: deploymentId !== undefined && deploymentId !== primaryDeployment(current)?.id,
    deploymentId,
  }
}

async function createService(ecs: ECSClient, options: ApplyServiceOptions): Promise<ApplyServiceResult> {
  const {cluster, reporter} = options
  const name = String(options.create.serviceName)
  const diff = renderDiff('(no service)', options.label ?? name, undefined, canonicalService(options.create))
  if (options.dryRun) {
    reporter.info(`Service would be created: ${name} in cluster ${cluster}`)
    return {action: 'created', changed: true, deploymentStarted: false, diff}
  }
  const out = await awsCall('CreateService', `service ${name} in cluster ${cluster}`, () =>
    ecs.send(new CreateServiceCommand({...options.create, cluster})),
  )
  const service = out.service
  if (!service) throw new HakoError(`CreateService service ${name} in cluster ${cluster}: the reply has no service`)
  reporter.info(`Created service: ${service.serviceArn}`)
  return {
    action: 'created',
    service,
    serviceArn: service.serviceArn,
    changed: true,
    deploymentStarted: true,
    deploymentId: primaryDeployment(service)?.id,
    diff,
  }
}
