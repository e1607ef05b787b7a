/**
 * The secret check on the deploy path: a missing SSM parameter and a missing JSON key of a
 * Secrets Manager secret fail `deploy --dry-run` and `deploy` with both named by ARN, exit 1, no
 * write, and the secret's value in no output.
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy} from '../../src/app/deploy.js'
import {HakoError} from '../../src/errors.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'

const VALUE = 'very-secret-db-password'

let env: TestApp
let file: string
let secretArn: string

beforeEach(async () => {
  env = await startTestApp({clusters: ['secrets']})
  await env.local.putParameter('/app/present', 'fine', {region: REGION, type: 'SecureString'})
  secretArn = (await env.local.putSecret('app/db', JSON.stringify({password: VALUE}), {region: REGION})).arn
  const dir = mkdtempSync(join(tmpdir(), 'hako-secrets-'))
  file = join(dir, 'secrets.jsonnet')
  writeFileSync(
    file,
    JSON.stringify({
      scheduler: {type: 'ecs', region: REGION, cluster: 'secrets', desired_count: 1, execution_role_arn: 'arn:aws:iam::123456789012:role/exec'},
      app: {
        image: 'nginx',
        memory: 128,
        secrets: [
          {name: 'PRESENT', value_from: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/present'},
          {name: 'MISSING', value_from: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/missing'},
          {name: 'DB_PASSWORD', value_from: `${secretArn}:password::`},
          {name: 'DB_USER', value_from: `${secretArn}:user::`},
        ],
      },
    }),
  )
})

afterEach(async () => {
  await env.close()
})

describe('deploy checks every secret before any write', () => {
  it.each([true, false])('dry run %s: both missing ones named by ARN, exit 1, nothing written, no value shown', async (dryRun) => {
    const before = env.writeCount()
    const error = await deploy(env.deps, {file, dryRun, timeoutSec: 600, toolVersion: 'test'}).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(HakoError)
    const message = (error as HakoError).message
    expect((error as HakoError).exitCode).toBe(1)
    expect(message).toContain('arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/missing')
    expect(message).toContain(`${secretArn}:user::`)
    expect(message).not.toContain('parameter/app/present')
    expect(message + env.reporter.messages().join('\n') + env.reporter.stdout()).not.toContain(VALUE)
    expect(env.writeCount()).toBe(before)
  })
})
