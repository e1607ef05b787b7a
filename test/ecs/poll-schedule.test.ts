/** The poll schedule's decisions: snapshot + clock in, next poll time out (pure, no clock runs). */
import type {Deployment, Service, Task} from '@aws-sdk/client-ecs'
import {describe, expect, it} from 'vitest'

import {
  DEFAULT_TUNING,
  alignUp,
  budgetFloor,
  healthyDelay,
  learnDurations,
  nextPollAt,
  type PhaseDurations,
  type ScheduleInput,
  taskDue,
} from '../../src/ecs/poll-schedule.js'

const OLD = 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello:1'
const NEW = 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello:2'
const T0 = Date.UTC(2026, 0, 1)
const at = (seconds: number): Date => new Date(T0 + seconds * 1000)
const S = 1000

function task(overrides: Partial<Task>): Task {
  return {taskArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task/default/t1', taskDefinitionArn: NEW, desiredStatus: 'RUNNING', ...overrides}
}

function deployment(overrides: Partial<Deployment>): Deployment {
  return {
    id: 'ecs-svc/2',
    status: 'PRIMARY',
    taskDefinition: NEW,
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 2,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    ...overrides,
  }
}

function service(deployments: Deployment[]): Service {
  return {serviceName: 'hello', desiredCount: 2, deployments}
}

/** An earlier task of the service: provisioned 10 s, pulled 20 s, stopped in 10 s. */
const history: Task = task({
  taskDefinitionArn: OLD,
  lastStatus: 'STOPPED',
  desiredStatus: 'STOPPED',
  createdAt: at(-100),
  pullStartedAt: at(-90),
  startedAt: at(-70),
  stoppingAt: at(-50),
  stoppedAt: at(-40),
})
const learned: PhaseDurations = {provisioningMs: 10 * S, pullMs: 20 * S, stopMs: 10 * S}

function input(overrides: Partial<ScheduleInput>): ScheduleInput {
  return {now: T0, service: service([deployment({})]), tasks: [], expectedTaskDefinitionArn: NEW, durations: {}, pollTimes: [], ...overrides}
}

describe('learnDurations', () => {
  it('reads each phase from the timestamps ECS reports', () => {
    expect(learnDurations([history], NEW)).toEqual(learned)
  })

  it('takes the newest task that went through a phase', () => {
    const newer = task({createdAt: at(0), pullStartedAt: at(4), startedAt: at(9), lastStatus: 'RUNNING'})
    expect(learnDurations([history, newer], NEW)).toMatchObject({provisioningMs: 4 * S, pullMs: 5 * S, stopMs: 10 * S})
  })

  it('learns how long the expected revision runs before its essential container exits, and only that revision', () => {
    const crashed = task({stopCode: 'EssentialContainerExited', startedAt: at(0), stoppingAt: at(7), stoppedAt: at(17), lastStatus: 'STOPPED'})
    expect(learnDurations([crashed], NEW).crashMs).toBe(7 * S)
    expect(learnDurations([crashed], OLD).crashMs).toBeUndefined()
  })

  it('knows nothing from a task that has not passed a phase', () => {
    expect(learnDurations([task({createdAt: at(0), lastStatus: 'PROVISIONING'})], NEW)).toEqual({})
  })
})

describe('taskDue', () => {
  it('a PROVISIONING task is due RUNNING a whole start after it was created', () => {
    expect(taskDue(task({lastStatus: 'PROVISIONING', createdAt: at(0)}), learned, NEW)).toBe(T0 + 30 * S)
  })

  it('a PENDING task is due RUNNING a pull after its pull started', () => {
    expect(taskDue(task({lastStatus: 'PENDING', createdAt: at(0), pullStartedAt: at(12)}), learned, NEW)).toBe(T0 + 32 * S)
  })

  it('a stopping task is due STOPPED a stop after stoppingAt', () => {
    expect(taskDue(task({lastStatus: 'DEACTIVATING', desiredStatus: 'STOPPED', stoppingAt: at(5)}), learned, NEW)).toBe(T0 + 15 * S)
  })

  it('a RUNNING task of a revision that crashes is due to exit as long after start as the last one did', () => {
    expect(taskDue(task({lastStatus: 'RUNNING', startedAt: at(3)}), {...learned, crashMs: 4 * S}, NEW)).toBe(T0 + 7 * S)
  })

  it('a healthy RUNNING task and a STOPPED one are due nothing', () => {
    expect(taskDue(task({lastStatus: 'RUNNING', startedAt: at(3)}), learned, NEW)).toBeUndefined()
    expect(taskDue(history, learned, NEW)).toBeUndefined()
  })

  it("is 'unknown' when the phase was never seen", () => {
    expect(taskDue(task({lastStatus: 'PENDING', pullStartedAt: at(0)}), {}, NEW)).toBe('unknown')
  })
})

describe('nextPollAt', () => {
  it('polls just after the new tasks are due RUNNING, not before', () => {
    const tasks = [task({lastStatus: 'PROVISIONING', createdAt: at(0)})]
    const decision = nextPollAt(
      input({
        now: T0 + 1 * S,
        tasks,
        durations: learned,
        service: service([deployment({}), deployment({id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: OLD, runningCount: 2, pendingCount: 0})]),
      }),
    )
    expect(decision).toEqual({at: T0 + 30 * S + 500, reason: 'due'})
  })

  it('polls just after the old tasks are due STOPPED, the moment the rollout can complete', () => {
    const tasks = [
      task({lastStatus: 'RUNNING', startedAt: at(30)}),
      task({
        taskArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task/default/old',
        taskDefinitionArn: OLD,
        lastStatus: 'STOPPING',
        desiredStatus: 'STOPPED',
        stoppingAt: at(30),
      }),
    ]
    const s = service([
      deployment({runningCount: 2, pendingCount: 0}),
      deployment({id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: OLD, runningCount: 0, pendingCount: 0}),
    ])
    expect(nextPollAt(input({now: T0 + 31 * S, tasks, durations: learned, service: s}))).toEqual({at: T0 + 40 * S + 500, reason: 'due'})
  })

  it('probes while a deciding change can come at any moment (a first pull, never seen before)', () => {
    const tasks = [task({lastStatus: 'PENDING', createdAt: at(0), pullStartedAt: at(10)})]
    expect(nextPollAt(input({now: T0 + 11 * S, tasks}))).toEqual({at: T0 + 13 * S, reason: 'probe'})
  })

  it('probes when a foreseen change is overdue', () => {
    const tasks = [task({lastStatus: 'PENDING', pullStartedAt: at(0)})]
    expect(nextPollAt(input({now: T0 + 25 * S, tasks, durations: learned})).reason).toBe('probe')
  })

  it('probes while every task runs but the rollout waits on health checks, which report no times', () => {
    const s = service([deployment({runningCount: 2, pendingCount: 0})])
    const tasks = [task({lastStatus: 'RUNNING', startedAt: at(0)})]
    expect(nextPollAt(input({now: T0 + 1 * S, tasks, durations: learned, service: s})).reason).toBe('probe')
  })

  it('waits a whole task start for replacements not launched yet (a crash loop between rounds)', () => {
    const s = service([deployment({runningCount: 0, pendingCount: 0, failedTasks: 2})])
    const decision = nextPollAt(input({now: T0, service: s, durations: {provisioningMs: 5 * S, pullMs: 15 * S, crashMs: 5 * S}}))
    expect(decision).toEqual({at: T0 + 20 * S, reason: 'launch'})
  })

  it("polls when the new tasks' container health checks are due to pass (one interval after start)", () => {
    const s = service([deployment({runningCount: 2, pendingCount: 0})])
    const tasks = [
      task({lastStatus: 'RUNNING', startedAt: at(10)}),
      task({taskArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task/default/t2', lastStatus: 'RUNNING', startedAt: at(12)}),
    ]
    expect(nextPollAt(input({now: T0 + 13 * S, tasks, durations: {...learned, healthyMs: 5 * S}, service: s}))).toEqual({at: T0 + 17 * S + 500, reason: 'due'})
  })

  it('does not foresee target-group health: behind a load balancer it probes', () => {
    const s = {...service([deployment({runningCount: 2, pendingCount: 0})]), loadBalancers: [{targetGroupArn: 'tg', containerName: 'app', containerPort: 80}]}
    const tasks = [task({lastStatus: 'RUNNING', startedAt: at(10)})]
    expect(nextPollAt(input({now: T0 + 11 * S, tasks, durations: {healthyMs: 5 * S}, service: s})).reason).toBe('probe')
  })

  it('probes a first pull no faster than the health-check delay that follows it', () => {
    const tasks = [task({lastStatus: 'PENDING', createdAt: at(0), pullStartedAt: at(10)})]
    expect(nextPollAt(input({now: T0 + 11 * S, tasks, durations: {healthyMs: 5 * S}})).at).toBe(T0 + 16 * S)
  })

  it('is never quiet for longer than maxQuietMs', () => {
    const tasks = [task({lastStatus: 'STOPPING', desiredStatus: 'STOPPED', stoppingAt: at(0)})]
    expect(
      nextPollAt(input({tasks, durations: {stopMs: 300 * S}, service: service([deployment({runningCount: 2, pendingCount: 0, rolloutState: 'COMPLETED'})])})),
    ).toEqual({
      at: T0 + DEFAULT_TUNING.maxQuietMs,
      reason: 'quiet',
    })
  })

  it('holds probes back once the per-app DescribeServices budget is spent', () => {
    const pollTimes = Array.from({length: 12}, (_, i) => T0 + i * S)
    const decision = nextPollAt(input({now: T0 + 11 * S, pollTimes, tasks: [task({lastStatus: 'PENDING', pullStartedAt: at(0)})]}))
    expect(decision.budgetLimited).toBe(true)
    expect(decision.at).toBeGreaterThan(T0 + 13 * S)
  })
})

describe('healthyDelay', () => {
  const check = (interval?: number) => ({name: 'app', healthCheck: {command: ['CMD', 'true'], ...(interval === undefined ? {} : {interval})}})

  it("is the slowest container's health-check interval", () => {
    expect(healthyDelay({containerDefinitions: [check(5), check(10), {name: 'log'}]})).toBe(10 * S)
  })

  it('is 0 without health checks and unknown when a check leaves its interval to the default', () => {
    expect(healthyDelay({containerDefinitions: [{name: 'app'}]})).toBe(0)
    expect(healthyDelay({containerDefinitions: [check()]})).toBeUndefined()
    expect(healthyDelay(undefined)).toBeUndefined()
  })
})

describe('the budget', () => {
  it('never holds back a poll for a foreseen change', () => {
    const pollTimes = Array.from({length: 12}, (_, i) => T0 + i * S)
    const tasks = [task({lastStatus: 'PENDING', pullStartedAt: at(0)})]
    expect(nextPollAt(input({now: T0 + 11 * S, pollTimes, tasks, durations: {pullMs: 12 * S}}))).toEqual({at: T0 + 12 * S + 500, reason: 'due'})
  })
})

describe('budgetFloor', () => {
  const tuning = {perMinute: 15, burst: 4}

  it('lets a burst through at once', () => {
    expect(budgetFloor([T0, T0 + 1], T0 + 2, tuning)).toBe(T0 + 2)
  })

  it('spaces polls at the sustained rate once the burst is spent', () => {
    const spent = [T0, T0, T0, T0]
    expect(budgetFloor(spent, T0, tuning)).toBe(T0 + 4 * S)
  })

  it('keeps a minute at or under burst + rate', () => {
    let now = T0
    const polls: number[] = []
    while (now < T0 + 60 * S) {
      now = budgetFloor(polls, now, tuning)
      polls.push(now)
      now += 100
    }
    expect(polls.filter((t) => t < T0 + 60 * S).length).toBeLessThanOrEqual(4 + 15)
  })
})

describe('alignUp', () => {
  it('rounds up to the grid so apps deployed together poll together', () => {
    expect(alignUp(T0 + 1, 500)).toBe(T0 + 500)
    expect(alignUp(T0 + 500, 500)).toBe(T0 + 500)
    expect(alignUp(T0 + 7, 0)).toBe(T0 + 7)
  })
})
