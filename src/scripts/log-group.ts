/**
 * `create_aws_cloud_watch_logs_log_group` (hako section 7.3): creates the awslogs groups of the
 * loaded containers before ECS needs them, optionally with a retention.
 */
import type {LogGroup} from '@aws-sdk/client-cloudwatch-logs'
import * as v from 'valibot'

import {lazySdk} from '../aws/lazy-sdk.js'

// The SDK is loaded when a script first calls AWS: loading a definition (show-definition) needs none of it.
const logsSdk = () => lazySdk(() => import('@aws-sdk/client-cloudwatch-logs'))

import type {Container} from '../definition/types.js'
import {awsCall, HakoError, isAwsError} from '../errors.js'
import type {PlanAction} from '../plan/types.js'
import type {Script, ScriptContext, ScriptPlanContext, ScriptPlugin} from './types.js'

/** The values CloudWatch Logs accepts for PutRetentionPolicy. */
const retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const

export const logGroupSchema = v.strictObject({
  type: v.literal('create_aws_cloud_watch_logs_log_group'),
  retention_in_days: v.optional(v.picklist(retentionDays)),
})

export type LogGroupOptions = v.InferOutput<typeof logGroupSchema>

export interface AwslogsGroup {
  container: string
  group: string
  region: string
}

/** The awslogs groups of these containers, each once per region, in container order. */
export function awslogsGroups(containers: Container[]): AwslogsGroup[] {
  const groups: AwslogsGroup[] = []
  for (const container of containers) {
    const log = container.log_configuration
    if (log?.log_driver !== 'awslogs') continue
    const group = log.options?.['awslogs-group']
    const region = log.options?.['awslogs-region']
    if (!group || !region) {
      const missing = !group ? 'awslogs-group' : 'awslogs-region'
      throw new HakoError(
        `create_aws_cloud_watch_logs_log_group: container ${container.name} uses the awslogs driver without log_configuration.options.${missing}`,
        {
          code: 'invalid-log-configuration',
        },
      )
    }
    if (!groups.some((g) => g.group === group && g.region === region)) groups.push({container: container.name, group, region})
  }
  return groups
}

class CreateLogGroups implements Script {
  readonly type = 'create_aws_cloud_watch_logs_log_group'

  constructor(
    private readonly options: LogGroupOptions,
    private readonly context: ScriptContext,
  ) {}

  async planDeploy(containers: Container[], plan: ScriptPlanContext): Promise<PlanAction[]> {
    const retention = this.options.retention_in_days
    const actions: PlanAction[] = []
    for (const {group, region} of awslogsGroups(containers)) {
      const existing = plan.live ? await this.find(group, region) : undefined
      const base = {kind: 'log-group' as const, resource: `${group} in ${region}`, diff: '', compared: plan.live}
      if (existing) {
        if (retention === undefined || existing.retentionInDays === retention) {
          actions.push({...base, change: 'none', reason: 'exists'})
          continue
        }
        actions.push({
          ...base,
          change: 'update',
          reason: `set the retention of CloudWatch log group ${group} in ${region} to ${retention} days`,
          apply: () => this.setRetention(group, region, retention, false),
        })
        continue
      }
      const suffix = retention === undefined ? '' : ` with retention ${retention} days`
      actions.push({
        ...base,
        change: 'create',
        reason: `create CloudWatch log group ${group} in ${region}${suffix}`,
        apply: async () => {
          await this.create(group, region)
          if (retention !== undefined) await this.setRetention(group, region, retention, false)
        },
      })
    }
    return actions
  }

  async oneshotStarting(containers: Container[]): Promise<void> {
    await this.ensure(containers)
  }

  private async ensure(containers: Container[]): Promise<void> {
    const retention = this.options.retention_in_days
    for (const {group, region} of awslogsGroups(containers)) {
      const existing = await this.find(group, region)
      if (existing) {
        if (retention !== undefined && existing.retentionInDays !== retention) await this.setRetention(group, region, retention)
        continue
      }
      const suffix = retention === undefined ? '' : ` with retention ${retention} days`
      if (this.context.dryRun) {
        this.context.reporter.output(`create_aws_cloud_watch_logs_log_group would create CloudWatch log group ${group} in ${region}${suffix}`)
        continue
      }
      await this.create(group, region)
      if (retention !== undefined) await this.setRetention(group, region, retention)
    }
  }

  private async create(group: string, region: string): Promise<void> {
    const logs = this.context.clients.logs(region)
    const {CreateLogGroupCommand} = await logsSdk()
    const created = await awsCall('logs:CreateLogGroup', `${group} in ${region}`, () => logs.send(new CreateLogGroupCommand({logGroupName: group}))).then(
      () => true,
      (error: unknown) => {
        // Another run (concurrent first deploys or oneshots of one app) created it since we looked: it is there, as wanted.
        if (isAwsError(error, 'ResourceAlreadyExistsException')) return false
        throw error
      },
    )
    this.context.reporter.info(
      created ? `Created CloudWatch log group ${group} in ${region}` : `CloudWatch log group ${group} in ${region} was created meanwhile`,
    )
  }

  private async setRetention(group: string, region: string, days: number, dryRun = this.context.dryRun): Promise<void> {
    if (dryRun) {
      this.context.reporter.output(`create_aws_cloud_watch_logs_log_group would set the retention of ${group} in ${region} to ${days} days`)
      return
    }
    const logs = this.context.clients.logs(region)
    const {PutRetentionPolicyCommand} = await logsSdk()
    await awsCall('logs:PutRetentionPolicy', `${group} in ${region}`, () =>
      logs.send(new PutRetentionPolicyCommand({logGroupName: group, retentionInDays: days})),
    )
    this.context.reporter.info(`Set the retention of CloudWatch log group ${group} in ${region} to ${days} days`)
  }

  private async find(group: string, region: string): Promise<LogGroup | undefined> {
    const logs = this.context.clients.logs(region)
    const {DescribeLogGroupsCommand} = await logsSdk()
    let nextToken: string | undefined
    do {
      const page = await awsCall('logs:DescribeLogGroups', `${group} in ${region}`, () =>
        logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: group, nextToken})),
      )
      const found = page.logGroups?.find((g) => g.logGroupName === group)
      if (found) return found
      nextToken = page.nextToken
    } while (nextToken)
    return undefined
  }
}

export const logGroupPlugin: ScriptPlugin<LogGroupOptions> = {
  type: 'create_aws_cloud_watch_logs_log_group',
  schema: logGroupSchema,
  create: (options, context) => new CreateLogGroups(options, context),
}
