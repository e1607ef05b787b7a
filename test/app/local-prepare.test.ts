import {resolve} from 'node:path'

import {GetNamespaceCommand} from '@aws-sdk/client-servicediscovery'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {createDeps, type Deps} from '../../src/app/deps.js'
import {deploy} from '../../src/app/deploy.js'
import {prepareLocal} from '../../src/app/local-prepare.js'
import {VirtualClock} from '../../src/clock.js'
import {loadApp} from '../../src/definition/load.js'
import {type LocalAws, startLocalAws} from '../../src/local/index.js'
import {MemoryReporter} from '../../src/ui/reporter.js'

let local: LocalAws
let reporter: MemoryReporter
let deps: Deps

beforeEach(async () => {
  const clock = new VirtualClock()
  local = await startLocalAws({clock})
  reporter = new MemoryReporter()
  deps = await createDeps({reporter, local, clock, maxAttempts: 1})
})

afterEach(async () => {
  await deps.close()
  await local.close()
})

const discovery = resolve('test/fixtures/service-discovery/discovery.jsonnet')
const extStr = {namespace_id: 'ns-localtest', ttl: '60'}

describe('--local preparation', () => {
  it('creates what the account would already have, once, and announces it', async () => {
    const app = await loadApp(resolve('examples/hello.jsonnet'), {mode: 'placeholder'})
    await prepareLocal(local, app, reporter)
    expect(reporter.messages('info')).toEqual(['local: created cluster eagletmt with 3 container instances', 'local: created bucket hako-hello-front'])
    await prepareLocal(local, app, reporter)
    expect(reporter.messages('info')).toHaveLength(2)
  })

  it('creates the Cloud Map namespace a definition names, so a service-discovery app deploys with --local', async () => {
    const result = await deploy(deps, {file: discovery, extStr, timeoutSec: 600, toolVersion: '0.0.0-test'})
    expect(result.outcome).toBe('completed')
    expect(reporter.messages('info')).toContain('local: created Cloud Map namespace ns-localtest')
    const namespace = await deps.aws('ap-northeast-1').serviceDiscovery.send(new GetNamespaceCommand({Id: 'ns-localtest'}))
    expect(namespace.Namespace?.Type).toBe('DNS_PRIVATE')
  })
})
