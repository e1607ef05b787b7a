import {describe, expect, it} from 'vitest'

import {AwsCallError, awsCall, HakoError, isAwsError} from '../src/errors.js'

const sdkError = (name: string, message: string, status = 400) => Object.assign(new Error(message), {name, $metadata: {httpStatusCode: status, requestId: 'req-1'}})

describe('awsCall', () => {
  it('names the call and the resource, and keeps the SDK error', async () => {
    const error = await awsCall('DescribeServices', 'service hello in cluster web', () => Promise.reject(sdkError('ServiceNotFoundException', 'Service not found.'))).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AwsCallError)
    const wrapped = error as AwsCallError
    expect(wrapped.message).toBe('DescribeServices service hello in cluster web failed: ServiceNotFoundException: Service not found.')
    expect([wrapped.awsErrorName, wrapped.httpStatusCode, wrapped.requestId]).toEqual(['ServiceNotFoundException', 400, 'req-1'])
    expect(isAwsError(wrapped, 'ServiceNotFoundException')).toBe(true)
  })

  it('says what to do when there are no credentials, and for a missing cluster', async () => {
    const noCredentials = await awsCall('DescribeServices', 'service hello', () => Promise.reject(sdkError('CredentialsProviderError', 'Could not load credentials from any providers'))).catch((e: unknown) => e as HakoError)
    expect(noCredentials.hint).toContain('--local')
    const noCluster = await awsCall('DescribeServices', 'service hello', () => Promise.reject(sdkError('ClusterNotFoundException', 'Cluster not found.'))).catch((e: unknown) => e as HakoError)
    expect(noCluster.hint).toContain('scheduler.cluster')
  })

  it('passes our own errors through unchanged', async () => {
    const ours = new HakoError('already precise')
    await expect(awsCall('X', 'y', () => Promise.reject(ours))).rejects.toBe(ours)
  })
})
