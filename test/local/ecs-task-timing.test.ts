/**
 * How long a simulated task's phases take: the pull- and stop-time faults and the container health check's
 * interval (the first check runs one interval after start), which the poller's schedule foresees.
 */
import {DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand, type Task} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {appContainer} from './support/app-container.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'

let t: TestAws

beforeEach(async () => {
  t = await startTestAws()
  await t.local.ensureCluster('default')
})
afterEach(async () => {
  await t.close()
})

async function start(container: Record<string, unknown>): Promise<string> {
  const td = await t.clients.ecs.send(
    new RegisterTaskDefinitionCommand({family: 'timing', containerDefinitions: [appContainer('app', 'example/timing:1', container)]}),
  )
  const out = await t.clients.ecs.send(new RunTaskCommand({taskDefinition: td.taskDefinition?.taskDefinitionArn}))
  return out.tasks?.[0]?.taskArn ?? ''
}

async function after(ms: number, taskArn: string): Promise<Task | undefined> {
  t.clock.advance(ms)
  return (await t.clients.ecs.send(new DescribeTasksCommand({tasks: [taskArn]}))).tasks?.[0]
}

describe('task timing', () => {
  it('pullSeconds sets how long PENDING lasts before RUNNING', async () => {
    t.local.faults.image({image: 'example/timing:*', pullSeconds: 12})
    const arn = await start({command: ['sleep', '3600']})
    expect((await after(11_900, arn))?.lastStatus).toBe('PENDING')
    const running = await after(100, arn)
    expect(running?.lastStatus).toBe('RUNNING')
    expect(new Date(running?.startedAt ?? 0).getTime() - new Date(running?.pullStartedAt ?? 0).getTime()).toBe(12_000)
  })

  it('stopSeconds sets how long STOPPING lasts', async () => {
    t.local.faults.image({image: 'example/timing:*', stopSeconds: 9})
    const arn = await start({command: ['sleep', '3600']})
    await after(5_000, arn)
    await t.clients.ecs.send(new StopTaskCommand({task: arn}))
    expect((await after(8_900, arn))?.lastStatus).toBe('STOPPING')
    expect((await after(100, arn))?.lastStatus).toBe('STOPPED')
  })

  it('a container health check passes one interval after the container started', async () => {
    const arn = await start({command: ['sleep', '3600'], healthCheck: {command: ['CMD', 'true'], interval: 7}})
    const running = await after(5_000, arn)
    expect(running?.lastStatus).toBe('RUNNING')
    expect((await after(6_900, arn))?.healthStatus).toBe('UNKNOWN')
    expect((await after(100, arn))?.healthStatus).toBe('HEALTHY')
  })
})
