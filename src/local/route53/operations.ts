/**
 * Route 53 operations on the world. Each returns the reply body (root element and content);
 * failures throw Route53Error.
 */
import type {LocalContext} from '../types.js'
import {nextId} from '../ids.js'
import {asList, asRecord, asText, isoTime, type XmlObject} from '../xml.js'
import {applyChanges, type Change, compareRecords, recordName, reversedLabels, Route53Error} from './records.js'
import {canonicalName, type HostedZoneState, nameServers, newHostedZone, type RecordSetState} from './state.js'

/** How long a change stays PENDING, in simulated ms. Real Route 53 takes tens of seconds. */
export const CHANGE_PROPAGATION_MS = 5_000

export interface Reply {
  status?: number
  root: string
  body: XmlObject
  headers?: Record<string, string>
}

const bareId = (id: string): string => id.replace(/^\/?(hostedzone|change)\//, '')

function findZone(context: LocalContext, id: string): HostedZoneState {
  const zone = context.world.route53.hostedZones[bareId(id)]
  if (!zone) throw new Route53Error(404, 'NoSuchHostedZone', `No hosted zone found with ID: ${bareId(id)}`)
  return zone
}

function zoneXml(zone: HostedZoneState): XmlObject {
  return {
    Id: `/hostedzone/${zone.id}`,
    Name: zone.name,
    CallerReference: zone.callerReference,
    Config: {Comment: zone.comment, PrivateZone: zone.privateZone},
    ResourceRecordSetCount: zone.records.length,
  }
}

function delegationSet(zone: HostedZoneState): XmlObject {
  return {NameServers: {NameServer: nameServers(zone.id)}}
}

function recordXml(record: RecordSetState): XmlObject {
  return {
    Name: record.name,
    Type: record.type,
    SetIdentifier: record.setIdentifier,
    Weight: record.weight,
    TTL: record.ttl,
    ResourceRecords: record.values ? {ResourceRecord: record.values.map((Value) => ({Value}))} : undefined,
    AliasTarget: record.aliasTarget
      ? {HostedZoneId: record.aliasTarget.hostedZoneId, DNSName: record.aliasTarget.dnsName, EvaluateTargetHealth: record.aliasTarget.evaluateTargetHealth}
      : undefined,
  }
}

function submitChange(context: LocalContext, comment?: string): XmlObject {
  const id = `C${nextId(context.world, 20).toUpperCase()}`
  const submittedAt = context.now()
  context.world.route53.changes[id] = {id, submittedAt, ...(comment === undefined ? {} : {comment})}
  return changeXml(context, id)
}

function changeXml(context: LocalContext, id: string): XmlObject {
  const change = context.world.route53.changes[id]
  if (!change) throw new Route53Error(404, 'NoSuchChange', `A change with the specified change ID does not exist: ${id}`)
  const status = context.now() - change.submittedAt >= CHANGE_PROPAGATION_MS ? 'INSYNC' : 'PENDING'
  return {Id: `/change/${change.id}`, Status: status, SubmittedAt: isoTime(change.submittedAt), Comment: change.comment}
}

function maxItems(query: URLSearchParams): number {
  const raw = query.get('maxitems')
  const value = raw === null ? 100 : Number(raw)
  if (!Number.isInteger(value) || value < 1)
    throw new Route53Error(
      400,
      'InvalidInput',
      `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must be a positive integer`,
    )
  return Math.min(value, 300)
}

export function createHostedZone(body: Record<string, unknown>, context: LocalContext): Reply {
  const request = asRecord(body.CreateHostedZoneRequest)
  const name = asText(request.Name) ?? ''
  const callerReference = asText(request.CallerReference) ?? ''
  if (callerReference === '')
    throw new Route53Error(
      400,
      'InvalidInput',
      "Invalid XML ; cvc-complex-type.2.4.b: The content of element 'CreateHostedZoneRequest' is not complete. One of '{CallerReference}' is expected.",
    )
  if (!/^([a-z0-9_*]([a-z0-9-_]{0,61}[a-z0-9_])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i.test(name) || name.length > 1024) {
    throw new Route53Error(400, 'InvalidDomainName', `${name} is not a valid domain name.`)
  }
  const zones = Object.values(context.world.route53.hostedZones)
  if (zones.some((zone) => zone.callerReference === callerReference)) {
    throw new Route53Error(409, 'HostedZoneAlreadyExists', `A hosted zone has already been created with the specified caller reference.`)
  }
  const config = asRecord(request.HostedZoneConfig)
  const comment = asText(config.Comment)
  const zone = newHostedZone(context.world, name, callerReference, {
    ...(comment === undefined ? {} : {comment}),
    privateZone: asText(config.PrivateZone) === 'true' || request.VPC !== undefined,
  })
  return {
    status: 201,
    root: 'CreateHostedZoneResponse',
    headers: {location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${zone.id}`},
    body: {HostedZone: zoneXml(zone), ChangeInfo: submitChange(context), DelegationSet: delegationSet(zone)},
  }
}

export function getHostedZone(id: string, context: LocalContext): Reply {
  const zone = findZone(context, id)
  return {root: 'GetHostedZoneResponse', body: {HostedZone: zoneXml(zone), DelegationSet: delegationSet(zone)}}
}

export function listHostedZones(query: URLSearchParams, context: LocalContext): Reply {
  const limit = maxItems(query)
  const zones = Object.values(context.world.route53.hostedZones)
  const marker = query.get('marker')
  const start = marker === null ? 0 : zones.findIndex((zone) => zone.id === bareId(marker))
  if (start < 0) throw new Route53Error(400, 'InvalidInput', `The marker ${marker} is not valid.`)
  const page = zones.slice(start, start + limit)
  const next = zones[start + limit]
  return {
    root: 'ListHostedZonesResponse',
    body: {
      HostedZones: {HostedZone: page.map(zoneXml)},
      Marker: marker ?? undefined,
      IsTruncated: next !== undefined,
      NextMarker: next?.id,
      MaxItems: limit,
    },
  }
}

export function listHostedZonesByName(query: URLSearchParams, context: LocalContext): Reply {
  const limit = maxItems(query)
  const dnsName = query.get('dnsname')
  const startId = query.get('hostedzoneid')
  if (startId !== null && dnsName === null) throw new Route53Error(400, 'InvalidInput', 'The DNSName must be specified when the HostedZoneId is specified.')
  const ordered = Object.values(context.world.route53.hostedZones).sort(
    (a, b) => compareRecords({name: a.name, type: ''}, {name: b.name, type: ''}) || (a.id < b.id ? -1 : 1),
  )
  const from = dnsName === null ? '' : reversedLabels(canonicalName(dnsName))
  const zones = ordered.filter((zone) => {
    const key = reversedLabels(zone.name)
    if (key.localeCompare(from, 'en') < 0) return false
    return !(startId !== null && key === from && zone.id < bareId(startId))
  })
  const page = zones.slice(0, limit)
  const next = zones[limit]
  return {
    root: 'ListHostedZonesByNameResponse',
    body: {
      HostedZones: {HostedZone: page.map(zoneXml)},
      DNSName: dnsName === null ? undefined : canonicalName(dnsName),
      HostedZoneId: startId === null ? undefined : bareId(startId),
      IsTruncated: next !== undefined,
      NextDNSName: next?.name,
      NextHostedZoneId: next?.id,
      MaxItems: limit,
    },
  }
}

export function deleteHostedZone(id: string, context: LocalContext): Reply {
  const zone = findZone(context, id)
  if (zone.records.some((r) => !((r.type === 'SOA' || r.type === 'NS') && r.name === zone.name))) {
    throw new Route53Error(400, 'HostedZoneNotEmpty', 'The specified hosted zone contains non-required resource record sets and so cannot be deleted.')
  }
  delete context.world.route53.hostedZones[zone.id]
  return {root: 'DeleteHostedZoneResponse', body: {ChangeInfo: submitChange(context)}}
}

function parseRecord(raw: Record<string, unknown>): RecordSetState {
  const alias = raw.AliasTarget === undefined ? undefined : asRecord(raw.AliasTarget)
  const ttl = asText(raw.TTL)
  const values = asList(asRecord(raw.ResourceRecords).ResourceRecord).map((r) => asText(asRecord(r).Value) ?? '')
  const setIdentifier = asText(raw.SetIdentifier)
  const weight = asText(raw.Weight)
  return {
    name: recordName(asText(raw.Name) ?? ''),
    type: asText(raw.Type) ?? '',
    ...(ttl === undefined ? {} : {ttl: Number(ttl)}),
    ...(raw.ResourceRecords === undefined ? {} : {values}),
    ...(alias
      ? {
          aliasTarget: {
            hostedZoneId: asText(alias.HostedZoneId) ?? '',
            dnsName: recordName(asText(alias.DNSName) ?? ''),
            evaluateTargetHealth: asText(alias.EvaluateTargetHealth) === 'true',
          },
        }
      : {}),
    ...(setIdentifier === undefined ? {} : {setIdentifier}),
    ...(weight === undefined ? {} : {weight: Number(weight)}),
  }
}

export function changeResourceRecordSets(id: string, body: Record<string, unknown>, context: LocalContext): Reply {
  const zone = findZone(context, id)
  const batch = asRecord(asRecord(body.ChangeResourceRecordSetsRequest).ChangeBatch)
  const changes: Change[] = asList(asRecord(batch.Changes).Change).map((raw) => {
    const change = asRecord(raw)
    return {action: asText(change.Action) ?? '', record: parseRecord(asRecord(change.ResourceRecordSet))}
  })
  if (changes.length === 0)
    throw new Route53Error(400, 'InvalidInput', "Invalid XML ; cvc-complex-type.2.4.b: The content of element 'Changes' is not complete.")
  zone.records = applyChanges(zone.records, changes, zone.name)
  return {root: 'ChangeResourceRecordSetsResponse', body: {ChangeInfo: submitChange(context, asText(batch.Comment))}}
}

export function listResourceRecordSets(id: string, query: URLSearchParams, context: LocalContext): Reply {
  const zone = findZone(context, id)
  const limit = maxItems(query)
  const name = query.get('name')
  const type = query.get('type')
  const identifier = query.get('identifier')
  if (type !== null && name === null) throw new Route53Error(400, 'InvalidInput', 'The input is not valid: StartRecordType requires StartRecordName.')
  const start = name === null ? undefined : {name: recordName(name), type: type ?? '', ...(identifier === null ? {} : {setIdentifier: identifier})}
  const records = [...zone.records].sort(compareRecords).filter((r) => start === undefined || compareRecords(r, start) >= 0)
  const page = records.slice(0, limit)
  const next = records[limit]
  return {
    root: 'ListResourceRecordSetsResponse',
    body: {
      ResourceRecordSets: {ResourceRecordSet: page.map(recordXml)},
      IsTruncated: next !== undefined,
      NextRecordName: next?.name,
      NextRecordType: next?.type,
      NextRecordIdentifier: next?.setIdentifier,
      MaxItems: limit,
    },
  }
}

export function getChange(id: string, context: LocalContext): Reply {
  return {root: 'GetChangeResponse', body: {ChangeInfo: changeXml(context, bareId(id))}}
}
