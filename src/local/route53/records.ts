/**
 * Record-set rules of Route 53 as pure functions: name ordering, change validation and the
 * atomic application of a change batch with AWS's InvalidChangeBatch messages.
 */
import type {RecordSetState} from './state.js'

export const RECORD_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT']

export class Route53Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** Route 53 writes `*` as `\052` and keeps names lower case with a trailing dot. */
export function recordName(name: string): string {
  const lower = name.toLowerCase().replace(/\*/g, '\\052')
  return lower.endsWith('.') ? lower : `${lower}.`
}

/** Route 53 lists names by their labels right to left: `com.example.www`. */
export function reversedLabels(name: string): string {
  return name.replace(/\.$/, '').split('.').reverse().join('.')
}

export function compareRecords(a: Pick<RecordSetState, 'name' | 'type' | 'setIdentifier'>, b: Pick<RecordSetState, 'name' | 'type' | 'setIdentifier'>): number {
  const byName = reversedLabels(a.name).localeCompare(reversedLabels(b.name), 'en')
  if (byName !== 0) return byName
  if (a.type !== b.type) return a.type < b.type ? -1 : 1
  return (a.setIdentifier ?? '').localeCompare(b.setIdentifier ?? '')
}

export interface Change {
  action: string
  record: RecordSetState
}

function describe(record: RecordSetState): string {
  return `[name='${record.name}', type='${record.type}'${record.setIdentifier === undefined ? '' : `, set-identifier='${record.setIdentifier}'`}]`
}

function sameIdentity(a: RecordSetState, b: RecordSetState): boolean {
  return a.name === b.name && a.type === b.type && a.setIdentifier === b.setIdentifier
}

function sameContent(a: RecordSetState, b: RecordSetState): boolean {
  return (
    JSON.stringify({...a, values: a.values ? [...a.values].sort() : undefined}) === JSON.stringify({...b, values: b.values ? [...b.values].sort() : undefined})
  )
}

/** Errors of one record on its own (InvalidInput), before it meets the zone. */
export function validateRecord(record: RecordSetState, zoneName: string): string | undefined {
  if (!RECORD_TYPES.includes(record.type)) return `Invalid XML ; cvc-enumeration-valid: Value '${record.type}' is not facet-valid with respect to enumeration.`
  if (record.name !== zoneName && !record.name.endsWith(`.${zoneName}`)) return `RRSet with DNS name ${record.name} is not permitted in zone ${zoneName}`
  if (record.aliasTarget && record.ttl !== undefined)
    return 'Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found more than one in Change with [Action=…] '
  if (!record.aliasTarget && (record.ttl === undefined || !record.values || record.values.length === 0)) {
    return `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=…, Name=${record.name}, Type=${record.type}, SetIdentifier=${record.setIdentifier ?? 'null'}]`
  }
  if (record.type === 'A') {
    const bad = record.values?.find((v) => !/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(v) || v.split('.').some((o) => Number(o) > 255))
    if (bad !== undefined)
      return `[Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '${bad}'']`
  }
  return undefined
}

/**
 * Applies the batch to a copy of the records, all or nothing, as Route 53 does. Every problem is
 * collected into one InvalidChangeBatch message, in AWS's `[…, …]` form.
 */
export function applyChanges(records: RecordSetState[], changes: Change[], zoneName: string): RecordSetState[] {
  const next = records.map((r) => ({...r}))
  const problems: string[] = []
  for (const {action, record} of changes) {
    const invalid = validateRecord(record, zoneName)
    if (invalid !== undefined) throw new Route53Error(400, 'InvalidInput', invalid.replace('Action=…', `Action=${action}`))
    const index = next.findIndex((r) => sameIdentity(r, record))
    const existing = next[index]
    if (action === 'CREATE') {
      if (existing) problems.push(`Tried to create resource record set ${describe(record)} but it already exists`)
      else if (record.type === 'CNAME' && next.some((r) => r.name === record.name))
        problems.push(
          `RRSet of type CNAME with DNS name ${record.name} is not permitted as it conflicts with other records with the same DNS name in zone ${zoneName}`,
        )
      else next.push(record)
    } else if (action === 'UPSERT') {
      if (existing) next[index] = record
      else next.push(record)
    } else if (action === 'DELETE') {
      if (!existing) problems.push(`Tried to delete resource record set ${describe(record)} but it was not found`)
      else if (!sameContent(existing, record))
        problems.push(`Tried to delete resource record set ${describe(record)} but the values provided do not match the current values`)
      else if ((record.type === 'SOA' || record.type === 'NS') && record.name === zoneName) problems.push(`A HostedZone must contain exactly one SOA record.`)
      else next.splice(index, 1)
    } else {
      throw new Route53Error(
        400,
        'InvalidInput',
        `Invalid XML ; cvc-enumeration-valid: Value '${action}' is not facet-valid with respect to enumeration '[CREATE, DELETE, UPSERT]'.`,
      )
    }
  }
  if (problems.length > 0) throw new Route53Error(400, 'InvalidChangeBatch', `[${problems.join(', ')}]`)
  return next.sort(compareRecords)
}
