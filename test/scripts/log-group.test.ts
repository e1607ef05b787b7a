import {CreateLogGroupCommand, DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {runHook} from '../../src/scripts/hooks.js'
import {deployScripts, planScripts, planText} from './support/plan.js'
import {awslogsGroups, logGroupPlugin} from '../../src/scripts/log-group.js'
import {container} from './support/containers.js'
import {scriptContext} from './support/context.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'

let env: TestAws

beforeEach(async () => {
  env = await startTestAws()
})

afterEach(async () => {
  await env.close()
})

const awslogs = (group: string, region = 'ap-northeast-1') => ({
  log_configuration: {log_driver: 'awslogs', options: {'awslogs-group': group, 'awslogs-region': region, 'awslogs-stream-prefix': 'x'}},
})

async function groups(region: string): Promise<{name?: string; retention?: number}[]> {
  const reply = await env.clients.logs(region).send(new DescribeLogGroupsCommand({}))
  return (reply.logGroups ?? []).map((g) => ({name: g.logGroupName, retention: g.retentionInDays}))
}

describe('create_aws_cloud_watch_logs_log_group (hako case 20)', () => {
  it('creates a missing group in its region, once per group', async () => {
    const context = scriptContext(env)
    const script = logGroupPlugin.create({type: 'create_aws_cloud_watch_logs_log_group'}, context)
    const containers = [
      container('app', awslogs('group')),
      container('front', awslogs('group')),
      container('worker', awslogs('other', 'us-east-1')),
      container('plain'),
    ]
    await deployScripts([script], containers)
    expect(env.writes('logs')).toEqual(['CreateLogGroup', 'CreateLogGroup'])
    expect(await groups('ap-northeast-1')).toEqual([{name: 'group', retention: undefined}])
    expect(await groups('us-east-1')).toEqual([{name: 'other', retention: undefined}])
    expect(context.reporter.messages('info')).toEqual([
      'Created CloudWatch log group group in ap-northeast-1',
      'Created CloudWatch log group other in us-east-1',
    ])
  })

  it('does not create a group that exists, even among groups sharing its prefix', async () => {
    await env.clients.logs('ap-northeast-1').send(new CreateLogGroupCommand({logGroupName: 'group-extra'}))
    await env.clients.logs('ap-northeast-1').send(new CreateLogGroupCommand({logGroupName: 'group'}))
    env.resetCalls()
    const script = logGroupPlugin.create({type: 'create_aws_cloud_watch_logs_log_group'}, scriptContext(env))
    await runHook([script], 'oneshotStarting', [container('app', awslogs('group'))])
    expect(env.writes('logs')).toEqual([])
    expect(env.operations()).toEqual(['DescribeLogGroups'])
  })

  it('sets the retention on creation and fixes it on an existing group', async () => {
    const script = logGroupPlugin.create({type: 'create_aws_cloud_watch_logs_log_group', retention_in_days: 14}, scriptContext(env))
    await deployScripts([script], [container('app', awslogs('group'))])
    expect(await groups('ap-northeast-1')).toEqual([{name: 'group', retention: 14}])
    env.resetCalls()
    await deployScripts([script], [container('app', awslogs('group'))])
    expect(env.writes('logs')).toEqual([])
    const longer = logGroupPlugin.create({type: 'create_aws_cloud_watch_logs_log_group', retention_in_days: 30}, scriptContext(env))
    await deployScripts([longer], [container('app', awslogs('group'))])
    expect(env.writes('logs')).toEqual(['PutRetentionPolicy'])
    expect(await groups('ap-northeast-1')).toEqual([{name: 'group', retention: 30}])
  })

  it('only reads while planning', async () => {
    const context = scriptContext(env, {dryRun: true})
    const plan = await planScripts([logGroupPlugin.create({type: 'create_aws_cloud_watch_logs_log_group'}, context)], [container('app', awslogs('group'))])
    expect(env.writes('logs')).toEqual([])
    expect(planText(plan)).toBe('would create CloudWatch log group group in ap-northeast-1\n')
    expect(plan.actions.map((a) => [a.kind, a.change, a.resource])).toEqual([['log-group', 'create', 'group in ap-northeast-1']])
  })

  it('plans the create case with no AWS call when offline', async () => {
    const plan = await planScripts(
      [logGroupPlugin.create({type: 'create_aws_cloud_watch_logs_log_group', retention_in_days: 7}, scriptContext(env))],
      [container('app', awslogs('group'))],
      {live: false},
    )
    expect(env.operations()).toEqual([])
    expect(plan.actions).toMatchObject([
      {kind: 'log-group', change: 'create', compared: false, reason: 'create CloudWatch log group group in ap-northeast-1 with retention 7 days'},
    ])
  })

  it('counts ResourceAlreadyExists from a create that lost a race with another run as success', async () => {
    env.local.faults.operation('logs:CreateLogGroup', {
      rejectNext: {count: 1, type: 'ResourceAlreadyExistsException', message: 'The specified log group already exists'},
    })
    const context = scriptContext(env)
    await deployScripts([logGroupPlugin.create({type: 'create_aws_cloud_watch_logs_log_group'}, context)], [container('app', awslogs('group'))])
    expect(env.writes('logs')).toEqual(['CreateLogGroup'])
    expect(context.reporter.messages('info')).toEqual(['CloudWatch log group group in ap-northeast-1 was created meanwhile'])
  })

  it('names the container whose awslogs options lack the group', () => {
    expect(() => awslogsGroups([container('app', {log_configuration: {log_driver: 'awslogs', options: {'awslogs-region': 'r'}}})])).toThrow(
      'container app uses the awslogs driver without log_configuration.options.awslogs-group',
    )
  })
})
