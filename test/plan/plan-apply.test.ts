/**
 * What the dry run lists is exactly what the deploy then writes: for a sequence of changes to the
 * ALB example, the kinds of the planned actions equal the kinds of the write calls the next real
 * deploy makes (read from the local AWS call log), and a no-change plan makes no write at all.
 */
import {copyFileSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {deploy, type DeployResult} from '../../src/app/deploy.js'
import {startTestApp, type TestApp} from '../support/app.js'

/** Which action kind a write call belongs to. */
const KIND_OF: Record<string, string> = {
  'elbv2:CreateLoadBalancer': 'load-balancer',
  'elbv2:ModifyLoadBalancerAttributes': 'load-balancer',
  'elbv2:SetSubnets': 'load-balancer',
  'elbv2:SetSecurityGroups': 'load-balancer',
  'elbv2:CreateTargetGroup': 'target-group',
  'elbv2:ModifyTargetGroup': 'target-group',
  'elbv2:ModifyTargetGroupAttributes': 'target-group',
  'elbv2:CreateListener': 'listener',
  'elbv2:ModifyListener': 'listener',
  'elbv2:CreateRule': 'listener-rule',
  'route53:ChangeResourceRecordSets': 'dns-record',
  'servicediscovery:CreateService': 'service-discovery',
  'servicediscovery:UpdateService': 'service-discovery',
  'ecs:RegisterTaskDefinition': 'task-definition',
  'ecs:CreateService': 'service',
  'ecs:UpdateService': 'service',
  's3:PutObject': 'front-config',
}

const READ = /^(Describe|List|Get)/

let env: TestApp
let dir: string
let file: string
const original = readFileSync('examples/hello-alb.jsonnet', 'utf8')

beforeAll(async () => {
  env = await startTestApp({asLocal: true})
  dir = mkdtempSync(join(tmpdir(), 'hako-plan-apply-'))
  copyFileSync('examples/hello.env', join(dir, 'hello.env'))
  file = join(dir, 'hello-alb.jsonnet')
})

afterAll(async () => {
  await env.close()
})

async function run(dryRun: boolean, tag?: string): Promise<DeployResult> {
  const deps = await env.depsWith()
  try {
    return await deploy(deps, {file, dryRun, tag, timeoutSec: 1200, toolVersion: 'test'})
  } finally {
    await deps.close()
  }
}

function writeKinds(): string[] {
  const writes = env.local.calls().filter((c) => !READ.test(c.operation))
  return [...new Set(writes.map((c) => KIND_OF[`${c.service}:${c.operation}`] ?? `${c.service}:${c.operation}`))].sort()
}

type Edit = (text: string) => string
const steps: [string, Edit, string?][] = [
  ['first deploy', (t) => t],
  ['image', (t) => t, 'v2'],
  [
    'HTTPS listener',
    (t) =>
      t.replace(
        "{ port: 80, protocol: 'HTTP' },",
        "{ port: 80, protocol: 'HTTP' }, { port: 443, protocol: 'HTTPS', certificate_arn: 'arn:aws:acm:ap-northeast-1:012345678901:certificate/a' },",
      ),
  ],
  [
    'listener certificate',
    (t) =>
      t.replace(
        "{ port: 80, protocol: 'HTTP' },",
        "{ port: 80, protocol: 'HTTP' }, { port: 443, protocol: 'HTTPS', certificate_arn: 'arn:aws:acm:ap-northeast-1:012345678901:certificate/b' },",
      ),
  ],
  [
    'target group attribute',
    (t) => t.replace("health_check_path: '/',", "health_check_path: '/', target_group_attributes: { 'deregistration_delay.timeout_seconds': '30' },"),
  ],
  ['desired count', (t) => t.replace('desired_count: 2,', 'desired_count: 3,')],
  [
    'new Cloud Map service',
    (t) =>
      t.replace(
        'desired_count: 2,',
        "desired_count: 2, network_mode: 'bridge', service_discovery: [{ container_name: 'app', container_port: 3000, service: { name: 'hello-alb', namespace_id: 'ns-hello', dns_config: { namespace_id: 'ns-hello', dns_records: [{ type: 'SRV', ttl: 60 }] } } }],",
      ),
  ],
]

describe('plan/apply equivalence on examples/hello-alb.jsonnet', () => {
  let tag: string | undefined
  it.each(steps)('%s: the dry run lists exactly the kinds of writes the deploy makes', async (_name, edit, newTag) => {
    if (newTag) tag = newTag
    writeFileSync(file, edit(original))
    env.local.resetCalls()
    const planned = await run(true, tag)
    expect(env.local.calls().filter((c) => !READ.test(c.operation))).toEqual([])
    const plannedKinds = [...new Set(planned.actions.map((a) => a.kind))].sort()
    expect(plannedKinds.length).toBeGreaterThan(0)

    env.local.resetCalls()
    const applied = await run(false, tag)
    expect(applied).toMatchObject({exitCode: 0, changed: true})
    expect(writeKinds()).toEqual(plannedKinds)
    expect(applied.actions).toEqual(planned.actions)

    env.local.resetCalls()
    const again = await run(true, tag)
    expect(again.actions).toEqual([])
    expect(again.changed).toBe(false)
  })
})
