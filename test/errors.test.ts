import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {AwsCallError, awsCall, DefinitionError, ExitCode, HakoError, isAwsError, UsageError} from '../src/errors.js'

const sdkError = (name: string, message: string, status = 400) =>
  Object.assign(new Error(message), {name, $metadata: {httpStatusCode: status, requestId: 'req-1'}})

describe('awsCall', () => {
  it('names the call and the resource, and keeps the SDK error', async () => {
    const error = await awsCall('DescribeServices', 'service hello in cluster web', () =>
      Promise.reject(sdkError('ServiceNotFoundException', 'Service not found.')),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AwsCallError)
    const wrapped = error as AwsCallError
    expect(wrapped.message).toBe('DescribeServices service hello in cluster web failed: ServiceNotFoundException: Service not found.')
    expect([wrapped.awsErrorName, wrapped.httpStatusCode, wrapped.requestId]).toEqual(['ServiceNotFoundException', 400, 'req-1'])
    expect(isAwsError(wrapped, 'ServiceNotFoundException')).toBe(true)
  })

  it('says what to do when there are no credentials, and for a missing cluster', async () => {
    const noCredentials = await awsCall('DescribeServices', 'service hello', () =>
      Promise.reject(sdkError('CredentialsProviderError', 'Could not load credentials from any providers')),
    ).catch((e: unknown) => e as HakoError)
    expect(noCredentials.hint).toContain('--local')
    const noCluster = await awsCall('DescribeServices', 'service hello', () =>
      Promise.reject(sdkError('ClusterNotFoundException', 'Cluster not found.')),
    ).catch((e: unknown) => e as HakoError)
    expect(noCluster.hint).toContain('scheduler.cluster')
  })

  it('passes our own errors through unchanged', async () => {
    const ours = new HakoError('already precise')
    await expect(awsCall('X', 'y', () => Promise.reject(ours))).rejects.toBe(ours)
  })
})

describe('the exit-code table', () => {
  /** The codes in README's "Exit codes" table, in its order. */
  function readmeCodes(): string[] {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')
    const section = readme.split('\n## Exit codes\n')[1]?.split('\n## ')[0] ?? ''
    return [...section.matchAll(/^\| (\w+) \|/gm)].map((m) => m[1] as string).filter((code) => code !== 'code')
  }

  it('README lists every code of ExitCode, and no other number', () => {
    const documented = readmeCodes()
    const numbers = [...new Set(Object.values(ExitCode).map(String))].sort((a, b) => Number(a) - Number(b))
    expect(documented.filter((code) => code !== 'other')).toEqual(numbers)
  })

  it('a usage error exits 2, a definition error or any other error 1', () => {
    expect(new UsageError('--env FOO: expected KEY=VALUE').exitCode).toBe(2)
    expect(new HakoError('oneshot needs a command', {code: 'usage'}).exitCode).toBe(ExitCode.usage)
    expect(new DefinitionError(['a.jsonnet: app.memory: Invalid type']).exitCode).toBe(1)
    expect(new HakoError('anything else').exitCode).toBe(1)
  })
})
