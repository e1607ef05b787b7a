/**
 * A Cloud Map service (or a load balancer) pointing at a port no container maps used to create the
 * Cloud Map service and then fail at CreateService, leaving it behind. It is now a definition
 * error, with its path, before any AWS call.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy} from '../../src/app/deploy.js'
import {DefinitionError} from '../../src/errors.js'
import {startTestApp, type TestApp} from '../support/app.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['discovery']})
})

afterEach(async () => {
  await env.close()
})

describe('a port no container maps', () => {
  it.each([false, true])('fails with its path and makes no AWS call (dry run: %s)', async (dryRun) => {
    const dir = mkdtempSync(join(tmpdir(), 'hako-unmapped-'))
    const file = join(dir, 'discovery.jsonnet')
    writeFileSync(
      file,
      readFileSync('test/fixtures/service-discovery/discovery.jsonnet', 'utf8').replace(
        'container_port: 80,\n        service',
        'container_port: 8080,\n        service',
      ),
    )
    env.local.resetCalls()
    const error = await deploy(env.deps, {file, dryRun, extStr: {ttl: '60', namespace_id: 'ns-x'}, timeoutSec: 600, toolVersion: 'test'}).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(DefinitionError)
    expect((error as DefinitionError).problems).toEqual([
      expect.stringMatching(/discovery\.jsonnet: scheduler\.service_discovery\[0\]\.container_port: container "app" maps no port 8080 \(it maps 80\)/),
    ])
    expect(env.local.calls()).toEqual([])
  })
})
