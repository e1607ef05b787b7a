/**
 * Classic load balancers: create, describe, delete, their listeners, health check, security
 * groups and subnets.
 */
import {LOCAL_VPC_ID} from '../elbv2/loadBalancers.js'
import {integer, list, paginate, type QueryInput, type QueryValue, record, required, strings, text} from '../query-form.js'
import type {LocalContext} from '../types.js'
import {nextId} from '../world.js'
import {members, type XmlObject} from '../xml.js'
import {defaultAttributes} from './attributes.js'
import {ElbError, invalid, loadBalancerOf, notFound} from './errors.js'
import {healthCheckXml, loadBalancerXml} from './shapes.js'
import {
  type ClassicHealthCheckState,
  type ClassicListenerState,
  type ClassicLoadBalancerState,
  classicKey,
  classicLoadBalancersIn,
  findClassicLoadBalancer,
} from './state.js'
import {parseTags, setTags} from './tags.js'

/** The zone Route 53 alias records point at, per region (classic and application load balancers share it). */
const CANONICAL_ZONES: Record<string, string> = {
  'ap-northeast-1': 'Z14GRHDCWA56QT',
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-west-2': 'Z1H1FL5HABSF5',
  'eu-west-1': 'Z32O12XQLNTSW2',
}

const ZONE_LETTERS = ['a', 'c', 'd', 'b', 'e', 'f']
const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'SSL']
const isHttpLayer = (protocol: string): boolean => protocol === 'HTTP' || protocol === 'HTTPS'

function validateName(name: string): void {
  if (name.length > 32 || !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(name)) {
    throw invalid(
      `LoadBalancerName '${name}' must have at most 32 characters, contain only alphanumeric characters or hyphens, and not begin or end with a hyphen`,
    )
  }
}

function port(value: QueryValue | undefined, field: string): number {
  const parsed = integer(value, field)
  if (parsed === undefined) throw invalid(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`)
  if (parsed < 1 || parsed > 65535) throw invalid(`${field} ${parsed} must be between 1 and 65535`)
  return parsed
}

export function parseListeners(value: QueryValue | undefined): ClassicListenerState[] {
  const listeners = list(value).map((raw): ClassicListenerState => {
    const l = record(raw)
    const protocol = (text(l.Protocol) ?? '').toUpperCase()
    if (!PROTOCOLS.includes(protocol)) throw invalid(`Listener protocol '${text(l.Protocol) ?? ''}' is not one of HTTP, HTTPS, TCP, SSL`)
    const given = text(l.InstanceProtocol)?.toUpperCase()
    // Without InstanceProtocol, AWS talks to the instances in plain text at the listener's layer.
    const instanceProtocol = given ?? (protocol === 'HTTPS' ? 'HTTP' : protocol === 'SSL' ? 'TCP' : protocol)
    if (!PROTOCOLS.includes(instanceProtocol) || isHttpLayer(instanceProtocol) !== isHttpLayer(protocol)) {
      throw invalid(
        `InstanceProtocol ${instanceProtocol} does not match the listener's protocol ${protocol}: HTTP and HTTPS go together, TCP and SSL go together`,
      )
    }
    const sslCertificateId = text(l.SSLCertificateId)
    if ((protocol === 'HTTPS' || protocol === 'SSL') && !sslCertificateId) throw invalid(`SSLCertificateId is required for an ${protocol} listener`)
    return {
      protocol,
      loadBalancerPort: port(l.LoadBalancerPort, 'loadBalancerPort'),
      instanceProtocol,
      instancePort: port(l.InstancePort, 'instancePort'),
      ...(sslCertificateId ? {sslCertificateId} : {}),
    }
  })
  const ports = listeners.map((l) => l.loadBalancerPort)
  const repeated = ports.find((p, i) => ports.indexOf(p) !== i)
  if (repeated !== undefined) throw new ElbError('DuplicateListener', `A listener already exists with LoadBalancerPort ${repeated}`)
  return listeners
}

const sameListener = (a: ClassicListenerState, b: ClassicListenerState): boolean =>
  a.protocol === b.protocol && a.instancePort === b.instancePort && a.instanceProtocol === b.instanceProtocol && a.sslCertificateId === b.sslCertificateId

