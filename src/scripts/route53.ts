/**
 * `route53` (not in hako): points DNS records at the app's load balancer before the service is
 * created or updated, and removes them on `remove`. Records that point somewhere else are left
 * alone unless `overwrite: true`.
 */
import type {Change, ResourceRecordSet, Route53Client} from '@aws-sdk/client-route-53'
import * as v from 'valibot'

import {lazySdk} from '../aws/lazy-sdk.js'

import {systemClock} from '../clock.js'
import {loadBalancerName} from '../elb/names.js'
import {awsCall, HakoError, TimeoutError} from '../errors.js'
import type {Container} from '../definition/types.js'
import type {ApplyOutputs, PlanAction} from '../plan/types.js'
import type {Script, ScriptContext, ScriptPlanContext, ScriptPlugin} from './types.js'

// The SDK is loaded when a script first calls AWS: loading a definition (show-definition) needs none of it.
const route53Sdk = () => lazySdk(() => import('@aws-sdk/client-route-53'))

const text = v.pipe(v.string(), v.minLength(1))

export const route53Schema = v.pipe(
  v.strictObject({
    type: v.literal('route53'),
    /** Zone name, e.g. `example.com`; or give `hosted_zone_id`. */
    hosted_zone: v.optional(text),
    hosted_zone_id: v.optional(text),
    records: v.pipe(
      v.array(
        v.strictObject({
          name: text,
          type: v.optional(v.picklist(['A', 'AAAA', 'CNAME']), 'A'),
          /** CNAME only; aliases have no TTL. */
          ttl: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 300),
          evaluate_target_health: v.optional(v.boolean(), false),
        }),
      ),
      v.minLength(1, 'must name at least one record'),
    ),
    overwrite: v.optional(v.boolean(), false),
    /** Default: the app's load balancer (`scheduler.elb_v2.load_balancer_name` or `hako-<app>`). */
    load_balancer_name: v.optional(text),
  }),
  v.forward(
    v.check((o) => (o.hosted_zone === undefined) !== (o.hosted_zone_id === undefined), 'give exactly one of hosted_zone and hosted_zone_id'),
    ['hosted_zone'],
  ),
)

export type Route53Options = v.InferOutput<typeof route53Schema>
export type Route53Record = Route53Options['records'][number]

export interface LoadBalancerTarget {
  name: string
  dnsName: string
  canonicalHostedZoneId: string
}

/** `WWW.Example.com` → `www.example.com.`; Route 53 lists `*` as `\052`. */
export function fqdn(name: string): string {
  const lower = name.toLowerCase().replace(/\\052/g, '*')
  return lower.endsWith('.') ? lower : `${lower}.`
}

/** Alias targets may be written with or without `dualstack.` and the trailing dot. */
function sameHost(a: string | undefined, b: string): boolean {
  const norm = (s: string): string => fqdn(s).replace(/^dualstack\./, '')
  return a !== undefined && norm(a) === norm(b)
}

export function desiredRecordSet(record: Route53Record, target: LoadBalancerTarget): ResourceRecordSet {
  if (record.type === 'CNAME') {
    return {Name: fqdn(record.name), Type: 'CNAME', TTL: record.ttl, ResourceRecords: [{Value: target.dnsName}]}
  }
  return {
    Name: fqdn(record.name),
    Type: record.type,
    AliasTarget: {HostedZoneId: target.canonicalHostedZoneId, DNSName: target.dnsName, EvaluateTargetHealth: record.evaluate_target_health},
  }
}

/** Where an existing record set points, for messages. */
export function describeTarget(set: ResourceRecordSet): string {
  if (set.AliasTarget) return `alias ${set.AliasTarget.DNSName ?? '?'} (zone ${set.AliasTarget.HostedZoneId ?? '?'})`
  return (set.ResourceRecords ?? []).map((r) => r.Value ?? '').join(', ') || '(no values)'
}

