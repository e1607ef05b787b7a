/**
 * SSM Parameter Store and Secrets Manager held against moto 5.2.1: the same call sequence against
 * both, comparing what each accepts or rejects (the SDK's exception name) and the fields it
 * returns, with ids, the secret ARN's random suffix and timestamps normalised. Each difference is
 * listed in DELIBERATE (and in docs/local.md).
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import {DescribeParametersCommand, GetParameterCommand, GetParametersCommand, PutParameterCommand, type SSMClient} from '@aws-sdk/client-ssm'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AwsClients} from '../../src/aws/clients.js'
import {type Deliberate, expectDeliberateDifference, expectNoUnexplainedDifferences, type Outcome, step} from './support/differential.js'
import {type Sides, startSides} from './support/sides.js'
import {REGION} from '../support/local-aws.js'

const ACCOUNT = '123456789012'
const TOKEN_1 = 'aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa'
const TOKEN_2 = 'bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb'

/** Secret ARNs end in `-` and six random characters on every implementation. */
const unsuffixed = (arn: string | undefined): string | undefined => arn?.replace(/(:secret:[^:]+)-[A-Za-z0-9]{6}$/, '$1-<suffix>')

async function ssmScenario(ssm: SSMClient): Promise<Outcome[]> {
  const out: Outcome[] = []
  const parameterArn = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/diff/db-password`
  await step(out, 'PutParameter', () => ssm.send(new PutParameterCommand({Name: '/diff/db-password', Value: 'one', Type: 'SecureString'})))
  await step(out, 'PutParameter again without Overwrite', () =>
    ssm.send(new PutParameterCommand({Name: '/diff/db-password', Value: 'two', Type: 'SecureString'})),
  )
  await step(out, 'PutParameter Overwrite', () => ssm.send(new PutParameterCommand({Name: '/diff/db-password', Value: 'two', Overwrite: true})))
  await step(out, 'PutParameter without Type', () => ssm.send(new PutParameterCommand({Name: 'diff-plain', Value: 'x'})))
  await step(out, 'PutParameter String', () => ssm.send(new PutParameterCommand({Name: 'diff-plain', Value: 'plain', Type: 'String'})))
  await step(out, 'GetParameter decrypted', async () => {
    const {Parameter: p} = await ssm.send(new GetParameterCommand({Name: '/diff/db-password', WithDecryption: true}))
    return {Name: p?.Name, Type: p?.Type, Value: p?.Value, Version: p?.Version, ARN: p?.ARN, DataType: p?.DataType}
  })
  await step(
    out,
    'GetParameter by version',
    async () => (await ssm.send(new GetParameterCommand({Name: '/diff/db-password:1', WithDecryption: true}))).Parameter?.Value,
  )
  await step(out, 'GetParameter by ARN', async () => (await ssm.send(new GetParameterCommand({Name: parameterArn, WithDecryption: true}))).Parameter?.Name)
  await step(out, 'GetParameter missing', () => ssm.send(new GetParameterCommand({Name: '/diff/missing'})))
  await step(out, 'GetParameters names', async () => {
    const reply = await ssm.send(new GetParametersCommand({Names: ['diff-plain', '/diff/missing', '/diff/db-password'], WithDecryption: true}))
    return {names: reply.Parameters?.map((p) => [p.Name, p.Value]).sort(), invalid: reply.InvalidParameters}
  })
  await step(out, 'GetParameters ARN', async () => {
    const reply = await ssm.send(new GetParametersCommand({Names: [parameterArn, `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/diff/other`]}))
    return {names: reply.Parameters?.map((p) => p.Name), invalid: reply.InvalidParameters}
  })
  await step(out, 'GetParameters 11 names', () => ssm.send(new GetParametersCommand({Names: Array.from({length: 11}, (_, i) => `p${i}`)})))
  await step(out, 'DescribeParameters BeginsWith', async () => {
    const reply = await ssm.send(new DescribeParametersCommand({ParameterFilters: [{Key: 'Name', Option: 'BeginsWith', Values: ['/diff/']}]}))
    return reply.Parameters?.map((p) => ({Name: p.Name, Type: p.Type, Version: p.Version}))
  })
  return out
}

async function secretsScenario(sm: SecretsManagerClient): Promise<Outcome[]> {
  const out: Outcome[] = []
  let arn = ''
  await step(out, 'CreateSecret', async () => {
    const reply = await sm.send(new CreateSecretCommand({Name: 'diff/app', SecretString: '{"user":"u","password":"p"}', ClientRequestToken: TOKEN_1}))
    arn = reply.ARN ?? ''
    return {ARN: unsuffixed(reply.ARN), Name: reply.Name, VersionId: reply.VersionId}
  })
  await step(out, 'CreateSecret again', () => sm.send(new CreateSecretCommand({Name: 'diff/app', SecretString: 'x'})))
  await step(out, 'PutSecretValue', async () => {
    const reply = await sm.send(new PutSecretValueCommand({SecretId: 'diff/app', SecretString: '{"user":"u2"}', ClientRequestToken: TOKEN_2}))
    return {ARN: unsuffixed(reply.ARN), Name: reply.Name, VersionId: reply.VersionId, VersionStages: reply.VersionStages}
  })
  await step(out, 'DescribeSecret by ARN', async () => {
    const reply = await sm.send(new DescribeSecretCommand({SecretId: arn}))
    return {ARN: unsuffixed(reply.ARN), Name: reply.Name, VersionIdsToStages: reply.VersionIdsToStages}
  })
  await step(
    out,
    'DescribeSecret by partial ARN',
    async () => (await sm.send(new DescribeSecretCommand({SecretId: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:diff/app`}))).Name,
  )
  await step(out, 'DescribeSecret missing', () => sm.send(new DescribeSecretCommand({SecretId: 'diff/missing'})))
  const value = async (input: {VersionId?: string; VersionStage?: string}) => {
    const reply = await sm.send(new GetSecretValueCommand({SecretId: arn, ...input}))
    return {Name: reply.Name, SecretString: reply.SecretString, VersionId: reply.VersionId, VersionStages: reply.VersionStages}
  }
  await step(out, 'GetSecretValue current', () => value({}))
  await step(out, 'GetSecretValue AWSPREVIOUS', () => value({VersionStage: 'AWSPREVIOUS'}))
  await step(out, 'GetSecretValue by VersionId', () => value({VersionId: TOKEN_1}))
  await step(out, 'GetSecretValue VersionId and a stage it lacks', () => value({VersionId: TOKEN_1, VersionStage: 'AWSCURRENT'}))
  await step(out, 'GetSecretValue unknown stage', () => value({VersionStage: 'NOPE'}))
  await step(out, 'GetSecretValue missing secret', () => sm.send(new GetSecretValueCommand({SecretId: 'diff/missing'})))
  return out
}

