/**
 * SNS operations over awsQuery: CreateTopic (idempotent by name), ListTopics (100 a page),
 * GetTopicAttributes, DeleteTopic and Publish, with AWS's error codes and messages.
 */
import {QueryError, type QueryInput, record, text} from '../query-form.js'
import type {LocalContext} from '../types.js'
import type {XmlObject} from '../xml.js'
import {uuid} from '../ecs/model.js'
import {type PublishedMessage, MAX_KEPT_MESSAGES, putTopic, topicArn, type TopicState} from './state.js'
import {growForMessage} from './subscriber.js'

const PAGE = 100
/** Publish takes at most 256 KiB of message. */
const MAX_MESSAGE_BYTES = 262_144

function invalid(message: string): QueryError {
  return new QueryError('InvalidParameter', message)
}

function notFound(): QueryError {
  return new QueryError('NotFound', 'Topic does not exist', 404)
}

function requireTopic(context: LocalContext, arn: string | undefined): TopicState {
  if (!arn) throw invalid('Invalid parameter: TopicArn')
  if (arn.split(':').length !== 6 || !arn.startsWith('arn:aws:sns:')) throw invalid('Invalid parameter: TopicArn')
  const topic = context.world.sns.topics[arn]
  if (!topic || topic.region !== context.region) throw notFound()
  return topic
}

/** Attributes.entry.N.key / .value, as the SDK writes an awsQuery map. */
function attributesOf(input: QueryInput): Record<string, string> {
  const entries = input.Attributes
  const list = Array.isArray(entries) ? entries : Object.values(record(record(entries).entry))
  const out: Record<string, string> = {}
  for (const entry of list) {
    const pair = record(entry)
    const key = text(pair.key)
    if (key !== undefined) out[key] = text(pair.value) ?? ''
  }
  return out
}

export function createTopic(input: QueryInput, context: LocalContext): XmlObject {
  const name = text(input.Name) ?? ''
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) {
    throw invalid('Invalid parameter: Topic Name')
  }
  const attributes = attributesOf(input)
  if (attributes.FifoTopic === 'true') throw invalid('Invalid parameter: FifoTopic Reason: FIFO topics are not simulated by the hako local AWS')
  const topic = putTopic(context.world, topicArn(context.region, name), context.now())
  if (attributes.DisplayName !== undefined) topic.displayName = attributes.DisplayName
  return {TopicArn: topic.arn}
}

export function listTopics(input: QueryInput, context: LocalContext): XmlObject {
  const arns = Object.values(context.world.sns.topics)
    .filter((topic) => topic.region === context.region)
    .map((topic) => topic.arn)
    .sort()
  const token = text(input.NextToken)
  const offset =
    token === undefined
      ? 0
      : Number(
          Buffer.from(token, 'base64')
            .toString('utf8')
            .replace(/^topics:/, ''),
        )
  if (!Number.isInteger(offset) || offset < 0) throw invalid('Invalid parameter: NextToken')
  const page = arns.slice(offset, offset + PAGE)
  return {
    Topics: {member: page.map((arn) => ({TopicArn: arn}))},
    NextToken: offset + PAGE < arns.length ? Buffer.from(`topics:${offset + PAGE}`).toString('base64') : undefined,
  }
}

function defaultPolicy(arn: string, owner: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Effect: 'Allow',
        Sid: '__default_statement_ID',
        Principal: {AWS: '*'},
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: arn,
        Condition: {StringEquals: {'AWS:SourceOwner': owner}},
      },
    ],
  })
}

export function getTopicAttributes(input: QueryInput, context: LocalContext): XmlObject {
  const topic = requireTopic(context, text(input.TopicArn))
  const attributes: Record<string, string> = {
    Owner: context.accountId,
    Policy: defaultPolicy(topic.arn, context.accountId),
    TopicArn: topic.arn,
    DisplayName: topic.displayName,
    SubscriptionsPending: '0',
    SubscriptionsConfirmed: topic.subscriber ? '1' : '0',
    SubscriptionsDeleted: '0',
    EffectiveDeliveryPolicy: JSON.stringify({
      http: {
        defaultHealthyRetryPolicy: {
          minDelayTarget: 20,
          maxDelayTarget: 20,
          numRetries: 3,
          numMaxDelayRetries: 0,
          numNoDelayRetries: 0,
          numMinDelayRetries: 0,
          backoffFunction: 'linear',
        },
        disableSubscriptionOverrides: false,
      },
    }),
  }
  return {Attributes: {entry: Object.entries(attributes).map(([key, value]) => ({key, value}))}}
}

export function deleteTopic(input: QueryInput, context: LocalContext): XmlObject {
  const arn = text(input.TopicArn)
  if (!arn) throw invalid('Invalid parameter: TopicArn')
  // Deleting a topic that does not exist succeeds, as on AWS.
  delete context.world.sns.topics[arn]
  return {}
}

export function publish(input: QueryInput, context: LocalContext): XmlObject {
  const arn = text(input.TopicArn) ?? text(input.TargetArn)
  if (!arn) {
    if (text(input.PhoneNumber)) throw invalid('Invalid parameter: PhoneNumber Reason: SMS is not simulated')
    throw invalid('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter')
  }
  const topic = requireTopic(context, arn)
  const message = text(input.Message) ?? ''
  if (message === '') throw invalid('Invalid parameter: Empty message')
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw invalid('Invalid parameter: Message too long')
  const subject = text(input.Subject)
  const published: PublishedMessage = {messageId: uuid(context.world), topicArn: topic.arn, message, at: context.now(), ...(subject ? {subject} : {})}
  if (topic.subscriber === 'grow-autoscaling-group') published.delivery = growForMessage(context.world, context.faults, topic, message, context.now())
  const messages = context.world.sns.messages
  messages.push(published)
  if (messages.length > MAX_KEPT_MESSAGES) messages.splice(0, messages.length - MAX_KEPT_MESSAGES)
  return {MessageId: published.messageId}
}
