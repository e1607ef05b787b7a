/**
 * SSM parameters and Secrets Manager secrets in the local AWS: per region, persisted with the
 * rest of the world, seeded through the test API, unknown operations loud.
 */
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand} from '@aws-sdk/client-secrets-manager'
import {GetParameterCommand, GetParametersCommand} from '@aws-sdk/client-ssm'
import {afterEach, describe, expect, it} from 'vitest'

import {startTestAws, type TestAws} from '../support/local-aws.js'

let env: TestAws | undefined

afterEach(async () => {
  await env?.close()
  env = undefined
})

describe('SSM parameters in the local AWS', () => {
  it('keeps each region apart: a parameter seeded in one region is invalid in another', async () => {
    env = await startTestAws()
    const seeded = await env.local.putParameter('/app/token', 'hidden', {region: 'ap-northeast-1', type: 'SecureString'})
    expect(seeded).toEqual({arn: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/token', version: 1})
    const tokyo = await env.clients.ssm('ap-northeast-1').send(new GetParametersCommand({Names: [seeded.arn, '/app/token'], WithDecryption: true}))
    expect(tokyo.Parameters?.map((p) => p.Value)).toEqual(['hidden', 'hidden'])
    expect(tokyo.InvalidParameters).toEqual([])
    const oregon = await env.clients.ssm('us-west-2').send(new GetParametersCommand({Names: ['/app/token', seeded.arn]}))
    expect(oregon).toMatchObject({Parameters: [], InvalidParameters: ['/app/token', seeded.arn]})
  })

  it('does not hand out a SecureString value without WithDecryption', async () => {
    env = await startTestAws()
    await env.local.putParameter('/app/token', 'hidden', {type: 'SecureString'})
    const {Parameter} = await env.clients.ssm().send(new GetParameterCommand({Name: '/app/token'}))
    expect(Parameter?.Type).toBe('SecureString')
    expect(Parameter?.Value).not.toContain('hidden')
  })
})

describe('Secrets Manager secrets in the local AWS', () => {
  it('seeds versions through the test API, AWSCURRENT moving to the newest', async () => {
    env = await startTestAws()
    const first = await env.local.putSecret('db', '{"password":"one"}')
    const second = await env.local.putSecret('db', '{"password":"two"}')
    expect(second.arn).toBe(first.arn)
    expect(first.arn).toMatch(/^arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-[A-Za-z]{6}$/)
    const described = await env.clients.secretsManager().send(new DescribeSecretCommand({SecretId: 'db'}))
    expect(described.VersionIdsToStages).toEqual({[first.versionId]: ['AWSPREVIOUS'], [second.versionId]: ['AWSCURRENT']})
    const previous = await env.clients.secretsManager().send(new GetSecretValueCommand({SecretId: first.arn, VersionStage: 'AWSPREVIOUS'}))
    expect(previous.SecretString).toBe('{"password":"one"}')
  })

  it('keeps each region apart', async () => {
    env = await startTestAws()
    await env.local.putSecret('db', 'x', {region: 'us-west-2'})
    const missing = await env.clients
      .secretsManager('ap-northeast-1')
      .send(new DescribeSecretCommand({SecretId: 'db'}))
      .catch((error: Error) => error.name)
    expect(missing).toBe('ResourceNotFoundException')
  })

  it('answers an operation it does not implement with 501 and its name', async () => {
    env = await startTestAws()
    const error = (await env.clients
      .secretsManager()
      .send(new ListSecretsCommand({}))
      .catch((e: unknown) => e)) as {$metadata?: {httpStatusCode?: number}; message?: string}
    expect(error.$metadata?.httpStatusCode).toBe(501)
    expect(error.message).toContain('ListSecrets')
  })
})

describe('persistence', () => {
  it('keeps parameters and secrets in the state directory across servers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hako-secrets-'))
    const first = await startTestAws({dir})
    await first.local.putParameter('/app/token', 'kept')
    const {arn} = await first.local.putSecret('db', 'kept')
    await first.close()
    const second = await startTestAws({dir})
    try {
      const parameter = await second.clients.ssm().send(new GetParameterCommand({Name: '/app/token'}))
      expect(parameter.Parameter?.Value).toBe('kept')
      const secret = await second.clients.secretsManager().send(new GetSecretValueCommand({SecretId: arn}))
      expect(secret.SecretString).toBe('kept')
    } finally {
      await second.close()
    }
  })
})
