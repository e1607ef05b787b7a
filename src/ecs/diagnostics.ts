/**
 * Why tasks stopped: the lines printed after a failed deployment (stop code, stopped reason, each
 * container's exit code and reason).
 */
import {DescribeTasksCommand, type ECSClient, ListTasksCommand, type Task} from '@aws-sdk/client-ecs'
import {awsCall} from '../errors.js'

/** DescribeTasks accepts at most 100 tasks per call. */
const DESCRIBE_TASKS_BATCH = 100

export function taskIdOf(arnOrId: string): string {
  return arnOrId.slice(arnOrId.lastIndexOf('/') + 1)
}

/** `family:revision` from a task-definition ARN (or the input unchanged). */
export function shortTaskDefinition(arn: string | undefined): string {
  if (!arn) return '-'
  const index = arn.indexOf('task-definition/')
  return index >= 0 ? arn.slice(index + 'task-definition/'.length) : arn
}

export async function describeTasks(ecs: ECSClient, cluster: string, taskIds: string[]): Promise<Task[]> {
  const tasks: Task[] = []
  for (let i = 0; i < taskIds.length; i += DESCRIBE_TASKS_BATCH) {
    const batch = taskIds.slice(i, i + DESCRIBE_TASKS_BATCH)
    const out = await awsCall('DescribeTasks', `${batch.length} task(s) in cluster ${cluster}`, () =>
      ecs.send(new DescribeTasksCommand({cluster, tasks: batch})),
    )
    tasks.push(...(out.tasks ?? []))
  }
  return tasks
}

export function formatTaskDiagnostics(task: Task): string[] {
  const fields = [
    `task_definition=${shortTaskDefinition(task.taskDefinitionArn)}`,
    `last_status=${task.lastStatus ?? '-'}`,
    ...(task.stopCode ? [`stop_code=${task.stopCode}`] : []),
    ...(task.stoppedReason ? [`stopped_reason=${task.stoppedReason}`] : []),
  ]
  const lines = [`task ${taskIdOf(task.taskArn ?? '?')}: ${fields.join(' ')}`]
  const containers = [...(task.containers ?? [])].sort((a, b) => String(a.name).localeCompare(String(b.name)))
  for (const c of containers) {
    const parts = [`exit_code=${c.exitCode ?? '-'}`, ...(c.reason ? [`reason=${c.reason}`] : [])]
    lines.push(`  container ${c.name}: ${parts.join(' ')}`)
  }
  return lines
}

/** Diagnostic lines for those of the tasks that are STOPPED. */
export async function describeStoppedTasks(ecs: ECSClient, cluster: string, taskIds: string[]): Promise<string[]> {
  const tasks = await describeTasks(ecs, cluster, taskIds)
  return tasks.filter((t) => t.lastStatus === 'STOPPED').flatMap(formatTaskDiagnostics)
}

/**
 * Recently stopped tasks of a service (ECS keeps them about an hour), for when the events named
 * no started task. Newest ARNs are not guaranteed first, so at most `limit` are returned unordered.
 */
export async function listStoppedTaskIds(ecs: ECSClient, cluster: string, serviceName: string, limit = 10): Promise<string[]> {
  const out = await awsCall('ListTasks', `stopped tasks of service ${serviceName} in cluster ${cluster}`, () =>
    ecs.send(new ListTasksCommand({cluster, serviceName, desiredStatus: 'STOPPED', maxResults: Math.min(100, limit)})),
  )
  return (out.taskArns ?? []).slice(0, limit).map(taskIdOf)
}
