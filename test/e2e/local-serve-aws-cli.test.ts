/**
 * `hako local serve` as a drop-in endpoint for the AWS CLI (v1, botocore): the printed exports are
 * all it needs; large S3 uploads (multipart above 8 MB) and downloads (ranged), list pagination,
 * SSM, Secrets Manager and EC2's DescribeInstances work; an operation the simulator lacks shows its message; a port in use
 * is a clear error. Skipped, saying why, where `aws` is not installed.
 */
import {execFile, spawnSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'
import {type ServedLocalAws, startLocalServe} from './support/local-serve.js'

const awsVersion = spawnSync('aws', ['--version'], {encoding: 'utf8'})
const hasAws = awsVersion.status === 0
if (!hasAws) console.log(`skipping the AWS CLI tests of hako local serve: \`aws --version\` failed (${awsVersion.error?.message ?? awsVersion.stderr})`)

const run = promisify(execFile)

describe.skipIf(!hasAws)('hako local serve with the AWS CLI', () => {
  let state: ReturnType<typeof tempDir>
  let served: ServedLocalAws
  let env: NodeJS.ProcessEnv

  /** `aws ARGS` with only the exports of `hako local serve` (and no config files) to go on. */
  async function aws(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
    try {
      const {stdout, stderr} = await run('aws', args, {env, maxBuffer: 64 * 1024 * 1024})
      return {code: 0, stdout, stderr}
    } catch (error) {
      const failed = error as {code?: number; stdout?: string; stderr?: string}
      return {code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? ''}
    }
  }

  async function awsJson(...args: string[]): Promise<Record<string, unknown>> {
    const result = await aws(...args, '--output', 'json')
    expect(result.code, result.stderr).toBe(0)
    return JSON.parse(result.stdout) as Record<string, unknown>
  }

  beforeAll(async () => {
    assertBuilt()
    state = tempDir('serve-cli')
    served = await startLocalServe(state.path)
    const exports = Object.fromEntries(
      served.cli
        .stdout()
        .trim()
        .split('\n')
        .map((line) => /^export ([A-Z0-9_]+)=(.*)$/.exec(line)?.slice(1, 3) ?? []),
    ) as Record<string, string>
    env = {
      PATH: process.env.PATH,
      HOME: state.path,
      AWS_CONFIG_FILE: join(state.path, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(state.path, 'none'),
      ...exports,
    }
  }, 60_000)

  afterAll(async () => {
    if (served && served.cli.child.exitCode === null) await served.stop()
    state?.remove()
  })

  it('prints the endpoint of every service it serves, and both region variables', () => {
    const names = served.cli.stdout().match(/^export [A-Z0-9_]+/gm) ?? []
    expect(names).toEqual(
      expect.arrayContaining([
        'export AWS_ENDPOINT_URL_SSM',
        'export AWS_ENDPOINT_URL_SECRETS_MANAGER',
        'export AWS_ENDPOINT_URL_AUTO_SCALING',
        'export AWS_REGION',
        'export AWS_DEFAULT_REGION',
      ]),
    )
  })

  it('copies a 9 MB file up (multipart) and down (ranged) with aws s3 cp', async () => {
    expect((await aws('s3', 'mb', 's3://cli-bucket')).code).toBe(0)
    const file = join(state.path, 'big.bin')
    const bytes = randomBytes(9 * 1024 * 1024)
    writeFileSync(file, bytes)
    const up = await aws('s3', 'cp', file, 's3://cli-bucket/big.bin')
    expect(up.code, up.stderr).toBe(0)
    const head = await awsJson('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'big.bin')
    expect(head.ContentLength).toBe(bytes.length)
    expect(head.ETag).toMatch(/-2"$/)
    const down = await aws('s3', 'cp', 's3://cli-bucket/big.bin', join(state.path, 'back.bin'))
    expect(down.code, down.stderr).toBe(0)
    expect(readFileSync(join(state.path, 'back.bin')).equals(bytes)).toBe(true)
  }, 120_000)

  it('lists objects page by page', async () => {
    for (const key of ['a.txt', 'b.txt', 'c.txt']) expect((await aws('s3api', 'put-object', '--bucket', 'cli-bucket', '--key', key)).code).toBe(0)
    const listed = await awsJson('s3api', 'list-objects-v2', '--bucket', 'cli-bucket', '--page-size', '1', '--query', 'Contents[].Key')
    expect(listed).toEqual(['a.txt', 'b.txt', 'big.bin', 'c.txt'])
  }, 60_000)

  it('seeds and reads SSM parameters and Secrets Manager secrets', async () => {
    expect((await aws('ssm', 'put-parameter', '--name', '/cli/token', '--value', 'hidden', '--type', 'SecureString')).code).toBe(0)
    const got = await awsJson('ssm', 'get-parameters', '--names', '/cli/token', '/cli/missing', '--with-decryption')
    expect(got).toMatchObject({Parameters: [{Name: '/cli/token', Value: 'hidden', Type: 'SecureString'}], InvalidParameters: ['/cli/missing']})
    const created = await awsJson('secretsmanager', 'create-secret', '--name', 'cli-db', '--secret-string', '{"password":"p"}')
    const value = await awsJson('secretsmanager', 'get-secret-value', '--secret-id', String(created.ARN))
    expect(value).toMatchObject({Name: 'cli-db', SecretString: '{"password":"p"}', VersionStages: ['AWSCURRENT']})
  }, 60_000)

  it("describes EC2 instances: an Auto Scaling group's, by its propagated Name tag, and a missing id as EC2 names it", async () => {
    const created = await aws(
      'autoscaling',
      'create-auto-scaling-group',
      '--auto-scaling-group-name',
      'cli-group',
      '--min-size',
      '1',
      '--max-size',
      '2',
      '--desired-capacity',
      '1',
      '--launch-configuration-name',
      'cli-launch',
      '--availability-zones',
      'ap-northeast-1a',
      '--tags',
      'Key=Name,Value=cli-box,PropagateAtLaunch=true',
    )
    expect(created.code, created.stderr).toBe(0)
    const group = await awsJson(
      'autoscaling',
      'describe-auto-scaling-groups',
      '--auto-scaling-group-names',
      'cli-group',
      '--query',
      'AutoScalingGroups[0].Instances[].InstanceId',
    )
    const found = await awsJson('ec2', 'describe-instances', '--filters', 'Name=tag:Name,Values=cli-box', '--query', 'Reservations[].Instances[].InstanceId')
    expect(found).toEqual(group)
    expect(found).toHaveLength(1)
    const missing = await aws('ec2', 'describe-instances', '--instance-ids', 'i-0123456789abcdef0')
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain('(InvalidInstanceID.NotFound)')
    expect(missing.stderr).toContain("'i-0123456789abcdef0'")
  }, 60_000)

  it('shows the message of an operation it does not implement, in awsQuery and restXml as in awsJson', async () => {
    for (const [args, message] of [
      [['elbv2', 'describe-trust-stores'], 'hako local AWS does not implement elbv2 operation DescribeTrustStores'],
      [['s3api', 'get-bucket-tagging', '--bucket', 'cli-bucket'], 'hako local AWS does not implement s3 operation GET /bucket?tagging'],
      [['ssm', 'get-parameters-by-path', '--path', '/cli'], 'hako local AWS does not implement ssm operation GetParametersByPath'],
      [['ec2', 'run-instances', '--image-id', 'ami-12345678'], 'hako local AWS does not implement ec2 operation RunInstances'],
    ] as const) {
      const result = await aws(...args)
      expect(result.code).not.toBe(0)
      expect(result.stderr).toContain(`(NotImplemented)`)
      expect(result.stderr).toContain(message)
    }
  }, 60_000)

  it('says which port is taken and how to pick another', async () => {
    const port = new URL(served.endpoint).port
    const result = await runCli(['local', 'serve', '--port', port], {localDir: state.path, timeoutMs: 30_000})
    expect(result.code, describeResult(result)).toBe(1)
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`)
    expect(result.stderr).toContain('--port 0 takes a free one')
    expect(result.stderr).not.toContain('EADDRINUSE')
  })
})
