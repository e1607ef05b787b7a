import {RegisterTaskDefinitionCommand, RunTaskCommand} from '@aws-sdk/client-ecs'
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListTopicsCommand,
  NotFoundException,
  paginateListTopics,
  PublishCommand,
} from '@aws-sdk/client-sns'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {LAUNCH_MS} from '../../src/local/autoscaling/instances.js'
import {ensureAutoScalingGroup, findGroup} from '../../src/local/autoscaling/state.js'
import {ensureTopic, publishedMessages, topicArn} from '../../src/local/sns/state.js'
import {REGION, startTestAws, type TestAws} from '../support/local-aws.js'

let t: TestAws

beforeEach(async () => {
  t = await startTestAws({containerInstances: {cpu: 1024, memory: 2048}})
})

afterEach(async () => {
  await t.close()
})

const ARN = topicArn(REGION, 'capacity')

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to fail')
}

describe('local SNS topics', () => {
  it('creates a topic once per name and region, and lists it', async () => {
    const first = await t.clients.sns.send(new CreateTopicCommand({Name: 'capacity'}))
    const again = await t.clients.sns.send(new CreateTopicCommand({Name: 'capacity'}))
    expect(first.TopicArn).toBe('arn:aws:sns:ap-northeast-1:123456789012:capacity')
    expect(again.TopicArn).toBe(first.TopicArn)
    const listed = await t.clients.sns.send(new ListTopicsCommand({}))
    expect(listed.Topics).toEqual([{TopicArn: first.TopicArn}])
    const elsewhere = await t.clients.forRegion('us-west-2').sns.send(new ListTopicsCommand({}))
    expect(elsewhere.Topics ?? []).toEqual([])
  })

  it('refuses names AWS refuses, and FIFO topics it does not simulate', async () => {
    for (const Name of ['bad name!', '', 'a'.repeat(257)]) {
      const error = await rejection(t.clients.sns.send(new CreateTopicCommand({Name})))
      expect(error).toBeInstanceOf(InvalidParameterException)
    }
    const fifo = await rejection(t.clients.sns.send(new CreateTopicCommand({Name: 'x.fifo', Attributes: {FifoTopic: 'true'}})))
    expect(fifo).toBeInstanceOf(InvalidParameterException)
  })

  it('pages ListTopics by 100', async () => {
    for (let i = 0; i < 101; i += 1) await t.clients.sns.send(new CreateTopicCommand({Name: `t${String(i).padStart(3, '0')}`}))
    const first = await t.clients.sns.send(new ListTopicsCommand({}))
    expect(first.Topics).toHaveLength(100)
    expect(first.NextToken).toBeDefined()
    const all: string[] = []
    for await (const page of paginateListTopics({client: t.clients.sns}, {})) all.push(...(page.Topics ?? []).map((x) => x.TopicArn ?? ''))
    expect(all).toHaveLength(101)
    expect(new Set(all).size).toBe(101)
  })

  it('answers GetTopicAttributes with the default attributes, and NotFound for a missing topic', async () => {
    await t.clients.sns.send(new CreateTopicCommand({Name: 'capacity', Attributes: {DisplayName: 'Capacity'}}))
    const out = await t.clients.sns.send(new GetTopicAttributesCommand({TopicArn: ARN}))
    expect(out.Attributes).toMatchObject({TopicArn: ARN, Owner: '123456789012', DisplayName: 'Capacity', SubscriptionsConfirmed: '0'})
    expect(JSON.parse(out.Attributes?.Policy ?? '{}')).toMatchObject({Statement: [{Resource: ARN}]})
    const missing = await rejection(t.clients.sns.send(new GetTopicAttributesCommand({TopicArn: topicArn(REGION, 'nope')})))
    expect(missing).toBeInstanceOf(NotFoundException)
    expect(missing.message).toBe('Topic does not exist')
  })

  it('deletes a topic, and deleting it again succeeds', async () => {
    await t.clients.sns.send(new CreateTopicCommand({Name: 'capacity'}))
    await t.clients.sns.send(new DeleteTopicCommand({TopicArn: ARN}))
    await t.clients.sns.send(new DeleteTopicCommand({TopicArn: ARN}))
    expect((await t.clients.sns.send(new ListTopicsCommand({}))).Topics ?? []).toEqual([])
  })
})

