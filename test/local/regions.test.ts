/**
 * Each region of the local AWS is a world of its own: same-named resources in two regions never
 * see each other.
 */
import {DescribeClustersCommand, ListContainerInstancesCommand, RegisterTaskDefinitionCommand, RunTaskCommand} from '@aws-sdk/client-ecs'
import {afterEach, describe, expect, it} from 'vitest'

import {startTestAws, type TestAws} from '../support/local-aws.js'

let env: TestAws | undefined

afterEach(async () => {
  await env?.close()
  env = undefined
})

describe('regions of the local AWS', () => {
  it('gives a cluster only the container instances of its own region', async () => {
    env = await startTestAws({containerInstances: {count: 2}})
    await env.local.ensureCluster('web', 'ap-northeast-1')
    const oregon = await env.local.ensureCluster('web', 'us-west-2', {instances: 1})
    expect(oregon).toEqual({created: true, instances: 1})
    const ecs = env.clients.forRegion('us-west-2').ecs
    const listed = await ecs.send(new ListContainerInstancesCommand({cluster: 'web'}))
    expect(listed.containerInstanceArns).toHaveLength(1)
    expect(listed.containerInstanceArns?.[0]).toMatch(/^arn:aws:ecs:us-west-2:/)
    const described = await ecs.send(new DescribeClustersCommand({clusters: ['web']}))
    expect(described.clusters?.[0]?.registeredContainerInstancesCount).toBe(1)
    const tokyo = await env.clients.ecs.send(new DescribeClustersCommand({clusters: ['web']}))
    expect(tokyo.clusters?.[0]?.registeredContainerInstancesCount).toBe(2)
  })

  it("places a task of one region only on that region's instances", async () => {
    env = await startTestAws({containerInstances: {count: 1}})
    await env.local.ensureCluster('web', 'ap-northeast-1')
    await env.local.ensureCluster('web', 'us-west-2', {instances: 0})
    const ecs = env.clients.forRegion('us-west-2').ecs
    await ecs.send(new RegisterTaskDefinitionCommand({family: 'job', containerDefinitions: [{name: 'app', image: 'busybox', memory: 128}]}))
    const error = await ecs.send(new RunTaskCommand({cluster: 'web', taskDefinition: 'job'})).catch((e: Error) => e)
    expect(error).toMatchObject({name: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.'})
  })
})
