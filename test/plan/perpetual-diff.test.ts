/**
 * A setting removed from the definition must converge: ECS keeps what UpdateService omits, so the
 * update sends ECS's default and the next deploy is a no-op. Each optional setting is removed in
 * turn from a definition that sets them all; the deploy after the one that removed it writes nothing.
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startTestApp, type TestApp} from '../support/app.js'
import {deployed} from '../support/deploy.js'

type Json = Record<string, unknown>

const FULL_SCHEDULER: Json = {
  type: 'ecs',
  region: 'ap-northeast-1',
  cluster: 'perpetual',
  desired_count: 2,
  task_role_arn: 'arn:aws:iam::012345678901:role/app',
  execution_role_arn: 'arn:aws:iam::012345678901:role/exec',
  deployment_configuration: {maximum_percent: 150, minimum_healthy_percent: 50, deployment_circuit_breaker: {enable: true, rollback: false}},
  enable_execute_command: true,
  placement_constraints: [{type: 'distinctInstance'}],
  placement_strategy: [{type: 'spread', field: 'instanceId'}],
}

const FULL_APP: Json = {
  image: 'nginx',
  tag: '1.27',
  cpu: 128,
  memory: 128,
  memory_reservation: 64,
  command: ['nginx', '-g', 'daemon off;'],
  entry_point: ['/docker-entrypoint.sh'],
  env: {MODE: 'full'},
  docker_labels: {team: 'web'},
  port_mappings: [{container_port: 80, host_port: 0}],
  ulimits: [{name: 'nofile', soft_limit: 1024, hard_limit: 2048}],
  health_check: {command: ['CMD-SHELL', 'true'], interval: 10, timeout: 3, retries: 2, start_period: 5},
  linux_parameters: {init_process_enabled: true},
  readonly_root_filesystem: true,
  user: 'nginx',
  working_directory: '/srv',
  extra_hosts: [{hostname: 'db', ip_address: '10.0.0.5'}],
  stop_timeout: 20,
}

const SERVICE_SETTINGS = [
  'deployment_configuration',
  'enable_execute_command',
  'placement_constraints',
  'placement_strategy',
  'task_role_arn',
  'execution_role_arn',
]
const APP_SETTINGS = Object.keys(FULL_APP).filter((k) => !['image', 'tag', 'cpu', 'memory'].includes(k))

let env: TestApp
let dir: string

beforeAll(async () => {
  env = await startTestApp({clusters: ['perpetual']})
  dir = mkdtempSync(join(tmpdir(), 'hako-perpetual-'))
})

afterAll(async () => {
  await env.close()
})

function write(scheduler: Json, app: Json): string {
  const file = join(dir, 'perpetual.jsonnet')
  writeFileSync(file, JSON.stringify({scheduler, app}))
  return file
}

const without = (object: Json, key: string): Json => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key))

describe('removing a setting converges in one deploy', () => {
  it.each([...SERVICE_SETTINGS.map((k) => ['scheduler', k]), ...APP_SETTINGS.map((k) => ['app', k])])('%s.%s', async (part, key) => {
    await deployed(env, write(FULL_SCHEDULER, FULL_APP))
    await env.renew()
    const file = part === 'scheduler' ? write(without(FULL_SCHEDULER, key), FULL_APP) : write(FULL_SCHEDULER, without(FULL_APP, key))
    const first = await deployed(env, file)
    expect(first.changed).toBe(true)

    await env.renew()
    const before = env.writeCount()
    const second = await deployed(env, file)
    expect(second).toMatchObject({outcome: 'unchanged', changed: false})
    expect(env.writeCount()).toBe(before)
  })
})