function checkSubnets(subnets: string[]): void {
  const bad = subnets.find((s) => !/^subnet-[0-9a-f]+$/.test(s))
  if (bad) throw new ElbError('SubnetNotFound', `The subnet ID '${bad}' does not exist`)
}

function checkSecurityGroups(groups: string[]): void {
  const bad = groups.find((g) => !/^sg-[0-9a-f]+$/.test(g))
  if (bad) throw new ElbError('InvalidSecurityGroup', `Security group '${bad}' does not exist`)
}

export function createLoadBalancer(input: QueryInput, context: LocalContext): XmlObject {
  const name = required(input, 'LoadBalancerName')
  validateName(name)
  const listeners = parseListeners(input.Listeners)
  if (listeners.length === 0) throw invalid('Listeners cannot be empty')
  const subnets = [...new Set(strings(input.Subnets))]
  const zonesGiven = strings(input.AvailabilityZones)
  if (subnets.length === 0 && zonesGiven.length === 0) throw invalid('Either AvailabilityZones or SubnetIds must be specified')
  checkSubnets(subnets)
  const scheme = text(input.Scheme) ?? 'internet-facing'
  if (scheme !== 'internet-facing' && scheme !== 'internal') throw new ElbError('InvalidScheme', `Scheme '${scheme}' must be internet-facing or internal`)
  let securityGroups = strings(input.SecurityGroups)
  checkSecurityGroups(securityGroups)
  const tags = parseTags(input.Tags)
  if (findClassicLoadBalancer(context.world, context.region, name)) {
    throw new ElbError('DuplicateLoadBalancerName', `The specified load balancer name already exists for this account: ${name}`)
  }
  // In a VPC, AWS makes a security group for a load balancer created without one.
  if (securityGroups.length === 0 && subnets.length > 0) securityGroups = [`sg-${nextId(context.world, 17)}`]
  const digits = String(Number.parseInt(nextId(context.world, 16).slice(-8), 16) % 1_000_000_000).padStart(9, '0')
  const first = listeners[0] as ClassicListenerState
  const lb: ClassicLoadBalancerState = {
    name,
    region: context.region,
    dnsName: `${scheme === 'internal' ? 'internal-' : ''}${name}-${digits}.${context.region}.elb.amazonaws.com`,
    canonicalHostedZoneNameId: CANONICAL_ZONES[context.region] ?? 'Z35SXDOTRQ7X7K',
    scheme,
    vpcId: subnets.length > 0 ? LOCAL_VPC_ID : '',
    subnets,
    zones: subnets.length > 0 ? subnets.map((_, i) => `${context.region}${ZONE_LETTERS[i % ZONE_LETTERS.length]}`) : zonesGiven,
    securityGroups,
    createdAt: context.now(),
    listeners,
    // What AWS gives a load balancer created through the API before ConfigureHealthCheck.
    healthCheck: {target: `TCP:${first.instancePort}`, interval: 30, timeout: 5, unhealthyThreshold: 2, healthyThreshold: 10},
    attributes: defaultAttributes(),
    tags: [],
    instances: [],
  }
  setTags(lb, tags)
  context.world.elb.loadBalancers[classicKey(context.region, name)] = lb
  return {DNSName: lb.dnsName}
}

export function describeLoadBalancers(input: QueryInput, context: LocalContext): XmlObject {
  const names = strings(input.LoadBalancerNames)
  const all = classicLoadBalancersIn(context.world, context.region)
  const missing = names.find((n) => !all.some((lb) => lb.name === n))
  if (missing !== undefined) throw notFound(missing)
  const selected = names.length > 0 ? all.filter((lb) => names.includes(lb.name)) : all
  const {page, nextMarker} = paginate(selected, input)
  return {LoadBalancerDescriptions: members(page.map((lb) => loadBalancerXml(lb, context.accountId))), NextMarker: nextMarker}
}

export function deleteLoadBalancer(input: QueryInput, context: LocalContext): XmlObject {
  // Deleting a load balancer that does not exist succeeds, as AWS documents.
  delete context.world.elb.loadBalancers[classicKey(context.region, required(input, 'LoadBalancerName'))]
  return {}
}

