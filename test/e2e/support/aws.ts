/**
 * SDK clients for the test process's own look at an AWS (local serve or moto), never the CLI's:
 * fake static keys, an explicit endpoint, no retries.
 */
import {type AwsClients, createAwsClients} from '../../../src/aws/clients.js'

export const TEST_CREDENTIALS = {accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local'}
export const TEST_REGION = 'ap-northeast-1'

export function sdkClients(endpoint: string): AwsClients {
  return createAwsClients({region: TEST_REGION, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1})
}
