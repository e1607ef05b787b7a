/**
 * `deploy --dry-run` where no credentials exist (a pull-request job): it plans from the definition
 * alone, says so on stderr, exits 0, and shows the same task definition as a dry run against an
 * empty local AWS (the plan's create case). `diff` cannot answer without AWS and exits 1.
 */
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {ROOT, assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'

assertBuilt()

const DEFINITIONS = [
  'examples/hello.jsonnet',
  'examples/hello-alb.jsonnet',
  'examples/hello-fargate.jsonnet',
  'examples/batch.jsonnet',
  'test/fixtures/app/simple.jsonnet',
  'test/fixtures/app/daemon.jsonnet',
  'test/fixtures/app/hooked.jsonnet',
  'test/fixtures/deploy-many/hello.jsonnet',
  'test/fixtures/deploy-many/web.jsonnet',
  'test/fixtures/deploy-many/worker.jsonnet',
  'test/fixtures/service-discovery/discovery.jsonnet',
  'test/fixtures/oneshot-capacity/grow.jsonnet',
  'test/fixtures/definition/interpolate.jsonnet',
  'test/fixtures/elb-classic/classic.jsonnet',
  'test/fixtures/shared-alb/shared-alb.jsonnet',
  // The kinds of hako's own examples (test/fixtures/hako-examples/README.md); lb-v2 needs a secret
  // that only its local set-up creates, and fargate-batch is run as a oneshot, not deployed.
  ...['internal-nlb', 'grpc', 'awslogs', 'privileged', 'cap-add', 'nofront', 'autoscaling-group'].map((kind) => `test/fixtures/hako-examples/${kind}.jsonnet`),
]

/** No key, no profile, no metadata service: the SDK's chain finds nothing. */
const NO_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
  AWS_WEB_IDENTITY_TOKEN_FILE: '',
}

/** The task-definition block of a dry run's output: from its `--- ` header to the service's. */
function taskDefinitionBlock(stdout: string): string {
  const start = stdout.indexOf('--- (no task definition)')
  const end = stdout.indexOf('--- (no service)')
  // Digests are keyed per process, so two runs hide the same value behind different digests.
  return start < 0 ? '' : stdout.slice(start, end < 0 ? undefined : end).replace(/\(redacted hmac:[0-9a-f]+\)/g, '(redacted)')
}

let tmp: ReturnType<typeof tempDir>
beforeAll(() => {
  tmp = tempDir('no-credentials')
})
afterAll(() => tmp.remove())

describe('deploy --dry-run without credentials', () => {
  it.each(DEFINITIONS)('%s: plans offline, exits 0, and shows the task definition an empty local AWS would get', async (file) => {
    const ext = file.includes('service-discovery') ? ['--ext-str', 'ttl=60', '--ext-str', 'namespace_id=ns-test'] : []
    const offline = await runCli(['deploy', '--dry-run', ...ext, join(ROOT, file)], {env: NO_CREDENTIALS, timeoutMs: 60_000})
    expect(offline.code, describeResult(offline)).toBe(0)
    expect(offline.stderr).toMatch(/Dry run without AWS credentials \(.+\): AWS was not read/)
    expect(offline.stdout).toMatch(/^Plan \(not compared with AWS\): /m)

    const local = await runCli(['deploy', '--dry-run', '--local', ...ext, join(ROOT, file)], {
      localDir: join(tmp.path, `local-${file.replace(/\W/g, '-')}`),
      timeoutMs: 60_000,
    })
    expect(local.code, describeResult(local)).toBe(0)
    const block = taskDefinitionBlock(offline.stdout)
    expect(block).toContain('"containerDefinitions"')
    expect(block).toBe(taskDefinitionBlock(local.stdout))
  })

  it('annotates the fallback for GitHub Actions', async () => {
    const result = await runCli(['deploy', '--dry-run', join(ROOT, 'test/fixtures/app/simple.jsonnet')], {
      env: {...NO_CREDENTIALS, GITHUB_ACTIONS: 'true'},
      timeoutMs: 60_000,
    })
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stdout).toMatch(/^::warning::Dry run without AWS credentials/m)
  })

  it('diff needs the live state: exits 1 and says why', async () => {
    const result = await runCli(['diff', join(ROOT, 'test/fixtures/app/simple.jsonnet')], {env: NO_CREDENTIALS, timeoutMs: 60_000})
    expect(result.code, describeResult(result)).toBe(1)
    expect(result.stderr).toMatch(/diff compares the definition with what runs in AWS, and no AWS credentials were found/)
  })

  it('--offline without --dry-run is a usage error and calls nothing', async () => {
    const result = await runCli(['deploy', '--offline', join(ROOT, 'examples/hello.jsonnet')], {timeoutMs: 60_000})
    expect(result.code, describeResult(result)).toBe(2)
    expect(result.stderr).toMatch(/--offline/)
  })
})
