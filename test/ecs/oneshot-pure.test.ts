import type {Task} from '@aws-sdk/client-ecs'
import * as v from 'valibot'
import {describe, expect, it} from 'vitest'

import {containerSchema} from '../../src/definition/container-schema.js'
import type {Container} from '../../src/definition/types.js'
import {AwsCallError} from '../../src/errors.js'
import {appExitCode, stoppedContainerLines} from '../../src/ecs/oneshot.js'
import {isThrottling, isTransient} from '../../src/aws/retryable.js'
import {taskIdOf} from '../../src/ecs/diagnostics.js'
import {awslogsStreamOf} from '../../src/ecs/oneshot-logs.js'
import {networkInterfaceOf, nextInterval, POLL} from '../../src/ecs/oneshot-wait.js'

const TASK_ARN = 'arn:aws:ecs:ap-northeast-1:123456789012:task/batch/0123456789abcdef'

function container(spec: Record<string, unknown>): Container {
  return {name: 'app', image: 'busybox:latest', ...v.parse(containerSchema, spec)}
}

describe('exit code of a stopped task', () => {
  it("is the app container's code, whatever the sidecars did", () => {
    const task: Task = {
      containers: [
        {name: 'redis', exitCode: 137},
        {name: 'app', exitCode: 3},
      ],
    }
    expect(appExitCode(task)).toBe(3)
    expect(
      appExitCode({
        containers: [
          {name: 'app', exitCode: 0},
          {name: 'redis', exitCode: 1},
        ],
      }),
    ).toBe(0)
  })

  it('is 127 when app has none, or the given fallback', () => {
    const task: Task = {stoppedReason: 'CannotPullContainerError: pull access denied', containers: [{name: 'app', reason: 'CannotPullContainerError'}]}
    expect(appExitCode(task)).toBe(127)
    expect(appExitCode(task, 130)).toBe(130)
    expect(appExitCode({})).toBe(127)
  })

  it("reports every container in hako's wording", () => {
    const task: Task = {
      stoppedReason: 'Essential container in task exited',
      containers: [{name: 'app', exitCode: 0}, {name: 'fluentd', reason: 'OutOfMemoryError'}, {name: 'init'}],
    }
    expect(stoppedContainerLines(task)).toEqual([
      'app has stopped with exit_code=0',
      'fluentd has stopped without exit_code: reason=OutOfMemoryError',
      'init has stopped without exit_code: reason=Essential container in task exited',
    ])
  })
})

describe('awslogs stream of the app container', () => {
  it('is <prefix>/<container>/<task id> in the awslogs-region', () => {
    const app = container({
      log_configuration: {log_driver: 'awslogs', options: {'awslogs-group': '/ecs/batch', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs'}},
    })
    expect(awslogsStreamOf(app, TASK_ARN, 'ap-northeast-1')).toEqual({region: 'us-east-1', group: '/ecs/batch', stream: 'ecs/app/0123456789abcdef'})
  })

  it('falls back to the scheduler region', () => {
    const app = container({log_configuration: {log_driver: 'awslogs', options: {'awslogs-group': 'g', 'awslogs-stream-prefix': 'p'}}})
    expect(awslogsStreamOf(app, TASK_ARN, 'ap-northeast-1')?.region).toBe('ap-northeast-1')
  })

  it('is undefined without awslogs, without a group or without a stream prefix', () => {
    expect(awslogsStreamOf(container({}), TASK_ARN, 'r')).toBeUndefined()
    expect(awslogsStreamOf(container({log_configuration: {log_driver: 'json-file'}}), TASK_ARN, 'r')).toBeUndefined()
    expect(awslogsStreamOf(container({log_configuration: {log_driver: 'awslogs', options: {'awslogs-group': 'g'}}}), TASK_ARN, 'r')).toBeUndefined()
    expect(awslogsStreamOf(container({log_configuration: {log_driver: 'awslogs', options: {'awslogs-stream-prefix': 'p'}}}), TASK_ARN, 'r')).toBeUndefined()
  })

  it('takes the task id from new and old ARN formats', () => {
    expect(taskIdOf(TASK_ARN)).toBe('0123456789abcdef')
    expect(taskIdOf('arn:aws:ecs:us-east-1:123456789012:task/abc-def')).toBe('abc-def')
  })
})

describe('poll interval', () => {
  it('resets on change, grows while idle up to the idle ceiling', () => {
    expect(nextInterval(8000, 'changed')).toBe(POLL.initialMs)
    let interval: number = POLL.initialMs
    const seen: number[] = []
    for (let i = 0; i < 10; i++) seen.push((interval = nextInterval(interval, 'idle')))
    expect(seen[0]).toBe(1500)
    expect(seen.every((x, i) => i === 0 || x >= (seen[i - 1] ?? 0))).toBe(true)
    expect(Math.max(...seen)).toBe(POLL.idleMaxMs)
  })

  it('doubles on throttling up to 30 s and comes down gradually when idle afterwards', () => {
    expect(nextInterval(1000, 'throttled')).toBe(2000)
    expect(nextInterval(20_000, 'throttled')).toBe(POLL.throttledMaxMs)
    expect(nextInterval(POLL.throttledMaxMs, 'throttled')).toBe(POLL.throttledMaxMs)
    expect(nextInterval(POLL.throttledMaxMs, 'idle')).toBe(15_000)
    expect(nextInterval(15_000, 'idle')).toBe(POLL.idleMaxMs)
  })
})

describe('Fargate network interface', () => {
  it('reads the ENI id and private address from the attachment', () => {
    const task: Task = {
      attachments: [
        {
          type: 'ElasticNetworkInterface',
          details: [
            {name: 'networkInterfaceId', value: 'eni-1'},
            {name: 'privateIPv4Address', value: '10.0.1.5'},
          ],
        },
      ],
    }
    expect(networkInterfaceOf(task)).toEqual({id: 'eni-1', address: '10.0.1.5'})
    expect(networkInterfaceOf({})).toBeUndefined()
  })
})

describe('error classes a wait rides out', () => {
  const sdk = (name: string, status: number, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(`${name} message`), {name, $metadata: {httpStatusCode: status}, ...extra})

  it('recognises throttling, also when wrapped by awsCall', () => {
    expect(isThrottling(sdk('ThrottlingException', 400))).toBe(true)
    expect(isThrottling(new AwsCallError('DescribeTasks', 'task x', sdk('ThrottlingException', 400)))).toBe(true)
    expect(isThrottling(Object.assign(new Error('Rate exceeded'), {name: 'ClientException'}))).toBe(true)
    expect(isThrottling(sdk('AccessDeniedException', 400))).toBe(false)
  })

  it('recognises 5xx and dropped connections as transient, not client errors', () => {
    expect(isTransient(sdk('ServerException', 500))).toBe(true)
    expect(isTransient(sdk('Whatever', 503))).toBe(true)
    expect(isTransient(Object.assign(new Error('read ECONNRESET'), {code: 'ECONNRESET'}))).toBe(true)
    expect(isTransient(sdk('InvalidParameterException', 400))).toBe(false)
    expect(isTransient(sdk('AccessDeniedException', 400))).toBe(false)
  })
})
