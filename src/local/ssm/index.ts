/**
 * SSM Parameter Store behind awsJson1_1: `POST /` with `X-Amz-Target: AmazonSSM.<Op>`.
 * Parameters per region with their versions; SecureString values are stored as given.
 */
import {jsonService} from '../json-protocol.js'
import type {LocalContext} from '../types.js'
import {describeParameters, getParameter, getParameters, putParameterOperation} from './operations.js'

type Operation = (input: Record<string, unknown>, context: LocalContext) => Record<string, unknown>

const OPERATIONS: Record<string, Operation> = {
  GetParameter: getParameter,
  GetParameters: getParameters,
  PutParameter: putParameterOperation,
  DescribeParameters: describeParameters,
}

export const ssmService = jsonService<LocalContext>({
  name: 'ssm',
  targetPrefix: 'AmazonSSM.',
  handlers: Object.fromEntries(
    Object.entries(OPERATIONS).map(([name, operation]) => [name, (context: LocalContext, input: Record<string, unknown>) => operation(input ?? {}, context)]),
  ),
  scope: (context) => context,
})
