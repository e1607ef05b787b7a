import type {Service} from '@aws-sdk/client-ecs'
import {describe, expect, it} from 'vitest'

import {loadApp} from '../../src/definition/load.js'
import type {Scheduler} from '../../src/definition/types.js'
import {buildCreateService, buildUpdateService, sameStrategy} from '../../src/ecs/service.js'

const schedulerOf = async (name: string): Promise<Scheduler> => (await loadApp(`examples/${name}.jsonnet`, {mode: 'placeholder'})).definition.scheduler
const td = (name: string) => `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/${name}:1`

describe('buildCreateService for the examples', () => {
  it('hello', async () => {
    expect(buildCreateService(await schedulerOf('hello'), {serviceName: 'hello', taskDefinitionArn: td('hello')})).toMatchInlineSnapshot(`
      {
        "cluster": "eagletmt",
        "deploymentConfiguration": {
          "maximumPercent": 200,
          "minimumHealthyPercent": 50,
        },
        "desiredCount": 2,
        "enableExecuteCommand": false,
        "placementConstraints": [],
        "placementStrategy": [],
        "propagateTags": "TASK_DEFINITION",
        "serviceName": "hello",
        "taskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello:1",
      }
    `)
  })

  it('hello-fargate', async () => {
    expect(buildCreateService(await schedulerOf('hello-fargate'), {serviceName: 'hello-fargate', taskDefinitionArn: td('hello-fargate')}))
      .toMatchInlineSnapshot(`
      {
        "cluster": "hello",
        "deploymentConfiguration": {
          "deploymentCircuitBreaker": {
            "enable": true,
            "rollback": true,
          },
          "maximumPercent": 200,
          "minimumHealthyPercent": 100,
        },
        "desiredCount": 2,
        "enableExecuteCommand": false,
        "launchType": "FARGATE",
        "networkConfiguration": {
          "awsvpcConfiguration": {
            "assignPublicIp": "ENABLED",
            "securityGroups": [
              "sg-0123abcd",
            ],
            "subnets": [
              "subnet-0a1b2c3d",
              "subnet-4e5f6a7b",
            ],
          },
        },
        "placementConstraints": [],
        "placementStrategy": [],
        "propagateTags": "TASK_DEFINITION",
        "serviceName": "hello-fargate",
        "taskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello-fargate:1",
      }
    `)
  })

  it('hello-alb, with its target group', async () => {
    const input = buildCreateService(await schedulerOf('hello-alb'), {
      serviceName: 'hello-alb',
      taskDefinitionArn: td('hello-alb'),
      loadBalancers: [
        {targetGroupArn: 'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/hako-hello-alb/1', containerName: 'app', containerPort: 3000},
      ],
    })
    expect(input).toMatchInlineSnapshot(`
      {
        "cluster": "eagletmt",
        "deploymentConfiguration": {
          "maximumPercent": 200,
          "minimumHealthyPercent": 50,
        },
        "desiredCount": 2,
        "enableExecuteCommand": false,
        "healthCheckGracePeriodSeconds": 0,
        "loadBalancers": [
          {
            "containerName": "app",
            "containerPort": 3000,
            "targetGroupArn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/hako-hello-alb/1",
          },
        ],
        "placementConstraints": [],
        "placementStrategy": [],
        "propagateTags": "TASK_DEFINITION",
        "serviceName": "hello-alb",
        "taskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello-alb:1",
      }
    `)
  })

  it('batch', async () => {
    expect(buildCreateService(await schedulerOf('batch'), {serviceName: 'batch', taskDefinitionArn: td('batch')})).toMatchInlineSnapshot(`
      {
        "cluster": "batch",
        "desiredCount": 0,
        "enableExecuteCommand": false,
        "placementConstraints": [],
        "placementStrategy": [],
        "propagateTags": "TASK_DEFINITION",
        "serviceName": "batch",
        "taskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/batch:1",
      }
    `)
  })
})

const base = async (): Promise<Scheduler> => schedulerOf('hello')

