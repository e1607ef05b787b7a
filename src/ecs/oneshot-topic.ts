/**
 * Asking for capacity through SNS (`autoscaling_topic_for_oneshot`): when RunTask finds no room,
 * hako publishes one message for the account's own scaler (a function subscribed to the topic)
 * and retries RunTask 10 s later, publishing again each time it still finds none. The message is
 * hako's, key for key, so existing subscribers keep working (docs/hako-compatibility.md, "Oneshot").
 */
import {PublishCommand, type SNSClient} from '@aws-sdk/client-sns'

import {awsCall} from '../errors.js'
import type {Reporter} from '../ui/reporter.js'
import type {Resources} from './oneshot-capacity.js'

/** hako's pause between a publish and the next RunTask. */
export const TOPIC_RETRY_MS = 10_000

export interface CapacityMessage {
  group_name: string
  cluster: string
  cpu: number
  memory: number
  /** One id per oneshot run, the same in every repeat, so a subscriber can tell repeats apart. */
  hako_task_id: string
}

/** The message body, keys in hako's order. */
export function capacityMessage(groupName: string, cluster: string, required: Resources, hakoTaskId: string): string {
  const message: CapacityMessage = {group_name: groupName, cluster, cpu: required.cpu, memory: required.memory, hako_task_id: hakoTaskId}
  return JSON.stringify(message)
}

/** SNS answers only in the topic's own region, which its ARN names (`arn:aws:sns:<region>:…`). */
export function topicRegion(topicArn: string, fallback: string): string {
  return topicArn.split(':')[3] || fallback
}

export async function publishCapacityRequest(sns: SNSClient, reporter: Reporter, topicArn: string, message: string): Promise<string | undefined> {
  reporter.info(`Unable to start tasks. Publish message to ${topicArn}: ${message}`)
  const out = await awsCall('Publish', `SNS topic ${topicArn}`, () => sns.send(new PublishCommand({TopicArn: topicArn, Message: message})))
  reporter.info(`Sent message_id=${out.MessageId ?? '(none)'}`)
  return out.MessageId
}
