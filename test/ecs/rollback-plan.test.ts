import {describe, expect, it} from 'vitest'
import {parseTaskDefinitionArn, previousRevision} from '../../src/ecs/rollback.js'
import {formatTaskDiagnostics, shortTaskDefinition} from '../../src/ecs/diagnostics.js'
import {registerRetryDelayMs} from '../../src/ecs/register.js'
import {alignUpdate} from '../../src/ecs/service-apply.js'

const arn = (family: string, rev: number) => `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/${family}:${rev}`

describe('rollback target selection', () => {
  it('parses family and revision', () => {
    expect(parseTaskDefinitionArn(arn('hello', 12))).toEqual({family: 'hello', revision: 12})
    expect(parseTaskDefinitionArn('hello:3')).toEqual({family: 'hello', revision: 3})
    expect(() => parseTaskDefinitionArn('hello')).toThrow(/hello/)
  })

  it('picks the newest ACTIVE revision older than the current one', () => {
    const active = [arn('hello', 9), arn('hello', 7), arn('hello', 4)]
    expect(previousRevision(active, arn('hello', 9))).toBe(arn('hello', 7))
    // Current already deregistered (INACTIVE) still finds its predecessor.
    expect(previousRevision(active, arn('hello', 8))).toBe(arn('hello', 7))
    expect(previousRevision(active, arn('hello', 4))).toBeUndefined()
  })
})

describe('diagnostics', () => {
  it('formats a stopped task and its containers sorted by name', () => {
    const lines = formatTaskDiagnostics({
      taskArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task/c/abc123',
      taskDefinitionArn: arn('hello', 2),
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [
        {name: 'front', exitCode: 137, reason: 'killed'},
        {name: 'app', exitCode: 1},
      ],
    })
    expect(lines).toEqual([
      'task abc123: task_definition=hello:2 last_status=STOPPED stop_code=EssentialContainerExited stopped_reason=Essential container in task exited',
      '  container app: exit_code=1',
      '  container front: exit_code=137 reason=killed',
    ])
    expect(shortTaskDefinition(undefined)).toBe('-')
  })
})

describe('register retry delay', () => {
  it('grows exponentially with jitter between 50 % and 100 %, capped at 30 s', () => {
    expect(registerRetryDelayMs(0, () => 0)).toBe(500)
    expect(registerRetryDelayMs(0, () => 1)).toBe(1000)
    expect(registerRetryDelayMs(3, () => 1)).toBe(8000)
    expect(registerRetryDelayMs(10, () => 1)).toBe(30_000)
  })
})

describe('alignUpdate', () => {
  it('takes what the update leaves out from the current service', () => {
    const aligned = alignUpdate(
      {service: 'hello', taskDefinition: arn('hello', 2)},
      {desiredCount: 3, capacityProviderStrategy: [{capacityProvider: 'FARGATE', weight: 1}], taskDefinition: arn('hello', 1)},
    )
    expect(aligned.desiredCount).toBe(3)
    expect(aligned.taskDefinition).toBe(arn('hello', 2))
    expect(aligned.capacityProviderStrategy).toEqual([{capacityProvider: 'FARGATE', weight: 1}])
  })
})
