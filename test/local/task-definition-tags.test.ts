/**
 * Tags on RegisterTaskDefinition cost an extra IAM permission (ecs:TagResource), so a deploy of a
 * definition without scheduler.tags must send none; checked in the local AWS's call log.
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {RegisterTaskDefinitionCommand, type RegisterTaskDefinitionCommandInput} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {startTestApp, type TestApp} from '../support/app.js'
import {deployed, SIMPLE} from '../support/deploy.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['simple']})
})

afterEach(async () => {
  await env.close()
})

const registrations = () => env.local.calls().filter((call) => call.operation === 'RegisterTaskDefinition')

describe('task-definition tags on deploy', () => {
  it('sends no tags and no TagResource when scheduler.tags is unset', async () => {
    await deployed(env, SIMPLE)
    const [register, ...more] = registrations()
    expect(more).toEqual([])
    expect(register?.input).not.toHaveProperty('tags')
    expect(env.local.count({operation: 'TagResource'})).toBe(0)
  })

  it('treats a revision an earlier version registered with only hako:version as unchanged', async () => {
    await deployed(env, SIMPLE)
    const [first] = registrations()
    const input = first?.input as RegisterTaskDefinitionCommandInput
    await env.deps.aws('ap-northeast-1').ecs.send(new RegisterTaskDefinitionCommand({...input, tags: [{key: 'hako:version', value: '0.0.1'}]}))
    env.local.resetCalls()
    await deployed(env, SIMPLE)
    expect(registrations()).toEqual([])
  })

  it('sends scheduler.tags (with the version tag beside them) on RegisterTaskDefinition itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hako-tags-'))
    const file = join(dir, 'tagged.jsonnet')
    writeFileSync(
      file,
      JSON.stringify({
        scheduler: {type: 'ecs', region: 'ap-northeast-1', cluster: 'simple', desired_count: 1, tags: {team: 'web', tier: 3}},
        app: {image: 'example/simple', tag: 'v1', cpu: 128, memory: 128},
      }),
    )
    await deployed(env, file)
    expect(registrations().map((call) => (call.input as {tags?: unknown}).tags)).toEqual([
      [
        {key: 'team', value: 'web'},
        {key: 'tier', value: '3'},
        {key: 'hako:version', value: 'test'},
      ],
    ])
    expect(env.local.count({operation: 'TagResource'})).toBe(0)
  })
})
