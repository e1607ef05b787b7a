import {
  ChangeResourceRecordSetsCommand,
  type ChangeAction,
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  HostedZoneNotEmpty,
  InvalidChangeBatch,
  InvalidInput,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  NoSuchHostedZone,
  type ResourceRecordSet,
  Route53Client,
  paginateListHostedZones,
} from '@aws-sdk/client-route-53'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {route53Service} from '../../src/local/route53/index.js'
import {CHANGE_PROPAGATION_MS} from '../../src/local/route53/operations.js'
import {compareRecords, recordName} from '../../src/local/route53/records.js'
import {emptyRoute53State, ensureHostedZone} from '../../src/local/route53/state.js'
import {type ServiceHarness, startServiceHarness} from './support/service-harness.js'
import {CREDENTIALS} from '../support/local-aws.js'

let harness: ServiceHarness
let route53: Route53Client

beforeAll(async () => {
  harness = await startServiceHarness([route53Service])
  route53 = new Route53Client({region: 'us-east-1', endpoint: harness.endpoint, credentials: CREDENTIALS, maxAttempts: 1})
})
afterAll(async () => {
  route53.destroy()
  await harness.close()
})
beforeEach(() => {
  harness.world.route53 = emptyRoute53State()
})

async function createZone(name: string): Promise<string> {
  const created = await route53.send(new CreateHostedZoneCommand({Name: name, CallerReference: `ref-${name}`}))
  return created.HostedZone?.Id ?? ''
}

function change(zoneId: string, Action: ChangeAction, ResourceRecordSet: ResourceRecordSet) {
  return route53.send(new ChangeResourceRecordSetsCommand({HostedZoneId: zoneId, ChangeBatch: {Changes: [{Action, ResourceRecordSet}]}}))
}

const alias = {HostedZoneId: 'Z14GRHDCWA56QT', DNSName: 'hako-web-1234.ap-northeast-1.elb.amazonaws.com', EvaluateTargetHealth: true}

