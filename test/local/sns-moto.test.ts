/**
 * The SNS calls hako and `--local` make, against moto 5.2.1 and against our simulator: what each
 * accepts or rejects (by error name) and the fields it returns, with ids normalised. Each known
 * difference is listed in DELIBERATE with its reason (and in docs/local.md).
 */
import {CreateTopicCommand, DeleteTopicCommand, GetTopicAttributesCommand, ListTopicsCommand, PublishCommand, SNSClient} from '@aws-sdk/client-sns'
import {afterAll, beforeAll, describe, it} from 'vitest'
import {VirtualClock} from '../../src/clock.js'
import {type Deliberate, expectDeliberateDifference, expectNoUnexplainedDifferences, type Outcome, step} from './support/differential.js'
import {type Sides, startSides} from './support/sides.js'
import {CREDENTIALS, REGION} from '../support/local-aws.js'

const ARN = `arn:aws:sns:${REGION}:123456789012:capacity`

const DELIBERATE: Record<string, Deliberate> = {
  'Publish an empty message': {
    reason: 'AWS requires a non-empty Message (InvalidParameter "Empty message"); moto accepts it',
    moto: (o) => expectValue(o, {MessageId: '<id>'}),
    ours: (o) => expectError(o, 'InvalidParameterException'),
  },
  'GetTopicAttributes keys': {
    reason: 'moto also returns an empty DeliveryPolicy, which AWS leaves out of a topic that never had one set',
    moto: (o) =>
      expectValue(o, [
        'DeliveryPolicy',
        'DisplayName',
        'EffectiveDeliveryPolicy',
        'Owner',
        'Policy',
        'SubscriptionsConfirmed',
        'SubscriptionsDeleted',
        'SubscriptionsPending',
        'TopicArn',
      ]),
    ours: (o) =>
      expectValue(o, [
        'DisplayName',
        'EffectiveDeliveryPolicy',
        'Owner',
        'Policy',
        'SubscriptionsConfirmed',
        'SubscriptionsDeleted',
        'SubscriptionsPending',
        'TopicArn',
      ]),
  },
}

function expectValue(outcome: Outcome, value: unknown): void {
  if (JSON.stringify(outcome.value) !== JSON.stringify(value) || outcome.error) throw new Error(`${outcome.step}: ${JSON.stringify(outcome)}`)
}

function expectError(outcome: Outcome, name: string): void {
  if (outcome.error !== name) throw new Error(`${outcome.step}: expected ${name}, got ${JSON.stringify(outcome)}`)
}

async function scenario(sns: SNSClient): Promise<Outcome[]> {
  const out: Outcome[] = []
  const strip = <T extends {$metadata?: unknown}>(value: T) => ({...value, $metadata: undefined})
  await step(out, 'CreateTopic', async () => strip(await sns.send(new CreateTopicCommand({Name: 'capacity'}))))
  await step(out, 'CreateTopic again', async () => strip(await sns.send(new CreateTopicCommand({Name: 'capacity'}))))
  await step(out, 'CreateTopic with an invalid name', () => sns.send(new CreateTopicCommand({Name: 'bad name!'})))
  await step(out, 'ListTopics', async () => (await sns.send(new ListTopicsCommand({}))).Topics)
  await step(out, 'GetTopicAttributes keys', async () => Object.keys((await sns.send(new GetTopicAttributesCommand({TopicArn: ARN}))).Attributes ?? {}).sort())
  await step(out, 'GetTopicAttributes values', async () => {
    const attributes = (await sns.send(new GetTopicAttributesCommand({TopicArn: ARN}))).Attributes ?? {}
    return {
      TopicArn: attributes.TopicArn,
      Owner: attributes.Owner,
      DisplayName: attributes.DisplayName,
      SubscriptionsConfirmed: attributes.SubscriptionsConfirmed,
      Policy: JSON.parse(attributes.Policy ?? '{}') as unknown,
    }
  })
  await step(out, 'GetTopicAttributes of a missing topic', () => sns.send(new GetTopicAttributesCommand({TopicArn: `${ARN}-missing`})))
  await step(out, 'Publish', async () =>
    strip(await sns.send(new PublishCommand({TopicArn: ARN, Message: '{"group_name":"g","cluster":"c","cpu":1,"memory":2,"hako_task_id":"x"}'}))),
  )
  await step(out, 'Publish with a subject', async () => strip(await sns.send(new PublishCommand({TopicArn: ARN, Message: 'x', Subject: 'hi'}))))
  await step(out, 'Publish an empty message', async () => strip(await sns.send(new PublishCommand({TopicArn: ARN, Message: ''}))))
  await step(out, 'Publish to a missing topic', () => sns.send(new PublishCommand({TopicArn: `${ARN}-missing`, Message: 'x'})))
  await step(out, 'DeleteTopic', async () => strip(await sns.send(new DeleteTopicCommand({TopicArn: ARN}))))
  await step(out, 'DeleteTopic again', async () => strip(await sns.send(new DeleteTopicCommand({TopicArn: ARN}))))
  await step(out, 'ListTopics after delete', async () => (await sns.send(new ListTopicsCommand({}))).Topics ?? [])
  return out
}

const client = (endpoint: string) => new SNSClient({region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1})

let sides: Sides
let ours: Outcome[]
let theirs: Outcome[]

beforeAll(async () => {
  sides = await startSides({ours: {clock: new VirtualClock(Date.now())}})
  const mine = client(sides.ours.endpoint)
  const motos = client(sides.moto.endpoint)
  ours = await scenario(mine)
  theirs = await scenario(motos)
  mine.destroy()
  motos.destroy()
}, 60_000)

afterAll(async () => {
  await sides?.close()
})

describe('local SNS held against moto', () => {
  it('agrees on every step not listed as deliberate', () => {
    expectNoUnexplainedDifferences(ours, theirs, DELIBERATE)
  })

  it.each(Object.entries(DELIBERATE))('differs on purpose: %s', (name, difference) => {
    expectDeliberateDifference(name, difference, ours, theirs)
  })
})
