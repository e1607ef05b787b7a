/**
 * DescribeInstances: by `InstanceId.N` (every id must exist, as on AWS), by filters
 * (`instance-id`, `instance-state-name`, `instance-type`, `availability-zone`, `tag-key`,
 * `tag:<key>`; values ORed, filters ANDed), with MaxResults/NextToken paging.
 */
import {integer, QueryError, type QueryInput, type QueryValue, record, text} from '../query-form.js'
import {LOCAL_ACCOUNT_ID, type LocalContext} from '../types.js'
import {isoTime, type XmlObject} from '../xml.js'
import {type Ec2Instance, instancesIn, STATE_CODES} from './instances.js'

/** ec2Query writes lists as `Name.1`, `Name.2`: the parsed form has them as a numbered object. */
export function numbered(value: QueryValue | undefined): QueryValue[] {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return []
  return Object.keys(value)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => value[key] as QueryValue)
}

function numberedStrings(value: QueryValue | undefined): string[] {
  return numbered(value).filter((v): v is string => typeof v === 'string')
}

interface Filter {
  name: string
  values: string[]
}

function filtersOf(input: QueryInput): Filter[] {
  return numbered(input.Filter).map((entry) => {
    const filter = record(entry)
    return {name: text(filter.Name) ?? '', values: numberedStrings(filter.Value)}
  })
}

const FILTERS: Record<string, (instance: Ec2Instance) => string[]> = {
  'instance-id': (i) => [i.instanceId],
  'instance-state-name': (i) => [i.state],
  'instance-type': (i) => [i.instanceType],
  'availability-zone': (i) => [i.zone],
  'tag-key': (i) => i.tags.map((t) => t.key),
}

function valuesOf(instance: Ec2Instance, name: string): string[] {
  if (name.startsWith('tag:')) return instance.tags.filter((t) => t.key === name.slice(4)).map((t) => t.value)
  const read = FILTERS[name]
  if (!read) throw new QueryError('InvalidParameterValue', `The filter '${name}' is invalid`)
  return read(instance)
}

/** EC2 filter values may hold `*` and `?` wildcards. */
function matchesValue(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${source}$`).test(value)
}

function matches(instance: Ec2Instance, filters: Filter[]): boolean {
  return filters.every((filter) => {
    const values = valuesOf(instance, filter.name)
    return filter.values.some((pattern) => values.some((value) => matchesValue(pattern, value)))
  })
}

function missing(ids: string[]): QueryError {
  const list = ids.map((id) => id).join(', ')
  return new QueryError('InvalidInstanceID.NotFound', ids.length > 1 ? `The instance IDs '${list}' do not exist` : `The instance ID '${list}' does not exist`)
}

/** A private address that stays the same for an instance (10.0.x.y from its id). */
function privateIp(instanceId: string): string {
  let hash = 0
  for (const char of instanceId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return `10.0.${(hash >>> 8) % 256}.${(hash % 254) + 1}`
}

function instanceXml(instance: Ec2Instance, index: number, region: string): XmlObject {
  const ip = privateIp(instance.instanceId)
  const dns = `ip-${ip.replace(/\./g, '-')}.${region}.compute.internal`
  const running = instance.state !== 'shutting-down'
  return {
    instanceId: instance.instanceId,
    imageId: 'ami-0a1b2c3d4e5f60718',
    instanceState: {code: STATE_CODES[instance.state], name: instance.state},
    privateDnsName: running ? dns : '',
    dnsName: '',
    amiLaunchIndex: index,
    instanceType: instance.instanceType,
    launchTime: isoTime(instance.launchedAt),
    placement: {availabilityZone: instance.zone, groupName: '', tenancy: 'default'},
    monitoring: {state: 'disabled'},
    ...(running ? {privateIpAddress: ip} : {}),
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    virtualizationType: 'hvm',
    hypervisor: 'xen',
    ...(instance.tags.length > 0 ? {tagSet: {item: instance.tags.map((tag) => ({key: tag.key, value: tag.value}))}} : {}),
  }
}

function pageOf(items: Ec2Instance[], input: QueryInput, byId: boolean): {page: Ec2Instance[]; nextToken?: string} {
  const size = integer(input.MaxResults, 'MaxResults')
  const token = text(input.NextToken)
  if (size === undefined && token === undefined) return {page: items}
  if (byId && size !== undefined) throw new QueryError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults')
  if (size !== undefined && (size < 5 || size > 1000))
    throw new QueryError('InvalidParameterValue', `Value ( ${size} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`)
  const offset = token === undefined ? 0 : Number(Buffer.from(token, 'base64').toString('utf8'))
  if (!Number.isInteger(offset) || offset < 0) throw new QueryError('InvalidParameterValue', `Invalid NextToken: ${token}`)
  const limit = size ?? 1000
  const page = items.slice(offset, offset + limit)
  return offset + limit < items.length ? {page, nextToken: Buffer.from(String(offset + limit)).toString('base64')} : {page}
}

export function describeInstances(input: QueryInput, context: LocalContext): XmlObject {
  const ids = numberedStrings(input.InstanceId)
  const malformed = ids.find((id) => !/^i-[0-9a-f]{8,17}$/.test(id))
  if (malformed !== undefined) throw new QueryError('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`)
  const filters = filtersOf(input)
  const all = instancesIn(context.world, context.region)
  let chosen = all
  if (ids.length > 0) {
    const known = new Map(all.map((instance) => [instance.instanceId, instance]))
    const absent = ids.filter((id) => !known.has(id))
    if (absent.length > 0) throw missing(absent)
    const wanted = new Set(ids)
    chosen = all.filter((instance) => wanted.has(instance.instanceId))
  }
  chosen = chosen.filter((instance) => matches(instance, filters))
  const {page, nextToken} = pageOf(chosen, input, ids.length > 0)
  // One launch, one reservation: each instance here was launched on its own.
  const reservations = page.map((instance) => ({
    reservationId: `r-${instance.instanceId.slice(2)}`,
    ownerId: LOCAL_ACCOUNT_ID,
    ...(instance.group ? {requesterId: '940372691376'} : {}),
    groupSet: {},
    instancesSet: {item: [instanceXml(instance, 0, context.region)]},
  }))
  return {reservationSet: {item: reservations}, ...(nextToken ? {nextToken} : {})}
}
