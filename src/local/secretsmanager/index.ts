/**
 * Secrets Manager behind awsJson1_1: `POST /` with `X-Amz-Target: secretsmanager.<Op>`. Secrets
 * per region with versions and staging labels.
 */
import {jsonService} from '../json-protocol.js'
import type {LocalContext} from '../types.js'
import {createSecret, describeSecret, getSecretValue, putSecretValue} from './operations.js'

type Operation = (input: Record<string, unknown>, context: LocalContext) => Record<string, unknown>

const OPERATIONS: Record<string, Operation> = {
  CreateSecret: createSecret,
  DescribeSecret: describeSecret,
  GetSecretValue: getSecretValue,
  PutSecretValue: putSecretValue,
}

export const secretsManagerService = jsonService<LocalContext>({
  name: 'secretsmanager',
  targetPrefix: 'secretsmanager.',
  handlers: Object.fromEntries(
    Object.entries(OPERATIONS).map(([name, operation]) => [name, (context: LocalContext, input: Record<string, unknown>) => operation(input ?? {}, context)]),
  ),
  scope: (context) => context,
})
