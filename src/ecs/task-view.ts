/**
 * What a deployment wait knows of the service's tasks, for its poll schedule.
 */
import {DescribeTaskDefinitionCommand, type ECSClient, ListTasksCommand, type Task} from '@aws-sdk/client-ecs'

import {awsCall} from '../errors.js'
import {describeTasks, taskIdOf} from './diagnostics.js'
import {healthyDelay, learnDurations, type PhaseDurations} from './poll-schedule.js'
import type {DescribeTasks} from './service-poller.js'

/**
 * The service's tasks as the wait knows them: the ones its events named, and at the start the
 * service's running and recently stopped tasks, whose timestamps say how long each phase takes.
 * Reading tasks is a help to the schedule, never a reason to fail the wait.
 */
export class TaskView {
  private readonly known = new Map<string, Task>()
  private readonly untracked = new Set<string>()
  private learned: PhaseDurations = {}

  constructor(
    private readonly ecs: ECSClient,
    private readonly options: {cluster: string; service: string; expectedTaskDefinitionArn: string},
    private readonly shared: DescribeTasks | undefined,
  ) {}

  track(id: string): void {
    if (!this.known.has(id)) this.untracked.add(id)
  }

  hasUntracked(): boolean {
    return this.untracked.size > 0
  }

  list(): Task[] {
    return [...this.known.values()]
  }

  durations(): PhaseDurations {
    return this.learned
  }

  async loadHistory(signal?: AbortSignal): Promise<void> {
    const {cluster, service} = this.options
    try {
      const ids = [...(await listTaskIds(this.ecs, cluster, service, 'RUNNING', signal)), ...(await listTaskIds(this.ecs, cluster, service, 'STOPPED', signal))]
      for (const id of ids) this.untracked.add(id)
      await this.refresh(signal)
      const {expectedTaskDefinitionArn: arn} = this.options
      const out = await awsCall('DescribeTaskDefinition', `task definition ${arn}`, () =>
        this.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: arn}), {abortSignal: signal}),
      )
      const healthyMs = healthyDelay(out.taskDefinition)
      if (healthyMs !== undefined) this.learned = {...this.learned, healthyMs}
    } catch {
      // Without history the schedule probes more; the wait itself does not depend on it.
    }
  }

  /** Describes every task not yet STOPPED and every new id, in one batched read. */
  async refresh(signal?: AbortSignal): Promise<void> {
    const ids = [...this.untracked, ...[...this.known.entries()].filter(([, t]) => t.lastStatus !== 'STOPPED').map(([id]) => id)]
    if (ids.length === 0) return
    try {
      const found = this.shared ? await this.shared(this.options.cluster, ids, signal) : await describeTasks(this.ecs, this.options.cluster, ids)
      for (const task of found) this.known.set(taskIdOf(task.taskArn ?? ''), task)
      this.untracked.clear()
      this.learned = {...this.learned, ...learnDurations(this.list(), this.options.expectedTaskDefinitionArn)}
    } catch (error) {
      if (signal?.aborted) throw error
      // Without fresh task states the schedule probes; the wait itself goes on.
    }
  }
}

async function listTaskIds(
  ecs: ECSClient,
  cluster: string,
  serviceName: string,
  desiredStatus: 'RUNNING' | 'STOPPED',
  signal?: AbortSignal,
): Promise<string[]> {
  const out = await awsCall('ListTasks', `${desiredStatus.toLowerCase()} tasks of service ${serviceName} in cluster ${cluster}`, () =>
    ecs.send(new ListTasksCommand({cluster, serviceName, desiredStatus, maxResults: 100}), {abortSignal: signal}),
  )
  return (out.taskArns ?? []).map(taskIdOf)
}
