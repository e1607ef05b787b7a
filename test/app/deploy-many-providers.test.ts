/**
 * Twenty apps whose definitions read a provider, deployed at once to the local AWS: every load
 * (the check before the deploys and each deploy's own) finishes, and every service gets its value.
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {DescribeServicesCommand, DescribeTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, expect, it} from 'vitest'

import {deployMany} from '../../src/app/deploy-many.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'

const COUNT = 20
let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['twenty']})
})
afterEach(async () => {
  await env.close()
})

function writeApps(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hako-deploy-twenty-'))
  writeFileSync(join(dir, 'shared.env'), 'GREETING=hello-from-env\n')
  return Array.from({length: COUNT}, (_, i) => {
    const file = join(dir, `svc${i}.jsonnet`)
    writeFileSync(
      file,
      `local provide(name) = std.native('provide.file')(std.toString({path: 'shared.env'}), name);
{
  scheduler: {type: 'ecs', region: '${REGION}', cluster: 'twenty', desired_count: 1},
  app: {image: 'example/svc', tag: 'v1', cpu: 16, memory: 16, env: {GREETING: provide('GREETING')}},
}
`,
    )
    return file
  })
}

it(`deploys ${COUNT} apps that use a provider, all at once`, async () => {
  const result = await deployMany(env.deps, writeApps(), {timeoutSec: 1200, toolVersion: 'test'})
  expect(result.apps.map((app) => app.outcome)).toEqual(Array.from({length: COUNT}, () => 'completed'))
  const ecs = env.deps.aws(REGION).ecs
  const out = await ecs.send(new DescribeServicesCommand({cluster: 'twenty', services: ['svc0', `svc${COUNT - 1}`]}))
  for (const service of out.services ?? []) {
    const {taskDefinition} = await ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: service.taskDefinition}))
    expect(taskDefinition?.containerDefinitions?.[0]?.environment).toEqual([{name: 'GREETING', value: 'hello-from-env'}])
  }
})