describe('hosted zones', () => {
  it('creates a zone with SOA and NS records, a delegation set and a change', async () => {
    const created = await route53.send(new CreateHostedZoneCommand({Name: 'example.com', CallerReference: 'r1', HostedZoneConfig: {Comment: 'demo'}}))
    expect(created.HostedZone).toMatchObject({Name: 'example.com.', Config: {Comment: 'demo', PrivateZone: false}, ResourceRecordSetCount: 2})
    expect(created.HostedZone?.Id).toMatch(/^\/hostedzone\/Z[0-9A-Z]+$/)
    expect(created.DelegationSet?.NameServers).toHaveLength(4)
    expect(created.ChangeInfo?.Status).toBe('PENDING')
    expect(created.Location).toContain(created.HostedZone?.Id)

    const got = await route53.send(new GetHostedZoneCommand({Id: created.HostedZone?.Id}))
    expect(got.HostedZone?.Name).toBe('example.com.')
    const records = await route53.send(new ListResourceRecordSetsCommand({HostedZoneId: created.HostedZone?.Id}))
    expect(records.ResourceRecordSets?.map((r) => [r.Name, r.Type])).toEqual([
      ['example.com.', 'NS'],
      ['example.com.', 'SOA'],
    ])
    await expect(route53.send(new CreateHostedZoneCommand({Name: 'example.com', CallerReference: 'r1'}))).rejects.toThrow(/caller reference/)
  })

  it('lists zones page by page and by name in label order', async () => {
    for (const name of ['b.example.com', 'a.example.org', 'example.com', 'z.example.com']) await createZone(name)
    const pages: number[] = []
    for await (const page of paginateListHostedZones({client: route53, pageSize: 3}, {})) pages.push(page.HostedZones?.length ?? 0)
    expect(pages).toEqual([3, 1])

    const byName = await route53.send(new ListHostedZonesByNameCommand({}))
    expect(byName.HostedZones?.map((z) => z.Name)).toEqual(['example.com.', 'b.example.com.', 'z.example.com.', 'a.example.org.'])
    const fromB = await route53.send(new ListHostedZonesByNameCommand({DNSName: 'b.example.com', MaxItems: 2}))
    expect(fromB.HostedZones?.map((z) => z.Name)).toEqual(['b.example.com.', 'z.example.com.'])
    expect(fromB).toMatchObject({IsTruncated: true, NextDNSName: 'a.example.org.', DNSName: 'b.example.com.'})
  })

  it('raises NoSuchHostedZone and HostedZoneNotEmpty, and deletes an empty zone', async () => {
    await expect(route53.send(new GetHostedZoneCommand({Id: 'ZNOPE'}))).rejects.toBeInstanceOf(NoSuchHostedZone)
    await expect(route53.send(new GetHostedZoneCommand({Id: 'ZNOPE'}))).rejects.toThrow('No hosted zone found with ID: ZNOPE')
    const id = await createZone('example.com')
    await change(id, 'CREATE', {Name: 'www.example.com', Type: 'A', TTL: 60, ResourceRecords: [{Value: '10.0.0.1'}]})
    await expect(route53.send(new DeleteHostedZoneCommand({Id: id}))).rejects.toBeInstanceOf(HostedZoneNotEmpty)
    await change(id, 'DELETE', {Name: 'www.example.com', Type: 'A', TTL: 60, ResourceRecords: [{Value: '10.0.0.1'}]})
    const deleted = await route53.send(new DeleteHostedZoneCommand({Id: id}))
    expect(deleted.ChangeInfo?.Status).toBe('PENDING')
    await expect(route53.send(new ListResourceRecordSetsCommand({HostedZoneId: id}))).rejects.toBeInstanceOf(NoSuchHostedZone)
  })

  it('ensureHostedZone finds a zone by name or creates it once', () => {
    const first = ensureHostedZone(harness.world, 'Example.com')
    expect(first.created).toBe(true)
    expect(ensureHostedZone(harness.world, 'example.com.')).toEqual({id: first.id, created: false})
    expect(harness.world.route53.hostedZones[first.id]?.records.map((r) => r.type)).toEqual(['NS', 'SOA'])
  })
})

