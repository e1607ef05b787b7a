/**
 * CloudWatch (metric alarms) behind the protocol `@aws-sdk/client-cloudwatch` speaks since 3.7xx:
 * awsJson1_0, `POST /` with `X-Amz-Target: GraniteServiceVersion20100801.<Op>`, and the awsQuery
 * error codes in an `x-amzn-query-error` header (the SDK is awsQueryCompatible).
 */
import {jsonService} from '../json-protocol.js'
import type {LocalResponse} from '../types.js'
import {describeAlarms, putMetricAlarm} from './alarms.js'
import {CloudWatchError} from './errors.js'

const json = jsonService({
  name: 'cloudwatch',
  targetPrefix: 'GraniteServiceVersion20100801.',
  handlers: {PutMetricAlarm: putMetricAlarm, DescribeAlarms: describeAlarms},
  scope: (context) => ({context}),
  toError: (error) => (error instanceof CloudWatchError ? {status: 400, type: error.type, message: error.message} : undefined),
})

/** The query code for each exception shape the handlers raise. */
function queryCode(type: string): string {
  return type.replace(/Exception$/, '').replace(/^MissingRequiredParameter$/, 'MissingParameter')
}

export const cloudWatchService = {
  ...json,
  async handle(...args: Parameters<typeof json.handle>): Promise<LocalResponse> {
    const reply = await json.handle(...args)
    const headers: Record<string, string> = {...reply.headers, 'content-type': 'application/x-amz-json-1.0'}
    if (reply.status >= 400 && reply.status < 500 && typeof reply.body === 'string') {
      const type = (JSON.parse(reply.body) as {__type?: string}).__type
      if (type) headers['x-amzn-query-error'] = `${queryCode(type)};Sender`
    }
    return {...reply, headers}
  },
}
