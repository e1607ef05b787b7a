/**
 * RunTask for oneshot (docs/hako-compatibility.md, "Oneshot"): the pure input builder and one attempt, which tells a
 * started task apart from "no capacity" (retryable after the cluster grows) and other failures.
 */
import {type ECSClient, type Failure, type RunTaskCommandInput, RunTaskCommand, type Task} from '@aws-sdk/client-ecs'

import {awsCall, HakoError, isAwsError} from '../errors.js'
import type {Scheduler} from '../definition/types.js'
import type {Reporter} from '../ui/reporter.js'

export const ONESHOT_STARTED_BY = 'hako oneshot'
const NO_INSTANCES_MESSAGE = 'No Container Instances were found in your cluster.'

/** What the command line overrides on the `app` container; sidecars get no overrides. */
export interface AppOverrides {
  command: string[]
  /** `-e NAME=VALUE`, in the order given. */
  env: Record<string, string>
  appCpu?: number
  appMemory?: number
  appMemoryReservation?: number
}

export function buildRunTaskInput(scheduler: Scheduler, taskDefinitionArn: string, overrides: AppOverrides): RunTaskCommandInput {
  const awsvpc = scheduler.network_configuration?.awsvpc_configuration
  return {
    cluster: scheduler.cluster,
    taskDefinition: taskDefinitionArn,
    count: 1,
    startedBy: ONESHOT_STARTED_BY,
    overrides: {
      containerOverrides: [
        {
          name: 'app',
          command: overrides.command,
          environment: Object.entries(overrides.env).map(([name, value]) => ({name, value})),
          ...(overrides.appCpu === undefined ? {} : {cpu: overrides.appCpu}),
          ...(overrides.appMemory === undefined ? {} : {memory: overrides.appMemory}),
          ...(overrides.appMemoryReservation === undefined ? {} : {memoryReservation: overrides.appMemoryReservation}),
        },
      ],
    },
    placementConstraints: scheduler.placement_constraints.map((c) => ({
      type: c.type,
      ...(c.expression === undefined ? {} : {expression: c.expression}),
    })),
    placementStrategy: scheduler.placement_strategy.map((s) => ({
      type: s.type,
      ...(s.field === undefined ? {} : {field: s.field}),
    })),
    ...(scheduler.launch_type === undefined ? {} : {launchType: scheduler.launch_type}),
    ...(scheduler.capacity_provider_strategy === undefined
      ? {}
      : {
          capacityProviderStrategy: scheduler.capacity_provider_strategy.map((p) => ({
            capacityProvider: p.capacity_provider,
            ...(p.weight === undefined ? {} : {weight: p.weight}),
            ...(p.base === undefined ? {} : {base: p.base}),
          })),
        }),
    ...(scheduler.platform_version === undefined ? {} : {platformVersion: scheduler.platform_version}),
    ...(awsvpc === undefined
      ? {}
      : {
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: awsvpc.subnets,
              ...(awsvpc.security_groups === undefined ? {} : {securityGroups: awsvpc.security_groups}),
              ...(awsvpc.assign_public_ip === undefined ? {} : {assignPublicIp: awsvpc.assign_public_ip}),
            },
          },
        }),
    propagateTags: 'TASK_DEFINITION',
    enableExecuteCommand: scheduler.enable_execute_command,
  }
}

export type RunAttempt = {kind: 'started'; task: Task} | {kind: 'no-capacity'; reasons: string[]}

/** Failures that more container instances would cure (ECS's documented RunTask failure reasons). */
export function isCapacityFailure(failure: Failure): boolean {
  const reason = failure.reason ?? ''
  return reason.startsWith('RESOURCE:') || reason === 'AGENT' || reason === 'INSUFFICIENT_CAPACITY'
}

export function formatFailure(failure: Failure): string {
  const detail = failure.detail ? ` (${failure.detail})` : ''
  return `${failure.arn ?? '(no arn)'} ${failure.reason ?? 'unknown reason'}${detail}`
}

/** One RunTask; reports each failure as `<arn> <reason>` (hako's ERROR line). */
export async function runTaskOnce(ecs: ECSClient, input: RunTaskCommandInput, reporter: Reporter): Promise<RunAttempt> {
  const resource = `task definition ${input.taskDefinition} in cluster ${input.cluster}`
  let output
  try {
    output = await awsCall('RunTask', resource, () => ecs.send(new RunTaskCommand(input)))
  } catch (error) {
    if (isAwsError(error, 'InvalidParameterException') && error instanceof Error && error.message.includes(NO_INSTANCES_MESSAGE)) {
      reporter.error(`RunTask: ${NO_INSTANCES_MESSAGE}`)
      return {kind: 'no-capacity', reasons: [NO_INSTANCES_MESSAGE]}
    }
    throw error
  }
  const failures = output.failures ?? []
  for (const failure of failures) reporter.error(formatFailure(failure))
  const task = output.tasks?.[0]
  if (task?.taskArn) return {kind: 'started', task}
  if (failures.length > 0 && failures.every(isCapacityFailure)) {
    return {kind: 'no-capacity', reasons: failures.map(formatFailure)}
  }
  const reasons = failures.length > 0 ? failures.map(formatFailure).join('; ') : 'RunTask returned neither a task nor a failure'
  throw new HakoError(`No task started for ${resource}: ${reasons}`, {code: 'run-task-failed'})
}
