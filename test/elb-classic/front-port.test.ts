import {CreateServiceCommand, RegisterTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {checkDefinition} from '../../src/definition/check.js'
import type {Definition} from '../../src/definition/types.js'
import {classicInstancePort} from '../../src/elb-classic/front-port.js'
import type {PlanContext} from '../../src/plan/types.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'

let env: TestAws

beforeEach(async () => {
  env = await startTestAws()
})
afterEach(async () => {
  await env.close()
})

async function context(front: Record<string, unknown> = {}, live = true): Promise<PlanContext> {
  const raw = {
    scheduler: {
      type: 'ecs',
      region: 'ap-northeast-1',
      desired_count: 1,
      elb: {listeners: [{protocol: 'HTTP', load_balancer_port: 80}], subnets: ['subnet-1'], security_groups: ['sg-1']},
    },
    app: {image: 'busybox', memory: 64},
    sidecars: {front: {image_tag: 'nginx', memory: 64, ...front}},
  }
  const checked = await checkDefinition(raw, {mode: 'placeholder', appId: 'web', dir: mkdtempSync(join(tmpdir(), 'hako-front-'))})
  return {appId: 'web', definition: checked.definition as Definition, clients: env.clients, reporter: new MemoryReporter(), clock: env.clock, live}
}

async function service(name: string, containers: {name: string; hostPort: number}[]): Promise<void> {
  const definitions = containers.map((c) => ({name: c.name, image: 'nginx', memory: 64, portMappings: [{containerPort: 80, hostPort: c.hostPort}]}))
  const td = await env.clients.ecs.send(new RegisterTaskDefinitionCommand({family: name, containerDefinitions: definitions}))
  await env.clients.ecs.send(new CreateServiceCommand({serviceName: name, taskDefinition: td.taskDefinition?.taskDefinitionArn, desiredCount: 0}))
}

describe('classicInstancePort', () => {
  it('takes the host port the definition gives the load-balanced container, with no call', async () => {
    const ctx = await context({port_mappings: [{container_port: 80, host_port: 10080}]})
    env.resetCalls()
    expect(await classicInstancePort(ctx)).toBe(10080)
    expect(env.operations()).toEqual([])
  })

  it('assumes the first front port offline', async () => {
    env.resetCalls()
    expect(await classicInstancePort(await context({}, false))).toBe(10000)
    expect(env.operations()).toEqual([])
  })

  it('starts at 10000 in an empty cluster', async () => {
    expect(await classicInstancePort(await context())).toBe(10000)
  })

  it('allocates above every fixed host port of the services in the cluster', async () => {
    await service('shop', [{name: 'front', hostPort: 10000}])
    await service('blog', [
      {name: 'proxy', hostPort: 10003},
      {name: 'front', hostPort: 10001},
    ])
    expect(await classicInstancePort(await context())).toBe(10004)
  })

  it("keeps the running service's front port", async () => {
    await service('shop', [{name: 'front', hostPort: 10005}])
    await service('web', [{name: 'front', hostPort: 10002}])
    expect(await classicInstancePort(await context())).toBe(10002)
  })
})
