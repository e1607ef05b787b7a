import {CreateBucketCommand, GetObjectCommand, PutObjectCommand} from '@aws-sdk/client-s3'
import * as v from 'valibot'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {runHook} from '../../src/scripts/hooks.js'
import {deployScripts, planScripts, planText} from './support/plan.js'
import {nginxFrontPlugin, nginxFrontSchema} from '../../src/scripts/nginx-front.js'
import {container} from './support/containers.js'
import {scriptContext} from './support/context.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'

let env: TestAws

beforeEach(async () => {
  env = await startTestAws()
  await env.clients.s3('ap-northeast-1').send(new CreateBucketCommand({Bucket: 'nanika', CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1'}}))
  env.resetCalls()
})

afterEach(async () => {
  await env.close()
})

const options = v.parse(nginxFrontSchema, {
  type: 'nginx_front',
  s3: {region: 'ap-northeast-1', bucket: 'nanika', prefix: 'hako/front_config'},
  backend_port: 3000,
})
const key = 'hako/front_config/hello.conf'

async function stored(): Promise<string | undefined> {
  try {
    const object = await env.clients.s3('ap-northeast-1').send(new GetObjectCommand({Bucket: 'nanika', Key: key}))
    return object.Body?.transformToString()
  } catch {
    return undefined
  }
}

async function deploy(dryRun = false) {
  const context = scriptContext(env, {dryRun})
  const script = nginxFrontPlugin.create(options, context)
  const containers = [container('app'), container('front')]
  const plan = dryRun ? await planScripts([script], containers, {frontPort: 10000}) : await deployScripts([script], containers, {frontPort: 10000})
  return {script, context, containers, plan}
}

describe('nginx_front on S3', () => {
  it('uploads the configuration once and not again when it is identical', async () => {
    const {context, containers} = await deploy()
    expect(env.writes('s3')).toEqual(['PutObject'])
    expect(await stored()).toContain('proxy_pass http://backend:3000;')
    expect(context.reporter.messages('info')).toEqual(['Uploaded front configuration to s3://nanika/hako/front_config/hello.conf'])
    expect(containers[1]?.env.S3_CONFIG_KEY).toBe(key)

    env.resetCalls()
    const second = await deploy()
    expect(env.writes('s3')).toEqual([])
    expect(second.context.reporter.messages('info')).toEqual(["Front configuration s3://nanika/hako/front_config/hello.conf isn't changed"])
  })

  it('prints the configuration in dry-run when it would change, reading only', async () => {
    const {plan} = await deploy(true)
    expect(env.operations()).toEqual(['GetObject'])
    expect(plan.actions).toMatchObject([{kind: 'front-config', change: 'create', resource: 's3://nanika/hako/front_config/hello.conf'}])
    expect(planText(plan)).toMatch(
      /^--- \(no object\)\n\+\+\+ s3:\/\/nanika\/hako\/front_config\/hello.conf \(nginx_front\)\n@@ -0,0 \+1,\d+ @@\n\+server \{\n\+ {2}listen 80;\n/,
    )
  })

  it('prints nothing in dry-run when the stored configuration is already the same', async () => {
    await deploy()
    env.resetCalls()
    const {context, plan} = await deploy(true)
    expect(env.operations()).toEqual(['GetObject'])
    expect(planText(plan)).toBe('')
    expect(context.reporter.messages('info')).toEqual(["Front configuration s3://nanika/hako/front_config/hello.conf isn't changed"])
  })

  it('restores the previous configuration when the deploy fails', async () => {
    await env.clients.s3('ap-northeast-1').send(new PutObjectCommand({Bucket: 'nanika', Key: key, Body: 'previous config\n'}))
    const {script, containers} = await deploy()
    expect(await stored()).toContain('listen 80;')
    await runHook([script], 'deployFailed', containers, {taskIds: ['t1']})
    expect(await stored()).toBe('previous config\n')
    env.resetCalls()
    await runHook([script], 'rollbackStarting')
    expect(env.writes('s3')).toEqual([])
  })

  it('deletes the object on failure when there was none before', async () => {
    const {script, containers} = await deploy()
    await runHook([script], 'deployFailed', containers, {taskIds: []})
    expect(await stored()).toBeUndefined()
  })
})