describe('local SNS Publish', () => {
  it('keeps every message, visible in the world', async () => {
    await t.clients.sns.send(new CreateTopicCommand({Name: 'capacity'}))
    const out = await t.clients.sns.send(new PublishCommand({TopicArn: ARN, Message: 'hello', Subject: 'greeting'}))
    expect(out.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/)
    const kept = await t.local.read((world) => publishedMessages(world, ARN))
    expect(kept).toEqual([{messageId: out.MessageId, topicArn: ARN, message: 'hello', subject: 'greeting', at: t.clock.now()}])
  })

  it('refuses a missing topic, an empty message and a missing target', async () => {
    const missing = await rejection(t.clients.sns.send(new PublishCommand({TopicArn: ARN, Message: 'x'})))
    expect(missing).toBeInstanceOf(NotFoundException)
    await t.clients.sns.send(new CreateTopicCommand({Name: 'capacity'}))
    const empty = await rejection(t.clients.sns.send(new PublishCommand({TopicArn: ARN, Message: ''})))
    expect(empty).toBeInstanceOf(InvalidParameterException)
    expect(empty.message).toBe('Invalid parameter: Empty message')
    const none = await rejection(t.clients.sns.send(new PublishCommand({Message: 'x'})))
    expect(none).toBeInstanceOf(InvalidParameterException)
    const badArn = await rejection(t.clients.sns.send(new PublishCommand({TopicArn: 'nope', Message: 'x'})))
    expect(badArn).toBeInstanceOf(InvalidParameterException)
    expect(await t.local.read((world) => publishedMessages(world))).toEqual([])
  })
})

describe('the simulated capacity subscriber', () => {
  const request = (memory = 1536) => JSON.stringify({group_name: 'batch-asg', cluster: 'batch', cpu: 256, memory, hako_task_id: 'id-1'})
  const publish = async (message = request()) => {
    await t.clients.sns.send(new PublishCommand({TopicArn: ARN, Message: message}))
    return (await t.local.read((world) => publishedMessages(world, ARN))).at(-1)?.delivery
  }
  const desired = () => t.local.read((world) => findGroup(world, REGION, 'batch-asg')?.desiredCapacity)

  beforeEach(async () => {
    await t.local.ensureCluster('batch', REGION, {instances: 0})
    await t.local.mutate((world) => {
      ensureAutoScalingGroup(world, 'batch-asg', {cluster: 'batch', region: REGION, min: 0, max: 2, desired: 0, now: t.clock.now()})
      ensureTopic(world, ARN, {subscriber: 'grow-autoscaling-group', now: t.clock.now()})
    })
  })

  it('grows the group by one, and not again while the instance is launching', async () => {
    expect(await publish()).toBe('grew batch-asg to 1')
    expect(await publish()).toBe('waiting: batch-asg is launching an instance')
    expect(await desired()).toBe(1)
  })

  it('leaves the group alone when the cluster has room, and grows it when the room is taken', async () => {
    await publish()
    t.clock.advance(LAUNCH_MS)
    expect(await publish()).toBe('nothing to do: cluster batch has room for cpu 256, memory 1536')
    await t.clients.ecs.send(
      new RunTaskCommand({cluster: 'batch', taskDefinition: await registered(), overrides: {containerOverrides: [{name: 'app', command: ['sleep', '600']}]}}),
    )
    expect(await publish()).toBe('grew batch-asg to 2')
  })

  it('stops at MaxSize and ignores what is not a capacity request', async () => {
    await t.local.mutate((world) => {
      const group = findGroup(world, REGION, 'batch-asg')
      if (group) group.maxSize = 0
    })
    expect(await publish()).toBe('at max: batch-asg is at its MaxSize 0')
    expect(await publish('not json')).toBe('ignored: not a capacity request (no group_name)')
    expect(await publish(JSON.stringify({group_name: 'other'}))).toBe('ignored: no Auto Scaling group other')
    expect(await desired()).toBe(0)
  })
})

async function registered(): Promise<string> {
  const out = await t.clients.ecs.send(
    new RegisterTaskDefinitionCommand({family: 'batch', containerDefinitions: [{name: 'app', image: 'busybox', cpu: 256, memory: 1536}]}),
  )
  return out.taskDefinition?.taskDefinitionArn ?? ''
}
