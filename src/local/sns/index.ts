/**
 * Amazon SNS behind awsQuery: `POST /` with a form body `Action=…&Version=2010-03-31&…`, replies
 * as `<XResponse><XResult>…</XResult>` and errors as `<ErrorResponse>`, which the SDK turns into
 * its typed exceptions (`NotFoundException`, `InvalidParameterException`).
 */
import {queryService} from '../query-protocol.js'
import * as topics from './topics.js'

export const SNS_VERSION = '2010-03-31'
export const snsService = queryService({
  name: 'sns',
  version: SNS_VERSION,
  xmlns: `http://sns.amazonaws.com/doc/${SNS_VERSION}/`,
  operations: {
    CreateTopic: topics.createTopic,
    ListTopics: topics.listTopics,
    GetTopicAttributes: topics.getTopicAttributes,
    DeleteTopic: topics.deleteTopic,
    Publish: topics.publish,
  },
  noResult: new Set(['DeleteTopic']),
})