const DELIBERATE: Record<string, Deliberate> = {
  'GetParameters ARN': {
    reason: 'moto looks parameters up by name only and lists an ARN as invalid; AWS (and we) accept parameter ARNs in Names',
    fields: ['names', 'invalid'],
    moto: (o) =>
      expect(o.value).toEqual({
        invalid: [`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/diff/db-password`, `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/diff/other`],
        names: [],
      }),
    ours: (o) => expect(o.value).toEqual({invalid: [`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/diff/other`], names: ['/diff/db-password']}),
  },
}

let sides: Sides
let ours: Outcome[]
let theirs: Outcome[]

beforeAll(async () => {
  sides = await startSides()
  const run = async (clients: AwsClients): Promise<Outcome[]> => [...(await ssmScenario(clients.ssm())), ...(await secretsScenario(clients.secretsManager()))]
  ours = await run(sides.ours.clients)
  theirs = await run(sides.motoClients)
}, 60_000)

afterAll(async () => {
  await sides?.close()
})

describe('SSM and Secrets Manager held against moto', () => {
  it('takes the same steps and agrees on every step not listed as deliberate', () => {
    expectNoUnexplainedDifferences(ours, theirs, DELIBERATE)
  })

  it.each(Object.entries(DELIBERATE))('differs on purpose: %s', (name, difference) => {
    expectDeliberateDifference(name, difference, ours, theirs)
  })

  it('answers the errors hako meets by their AWS names', () => {
    const errors = Object.fromEntries(theirs.filter((o) => o.error).map((o) => [o.step, o.error]))
    expect(errors).toEqual({
      'PutParameter again without Overwrite': 'ParameterAlreadyExists',
      'PutParameter without Type': 'ValidationException',
      'GetParameter missing': 'ParameterNotFound',
      'GetParameters 11 names': 'ValidationException',
      'CreateSecret again': 'ResourceExistsException',
      'DescribeSecret missing': 'ResourceNotFoundException',
      'GetSecretValue VersionId and a stage it lacks': 'InvalidRequestException',
      'GetSecretValue unknown stage': 'ResourceNotFoundException',
      'GetSecretValue missing secret': 'ResourceNotFoundException',
    })
  })
})
