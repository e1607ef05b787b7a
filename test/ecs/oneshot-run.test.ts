import * as v from 'valibot'
import {describe, expect, it} from 'vitest'

import {schedulerSchema} from '../../src/definition/scheduler-schema.js'
import {buildRunTaskInput, formatFailure, isCapacityFailure, ONESHOT_STARTED_BY} from '../../src/ecs/oneshot-run.js'

const scheduler = (extra: Record<string, unknown> = {}) => v.parse(schedulerSchema, {type: 'ecs', region: 'ap-northeast-1', cluster: 'eagletmt', ...extra})

const TD = 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/ecs-oneshot:1'

describe('buildRunTaskInput (hako case 17)', () => {
  it('runs one task with the command and -e as app overrides and no sizes when none are given', () => {
    const input = buildRunTaskInput(scheduler(), TD, {command: ['echo', 'hello'], env: {AWESOME: '1'}})
    expect(input).toEqual({
      cluster: 'eagletmt',
      taskDefinition: TD,
      count: 1,
      startedBy: 'hako oneshot',
      overrides: {containerOverrides: [{name: 'app', command: ['echo', 'hello'], environment: [{name: 'AWESOME', value: '1'}]}]},
      placementConstraints: [],
      placementStrategy: [],
      propagateTags: 'TASK_DEFINITION',
      enableExecuteCommand: false,
    })
    expect(ONESHOT_STARTED_BY).toBe('hako oneshot')
  })

  it('puts --app-cpu / --app-memory / --app-memory-reservation on the app override only', () => {
    const input = buildRunTaskInput(scheduler(), TD, {
      command: ['echo', 'hello'],
      env: {AWESOME: '1'},
      appCpu: 128,
      appMemory: 128,
      appMemoryReservation: 256,
    })
    expect(input.overrides?.containerOverrides).toEqual([
      {name: 'app', command: ['echo', 'hello'], environment: [{name: 'AWESOME', value: '1'}], cpu: 128, memory: 128, memoryReservation: 256},
    ])
  })

  it('keeps -e order and sends an empty environment when none is given', () => {
    const many = buildRunTaskInput(scheduler(), TD, {command: ['x'], env: {B: '2', A: '1'}})
    expect(many.overrides?.containerOverrides?.[0]?.environment).toEqual([
      {name: 'B', value: '2'},
      {name: 'A', value: '1'},
    ])
    const none = buildRunTaskInput(scheduler(), TD, {command: ['x'], env: {}})
    expect(none.overrides?.containerOverrides?.[0]?.environment).toEqual([])
  })

  it('maps Fargate, capacity providers, placement and exec from snake_case', () => {
    const input = buildRunTaskInput(
      scheduler({
        launch_type: 'FARGATE',
        platform_version: '1.4.0',
        network_configuration: {awsvpc_configuration: {subnets: ['subnet-1'], security_groups: ['sg-1'], assign_public_ip: 'ENABLED'}},
        placement_constraints: [{type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*'}, {type: 'distinctInstance'}],
        placement_strategy: [{type: 'spread', field: 'attribute:ecs.availability-zone'}, {type: 'random'}],
        enable_execute_command: true,
      }),
      TD,
      {command: ['x'], env: {}},
    )
    expect(input.launchType).toBe('FARGATE')
    expect(input.platformVersion).toBe('1.4.0')
    expect(input.networkConfiguration).toEqual({awsvpcConfiguration: {subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED'}})
    expect(input.placementConstraints).toEqual([{type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*'}, {type: 'distinctInstance'}])
    expect(input.placementStrategy).toEqual([{type: 'spread', field: 'attribute:ecs.availability-zone'}, {type: 'random'}])
    expect(input.enableExecuteCommand).toBe(true)
    expect(input).not.toHaveProperty('capacityProviderStrategy')

    const spot = buildRunTaskInput(
      scheduler({capacity_provider_strategy: [{capacity_provider: 'FARGATE_SPOT', weight: 2, base: 1}, {capacity_provider: 'FARGATE'}]}),
      TD,
      {command: ['x'], env: {}},
    )
    expect(spot.capacityProviderStrategy).toEqual([{capacityProvider: 'FARGATE_SPOT', weight: 2, base: 1}, {capacityProvider: 'FARGATE'}])
    expect(spot).not.toHaveProperty('launchType')
  })
})

describe('RunTask failures', () => {
  it('tells capacity failures apart from the rest', () => {
    expect(isCapacityFailure({reason: 'RESOURCE:MEMORY'})).toBe(true)
    expect(isCapacityFailure({reason: 'RESOURCE:CPU'})).toBe(true)
    expect(isCapacityFailure({reason: 'AGENT'})).toBe(true)
    expect(isCapacityFailure({reason: 'MISSING'})).toBe(false)
    expect(isCapacityFailure({reason: 'ATTRIBUTE'})).toBe(false)
    expect(isCapacityFailure({})).toBe(false)
  })

  it('formats a failure as `<arn> <reason>`, with the detail when there is one', () => {
    expect(formatFailure({arn: 'arn:ci/1', reason: 'RESOURCE:MEMORY'})).toBe('arn:ci/1 RESOURCE:MEMORY')
    expect(formatFailure({arn: 'arn:ci/1', reason: 'ATTRIBUTE', detail: 'ecs.capability.x'})).toBe('arn:ci/1 ATTRIBUTE (ecs.capability.x)')
  })
})