describe('buildCreateService', () => {
  it('sends no desiredCount for DAEMON, and the override when given', async () => {
    const s = await base()
    expect(buildCreateService({...s, scheduling_strategy: 'DAEMON'}, {serviceName: 'x', taskDefinitionArn: 'td'}).desiredCount).toBeUndefined()
    expect(buildCreateService(s, {serviceName: 'x', taskDefinitionArn: 'td', desiredCount: 7}).desiredCount).toBe(7)
  })

  it('maps circuit breaker (rollback allowed), alarms and capacity providers', async () => {
    const s: Scheduler = {
      ...(await base()),
      deployment_configuration: {deployment_circuit_breaker: {enable: true, rollback: true}, alarms: {alarm_names: ['a'], enable: true, rollback: false}},
      capacity_provider_strategy: [{capacity_provider: 'FARGATE_SPOT', weight: 1}],
      placement_constraints: [{type: 'distinctInstance'}],
      placement_strategy: [{type: 'spread', field: 'attribute:ecs.availability-zone'}],
    }
    const input = buildCreateService(s, {serviceName: 'x', taskDefinitionArn: 'td'})
    expect(input.deploymentConfiguration).toEqual({
      deploymentCircuitBreaker: {enable: true, rollback: true},
      alarms: {alarmNames: ['a'], enable: true, rollback: false},
    })
    expect(input.capacityProviderStrategy).toEqual([{capacityProvider: 'FARGATE_SPOT', weight: 1}])
    expect(input.placementConstraints).toEqual([{type: 'distinctInstance'}])
    expect(input.placementStrategy).toEqual([{type: 'spread', field: 'attribute:ecs.availability-zone'}])
  })

  it('defaults the health check grace period to 0 with a load balancer', async () => {
    expect(buildCreateService(await schedulerOf('hello-alb'), {serviceName: 'x', taskDefinitionArn: 'td'}).healthCheckGracePeriodSeconds).toBe(0)
    expect(buildCreateService(await base(), {serviceName: 'x', taskDefinitionArn: 'td'}).healthCheckGracePeriodSeconds).toBeUndefined()
  })
})

describe('buildUpdateService', () => {
  it('hello', async () => {
    expect(buildUpdateService(await base(), {serviceName: 'hello', taskDefinitionArn: td('hello')})).toMatchInlineSnapshot(`
      {
        "cluster": "eagletmt",
        "deploymentConfiguration": {
          "deploymentCircuitBreaker": {
            "enable": false,
            "rollback": false,
          },
          "maximumPercent": 200,
          "minimumHealthyPercent": 50,
        },
        "desiredCount": 2,
        "enableExecuteCommand": false,
        "placementConstraints": [],
        "placementStrategy": [],
        "service": "hello",
        "serviceRegistries": [],
        "taskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello:1",
      }
    `)
  })

  it('copies the current capacity strategy when unset, without forcing a deployment', async () => {
    const current: Service = {capacityProviderStrategy: [{capacityProvider: 'cp', weight: 1, base: 0}]}
    const input = buildUpdateService(await base(), {serviceName: 'x', taskDefinitionArn: 'td', current})
    expect(input.capacityProviderStrategy).toEqual([{capacityProvider: 'cp', weight: 1, base: 0}])
    expect(input.forceNewDeployment).toBeUndefined()
  })

  it('forces a new deployment when the effective strategy changes', async () => {
    const s: Scheduler = {...(await base()), capacity_provider_strategy: [{capacity_provider: 'FARGATE_SPOT', weight: 1}]}
    const changed = buildUpdateService(s, {
      serviceName: 'x',
      taskDefinitionArn: 'td',
      current: {capacityProviderStrategy: [{capacityProvider: 'FARGATE', weight: 1}]},
    })
    expect(changed.forceNewDeployment).toBe(true)
    const same = buildUpdateService(s, {
      serviceName: 'x',
      taskDefinitionArn: 'td',
      current: {capacityProviderStrategy: [{capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0}]},
    })
    expect(same.forceNewDeployment).toBeUndefined()
  })

  it('keeps the desired count under autoscaling and for DAEMON', async () => {
    const s = await base()
    expect(buildUpdateService(s, {serviceName: 'x', taskDefinitionArn: 'td'}).desiredCount).toBe(2)
    const scaled: Scheduler = {...s, autoscaling: {min_capacity: 1, max_capacity: 4, policies: []}}
    expect('desiredCount' in buildUpdateService(scaled, {serviceName: 'x', taskDefinitionArn: 'td'})).toBe(false)
    expect('desiredCount' in buildUpdateService({...s, scheduling_strategy: 'DAEMON'}, {serviceName: 'x', taskDefinitionArn: 'td'})).toBe(false)
  })

  it('compares strategies ignoring order and absent weight/base', () => {
    expect(
      sameStrategy(
        [
          {capacityProvider: 'a', weight: 0},
          {capacityProvider: 'b', base: 1},
        ],
        [{capacityProvider: 'b', base: 1, weight: 0}, {capacityProvider: 'a'}],
      ),
    ).toBe(true)
    expect(sameStrategy([{capacityProvider: 'a', weight: 1}], [{capacityProvider: 'a', weight: 2}])).toBe(false)
  })
})
