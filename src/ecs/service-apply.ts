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
import {describeChanges, treeChanges} from '../plan/tree-changes.js'
import type {ApplyOutputs, KnownOutputs, PlanAction} from '../plan/types.js'
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
  /** The current service when unchanged or in a dry run. */
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

/** What a service action is built from at plan time (placeholders) and again at apply time (real ARNs). */
export type ServiceInputs = (outputs: KnownOutputs) => {create: CreateServiceCommandInput; update: UpdateServiceCommandInput}

export interface PlanServiceOptions {
  cluster: string
  name: string
  /** From describeService; undefined when absent (or not read: `live` false). */
  current: Service | undefined
  live: boolean
  inputs: ServiceInputs
  /** The outputs as the plan knows them: real ARNs where they exist, placeholders where this run creates them. */
  planned: KnownOutputs
  reporter: Reporter
  /** The new side's label in the diff (the definition file). */
  label?: string
}

/** The service action: create when missing, update when the canonical parameters differ, else none. */
export function planService(ecs: ECSClient | undefined, options: PlanServiceOptions): PlanAction {
  const {cluster, name, current, reporter} = options
  const planned = options.inputs(options.planned)
  const label = options.label ?? name
  if (!current) {
    const tree = canonicalService(planned.create)
    return {
      kind: 'service',
      resource: `${name} in cluster ${cluster}`,
      change: 'create',
      reason: 'the service does not exist',
      diff: renderDiff('(no service)', label, undefined, tree),
      compared: options.live,
      summary: `desiredCount ${planned.create.desiredCount ?? 'unset'}`,
      apply: async (outputs) => {
        if (!ecs) throw new HakoError('CreateService: planned without AWS, cannot be applied')
        const input = {...options.inputs(outputs).create, cluster}
        const out = await awsCall('CreateService', `service ${name} in cluster ${cluster}`, () => ecs.send(new CreateServiceCommand(input)))
        const service = out.service
        if (!service) throw new HakoError(`CreateService service ${name} in cluster ${cluster}: the reply has no service`)
        reporter.info(`Created service: ${service.serviceArn}`)
        Object.assign(outputs, {serviceArn: service.serviceArn, deploymentId: primaryDeployment(service)?.id, deploymentStarted: true})
      },
    }
  }

  const daemon = current.schedulingStrategy === 'DAEMON'
  const oldTree = canonicalService(current, {daemon})
  const newTree = canonicalService(alignUpdate(planned.update, current), {daemon})
  const diff = renderDiff(current.serviceArn ?? String(current.serviceName), label, oldTree, newTree)
  const base = {kind: 'service' as const, resource: current.serviceArn ?? name, compared: options.live}
  if (diff === '') return {...base, change: 'none', reason: 'the parameters are the same', diff: ''}
  // A capacity-provider change only takes effect with a new deployment, in the same call.
  const providersChanged = !isDeepStrictEqual(oldTree.capacityProviderStrategy, newTree.capacityProviderStrategy)
  return {
    ...base,
    change: 'update',
    reason: 'the parameters differ',
    diff,
    summary: describeChanges(treeChanges(oldTree, newTree)),
    apply: async (outputs) => {
      if (!ecs) throw new HakoError('UpdateService: planned without AWS, cannot be applied')
      const input: UpdateServiceCommandInput = {...options.inputs(outputs).update, cluster, ...(providersChanged ? {forceNewDeployment: true} : {})}
      const out = await awsCall('UpdateService', `service ${current.serviceName} in cluster ${cluster}`, () => ecs.send(new UpdateServiceCommand(input)))
      const service = out.service
      if (!service) throw new HakoError(`UpdateService service ${current.serviceName} in cluster ${cluster}: the reply has no service`)
      reporter.info(`Updated service: ${service.serviceArn}`)
      const deploymentId = primaryDeployment(service)?.id
      Object.assign(outputs, {
        serviceArn: service.serviceArn,
        deploymentId,
        deploymentStarted: deploymentId !== undefined && deploymentId !== primaryDeployment(current)?.id,
      })
    },
  }
}

/** Plan and, unless a dry run, apply the service action at once (tests and the engine's callers). */
export async function applyService(ecs: ECSClient, options: ApplyServiceOptions): Promise<ApplyServiceResult> {
  const {current, reporter} = options
  const action = planService(ecs, {
    cluster: options.cluster,
    name: String(options.create.serviceName ?? options.update.service),
    current,
    live: true,
    inputs: () => ({create: options.create, update: options.update}),
    planned: {},
    reporter,
    label: options.label,
  })
  const sinceEventId = current?.events?.[0]?.id
  const base = {sinceEventId, diff: action.diff}
  if (action.change === 'none') {
    reporter.info("Service isn't changed")
    return {
      ...base,
      action: 'unchanged',
      service: current,
      serviceArn: current?.serviceArn,
      changed: false,
      deploymentStarted: false,
      deploymentId: primaryDeployment(current)?.id,
    }
  }
  const verb = action.change === 'create' ? 'created' : 'updated'
  if (options.dryRun) {
    reporter.info(action.change === 'create' ? `Service would be created: ${action.resource}` : `Service would be updated: ${current?.serviceArn}`)
    return {...base, action: verb, service: current, serviceArn: current?.serviceArn, changed: true, deploymentStarted: false}
  }
  const outputs: ApplyOutputs = {written: []}
  await action.apply?.(outputs)
  return {
    ...base,
    action: verb,
    serviceArn: outputs.serviceArn,
    changed: true,
    deploymentStarted: outputs.deploymentStarted ?? false,
    deploymentId: outputs.deploymentId,
  }
}