describe('record sets', () => {
  it('UPSERTs an alias record to a load balancer and lists it', async () => {
    const id = await createZone('example.com')
    const upsert = await change(id, 'UPSERT', {Name: 'web.example.com', Type: 'A', AliasTarget: alias})
    expect(upsert.ChangeInfo?.Id).toMatch(/^\/change\/C/)
    const list = await route53.send(new ListResourceRecordSetsCommand({HostedZoneId: id, StartRecordName: 'web.example.com', StartRecordType: 'A'}))
    expect(list.ResourceRecordSets?.[0]).toEqual({
      Name: 'web.example.com.',
      Type: 'A',
      AliasTarget: {...alias, DNSName: `${alias.DNSName}.`},
    })
    await change(id, 'UPSERT', {Name: 'web.example.com', Type: 'A', AliasTarget: {...alias, DNSName: 'other.elb.amazonaws.com'}})
    const again = await route53.send(new ListResourceRecordSetsCommand({HostedZoneId: id}))
    expect(again.ResourceRecordSets?.filter((r) => r.Type === 'A').map((r) => r.AliasTarget?.DNSName)).toEqual(['other.elb.amazonaws.com.'])
  })

  it('rejects CREATE of an existing record and DELETE of a missing or different one with AWS messages', async () => {
    const id = await createZone('example.com')
    const record: ResourceRecordSet = {Name: 'api.example.com', Type: 'CNAME', TTL: 300, ResourceRecords: [{Value: 'target.example.net'}]}
    await change(id, 'CREATE', record)
    await expect(change(id, 'CREATE', record)).rejects.toBeInstanceOf(InvalidChangeBatch)
    await expect(change(id, 'CREATE', record)).rejects.toThrow(
      "[Tried to create resource record set [name='api.example.com.', type='CNAME'] but it already exists]",
    )
    await expect(change(id, 'DELETE', {...record, Name: 'nope.example.com'})).rejects.toThrow(
      "[Tried to delete resource record set [name='nope.example.com.', type='CNAME'] but it was not found]",
    )
    await expect(change(id, 'DELETE', {...record, TTL: 60})).rejects.toThrow('but the values provided do not match the current values')
    await expect(change(id, 'CREATE', {Name: 'www.other.org', Type: 'A', TTL: 60, ResourceRecords: [{Value: '10.0.0.1'}]})).rejects.toBeInstanceOf(InvalidInput)
    await expect(change(id, 'CREATE', {Name: 'x.example.com', Type: 'A', TTL: 60, ResourceRecords: [{Value: '999.0.0.1'}]})).rejects.toThrow(
      'ARRDATAIllegalIPv4Address',
    )
  })

  it('applies a batch all or nothing', async () => {
    const id = await createZone('example.com')
    const ok: ResourceRecordSet = {Name: 'a.example.com', Type: 'A', TTL: 60, ResourceRecords: [{Value: '10.0.0.1'}]}
    await expect(
      route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: id,
          ChangeBatch: {
            Changes: [
              {Action: 'CREATE', ResourceRecordSet: ok},
              {Action: 'DELETE', ResourceRecordSet: {...ok, Name: 'missing.example.com'}},
            ],
          },
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidChangeBatch)
    const list = await route53.send(new ListResourceRecordSetsCommand({HostedZoneId: id}))
    expect(list.ResourceRecordSets?.map((r) => r.Type)).toEqual(['NS', 'SOA'])
  })

  it('pages ListResourceRecordSets with StartRecordName/Type', async () => {
    const id = await createZone('example.com')
    for (const name of ['c', 'a', 'b']) await change(id, 'CREATE', {Name: `${name}.example.com`, Type: 'TXT', TTL: 60, ResourceRecords: [{Value: `"${name}"`}]})
    const seen: string[] = []
    let start: {StartRecordName?: string; StartRecordType?: 'TXT'} = {}
    for (;;) {
      const page = await route53.send(new ListResourceRecordSetsCommand({HostedZoneId: id, MaxItems: 2, ...start}))
      seen.push(...(page.ResourceRecordSets?.map((r) => `${r.Name} ${r.Type}`) ?? []))
      if (!page.IsTruncated) break
      start = {StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType as 'TXT'}
    }
    expect(seen).toEqual(['example.com. NS', 'example.com. SOA', 'a.example.com. TXT', 'b.example.com. TXT', 'c.example.com. TXT'])
  })

  it('reports a change PENDING, then INSYNC once simulated time has passed', async () => {
    const id = await createZone('example.com')
    const submitted = await change(id, 'UPSERT', {Name: 'web.example.com', Type: 'A', AliasTarget: alias})
    const changeId = submitted.ChangeInfo?.Id
    expect((await route53.send(new GetChangeCommand({Id: changeId}))).ChangeInfo?.Status).toBe('PENDING')
    harness.advance(CHANGE_PROPAGATION_MS)
    const later = await route53.send(new GetChangeCommand({Id: changeId}))
    expect(later.ChangeInfo?.Status).toBe('INSYNC')
    expect(later.ChangeInfo?.SubmittedAt?.getTime()).toBe(harness.now - CHANGE_PROPAGATION_MS)
    await expect(route53.send(new GetChangeCommand({Id: 'CNOPE'}))).rejects.toThrow(/does not exist/)
  })
})

describe('record names', () => {
  it('normalises names and orders them by labels from the right', () => {
    expect(recordName('*.Example.com')).toBe('\\052.example.com.')
    const names = ['www.example.com.', 'example.com.', 'a.example.org.', 'api.example.com.']
    expect([...names].sort((a, b) => compareRecords({name: a, type: 'A'}, {name: b, type: 'A'}))).toEqual([
      'example.com.',
      'api.example.com.',
      'www.example.com.',
      'a.example.org.',
    ])
  })
})