export function createLoadBalancerListeners(input: QueryInput, context: LocalContext): XmlObject {
  const lb = loadBalancerOf(input, context)
  const wanted = parseListeners(input.Listeners)
  for (const listener of wanted) {
    const existing = lb.listeners.find((l) => l.loadBalancerPort === listener.loadBalancerPort)
    if (existing && !sameListener(existing, listener)) {
      throw new ElbError(
        'DuplicateListener',
        `A listener already exists for ${lb.name} with LoadBalancerPort ${listener.loadBalancerPort}, but with a different InstancePort, Protocol, or SSLCertificateId`,
      )
    }
  }
  for (const listener of wanted) if (!lb.listeners.some((l) => l.loadBalancerPort === listener.loadBalancerPort)) lb.listeners.push(listener)
  return {}
}

export function deleteLoadBalancerListeners(input: QueryInput, context: LocalContext): XmlObject {
  const lb = loadBalancerOf(input, context)
  const ports = list(input.LoadBalancerPorts).map((p) => port(p, 'loadBalancerPorts'))
  lb.listeners = lb.listeners.filter((l) => !ports.includes(l.loadBalancerPort))
  return {}
}

function bounded(value: QueryValue | undefined, field: string, min: number, max: number): number {
  const parsed = integer(value, field)
  if (parsed === undefined || parsed < min || parsed > max) throw invalid(`HealthCheck ${field} must be between ${min} and ${max}`)
  return parsed
}

export function parseHealthCheck(value: QueryValue | undefined): ClassicHealthCheckState {
  const h = record(value)
  const target = text(h.Target) ?? ''
  const match = /^(TCP|SSL):(\d+)$/.exec(target) ?? /^(HTTP|HTTPS):(\d+)\/.*$/.exec(target)
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw invalid(`HealthCheck Target '${target}' must be TCP:port, SSL:port, HTTP:port/path or HTTPS:port/path`)
  }
  const check = {
    target,
    interval: bounded(h.Interval, 'Interval', 5, 300),
    timeout: bounded(h.Timeout, 'Timeout', 2, 60),
    unhealthyThreshold: bounded(h.UnhealthyThreshold, 'UnhealthyThreshold', 2, 10),
    healthyThreshold: bounded(h.HealthyThreshold, 'HealthyThreshold', 2, 10),
  }
  if (check.timeout >= check.interval) throw invalid('HealthCheck Timeout must be less than Interval')
  return check
}

export function configureHealthCheck(input: QueryInput, context: LocalContext): XmlObject {
  const lb = loadBalancerOf(input, context)
  lb.healthCheck = parseHealthCheck(input.HealthCheck)
  return {HealthCheck: healthCheckXml(lb.healthCheck)}
}

export function applySecurityGroups(input: QueryInput, context: LocalContext): XmlObject {
  const lb = loadBalancerOf(input, context)
  const groups = strings(input.SecurityGroups)
  if (groups.length === 0) throw invalid('SecurityGroups must not be empty')
  checkSecurityGroups(groups)
  lb.securityGroups = groups
  return {SecurityGroups: members(groups)}
}

function setSubnets(lb: ClassicLoadBalancerState, subnets: string[]): XmlObject {
  lb.subnets = subnets
  lb.zones = subnets.map((_, i) => `${lb.region}${ZONE_LETTERS[i % ZONE_LETTERS.length]}`)
  return {Subnets: members(subnets)}
}

export function attachToSubnets(input: QueryInput, context: LocalContext): XmlObject {
  const lb = loadBalancerOf(input, context)
  const added = strings(input.Subnets)
  checkSubnets(added)
  return setSubnets(lb, [...new Set([...lb.subnets, ...added])])
}

export function detachFromSubnets(input: QueryInput, context: LocalContext): XmlObject {
  const lb = loadBalancerOf(input, context)
  const removed = strings(input.Subnets)
  const left = lb.subnets.filter((s) => !removed.includes(s))
  if (left.length === 0) throw new ElbError('InvalidConfigurationRequest', 'A load balancer must stay attached to at least one subnet', 409)
  return setSubnets(lb, left)
}
