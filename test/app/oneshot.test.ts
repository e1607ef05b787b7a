import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {DescribeTasksCommand, type RunTaskCommandInput} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {oneshot, type OneshotParams} from '../../src/app/oneshot.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {WatchingReporter} from '../support/reporters.js'
import {REGION} from '../support/local-aws.js'
import {oneshotParams} from '../support/oneshot.js'

const BATCH = 'examples/batch.jsonnet'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['batch']})
})

afterEach(async () => {
  await env.close()
})

function params(extra: Partial<OneshotParams> = {}): OneshotParams {
  return oneshotParams(BATCH, ['echo', 'hello'], extra)
}

function runTaskInputs(): RunTaskCommandInput[] {
  return env.local
    .calls()
    .filter((c) => c.service === 'ecs' && c.operation === 'RunTask')
    .map((c) => c.input as RunTaskCommandInput)
}

async function describeTask(taskArn: string) {
  const out = await env.deps.aws(REGION).ecs.send(new DescribeTasksCommand({cluster: 'batch', tasks: [taskArn]}))
  return out.tasks?.[0]
}

describe('hako oneshot against the local AWS', () => {
  it("prints the app's log lines on stdout and exits 0", async () => {
    const result = await oneshot(env.deps, params({command: ['sh', '-c', 'echo hello; echo world']}))
    expect(result.exitCode).toBe(0)
    expect(result.cluster).toBe('batch')
    expect(result.taskArn).toMatch(/^arn:aws:ecs:ap-northeast-1:\d+:task\/batch\//)
    expect(env.reporter.stdout()).toBe('hello\nworld\n')
    const logs = env.reporter.messages()
    expect(logs).toContain(`Started task: ${result.taskArn}`)
    expect(logs.some((m) => /^Container instance is arn:aws:ecs:.+ \(i-[0-9a-f]+\)$/.test(m))).toBe(true)
    expect(logs.some((m) => m.startsWith('Started at '))).toBe(true)
    expect(logs.some((m) => /^Stopped at .+ \(reason: .+\)$/.test(m))).toBe(true)
    expect(logs).toContain('app has stopped with exit_code=0')
  })

  it('prints each line while the task still runs, and the rest after it stopped, once each', async () => {
    const result = await oneshot(env.deps, params({command: ['sh', '-c', 'echo first; sleep 30; echo second; exit 4']}))
    expect(result.exitCode).toBe(4)
    const order = env.reporter.entries.map((e) => e.message)
    const first = order.indexOf('first')
    const second = order.indexOf('second')
    const stopped = order.findIndex((m) => m.startsWith('Stopped at '))
    expect(first).toBeGreaterThan(-1)
    expect(first).toBeLessThan(stopped)
    expect(second).toBeGreaterThan(first)
    expect(env.reporter.stdout()).toBe('first\nsecond\n')
  })

  it('runs on Fargate with the network configuration and reports the ENI', async () => {
    await env.local.ensureCluster('hello', REGION)
    const result = await oneshot(env.deps, params({file: 'examples/hello-fargate.jsonnet', command: ['echo', 'hi']}))
    expect(result.exitCode).toBe(0)
    expect(result.cluster).toBe('hello')
    const [input] = runTaskInputs()
    expect(input).toMatchObject({
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {subnets: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'], securityGroups: ['sg-0123abcd'], assignPublicIp: 'ENABLED'},
      },
    })
    expect(input?.taskDefinition).toMatch(/task-definition\/hello-fargate-oneshot:1$/)
    expect(env.reporter.messages('info').some((m) => /^Network interface is eni-\S+ \(\d+\.\d+\.\d+\.\d+\) on Fargate$/.test(m))).toBe(true)
  })

  it('exits with the command’s own exit code', async () => {
    const result = await oneshot(env.deps, params({command: ['sh', '-c', 'exit 3']}))
    expect(result.exitCode).toBe(3)
    expect(env.reporter.messages()).toContain('app has stopped with exit_code=3')
  })

  it('streams nothing with --no-logs', async () => {
    const result = await oneshot(env.deps, params({logs: false}))
    expect(result.exitCode).toBe(0)
    expect(env.reporter.stdout()).toBe('')
    expect(env.local.count({service: 'logs', operation: 'GetLogEvents'})).toBe(0)
  })

  it('exits 127 with the reason, said once, when the image cannot be pulled', async () => {
    env.local.faults.image({image: 'ryotarai/hello-sinatra*', cannotPull: true})
    const result = await oneshot(env.deps, params())
    expect(result.exitCode).toBe(127)
    const lines = env.reporter.messages()
    expect(lines.filter((m) => m.includes('CannotPullContainerError')).length).toBeGreaterThan(0)
    // Each line gives the reason at most once, and the closing error does not repeat it.
    for (const line of lines) expect(line.split('CannotPullContainerError').length - 1).toBeLessThanOrEqual(1)
    expect(env.reporter.messages('error')).toEqual(['app has no exit code; exiting with 127'])
    expect(env.reporter.stdout()).toBe('')
  })

  it('stops the task on interrupt, waits for it and exits with its code', async () => {
    const controller = new AbortController()
    await env.renew(
      new WatchingReporter((message) => {
        if (message.startsWith('Started at ')) controller.abort()
      }),
    )
    const result = await oneshot(env.deps, params({command: ['sleep', '600'], signal: controller.signal}))
    expect(env.local.count({service: 'ecs', operation: 'StopTask'})).toBe(1)
    const stop = env.local.calls().find((c) => c.operation === 'StopTask')?.input as {task?: string; reason?: string}
    expect(stop).toMatchObject({task: result.taskArn, reason: 'Stopped by hako oneshot (interrupted)'})
    expect(env.reporter.messages('warn')).toContain(`Stopping ${result.taskArn}`)
    const task = await describeTask(result.taskArn ?? '')
    expect(task?.lastStatus).toBe('STOPPED')
    // The container got SIGTERM: 128 + 15, its own code, not hako's 130.
    expect(task?.containers?.find((c) => c.name === 'app')?.exitCode).toBe(143)
    expect(result.exitCode).toBe(143)
    expect(task?.stoppedReason).toBe('Stopped by hako oneshot (interrupted)')
  })

  it('returns 130 and starts nothing when interrupted before RunTask', async () => {
    const controller = new AbortController()
    controller.abort()
    const result = await oneshot(env.deps, params({signal: controller.signal}))
    expect(result.exitCode).toBe(130)
    expect(env.local.count({service: 'ecs', operation: 'RunTask'})).toBe(0)
  })

  it('--no-wait prints {cluster, task_arn} as JSON and exits 0', async () => {
    const result = await oneshot(env.deps, params({noWait: true, command: ['sleep', '600']}))
    expect(result.exitCode).toBe(0)
    const printed = JSON.parse(env.reporter.stdout()) as {cluster: string; task_arn: string}
    expect(printed).toEqual({cluster: 'batch', task_arn: result.taskArn})
    expect(env.local.count({service: 'ecs', operation: 'DescribeTasks'})).toBe(0)
  })

  it('registers <app>-oneshot once and reuses it while the definition is unchanged', async () => {
    await oneshot(env.deps, params())
    await oneshot(env.deps, params({command: ['sh', '-c', 'exit 1']}))
    expect(env.local.count({service: 'ecs', operation: 'RegisterTaskDefinition'})).toBe(1)
    const families = env.local
      .calls()
      .filter((c) => c.operation === 'RegisterTaskDefinition')
      .map((c) => (c.input as {family?: string}).family)
    expect(families).toEqual(['batch-oneshot'])
    const [first, second] = runTaskInputs()
    expect(first?.taskDefinition).toMatch(/task-definition\/batch-oneshot:1$/)
    expect(second?.taskDefinition).toBe(first?.taskDefinition)
  })

  it('conformance case 17: RunTask input with -e and without --app-*', async () => {
    await oneshot(env.deps, params({env: {AWESOME: '1'}}))
    const [input] = runTaskInputs()
    expect(input).toMatchObject({
      cluster: 'batch',
      count: 1,
      startedBy: 'hako oneshot',
      placementConstraints: [],
      placementStrategy: [],
      propagateTags: 'TASK_DEFINITION',
      enableExecuteCommand: false,
      overrides: {containerOverrides: [{name: 'app', command: ['echo', 'hello'], environment: [{name: 'AWESOME', value: '1'}]}]},
    })
    expect(input?.taskDefinition).toMatch(/batch-oneshot:\d+$/)
    for (const key of ['launchType', 'capacityProviderStrategy', 'platformVersion', 'networkConfiguration']) expect(input).not.toHaveProperty(key)
    expect(input?.overrides?.containerOverrides?.[0]).not.toHaveProperty('cpu')
  })

  it('conformance case 17: --app-cpu 128 --app-memory 128 --app-memory-reservation 256', async () => {
    await oneshot(env.deps, params({env: {AWESOME: '1'}, appCpu: 128, appMemory: 128, appMemoryReservation: 256}))
    const [input] = runTaskInputs()
    expect(input?.overrides?.containerOverrides).toEqual([
      {name: 'app', command: ['echo', 'hello'], environment: [{name: 'AWESOME', value: '1'}], cpu: 128, memory: 128, memoryReservation: 256},
    ])
  })

  it('fails clearly when the cluster has no room and no Auto Scaling group is set', async () => {
    env.local.faults.cluster('batch', {insufficientCapacity: true})
    await expect(oneshot(env.deps, params())).rejects.toThrow(/No capacity in cluster batch/)
    expect(env.reporter.messages('error').some((m) => m.includes('RESOURCE:'))).toBe(true)
  })

  it("runs the scripts' oneshot hooks in order around the task", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hako-oneshot-'))
    const file = join(dir, 'hooks.jsonnet')
    mkdirSync(join(dir, 'hako-scripts'))
    writeFileSync(
      join(dir, 'hako-scripts', 'recorder.mjs'),
      `export default {
        type: 'recorder',
        create() {
          const seen = globalThis.__oneshotHooks
          const calls = (operation) => globalThis.__oneshotLocal.count({service: 'ecs', operation})
          return {
            async oneshotStarting(containers) { seen.push('starting ' + containers.map((c) => c.name).join(',') + ' runTask=' + calls('RunTask')) },
            async oneshotStarted(info) { seen.push('started ' + info.cluster + ' ' + info.taskArn + ' describeTasks=' + calls('DescribeTasks')) },
            async oneshotFinished(containers) { seen.push('finished ' + containers.length + ' describeTasks>0=' + (calls('DescribeTasks') > 0)) },
          }
        },
      }\n`,
    )
    writeFileSync(
      file,
      JSON.stringify({
        scheduler: {type: 'ecs', region: REGION, cluster: 'batch', desired_count: 0},
        app: {image: 'busybox', cpu: 64, memory: 128},
        scripts: [{type: 'recorder'}],
      }),
    )
    const seen: string[] = []
    Object.assign(globalThis, {__oneshotHooks: seen, __oneshotLocal: env.local})
    try {
      const result = await oneshot(env.deps, params({file}))
      expect(seen).toEqual(['starting app runTask=0', `started batch ${result.taskArn} describeTasks=0`, 'finished 1 describeTasks>0=true'])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('-c starts the named sidecars and what they link to, with overrides for app only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hako-oneshot-'))
    const file = join(dir, 'sidecars.jsonnet')
    writeFileSync(
      file,
      JSON.stringify({
        scheduler: {type: 'ecs', region: REGION, cluster: 'batch', desired_count: 0},
        app: {image: 'busybox', cpu: 64, memory: 128},
        sidecars: {
          redis: {image_tag: 'redis:7', cpu: 32, memory: 64, links: ['memcached:cache']},
          memcached: {image_tag: 'memcached:1', cpu: 32, memory: 64},
          fluentd: {image_tag: 'fluentd:1', cpu: 32, memory: 64},
        },
      }),
    )
    try {
      const result = await oneshot(env.deps, params({file, containers: ['redis']}))
      expect(result.exitCode).toBe(0)
      const registered = env.local.calls().find((c) => c.operation === 'RegisterTaskDefinition')?.input as {containerDefinitions: {name: string}[]}
      expect(registered.containerDefinitions.map((c) => c.name).sort()).toEqual(['app', 'memcached', 'redis'])
      expect(runTaskInputs()[0]?.overrides?.containerOverrides?.map((o) => o.name)).toEqual(['app'])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('with autoscaling_group_for_oneshot, turns to the Auto Scaling group instead of failing at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hako-oneshot-'))
    const file = join(dir, 'grow.jsonnet')
    writeFileSync(
      file,
      JSON.stringify({
        scheduler: {type: 'ecs', region: REGION, cluster: 'batch', desired_count: 0, autoscaling_group_for_oneshot: 'batch-asg'},
        app: {image: 'busybox', cpu: 128, memory: 256},
      }),
    )
    env.local.faults.cluster('batch', {insufficientCapacity: true})
    try {
      // No such group in the account: a clear error naming the option, not an endless wait.
      await expect(oneshot(env.deps, params({file, timeout: 60}))).rejects.toThrow(
        /Auto Scaling group batch-asg \(scheduler\.autoscaling_group_for_oneshot\) does not exist/,
      )
      expect(env.reporter.messages('info')).toContain('Waiting for capacity in cluster batch (cpu 128, memory 256 MiB) via Auto Scaling group batch-asg')
      expect(env.local.count({service: 'ecs', operation: 'RunTask'})).toBe(1)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('rides out throttled DescribeTasks calls, backing off', async () => {
    env.local.faults.operation('DescribeTasks', {throttleNext: 3})
    const result = await oneshot(env.deps, params({command: ['sh', '-c', 'exit 5']}))
    expect(result.exitCode).toBe(5)
    const throttled = env.reporter.messages('debug').filter((m) => m.startsWith('DescribeTasks throttled'))
    expect(throttled).toEqual([
      'DescribeTasks throttled; next poll in 2 s',
      'DescribeTasks throttled; next poll in 4 s',
      'DescribeTasks throttled; next poll in 8 s',
    ])
  })

  it('rides out DescribeTasks 5xx replies', async () => {
    env.local.faults.operation('DescribeTasks', {failNext: 2})
    const result = await oneshot(env.deps, params({command: ['sh', '-c', 'exit 6']}))
    expect(result.exitCode).toBe(6)
    expect(env.reporter.messages('debug').filter((m) => /^DescribeTasks .+ failed: .+; retrying$/.test(m))).toHaveLength(2)
  })

  it('--dry-run prints the task definition and the docker run line with the command, and calls no ECS', async () => {
    const result = await oneshot(env.deps, params({dryRun: true, command: ['rake', 'db:migrate'], env: {AWESOME: '1'}}))
    expect(result.exitCode).toBe(0)
    const printed = env.reporter.entries.filter((e) => e.level === 'output').map((e) => e.message)
    const json = printed.find((line) => line.startsWith('{'))
    const docker = printed.filter((line) => line.startsWith('docker '))
    const taskDefinition = JSON.parse(json ?? '') as {family: string; containerDefinitions: {name: string}[]}
    expect(taskDefinition.family).toBe('batch-oneshot')
    expect(taskDefinition.containerDefinitions.map((c) => c.name)).toEqual(['app'])
    expect(docker).toHaveLength(1)
    expect(docker[0]).toMatch(/^docker run --name app --cpu-shares 128 /)
    expect(docker[0]).toContain('--env AWESOME=1')
    expect(docker[0]).toMatch(/rake db:migrate$/)
    expect(docker[0]).not.toContain('bundle exec rake report')
    expect(env.local.count({service: 'ecs'})).toBe(0)
  })

  it('refuses an empty command before touching AWS', async () => {
    await expect(oneshot(env.deps, params({command: []}))).rejects.toThrow(/needs a command/)
    expect(env.local.calls()).toEqual([])
  })
})
