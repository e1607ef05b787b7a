import {ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListResourceRecordSetsCommand} from '@aws-sdk/client-route-53'
import * as v from 'valibot'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {destroyLoadBalancer, ensureLoadBalancer} from '../../src/elb/elb-v2.js'
import {elbV2Schema} from '../../src/elb/schema.js'
import {runHook} from '../../src/scripts/hooks.js'
import {deployScripts, planScripts, planText} from './support/plan.js'
import {route53Plugin, route53Schema} from '../../src/scripts/route53.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {scriptContext} from './support/context.js'
import {startTestAws, type TestAws} from '../support/local-aws.js'

let env: TestAws
let zoneId: string
let dnsName: string
let canonicalZone: string

const elb = v.parse(elbV2Schema, {
  vpc_id: 'vpc-0a1b2c3d4e5f67890',
  subnets: ['subnet-0a1a', 'subnet-0c1c'],
  security_groups: ['sg-0e0b'],
  listeners: [{port: 80, protocol: 'HTTP'}],
})

beforeEach(async () => {
  env = await startTestAws()
  const zone = await env.clients.route53.send(new CreateHostedZoneCommand({Name: 'example.com', CallerReference: 'test'}))
  zoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '')
  await ensureLoadBalancer({clients: env.clients, reporter: new MemoryReporter(), dryRun: false}, 'hello', elb)
  const lb = Object.values((await env.world()).elbv2.loadBalancers)[0]
  dnsName = lb?.dnsName ?? ''
  canonicalZone = lb?.canonicalHostedZoneId ?? ''
  env.resetCalls()
})

afterEach(async () => {
  await env.close()
})

const options = (extra: object = {}) => v.parse(route53Schema, {type: 'route53', hosted_zone: 'example.com', records: [{name: 'hello.example.com'}], ...extra})

async function record(name: string, type = 'A') {
  const reply = await env.clients.route53.send(
    new ListResourceRecordSetsCommand({HostedZoneId: zoneId, StartRecordName: name, StartRecordType: type as 'A', MaxItems: 1}),
  )
  const first = reply.ResourceRecordSets?.[0]
  return first?.Name === `${name}.` && first.Type === type ? first : undefined
}

function script(extra: object = {}, dryRun = false) {
  const context = scriptContext(env, {dryRun, scheduler: {elb_v2: elb}})
  return {context, script: route53Plugin.create(options(extra), context)}
}

describe('route53 script', () => {
  it('UPSERTs an alias to the load balancer, waits for INSYNC, and writes nothing the second time', async () => {
    const first = script()
    await deployScripts([first.script], [])
    expect(env.writes('route53')).toEqual(['ChangeResourceRecordSets'])
    expect(env.operations()).toContain('GetChange')
    expect((await record('hello.example.com'))?.AliasTarget).toMatchObject({HostedZoneId: canonicalZone, EvaluateTargetHealth: false})
    expect((await record('hello.example.com'))?.AliasTarget?.DNSName?.replace(/\.$/, '')).toBe(dnsName.replace(/\.$/, ''))
    expect(first.context.reporter.messages('info')).toEqual([`Updated Route 53 record hello.example.com. A to ${dnsName}`])

    env.resetCalls()
    const second = script()
    await deployScripts([second.script], [])
    expect(env.writes('route53')).toEqual([])
    expect(second.context.reporter.messages('info')).toEqual(["Route 53 record hello.example.com. A isn't changed"])
  })

  it('writes a CNAME with its TTL', async () => {
    await deployScripts([script({records: [{name: 'www.example.com', type: 'CNAME', ttl: 60}]}).script], [])
    const cname = await record('www.example.com', 'CNAME')
    expect(cname).toMatchObject({TTL: 60, ResourceRecords: [{Value: dnsName}]})
  })

  it('refuses to overwrite a record that points elsewhere, unless told to', async () => {
    await env.clients.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [{Action: 'CREATE', ResourceRecordSet: {Name: 'hello.example.com', Type: 'A', TTL: 300, ResourceRecords: [{Value: '192.0.2.10'}]}}],
        },
      }),
    )
    env.resetCalls()
    await expect(deployScripts([script().script], [])).rejects.toThrow(
      'route53: record hello.example.com. A in zone example.com. points to 192.0.2.10, not to load balancer hako-hello; refusing to overwrite it',
    )
    expect(env.writes('route53')).toEqual([])
    await deployScripts([script({overwrite: true}).script], [])
    expect((await record('hello.example.com'))?.AliasTarget?.HostedZoneId).toBe(canonicalZone)
  })

  it('plans in dry-run without writing', async () => {
    const {context, script: dry} = script({}, true)
    const plan = await planScripts([dry], [])
    expect(env.writes('route53')).toEqual([])
    expect(context.reporter.stdout()).toBe('')
    expect(planText(plan)).toBe(`would UPSERT A hello.example.com. to ${dnsName}\n`)
  })

  it('DELETEs its record on remove, after the load balancer is gone, and leaves foreign records', async () => {
    await deployScripts([script({records: [{name: 'hello.example.com'}, {name: 'api.example.com'}]}).script], [])
    await env.clients.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [{Action: 'UPSERT', ResourceRecordSet: {Name: 'api.example.com', Type: 'A', TTL: 300, ResourceRecords: [{Value: '192.0.2.10'}]}}],
        },
      }),
    )
    env.resetCalls()
    const {context, script: remover} = script({records: [{name: 'hello.example.com'}, {name: 'api.example.com'}]})
    await runHook([remover], 'removeStarting')
    await destroyLoadBalancer({clients: env.clients, reporter: new MemoryReporter(), dryRun: false}, 'hello', elb)
    await runHook([remover], 'afterRemove')
    expect(env.writes('route53')).toEqual(['ChangeResourceRecordSets'])
    expect(await record('hello.example.com')).toBeUndefined()
    expect(await record('api.example.com')).toBeDefined()
    expect(context.reporter.messages('warn')).toEqual([
      'route53: record api.example.com. A points to 192.0.2.10, not to load balancer hako-hello; left as it is',
    ])
  })

  it('names a missing hosted zone and a record outside the zone', async () => {
    await expect(deployScripts([script({hosted_zone: 'missing.test'}).script], [])).rejects.toThrow('route53: hosted zone missing.test. not found')
    await expect(deployScripts([script({records: [{name: 'hello.other.org'}]}).script], [])).rejects.toThrow(
      'route53: record hello.other.org. is not in hosted zone example.com.',
    )
  })

  it('finds the zone by id', async () => {
    await deployScripts([script({hosted_zone: undefined, hosted_zone_id: zoneId}).script], [])
    expect(await record('hello.example.com')).toBeDefined()
  })
})
