/**
 * CloudWatch Logs behind awsJson1_1: `POST /` with `X-Amz-Target: Logs_20140328.<Op>`.
 */
import {jsonService} from '../json-protocol.js'
import type {LocalContext} from '../types.js'
import * as ops from './operations.js'

type Operation = (input: Record<string, unknown>, context: LocalContext) => Record<string, unknown>

const OPERATIONS: Record<string, Operation> = {
  CreateLogGroup: ops.createLogGroup,
  DeleteLogGroup: ops.deleteLogGroup,
  DescribeLogGroups: ops.describeLogGroups,
  PutRetentionPolicy: ops.putRetentionPolicy,
  DeleteRetentionPolicy: ops.deleteRetentionPolicy,
  CreateLogStream: ops.createLogStream,
  DeleteLogStream: ops.deleteLogStream,
  DescribeLogStreams: ops.describeLogStreams,
  PutLogEvents: ops.putLogEvents,
  GetLogEvents: ops.getLogEvents,
  FilterLogEvents: ops.filterLogEvents,
}

export const logsService = jsonService<LocalContext>({
  name: 'logs',
  targetPrefix: 'Logs_20140328.',
  handlers: Object.fromEntries(
    Object.entries(OPERATIONS).map(([name, operation]) => [name, (context: LocalContext, input: Record<string, unknown>) => operation(input ?? {}, context)]),
  ),
  scope: (context) => context,
})
