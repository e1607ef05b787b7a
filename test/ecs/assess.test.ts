import type {Deployment, Service} from '@aws-sdk/client-ecs'
import {describe, expect, it} from 'vitest'
import {AwsCallError} from '../../src/errors.js'
import {isRetryable as isTransientError} from '../../src/aws/retryable.js'
import {assessDeployment, circuitBreakerThreshold, failedTasksLimit, statusLine, type AssessState} from '../../src/ecs/wait.js'

const OLD = 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello:1'
const NEW = 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello:2'

function deployment(overrides: Partial<Deployment>): Deployment {
  return {
    id: 'ecs-svc/1',
    status: 'PRIMARY',
    taskDefinition: NEW,
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 0,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    ...overrides,
  }
}

function service(deployments: Deployment[], breaker?: {enable: boolean; rollback: boolean}): Service {
  return {serviceName: 'hello', desiredCount: 2, deployments, deploymentConfiguration: {deploymentCircuitBreaker: breaker}}
}

function state(overrides: Partial<AssessState> = {}): AssessState {
  return {expectedTaskDefinitionArn: NEW, startedTaskIds: new Set(), sawRollbackEvent: false, sawOurDeploymentFail: false, ...overrides}
}

describe('assessDeployment', () => {
  it('continues while the old deployment is still ACTIVE', () => {
    const s = service([deployment({runningCount: 2}), deployment({id: 'ecs-svc/0', status: 'ACTIVE', taskDefinition: OLD, runningCount: 2})])
    expect(assessDeployment(s, state())).toEqual({outcome: 'continue'})
  })

  it('continues while running < desired', () => {
    expect(assessDeployment(service([deployment({runningCount: 1, pendingCount: 1})]), state())).toEqual({outcome: 'continue'})
  })

  it('continues while rolloutState is IN_PROGRESS even with all tasks running', () => {
    expect(assessDeployment(service([deployment({runningCount: 2})]), state())).toEqual({outcome: 'continue'})
  })

  it('is steady with one PRIMARY of ours, running = desired, rollout COMPLETED', () => {
    expect(assessDeployment(service([deployment({runningCount: 2, rolloutState: 'COMPLETED'})]), state())).toEqual({outcome: 'steady'})
  })

  it('is steady without rolloutState (classic ELB, old controllers)', () => {
    expect(assessDeployment(service([deployment({runningCount: 2, rolloutState: undefined})]), state())).toEqual({outcome: 'steady'})
  })

  it('fails when the PRIMARY rollout FAILED', () => {
    const s = service([deployment({rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'})], {
      enable: true,
      rollback: false,
    })
    expect(assessDeployment(s, state())).toEqual({outcome: 'failed', reason: 'ECS deployment circuit breaker: tasks failed to start.'})
  })

  it('reports a circuit-breaker rollback when the PRIMARY went back to the old revision', () => {
    const s = service(
      [
        deployment({id: 'ecs-svc/3', taskDefinition: OLD}),
        deployment({id: 'ecs-svc/2', status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start'}),
      ],
      {enable: true, rollback: true},
    )
    expect(assessDeployment(s, state())).toEqual({outcome: 'circuit-breaker-rollback', reason: 'tasks failed to start'})
  })

  it('reports a circuit-breaker rollback from the event even when our deployment is gone', () => {
    const s = service([deployment({id: 'ecs-svc/3', taskDefinition: OLD})], {enable: true, rollback: true})
    expect(assessDeployment(s, state({sawRollbackEvent: true})).outcome).toBe('circuit-breaker-rollback')
  })

  it('is superseded when someone else deployed another revision', () => {
    const other = 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello:3'
    const verdict = assessDeployment(service([deployment({taskDefinition: other})]), state())
    expect(verdict.outcome).toBe('superseded')
  })

  it("applies hako's heuristic: more than 2x desired started tasks without a circuit breaker", () => {
    const five = new Set(['a', 'b', 'c', 'd', 'e'])
    expect(assessDeployment(service([deployment({runningCount: 1})]), state({startedTaskIds: five})).outcome).toBe('failed')
    const four = new Set(['a', 'b', 'c', 'd'])
    expect(assessDeployment(service([deployment({runningCount: 1})]), state({startedTaskIds: four})).outcome).toBe('continue')
    // With the circuit breaker on, ECS decides on started tasks.
    expect(assessDeployment(service([deployment({runningCount: 1})], {enable: true, rollback: false}), state({startedTaskIds: five})).outcome).toBe('continue')
  })

  it('catches crash loops the circuit breaker misses through failedTasks', () => {
    const breaker = {enable: true, rollback: true}
    expect(assessDeployment(service([deployment({failedTasks: 5})], breaker), state()).outcome).toBe('continue')
    expect(assessDeployment(service([deployment({failedTasks: 6})], breaker), state()).outcome).toBe('failed')
    expect(assessDeployment(service([deployment({failedTasks: 4})]), state()).outcome).toBe('failed')
  })

  it('continues with no PRIMARY in the snapshot', () => {
    expect(assessDeployment(service([]), state())).toEqual({outcome: 'continue'})
  })
})

describe('thresholds', () => {
  it('circuit breaker: half of desired, clamped to 3..200', () => {
    expect([1, 6, 7, 10, 1000].map(circuitBreakerThreshold)).toEqual([3, 3, 4, 5, 200])
  })

  it('failed tasks limit with and without the breaker', () => {
    expect(failedTasksLimit(service([], {enable: true, rollback: false}), 10)).toBe(10)
    expect(failedTasksLimit(service([]), 10)).toBe(20)
    expect(failedTasksLimit(service([]), 1)).toBe(3)
  })
})

describe('statusLine', () => {
  it('shows primary counts, rollout and old tasks', () => {
    const s = service([deployment({runningCount: 1, pendingCount: 1}), deployment({status: 'ACTIVE', taskDefinition: OLD, runningCount: 2})])
    expect(statusLine(s)).toBe('running 1/2 · pending 1 · rollout IN_PROGRESS · old running 2')
  })
})

describe('isTransientError', () => {
  function sdkError(name: string, status: number): Error {
    return Object.assign(new Error('boom'), {name, $metadata: {httpStatusCode: status}})
  }
  it('retries throttling, 5xx and network errors, not client errors', () => {
    expect(isTransientError(new AwsCallError('DescribeServices', 'service x', sdkError('ThrottlingException', 400)))).toBe(true)
    expect(isTransientError(new AwsCallError('DescribeServices', 'service x', sdkError('ServerException', 500)))).toBe(true)
    expect(isTransientError(new AwsCallError('DescribeServices', 'service x', sdkError('InternalError', 503)))).toBe(true)
    expect(
      isTransientError(new AwsCallError('DescribeServices', 'service x', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED'}))),
    ).toBe(true)
    expect(isTransientError(new AwsCallError('DescribeServices', 'service x', sdkError('AccessDeniedException', 400)))).toBe(false)
    expect(isTransientError(new AwsCallError('DescribeServices', 'service x', sdkError('ClusterNotFoundException', 400)))).toBe(false)
  })
})
