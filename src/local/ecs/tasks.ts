/**
 * One-off tasks and task queries: RunTask, StopTask, DescribeTasks, ListTasks.
 */
import type {DescribeTasksRequest, ListTasksRequest, RunTaskRequest, StopTaskRequest, Task} from '@aws-sdk/client-ecs'
import {invalidParameter, serviceNotFound} from './errors.js'
import {launchTask} from './launch.js'
import {StepNotes} from './targets.js'
import {stopTask} from './transitions.js'
import {type Scope, findService, findTaskDefinition, paginate, requireCluster, taskArnOf} from './model.js'
import type {StoredTask, Wire} from './state.js'
import {addEvent} from './events.js'

function describeTask(scope: Scope, stored: StoredTask, include: string[] = []): Wire<Task> {
  const {tags: _tags, ...task} = stored.task
  return include.includes('TAGS') ? {...task, tags: scope.ecs.tags[task.taskArn ?? ''] ?? []} : task
}

function flush(scope: Scope, notes: StepNotes): void {
  notes.flush((service, message) => addEvent(scope.world, service, scope.now, message))
}

export const taskHandlers = {
  RunTask(scope: Scope, input: Wire<RunTaskRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    if (!input.taskDefinition) throw invalidParameter('taskDefinition can not be blank.')
    const definition = findTaskDefinition(scope, input.taskDefinition)
    if (!definition) throw invalidParameter('TaskDefinition not found.')
    if (definition.status !== 'ACTIVE') throw invalidParameter('TaskDefinition is inactive')
    const count = input.count ?? 1
    if (!Number.isInteger(count) || count < 1 || count > 10) throw invalidParameter('count must be between 1 and 10.')
    if (input.launchType && input.capacityProviderStrategy?.length) {
      throw invalidParameter('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.')
    }
    const strategy = input.capacityProviderStrategy?.length
      ? input.capacityProviderStrategy
      : input.launchType
        ? undefined
        : cluster.defaultCapacityProviderStrategy?.length
          ? cluster.defaultCapacityProviderStrategy
          : undefined
    const provider = strategy?.[0]?.capacityProvider
    const fargate = provider ? provider === 'FARGATE' || provider === 'FARGATE_SPOT' : input.launchType === 'FARGATE'
    if (fargate && !definition.compatibilities?.includes('FARGATE')) throw invalidParameter('Task definition does not support launch_type FARGATE.')
    const awsvpc = definition.networkMode === 'awsvpc'
    if (awsvpc && !input.networkConfiguration?.awsvpcConfiguration) {
      throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
    }
    if (awsvpc && !input.networkConfiguration?.awsvpcConfiguration?.subnets?.length) throw invalidParameter('subnets can not be empty.')
    if (!awsvpc && input.networkConfiguration?.awsvpcConfiguration) {
      throw invalidParameter('Network Configuration is not valid for the given networkMode of this task definition.')
    }
    for (const override of input.overrides?.containerOverrides ?? []) {
      if (!definition.containerDefinitions?.some((c) => c.name === override.name)) {
        throw invalidParameter(`Override for container named ${override.name ?? ''} is not a container in the TaskDefinition.`)
      }
    }
    if (input.startedBy !== undefined && input.startedBy.length > 128) throw invalidParameter('startedBy can have at most 128 characters.')
    const tags = input.propagateTags === 'TASK_DEFINITION' ? [...(scope.ecs.tags[definition.taskDefinitionArn ?? ''] ?? []), ...(input.tags ?? [])] : input.tags
    const notes = new StepNotes()
    const tasks: Wire<Task>[] = []
    const failures: {arn?: string; reason: string}[] = []
    for (let i = 0; i < count; i += 1) {
      const result = launchTask(scope, {
        cluster,
        definition,
        launchType: fargate ? 'FARGATE' : 'EC2',
        ...(provider ? {capacityProviderName: provider} : {}),
        ...(input.platformVersion ? {platformVersion: input.platformVersion} : {}),
        ...(input.networkConfiguration ? {networkConfiguration: input.networkConfiguration} : {}),
        ...(input.overrides ? {overrides: input.overrides} : {}),
        ...(input.startedBy ? {startedBy: input.startedBy} : {}),
        group: input.group ?? `family:${definition.family}`,
        ...(tags?.length ? {tags} : {}),
        enableExecuteCommand: input.enableExecuteCommand ?? false,
        placementConstraints: input.placementConstraints ?? [],
        oneshot: true,
      })
      if ('task' in result) {
        tasks.push(describeTask(scope, result.task))
        continue
      }
      if (result.noInstances) throw invalidParameter('No Container Instances were found in your cluster.')
      failures.push(...result.failures)
      break
    }
    flush(scope, notes)
    return {tasks, failures}
  },

  StopTask(scope: Scope, input: Wire<StopTaskRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    if (!input.task) throw invalidParameter('task can not be blank.')
    const stored = scope.ecs.tasks[taskArnOf(scope, cluster, input.task)]
    if (!stored) throw invalidParameter('The referenced task was not found.')
    const notes = new StepNotes()
    stopTask(scope, stored, scope.now, {stopCode: 'UserInitiated', reason: input.reason ?? 'Task stopped by user', failed: false}, notes)
    flush(scope, notes)
    return {task: describeTask(scope, stored)}
  },

  DescribeTasks(scope: Scope, input: Wire<DescribeTasksRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    const references = input.tasks ?? []
    if (references.length === 0) throw invalidParameter('Tasks cannot be empty.')
    if (references.length > 100) throw invalidParameter('tasks can have at most 100 items.')
    const tasks: Wire<Task>[] = []
    const failures: {arn: string; reason: string}[] = []
    for (const reference of references) {
      const taskArn = taskArnOf(scope, cluster, reference)
      const stored = scope.ecs.tasks[taskArn]
      if (stored && stored.task.clusterArn === cluster.clusterArn) tasks.push(describeTask(scope, stored, input.include ?? []))
      else failures.push({arn: taskArn, reason: 'MISSING'})
    }
    return {tasks, failures}
  },

  ListTasks(scope: Scope, input: Wire<ListTasksRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    let group: string | undefined
    if (input.serviceName) {
      const service = findService(scope, cluster, input.serviceName)
      if (!service) throw serviceNotFound()
      group = `service:${service.service.serviceName}`
    }
    if (input.family && group) throw invalidParameter('family and serviceName cannot both be specified.')
    const desired = input.desiredStatus ?? 'RUNNING'
    const arns = Object.values(scope.ecs.tasks)
      .map(({task}) => task)
      .filter((task) => task.clusterArn === cluster.clusterArn && task.desiredStatus === desired)
      .filter((task) => group === undefined || task.group === group)
      .filter((task) => input.family === undefined || task.group === `family:${input.family}` || task.taskDefinitionArn?.includes(`/${input.family}:`))
      .filter((task) => input.startedBy === undefined || task.startedBy === input.startedBy)
      .filter((task) => input.launchType === undefined || task.launchType === input.launchType)
      .filter(
        (task) =>
          input.containerInstance === undefined || task.containerInstanceArn?.endsWith(input.containerInstance.slice(input.containerInstance.lastIndexOf('/'))),
      )
      .map((task) => task.taskArn ?? '')
    const {page, nextToken} = paginate(arns, input, 100)
    return {taskArns: page, nextToken}
  },
}
