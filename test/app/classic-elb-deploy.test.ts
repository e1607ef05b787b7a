/**
 * A classic load balancer (`scheduler.elb`) through the deploy: created before the service, the
 * service attached by name, a listener change updates only that, `remove` deletes it. And the
 * fixed front ports of `dynamic_port_mapping: false`: two apps on one cluster get different ports,
 * kept on redeploy.
 */
import {copyFileSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {DescribeLoadBalancersCommand} from '@aws-sdk/client-elastic-load-balancing'
import {DescribeServicesCommand, DescribeTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {remove} from '../../src/app/remove.js'
import {ensureBucket} from '../../src/local/s3/state.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {deployed} from '../support/deploy.js'
import {REGION} from '../support/local-aws.js'

let env: TestApp
let dir: string

beforeEach(async () => {
  env = await startTestApp({clusters: ['classic', 'shared']})
  dir = mkdtempSync(join(tmpdir(), 'hako-classic-'))
})

afterEach(async () => {
  await env.close()
})

const aws = () => env.deps.aws(REGION)
const classicFile = (edit: (text: string) => string = (t) => t): string => {
  const file = join(dir, 'classic.jsonnet')
  writeFileSync(file, edit(readFileSync('test/fixtures/elb-classic/classic.jsonnet', 'utf8')))
  return file
}
const listenerPorts = async (): Promise<number[]> => {
  const out = await aws().elb.send(new DescribeLoadBalancersCommand({LoadBalancerNames: ['hako-classic']}))
  return (out.LoadBalancerDescriptions?.[0]?.ListenerDescriptions ?? []).map((l) => l.Listener?.LoadBalancerPort ?? 0).sort((a, b) => a - b)
}

describe('scheduler.elb through deploy and remove', () => {
  it('creates the load balancer, attaches the service by name, updates one listener, and remove deletes it', async () => {
    await deployed(env, classicFile())
    const service = (await aws().ecs.send(new DescribeServicesCommand({cluster: 'classic', services: ['classic']}))).services?.[0]
    expect(service?.loadBalancers).toEqual([{loadBalancerName: 'hako-classic', containerName: 'front', containerPort: 80}])
    expect(await listenerPorts()).toEqual([80, 8080])

    await env.renew()
    const before = env.writeCount()
    expect((await deployed(env, classicFile())).outcome).toBe('unchanged')
    expect(env.writeCount()).toBe(before)

    await env.renew()
    env.local.resetCalls()
    const changed = await deployed(
      env,
      classicFile((t) => t.replace("{ protocol: 'TCP', load_balancer_port: 8080 },", "{ protocol: 'TCP', load_balancer_port: 8443 },")),
    )
    expect(changed.actions.map((a) => a.kind)).toEqual(['classic-load-balancer', 'classic-load-balancer'])
    expect(
      env.local
        .calls()
        .filter((c) => c.service === 'elb' && !/^Describe/.test(c.operation))
        .map((c) => c.operation)
        .sort(),
    ).toEqual(['CreateLoadBalancerListeners', 'DeleteLoadBalancerListeners'])
    expect(env.local.calls().filter((c) => c.service === 'ecs' && /^(Update|Create|Register)/.test(c.operation))).toEqual([])
    expect(await listenerPorts()).toEqual([80, 8443])

    await env.renew()
    await remove(env.deps, {file: classicFile(), dryRun: false})
    await expect(aws().elb.send(new DescribeLoadBalancersCommand({LoadBalancerNames: ['hako-classic']}))).rejects.toThrow(
      /There is no ACTIVE Load Balancer named 'hako-classic'/,
    )
  })
})

describe('dynamic_port_mapping: false', () => {
  function app(name: string): string {
    const file = join(dir, `${name}.jsonnet`)
    copyFileSync('examples/hello.env', join(dir, 'hello.env'))
    writeFileSync(
      file,
      JSON.stringify({
        scheduler: {type: 'ecs', region: REGION, cluster: 'shared', desired_count: 1, dynamic_port_mapping: false},
        app: {image: 'ryotarai/hello-sinatra', memory: 128, port_mappings: [{container_port: 3000}]},
        sidecars: {front: {image_tag: 'nginx:1.27', memory: 64}},
        scripts: [{type: 'nginx_front', s3: {region: REGION, bucket: 'fronts', prefix: 'conf'}, backend_port: 3000}],
      }),
    )
    return file
  }
  const frontHostPort = async (family: string): Promise<number | undefined> => {
    const td = await aws().ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: family}))
    return td.taskDefinition?.containerDefinitions?.find((c) => c.name === 'front')?.portMappings?.[0]?.hostPort
  }

  it('gives two apps on one cluster different fixed front ports, which stay on redeploy', async () => {
    await env.local.mutate((world) => {
      ensureBucket(world, 'fronts', REGION)
    })
    await deployed(env, app('one'))
    await env.renew()
    await deployed(env, app('two'))
    const one = await frontHostPort('one')
    const two = await frontHostPort('two')
    expect(one).toBe(10000)
    expect(two).toBe(10001)

    await env.renew()
    const before = env.writeCount()
    expect((await deployed(env, app('one'))).outcome).toBe('unchanged')
    expect((await deployed(env, app('two'))).outcome).toBe('unchanged')
    expect(env.writeCount()).toBe(before)
  })
})
