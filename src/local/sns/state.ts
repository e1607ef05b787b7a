/**
 * The SNS slice of the world: topics keyed by ARN, and every message published, so tests and
 * `hako local serve` users can see what was sent. A topic may carry a simulated subscriber (local
 * only) standing in for what an account would subscribe to it, e.g. the function that grows an
 * Auto Scaling group when hako asks for capacity.
 */
import {LOCAL_ACCOUNT_ID} from '../types.js'
import type {World} from '../world.js'

/** Subscribers the simulator can play. `grow-autoscaling-group`: reads hako's oneshot capacity message. */
export type SimulatedSubscriber = 'grow-autoscaling-group'

export interface TopicState {
  arn: string
  name: string
  region: string
  createdAt: number
  displayName: string
  subscriber?: SimulatedSubscriber
}

export interface PublishedMessage {
  messageId: string
  topicArn: string
  message: string
  subject?: string
  /** ms of simulated time. */
  at: number
  /** What the simulated subscriber did with it, when the topic has one. */
  delivery?: string
}

export interface SnsState {
  topics: Record<string, TopicState>
  /** Oldest first; the newest MAX_KEPT_MESSAGES. */
  messages: PublishedMessage[]
}

export const MAX_KEPT_MESSAGES = 1000

export function emptySnsState(): SnsState {
  return {topics: {}, messages: []}
}

export function topicArn(region: string, name: string): string {
  return `arn:aws:sns:${region}:${LOCAL_ACCOUNT_ID}:${name}`
}

export function putTopic(world: World, arn: string, now: number): TopicState {
  const parts = arn.split(':')
  world.sns.topics[arn] ??= {arn, name: parts[5] ?? '', region: parts[3] ?? '', createdAt: now, displayName: ''}
  return world.sns.topics[arn]
}

/**
 * `--local` and tests: the topic `arn:aws:sns:<region>:<account>:<name>` unless it exists (kept
 * under the ARN as written, whatever its account), with the subscriber given when it is created.
 */
export function ensureTopic(world: World, arn: string, options: {subscriber?: SimulatedSubscriber; now: number}): {created: boolean; topic: TopicState} {
  const existing = world.sns.topics[arn]
  if (existing) return {created: false, topic: existing}
  const topic = putTopic(world, arn, options.now)
  if (options.subscriber) topic.subscriber = options.subscriber
  return {created: true, topic}
}

/** What was published to a topic (all topics when none is given), oldest first. */
export function publishedMessages(world: World, arn?: string): PublishedMessage[] {
  return world.sns.messages.filter((m) => arn === undefined || m.topicArn === arn)
}
