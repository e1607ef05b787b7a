/**
 * Growing an EC2 cluster for a oneshot task that did not fit (`autoscaling_group_for_oneshot`,
 * docs/hako-compatibility.md, "Oneshot"). hako loops forever; here the loop ends at the deadline with a TimeoutError.
 */
import {type AutoScalingClient, type AutoScalingGroup, DescribeAutoScalingGroupsCommand, SetDesiredCapacityCommand} from '@aws-sdk/client-auto-scaling'
import {
  type ContainerInstance,
  DescribeContainerInstancesCommand,
  type ECSClient,
  ListContainerInstancesCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs'

import type {Clock} from '../clock.js'
import {awsCall, HakoError, TimeoutError} from '../errors.js'
import type {Reporter} from '../ui/reporter.js'
import {isThrottling} from '../aws/retryable.js'
import type {AppOverrides} from './oneshot-run.js'

export interface Resources {
  cpu: number
  memory: number
}

/**
 * CPU units and MiB one task needs: the task-level size when set, else the sum over containers
 * (memory reservation before the hard limit), with the `--app-*` overrides applied to `app`.
 */
export function requiredResources(
  taskDefinition: Pick<RegisterTaskDefinitionCommandInput, 'cpu' | 'memory' | 'containerDefinitions'>,
  overrides: Pick<AppOverrides, 'appCpu' | 'appMemory' | 'appMemoryReservation'> = {},
): Resources {
  let cpu = 0
  let memory = 0
  for (const container of taskDefinition.containerDefinitions ?? []) {
    const isApp = container.name === 'app'
    cpu += (isApp ? overrides.appCpu : undefined) ?? container.cpu ?? 0
    const reservation = (isApp ? overrides.appMemoryReservation : undefined) ?? container.memoryReservation
    const limit = (isApp ? overrides.appMemory : undefined) ?? container.memory
    memory += reservation ?? limit ?? 0
  }
  const taskCpu = Number(taskDefinition.cpu)
  const taskMemory = Number(taskDefinition.memory)
  return {
    cpu: taskDefinition.cpu !== undefined && Number.isFinite(taskCpu) ? taskCpu : cpu,
    memory: taskDefinition.memory !== undefined && Number.isFinite(taskMemory) ? taskMemory : memory,
  }
}

export type CapacityStep =
  | {kind: 'retry'; containerInstanceArn: string}
  | {kind: 'wait'; why: string}
  | {kind: 'at-max'; maxSize: number}
  | {kind: 'increment'; from: number; to: number}

function remaining(instance: ContainerInstance, name: 'CPU' | 'MEMORY'): number {
  return instance.remainingResources?.find((r) => r.name === name)?.integerValue ?? 0
}

/** What to do next, from the group and the cluster's ACTIVE container instances (hako's order of checks). */
export function decideCapacityStep(group: AutoScalingGroup, instances: ContainerInstance[], required: Resources): CapacityStep {
  const usable = instances.filter((i) => i.status === 'ACTIVE' && i.agentConnected === true)
  const fits = usable.find((i) => remaining(i, 'CPU') >= required.cpu && remaining(i, 'MEMORY') >= required.memory)
  if (fits) return {kind: 'retry', containerInstanceArn: fits.containerInstanceArn ?? ''}
  const desired = group.DesiredCapacity ?? 0
  const inService = (group.Instances ?? []).filter((i) => i.LifecycleState === 'InService')
  if (inService.length !== desired) {
    return {kind: 'wait', why: `${inService.length} of ${desired} instances of ${group.AutoScalingGroupName} are InService`}
  }
  const registered = new Set(instances.map((i) => i.ec2InstanceId))
  const unregistered = inService.filter((i) => !registered.has(i.InstanceId))
  if (unregistered.length > 0) {
    return {kind: 'wait', why: `${unregistered.map((i) => i.InstanceId).join(', ')} not yet registered in the cluster`}
  }
  const maxSize = group.MaxSize ?? desired
  if (desired >= maxSize) return {kind: 'at-max', maxSize}
  return {kind: 'increment', from: desired, to: desired + 1}
}

export interface CapacityContext {
  ecs: ECSClient
  autoScaling: AutoScalingClient
  clock: Clock
  reporter: Reporter
  signal?: AbortSignal
}

export interface GrowOptions {
  cluster: string
  groupName: string
  required: Resources
  /** Clock ms after which the wait gives up. */
  deadline: number
}

const MIN_INTERVAL_MS = 2_000
const MAX_INTERVAL_MS = 30_000
const MAX_THROTTLED_INTERVAL_MS = 120_000

async function describeGroup(autoScaling: AutoScalingClient, name: string): Promise<AutoScalingGroup> {
  const output = await awsCall('DescribeAutoScalingGroups', `Auto Scaling group ${name}`, () =>
    autoScaling.send(new DescribeAutoScalingGroupsCommand({AutoScalingGroupNames: [name]})),
  )
  const group = output.AutoScalingGroups?.find((g) => g.AutoScalingGroupName === name)
  if (!group) {
    throw new HakoError(`Auto Scaling group ${name} (scheduler.autoscaling_group_for_oneshot) does not exist`, {
      code: 'autoscaling-group-missing',
    })
  }
  return group
}

async function activeContainerInstances(ecs: ECSClient, cluster: string): Promise<ContainerInstance[]> {
  const arns: string[] = []
  let nextToken: string | undefined
  do {
    const page = await awsCall('ListContainerInstances', `cluster ${cluster}`, () =>
      ecs.send(new ListContainerInstancesCommand({cluster, status: 'ACTIVE', nextToken})),
    )
    arns.push(...(page.containerInstanceArns ?? []))
    nextToken = page.nextToken
  } while (nextToken)
  const out: ContainerInstance[] = []
  for (let i = 0; i < arns.length; i += 100) {
    const batch = arns.slice(i, i + 100)
    const described = await awsCall('DescribeContainerInstances', `cluster ${cluster}`, () =>
      ecs.send(new DescribeContainerInstancesCommand({cluster, containerInstances: batch})),
    )
    out.push(...(described.containerInstances ?? []))
  }
  return out
}

/**
 * Waits until a container instance has room for the task, adding one instance to the group at a
 * time. Resolves when RunTask is worth retrying; rejects with TimeoutError at the deadline, or
 * with the signal's reason when aborted.
 */
export async function growCapacity(ctx: CapacityContext, options: GrowOptions): Promise<void> {
  const {cluster, groupName, required} = options
  ctx.reporter.info(`Waiting for capacity in cluster ${cluster} (cpu ${required.cpu}, memory ${required.memory} MiB) via Auto Scaling group ${groupName}`)
  let interval = MIN_INTERVAL_MS
  let warnedAtMax = false
  for (;;) {
    if (ctx.clock.now() > options.deadline) {
      throw new TimeoutError(`No capacity for the oneshot task in cluster ${cluster}: Auto Scaling group ${groupName} did not provide an instance in time`, {
        hint: 'Raise --timeout, or the MaxSize of the Auto Scaling group.',
      })
    }
    try {
      const group = await describeGroup(ctx.autoScaling, groupName)
      const step = decideCapacityStep(group, await activeContainerInstances(ctx.ecs, cluster), required)
      if (step.kind === 'retry') {
        ctx.reporter.info(`There's remaining capacity (${step.containerInstanceArn}). Start retrying...`)
        return
      }
      if (step.kind === 'increment') {
        await awsCall('SetDesiredCapacity', `Auto Scaling group ${groupName}`, () =>
          ctx.autoScaling.send(new SetDesiredCapacityCommand({AutoScalingGroupName: groupName, DesiredCapacity: step.to})),
        )
        ctx.reporter.info(`Increment desired_capacity of ${groupName} from ${step.from} to ${step.to}`)
        interval = MIN_INTERVAL_MS
      } else if (step.kind === 'at-max') {
        if (!warnedAtMax) ctx.reporter.warn(`Auto Scaling group ${groupName} is at its MaxSize ${step.maxSize}; waiting for capacity to free up`)
        warnedAtMax = true
        interval = Math.min(interval * 2, MAX_INTERVAL_MS)
      } else {
        ctx.reporter.debug(`Waiting for capacity: ${step.why}`)
        interval = Math.min(interval * 1.5, MAX_INTERVAL_MS)
      }
    } catch (error) {
      if (!isThrottling(error)) throw error
      interval = Math.min(interval * 2, MAX_THROTTLED_INTERVAL_MS)
      ctx.reporter.debug(`Throttled while waiting for capacity; next check in ${Math.round(interval / 1000)} s`)
    }
    await ctx.clock.sleep(interval, ctx.signal)
  }
}
