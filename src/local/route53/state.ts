/**
 * The Route 53 slice of the world: hosted zones with their record sets, and submitted changes
 * (PENDING until a few simulated seconds have passed).
 */
import {nextId} from '../ids.js'
import type {World} from '../world.js'

export interface AliasTargetState {
  hostedZoneId: string
  dnsName: string
  evaluateTargetHealth: boolean
}

export interface RecordSetState {
  /** Fully qualified, lower case, with the trailing dot. */
  name: string
  type: string
  ttl?: number
  values?: string[]
  aliasTarget?: AliasTargetState
  setIdentifier?: string
  weight?: number
}

export interface HostedZoneState {
  /** Bare id, e.g. `Z0A1B2C3D4E5F6G7H8I9J`. */
  id: string
  /** With the trailing dot. */
  name: string
  callerReference: string
  comment?: string
  privateZone: boolean
  records: RecordSetState[]
}

export interface ChangeState {
  id: string
  submittedAt: number
  comment?: string
}

export interface Route53State {
  hostedZones: Record<string, HostedZoneState>
  changes: Record<string, ChangeState>
}

export function emptyRoute53State(): Route53State {
  return {hostedZones: {}, changes: {}}
}

/** `example.com` / `Example.COM.` → `example.com.` */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase()
  return lower.endsWith('.') ? lower : `${lower}.`
}

export function newZoneId(world: World): string {
  return `Z${nextId(world, 20).toUpperCase()}`
}

/** The four name servers AWS assigns a public zone (fixed here; the delegation set is cosmetic). */
export function nameServers(zoneId: string): string[] {
  const n = Number.parseInt(zoneId.slice(-4), 16) % 512
  return [`ns-${n}.awsdns-${n % 64}.com`, `ns-${n + 512}.awsdns-${n % 64}.net`, `ns-${n + 1024}.awsdns-${n % 64}.org`, `ns-${n + 1536}.awsdns-${n % 64}.co.uk`]
}

/** A new zone with its SOA and NS records, as CreateHostedZone makes it. */
export function newHostedZone(world: World, name: string, callerReference: string, options: {comment?: string; privateZone?: boolean} = {}): HostedZoneState {
  const id = newZoneId(world)
  const zoneName = canonicalName(name)
  const servers = nameServers(id)
  const zone: HostedZoneState = {
    id,
    name: zoneName,
    callerReference,
    privateZone: options.privateZone ?? false,
    records: [
      {name: zoneName, type: 'NS', ttl: 172800, values: servers.map((s) => `${s}.`)},
      {name: zoneName, type: 'SOA', ttl: 900, values: [`${servers[0]}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`]},
    ],
    ...(options.comment === undefined ? {} : {comment: options.comment}),
  }
  world.route53.hostedZones[id] = zone
  return zone
}

/** The first zone with this name, or a new one; what `--local` uses for the zones a definition names. */
export function ensureHostedZone(world: World, name: string): {id: string; created: boolean} {
  const zoneName = canonicalName(name)
  const existing = Object.values(world.route53.hostedZones).find((zone) => zone.name === zoneName)
  if (existing) return {id: existing.id, created: false}
  const zone = newHostedZone(world, zoneName, `hako-local-${zoneName}`)
  return {id: zone.id, created: true}
}
