import type {AutoScalingGroup} from '@aws-sdk/client-auto-scaling'
import type {ContainerInstance} from '@aws-sdk/client-ecs'
import {describe, expect, it} from 'vitest'

import {decideCapacityStep, requiredResources} from '../../src/ecs/oneshot-capacity.js'

describe('requiredResources', () => {
  const containerDefinitions = [
    {name: 'app', cpu: 256, memory: 512, memoryReservation: 128},
    {name: 'redis', cpu: 64, memory: 256},
    {name: 'init', cpu: 0},
  ]

  it('sums container cpu and memory reservation (else the hard limit)', () => {
    expect(requiredResources({containerDefinitions})).toEqual({cpu: 320, memory: 384})
  })

  it('applies the --app-* overrides to the app container', () => {
    expect(requiredResources({containerDefinitions}, {appCpu: 1024, appMemoryReservation: 2048})).toEqual({cpu: 1088, memory: 2304})
    expect(requiredResources({containerDefinitions: [{name: 'app', cpu: 1, memory: 100}]}, {appMemory: 300})).toEqual({cpu: 1, memory: 300})
  })

  it('prefers the task-level size when set (ECS returns it as a string)', () => {
    expect(requiredResources({cpu: '1024', memory: '2048', containerDefinitions})).toEqual({cpu: 1024, memory: 2048})
  })
})

const group = (desired: number, max: number, instances: [string, string][]): AutoScalingGroup =>
  ({
    AutoScalingGroupName: 'batch-asg',
    DesiredCapacity: desired,
    MinSize: 0,
    MaxSize: max,
    Instances: instances.map(([InstanceId, LifecycleState]) => ({InstanceId, LifecycleState})),
  }) as AutoScalingGroup

const instance = (ec2: string, cpu: number, memory: number, extra: Partial<ContainerInstance> = {}): ContainerInstance => ({
  containerInstanceArn: `arn:ci/${ec2}`,
  ec2InstanceId: ec2,
  status: 'ACTIVE',
  agentConnected: true,
  remainingResources: [
    {name: 'CPU', type: 'INTEGER', integerValue: cpu},
    {name: 'MEMORY', type: 'INTEGER', integerValue: memory},
  ],
  ...extra,
})

describe('decideCapacityStep', () => {
  const need = {cpu: 512, memory: 1024}

  it('retries when a connected ACTIVE instance has room', () => {
    const step = decideCapacityStep(group(1, 3, [['i-1', 'InService']]), [instance('i-1', 512, 1024)], need)
    expect(step).toEqual({kind: 'retry', containerInstanceArn: 'arn:ci/i-1'})
  })

  it('ignores instances with a disconnected agent or not ACTIVE', () => {
    const instances = [instance('i-1', 4096, 8192, {agentConnected: false}), instance('i-2', 4096, 8192, {status: 'DRAINING'})]
    const step = decideCapacityStep(
      group(2, 3, [
        ['i-1', 'InService'],
        ['i-2', 'InService'],
      ]),
      instances,
      need,
    )
    expect(step).toEqual({kind: 'increment', from: 2, to: 3})
  })

  it('waits while instances are launching', () => {
    const step = decideCapacityStep(
      group(2, 3, [
        ['i-1', 'InService'],
        ['i-2', 'Pending'],
      ]),
      [instance('i-1', 0, 0)],
      need,
    )
    expect(step.kind).toBe('wait')
  })

  it('waits while an InService instance has not registered with the cluster', () => {
    const step = decideCapacityStep(
      group(2, 3, [
        ['i-1', 'InService'],
        ['i-2', 'InService'],
      ]),
      [instance('i-1', 0, 0)],
      need,
    )
    expect(step).toEqual({kind: 'wait', why: 'i-2 not yet registered in the cluster'})
  })

  it('adds one instance when everything is registered and full', () => {
    expect(decideCapacityStep(group(1, 3, [['i-1', 'InService']]), [instance('i-1', 256, 4096)], need)).toEqual({
      kind: 'increment',
      from: 1,
      to: 2,
    })
    expect(decideCapacityStep(group(0, 1, []), [], need)).toEqual({kind: 'increment', from: 0, to: 1})
  })

  it('never grows past MaxSize', () => {
    expect(
      decideCapacityStep(
        group(3, 3, [
          ['i-1', 'InService'],
          ['i-2', 'InService'],
          ['i-3', 'InService'],
        ]),
        [instance('i-1', 0, 0), instance('i-2', 0, 0), instance('i-3', 0, 0)],
        need,
      ),
    ).toEqual({
      kind: 'at-max',
      maxSize: 3,
    })
  })
})
