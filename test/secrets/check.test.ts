/**
 * The secret check against the local AWS through the real SSM and Secrets Manager clients, and
 * oneshot refusing to start when a secret is missing.
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {Deps} from '../../src/app/deps.js'
import {oneshot} from '../../src/app/oneshot.js'
import {checkSecrets, MissingSecretsError, requireSecrets} from '../../src/secrets/check.js'
import type {SecretHolder} from '../../src/secrets/references.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'
import {oneshotParams} from '../support/oneshot.js'
import {rejection} from '../support/rejection.js'

const ACCOUNT = '123456789012'
const VALUE = 'value-that-must-never-show'
const ssmArn = (name: string, region = REGION) => `arn:aws:ssm:${region}:${ACCOUNT}:parameter/${name.replace(/^\//, '')}`

let env: TestApp

beforeEach(async () => {
  env = await startTestApp()
})

afterEach(async () => {
  await env.close()
})

const app = (secrets: Record<string, string>): SecretHolder => ({
  name: 'app',
  secrets: Object.entries(secrets).map(([name, value_from]) => ({name, value_from})),
})

const failure = (run: Promise<unknown>): Promise<MissingSecretsError> => rejection(run, MissingSecretsError)

describe('checkSecrets', () => {
  it('finds nothing missing when every parameter and secret exists, reading no value without a JSON key', async () => {
    await env.local.putParameter('/app/token', VALUE, {type: 'SecureString'})
    const other = await env.local.putParameter('/app/other', VALUE, {region: 'us-west-2'})
    const {arn} = await env.local.putSecret('db', JSON.stringify({password: VALUE}))
    const found = await checkSecrets(env.clients, [app({A: '/app/token', B: other.arn, C: arn, D: `${arn}::AWSCURRENT:`})], REGION)
    expect(found).toEqual([])
    expect(env.local.count({operation: 'GetSecretValue'})).toBe(0)
    const parameterCalls = env.local.calls().filter((c) => c.operation === 'GetParameters')
    expect(parameterCalls.map((c) => c.input)).toEqual([{Names: ['/app/token']}, {Names: [other.arn]}])
  })

  it('names a missing SSM parameter and a missing JSON key by ARN, all at once, never by value', async () => {
    await env.local.putParameter('/app/present', VALUE)
    const {arn} = await env.local.putSecret('db', JSON.stringify({password: VALUE}))
    const missingParameter = ssmArn('/app/absent')
    const missingKey = `${arn}:username::`
    const error = await failure(
      requireSecrets(env.clients, [app({TOKEN: missingParameter, PRESENT: '/app/present', PASSWORD: `${arn}:password::`, USER: missingKey})], REGION),
    )
    expect(error.missing.map((m) => m.valueFrom)).toEqual([missingParameter, missingKey])
    expect(error.message).toBe(
      [
        '2 secrets do not exist:',
        `  ${missingParameter} (app: secrets TOKEN): SSM parameter not found in ${REGION}`,
        `  ${missingKey} (app: secrets USER): JSON key username not found in the secret`,
      ].join('\n'),
    )
    expect(`${error.message}\n${error.hint}\n${JSON.stringify(error.missing)}`).not.toContain(VALUE)
    expect(error.exitCode).toBe(1)
  })

  it('reports secrets, stages and version ids that do not exist, and a value that is not JSON, without showing it', async () => {
    const {arn, versionId} = await env.local.putSecret('plain', VALUE)
    const absent = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:absent-AbCdEf`
    const found = await checkSecrets(
      env.clients,
      [
        app({
          A: absent,
          B: `${arn}::AWSPENDING:`,
          C: `${arn}:::0000`,
          D: `${arn}::AWSPREVIOUS:${versionId}`,
          E: `${arn}:key::`,
          F: `${arn}::AWSCURRENT:${versionId}`,
        }),
      ],
      REGION,
    )
    expect(found.map((m) => [m.valueFrom, m.reason])).toEqual([
      [absent, `secret not found in ${REGION}`],
      [`${arn}::AWSPENDING:`, 'no version has the stage AWSPENDING'],
      [`${arn}:::0000`, 'version id 0000 not found'],
      [`${arn}::AWSPREVIOUS:${versionId}`, `version ${versionId} does not carry the stage AWSPREVIOUS`],
      [`${arn}:key::`, 'the secret is not a JSON object, so it has no JSON keys'],
    ])
    expect(JSON.stringify(found)).not.toContain(VALUE)
  })

  it('asks GetParameters in batches of 10 per region, and DescribeSecret once per secret', async () => {
    const names = Array.from({length: 12}, (_, i) => `/p/${i}`)
    const {arn} = await env.local.putSecret('db', '{"a":"1","b":"2"}')
    const found = await checkSecrets(env.clients, [app({...Object.fromEntries(names.map((n, i) => [`P${i}`, n])), A: `${arn}:a::`, B: `${arn}:b::`})], REGION)
    expect(found.map((m) => m.valueFrom)).toEqual(names)
    expect(
      env.local
        .calls()
        .filter((c) => c.operation === 'GetParameters')
        .map((c) => (c.input as {Names: string[]}).Names.length),
    ).toEqual([10, 2])
    expect(env.local.count({operation: 'DescribeSecret'})).toBe(1)
    expect(env.local.count({operation: 'GetSecretValue'})).toBe(1)
  })

  it('checks log secret_options too', async () => {
    const found = await checkSecrets(
      env.clients,
      [{name: 'app', log_configuration: {log_driver: 'splunk', options: {}, secret_options: [{name: 'splunk-token', value_from: '/log/token'}]}}],
      REGION,
    )
    expect(found).toEqual([
      {valueFrom: '/log/token', reason: `SSM parameter not found in ${REGION}`, uses: [{container: 'app', field: 'log secret_options', name: 'splunk-token'}]},
    ])
  })
})

describe('oneshot with a missing secret', () => {
  let deps: Deps

  beforeEach(async () => {
    await env.local.ensureCluster('batch', REGION)
    deps = await env.depsWith()
  })

  it('fails before any write, naming the parameter, in a dry run as in a real one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hako-secrets-'))
    const file = join(dir, 'job.jsonnet')
    writeFileSync(
      file,
      JSON.stringify({
        scheduler: {type: 'ecs', region: REGION, cluster: 'batch', execution_role_arn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`},
        app: {image: 'busybox', cpu: 128, memory: 128, secrets: [{name: 'TOKEN', value_from: '/job/token'}]},
      }),
    )
    const params = oneshotParams(file, ['echo', 'hi'])
    for (const dryRun of [true, false]) {
      env.local.resetCalls()
      const error = await failure(oneshot(deps, {...params, dryRun}))
      expect(error.missing.map((m) => m.valueFrom)).toEqual(['/job/token'])
      expect(env.local.calls().map((c) => c.operation)).toEqual(['GetParameters'])
    }
  })
})