export function pointsAt(set: ResourceRecordSet, target: LoadBalancerTarget): boolean {
  if (set.AliasTarget) return sameHost(set.AliasTarget.DNSName, target.dnsName)
  const values = set.ResourceRecords ?? []
  return values.length === 1 && sameHost(values[0]?.Value, target.dnsName)
}

export function isUpToDate(current: ResourceRecordSet, record: Route53Record, target: LoadBalancerTarget): boolean {
  if (!pointsAt(current, target)) return false
  if (record.type === 'CNAME') return current.TTL === record.ttl
  return (
    current.AliasTarget?.HostedZoneId === target.canonicalHostedZoneId && (current.AliasTarget.EvaluateTargetHealth ?? false) === record.evaluate_target_health
  )
}

const bareZoneId = (id: string): string => id.replace(/^\/hostedzone\//, '')

/** Polls GetChange every 5 s for up to 10 minutes. */
const INSYNC_POLL_MS = 5_000
const INSYNC_MAX_POLLS = 120

class Route53Records implements Script {
  readonly type = 'route53'
  private zone: {id: string; name: string} | undefined
  /** Captured in removeStarting, since the load balancer is gone by afterRemove. */
  private removedTarget: LoadBalancerTarget | undefined

  constructor(
    private readonly options: Route53Options,
    private readonly context: ScriptContext,
  ) {}

  private get route53(): Route53Client {
    return this.context.clients.route53
  }

  private get loadBalancerName(): string {
    return this.options.load_balancer_name ?? loadBalancerName(this.context.appId, this.context.definition.scheduler.elb_v2)
  }

  async planDeploy(_containers: Container[], plan: ScriptPlanContext): Promise<PlanAction[]> {
    const base = {kind: 'dns-record' as const, diff: '', compared: plan.live}
    if (!plan.live) {
      return this.options.records.map((record) => ({
        ...base,
        resource: `${fqdn(record.name)} ${record.type}`,
        change: 'create' as const,
        reason: `UPSERT ${record.type} ${fqdn(record.name)} to load balancer ${this.loadBalancerName}`,
      }))
    }
    const zone = await this.findZone()
    // The app's own load balancer was just read by its plan: its name and zone come from there.
    const own = this.targetsOwnLoadBalancer() && plan.known.loadBalancerDnsName && plan.known.loadBalancerZoneId
    const target = own
      ? {name: this.loadBalancerName, dnsName: String(plan.known.loadBalancerDnsName), canonicalHostedZoneId: String(plan.known.loadBalancerZoneId)}
      : await this.findTarget()
    if (!target) {
      if (!this.targetsOwnLoadBalancer()) {
        throw new HakoError(`route53: load balancer ${this.loadBalancerName} not found (elbv2:DescribeLoadBalancers)`, {code: 'load-balancer-not-found'})
      }
      // The app's own load balancer is created earlier in this plan: point at it once it exists.
      return this.options.records.map((record) => {
        const name = this.checkInZone(record.name, zone)
        return {
          ...base,
          resource: `${name} ${record.type}`,
          change: 'create' as const,
          reason: `UPSERT ${record.type} ${name} to load balancer ${this.loadBalancerName} (created by this deploy)`,
          apply: async (outputs: ApplyOutputs) => {
            const created = await this.targetAfterCreate(outputs)
            await this.upsert(zone, [{Action: 'UPSERT', ResourceRecordSet: desiredRecordSet(record, created)}], created)
          },
        }
      })
    }
    const actions: PlanAction[] = []
    for (const record of this.options.records) {
      const name = this.checkInZone(record.name, zone)
      const current = await this.currentRecord(zone.id, name, record.type)
      const resource = `${name} ${record.type}`
      if (current && isUpToDate(current, record, target)) {
        this.context.reporter.info(`Route 53 record ${name} ${record.type} isn't changed`)
        actions.push({...base, resource, change: 'none', reason: 'the same'})
        continue
      }
      if (current && !pointsAt(current, target) && !this.options.overwrite) {
        throw new HakoError(
          `route53: record ${name} ${record.type} in zone ${zone.name} points to ${describeTarget(current)}, not to load balancer ${target.name}; refusing to overwrite it`,
          {
            code: 'route53-record-conflict',
            hint: 'Set `overwrite: true` on the route53 script to replace it.',
          },
        )
      }
      const change: Change = {Action: 'UPSERT', ResourceRecordSet: desiredRecordSet(record, target)}
      actions.push({
        ...base,
        resource,
        change: current ? 'update' : 'create',
        reason: `UPSERT ${record.type} ${name} to ${target.dnsName}`,
        apply: () => this.upsert(zone, [change], target),
      })
    }
    return actions
  }

  private targetsOwnLoadBalancer(): boolean {
    const elb = this.context.definition.scheduler.elb_v2
    return elb !== undefined && elb.load_balancer_name === undefined && this.loadBalancerName === loadBalancerName(this.context.appId, elb)
  }

  private async targetAfterCreate(outputs: ApplyOutputs): Promise<LoadBalancerTarget> {
    if (outputs.loadBalancerDnsName && outputs.loadBalancerZoneId) {
      return {name: this.loadBalancerName, dnsName: outputs.loadBalancerDnsName, canonicalHostedZoneId: outputs.loadBalancerZoneId}
    }
    const target = await this.findTarget()
    if (!target)
      throw new HakoError(`route53: load balancer ${this.loadBalancerName} not found (elbv2:DescribeLoadBalancers)`, {code: 'load-balancer-not-found'})
    return target
  }

  private async upsert(zone: {id: string; name: string}, changes: Change[], target: LoadBalancerTarget): Promise<void> {
    await this.submit(zone, changes)
    for (const change of changes)
      this.context.reporter.info(`Updated Route 53 record ${change.ResourceRecordSet?.Name} ${change.ResourceRecordSet?.Type} to ${target.dnsName}`)
  }

  async removeStarting(): Promise<void> {
    this.removedTarget = await this.findTarget()
  }

  async afterRemove(): Promise<void> {
    const {reporter, dryRun} = this.context
    const target = this.removedTarget ?? (await this.findTarget())
    if (!target) {
      reporter.warn(
        `route53: load balancer ${this.loadBalancerName} not found, so the records ${this.options.records.map((r) => r.name).join(', ')} are left as they are`,
      )
      return
    }
    const zone = await this.findZone()
    const changes: Change[] = []
    for (const record of this.options.records) {
      const name = this.checkInZone(record.name, zone)
      const current = await this.currentRecord(zone.id, name, record.type)
      if (!current) continue
      if (!pointsAt(current, target)) {
        reporter.warn(`route53: record ${name} ${record.type} points to ${describeTarget(current)}, not to load balancer ${target.name}; left as it is`)
        continue
      }
      changes.push({Action: 'DELETE', ResourceRecordSet: current})
    }
    if (changes.length === 0) return
    if (dryRun) {
      for (const change of changes) reporter.output(`route53 would DELETE ${change.ResourceRecordSet?.Type} ${change.ResourceRecordSet?.Name}`)
      return
    }
    await this.submit(zone, changes)
    for (const change of changes) reporter.info(`Deleted Route 53 record ${change.ResourceRecordSet?.Name} ${change.ResourceRecordSet?.Type}`)
  }

  private checkInZone(name: string, zone: {name: string}): string {
    const full = fqdn(name)
    if (full !== zone.name && !full.endsWith(`.${zone.name}`)) {
      throw new HakoError(`route53: record ${full} is not in hosted zone ${zone.name}`, {code: 'route53-record-outside-zone'})
    }
    return full
  }

  private async findTarget(): Promise<LoadBalancerTarget | undefined> {
    const name = this.loadBalancerName
    const {findLoadBalancer} = await import('../elb/lookup.js')
    const lb = await findLoadBalancer(this.context.clients.elbv2, name)
    if (!lb?.DNSName || !lb.CanonicalHostedZoneId) return undefined
    return {name, dnsName: lb.DNSName, canonicalHostedZoneId: lb.CanonicalHostedZoneId}
  }

  private async findZone(): Promise<{id: string; name: string}> {
    if (this.zone) return this.zone
    const {GetHostedZoneCommand, ListHostedZonesByNameCommand} = await route53Sdk()
    const {hosted_zone: zoneName, hosted_zone_id: zoneId} = this.options
    if (zoneId !== undefined) {
      const reply = await awsCall('route53:GetHostedZone', zoneId, () => this.route53.send(new GetHostedZoneCommand({Id: bareZoneId(zoneId)})))
      this.zone = {id: bareZoneId(zoneId), name: fqdn(reply.HostedZone?.Name ?? '')}
      return this.zone
    }
    const wanted = fqdn(zoneName ?? '')
    const reply = await awsCall('route53:ListHostedZonesByName', wanted, () => this.route53.send(new ListHostedZonesByNameCommand({DNSName: wanted})))
    const matches = (reply.HostedZones ?? []).filter((z) => fqdn(z.Name ?? '') === wanted)
    const only = matches[0]
    if (!only) throw new HakoError(`route53: hosted zone ${wanted} not found (route53:ListHostedZonesByName)`, {code: 'hosted-zone-not-found'})
    if (matches.length > 1) {
      throw new HakoError(`route53: several hosted zones are named ${wanted} (${matches.map((z) => bareZoneId(z.Id ?? '')).join(', ')}); set hosted_zone_id`, {
        code: 'hosted-zone-ambiguous',
      })
    }
    this.zone = {id: bareZoneId(only.Id ?? ''), name: wanted}
    return this.zone
  }

  private async currentRecord(zoneId: string, name: string, type: string): Promise<ResourceRecordSet | undefined> {
    const {ListResourceRecordSetsCommand} = await route53Sdk()
    const reply = await awsCall('route53:ListResourceRecordSets', `${name} ${type} in ${zoneId}`, () =>
      this.route53.send(new ListResourceRecordSetsCommand({HostedZoneId: zoneId, StartRecordName: name, StartRecordType: type as 'A', MaxItems: 1})),
    )
    const first = reply.ResourceRecordSets?.[0]
    return first && fqdn(first.Name ?? '') === name && first.Type === type && first.SetIdentifier === undefined ? first : undefined
  }

  private async submit(zone: {id: string; name: string}, changes: Change[]): Promise<void> {
    const {ChangeResourceRecordSetsCommand, GetChangeCommand} = await route53Sdk()
    const reply = await awsCall('route53:ChangeResourceRecordSets', zone.name, () =>
      this.route53.send(new ChangeResourceRecordSetsCommand({HostedZoneId: zone.id, ChangeBatch: {Comment: `hako ${this.context.appId}`, Changes: changes}})),
    )
    let change = reply.ChangeInfo
    const clock = this.context.clock ?? systemClock
    for (let poll = 0; change?.Status !== 'INSYNC'; poll++) {
      if (poll >= INSYNC_MAX_POLLS) {
        throw new TimeoutError(`route53: change ${change?.Id ?? '?'} in zone ${zone.name} is not INSYNC after ${(INSYNC_MAX_POLLS * INSYNC_POLL_MS) / 1000}s`)
      }
      await clock.sleep(INSYNC_POLL_MS)
      const id = change?.Id ?? ''
      change = (await awsCall('route53:GetChange', id, () => this.route53.send(new GetChangeCommand({Id: id.replace(/^\/change\//, '')})))).ChangeInfo
    }
  }
}

export const route53Plugin: ScriptPlugin<Route53Options> = {
  type: 'route53',
  schema: route53Schema,
  create: (options, context) => new Route53Records(options, context),
}
