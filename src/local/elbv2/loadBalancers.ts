/**
 * Load balancers: create (idempotent for identical settings, as AWS), describe, delete,
 * attributes, subnets and security groups.
 */
import {members, type XmlObject} from '../xml.js'
import type {LocalContext} from '../types.js'
import {Elbv2Error} from './errors.js'
import {arnPrefix, findLoadBalancer, inRegion, shortId, validateName} from './lookup.js'
import {list, paginate, type QueryInput, record, required, strings, text} from '../query-form.js'
import {loadBalancerXml} from './shapes.js'
import {type LoadBalancerState, type LoadBalancerType, relinkTargetGroups} from './state.js'
import {parseTags, setTags} from './tags.js'

/** The zone Route 53 alias records point at, per region (AWS's published values). */
const CANONICAL_ZONES: Record<string, {application: string; network: string}> = {
  'ap-northeast-1': {application: 'Z14GRHDCWA56QT', network: 'Z31USIVHYNEOWT'},
  'us-east-1': {application: 'Z35SXDOTRQ7X7K', network: 'Z26RNL4JYFTOTI'},
  'us-west-2': {application: 'Z1H1FL5HABSF5', network: 'Z18D5FSROUN65G'},
  'eu-west-1': {application: 'Z32O12XQLNTSW2', network: 'Z2IFOLAFXWLO4F'},
}

/** Zone letters in the order an account usually sees them (ap-northeast-1 has no b). */
const ZONE_LETTERS = ['a', 'c', 'd', 'b', 'e', 'f']

/** Without EC2 in the simulator, a subnet's VPC is a fixed one and its zone follows its position. */
export const LOCAL_VPC_ID = 'vpc-0a1b2c3d4e5f67890'

const ATTRIBUTE_DEFAULTS: Record<'application' | 'network', Record<string, string>> = {
  application: {
    'access_logs.s3.enabled': 'false',
    'access_logs.s3.bucket': '',
    'access_logs.s3.prefix': '',
    'deletion_protection.enabled': 'false',
    'idle_timeout.timeout_seconds': '60',
    'routing.http.desync_mitigation_mode': 'defensive',
    'routing.http.drop_invalid_header_fields.enabled': 'false',
    'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': 'false',
    'routing.http.xff_client_port.enabled': 'false',
    'routing.http.xff_header_processing.mode': 'append',
    'routing.http2.enabled': 'true',
    'waf.fail_open.enabled': 'false',
    'client_keep_alive.seconds': '3600',
  },
  network: {
    'access_logs.s3.enabled': 'false',
    'access_logs.s3.bucket': '',
    'access_logs.s3.prefix': '',
    'deletion_protection.enabled': 'false',
    'load_balancing.cross_zone.enabled': 'false',
    'dns_record.client_routing_policy': 'any_availability_zone',
  },
}

function defaultsFor(type: LoadBalancerType): Record<string, string> {
  return {...ATTRIBUTE_DEFAULTS[type === 'application' ? 'application' : 'network']}
}

function subnetsOf(input: QueryInput, region: string): {subnetId: string; zoneName: string}[] {
  const fromMappings = list(input.SubnetMappings).map((m) => text(record(m).SubnetId) ?? '')
  const ids = [...new Set([...strings(input.Subnets), ...fromMappings])]
  return ids.map((subnetId, index) => ({subnetId, zoneName: `${region}${ZONE_LETTERS[index % ZONE_LETTERS.length]}`}))
}

function checkSubnets(type: LoadBalancerType, subnets: {subnetId: string}[]): void {
  const bad = subnets.find((s) => !/^subnet-[0-9a-f]+$/.test(s.subnetId))
  if (bad) throw new Elbv2Error('SubnetNotFound', `The subnet ID '${bad.subnetId}' is not valid`)
  if (type === 'application' && subnets.length < 2) {
    throw new Elbv2Error('ValidationError', 'At least two subnets in two different Availability Zones must be specified')
  }
  if (subnets.length === 0) throw new Elbv2Error('ValidationError', 'At least one subnet must be specified')
}

function checkSecurityGroups(groups: string[]): void {
  const bad = groups.find((g) => !/^sg-[0-9a-f]+$/.test(g))
  if (bad) throw new Elbv2Error('InvalidSecurityGroup', `Security group '${bad}' does not exist`)
}

export function createLoadBalancer(input: QueryInput, context: LocalContext): XmlObject {
  const name = required(input, 'Name')
  validateName('Load balancer', name)
  const type = (text(input.Type) ?? 'application') as LoadBalancerType
  if (!['application', 'network', 'gateway'].includes(type)) {
    throw new Elbv2Error(
      'ValidationError',
      `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [application, network, gateway]`,
    )
  }
  const scheme = text(input.Scheme) ?? 'internet-facing'
  if (scheme !== 'internet-facing' && scheme !== 'internal')
    throw new Elbv2Error('ValidationError', `Scheme '${scheme}' must be one of 'internet-facing, internal'`)
  const subnets = subnetsOf(input, context.region)
  checkSubnets(type, subnets)
  const securityGroups = strings(input.SecurityGroups)
  checkSecurityGroups(securityGroups)
  const tags = parseTags(input.Tags)

  const existing = Object.values(context.world.elbv2.loadBalancers).find((lb) => lb.name === name && inRegion(context, lb.arn))
  if (existing) {
    const same =
      existing.type === type && existing.scheme === scheme && existing.subnets.map((s) => s.subnetId).join() === subnets.map((s) => s.subnetId).join()
    if (!same) throw new Elbv2Error('DuplicateLoadBalancerName', `A load balancer with the same name '${name}' exists, but with different settings`)
    return {LoadBalancers: members([loadBalancerXml(existing)])}
  }
  const id = shortId(context)
  const kind = type === 'application' ? 'app' : type === 'network' ? 'net' : 'gwy'
  const digits = String(Number.parseInt(id.slice(-8), 16) % 1_000_000_000).padStart(9, '0')
  const host = `${scheme === 'internal' ? 'internal-' : ''}${name}-${type === 'application' ? digits : id}`
  const zones = CANONICAL_ZONES[context.region] ?? {application: 'Z35SXDOTRQ7X7K', network: 'Z26RNL4JYFTOTI'}
  const lb: LoadBalancerState = {
    arn: `${arnPrefix(context)}:loadbalancer/${kind}/${name}/${id}`,
    name,
    region: context.region,
    type,
    scheme,
    ipAddressType: text(input.IpAddressType) ?? 'ipv4',
    vpcId: LOCAL_VPC_ID,
    subnets,
    securityGroups,
    dnsName: type === 'application' ? `${host}.${context.region}.elb.amazonaws.com` : `${host}.elb.${context.region}.amazonaws.com`,
    canonicalHostedZoneId: type === 'application' ? zones.application : zones.network,
    createdAt: context.now(),
    attributes: defaultsFor(type),
  }
  context.world.elbv2.loadBalancers[lb.arn] = lb
  setTags(context, lb.arn, tags)
  return {LoadBalancers: members([loadBalancerXml(lb)])}
}

export function describeLoadBalancers(input: QueryInput, context: LocalContext): XmlObject {
  const arns = strings(input.LoadBalancerArns)
  const names = strings(input.Names)
  if (arns.length > 0 && names.length > 0)
    throw new Elbv2Error('ValidationError', 'Load balancer names and load balancer ARNs cannot be specified at the same time')
  const all = Object.values(context.world.elbv2.loadBalancers).filter((lb) => inRegion(context, lb.arn))
  let selected = all
  if (arns.length > 0) {
    selected = arns.map((arn) => findLoadBalancer(context, arn))
  } else if (names.length > 0) {
    selected = all.filter((lb) => names.includes(lb.name))
    const missing = names.filter((n) => !selected.some((lb) => lb.name === n))
    if (missing.length > 0) throw new Elbv2Error('LoadBalancerNotFound', `Load balancers '[${missing.join(', ')}]' not found`)
  }
  const {page, nextMarker} = paginate(selected, input)
  return {LoadBalancers: members(page.map(loadBalancerXml)), NextMarker: nextMarker}
}

export function deleteLoadBalancer(input: QueryInput, context: LocalContext): XmlObject {
  const arn = required(input, 'LoadBalancerArn')
  const state = context.world.elbv2
  const lb = state.loadBalancers[arn]
  // Deleting a load balancer that does not exist succeeds, as documented.
  if (!lb || !inRegion(context, arn)) return {}
  if (lb.attributes['deletion_protection.enabled'] === 'true') {
    throw new Elbv2Error('OperationNotPermitted', `Load balancer '${arn}' cannot be deleted because deletion protection is enabled`)
  }
  for (const listener of Object.values(state.listeners).filter((l) => l.loadBalancerArn === arn)) {
    for (const rule of Object.values(state.rules).filter((r) => r.listenerArn === listener.arn)) {
      delete state.rules[rule.arn]
      delete state.tags[rule.arn]
    }
    delete state.listeners[listener.arn]
    delete state.tags[listener.arn]
  }
  delete state.loadBalancers[arn]
  delete state.tags[arn]
  relinkTargetGroups(state)
  return {}
}

function attributesXml(attributes: Record<string, string>): XmlObject {
  return {Attributes: members(Object.entries(attributes).map(([Key, Value]) => ({Key, Value})))}
}

export function describeLoadBalancerAttributes(input: QueryInput, context: LocalContext): XmlObject {
  return attributesXml(findLoadBalancer(context, required(input, 'LoadBalancerArn')).attributes)
}

export function modifyLoadBalancerAttributes(input: QueryInput, context: LocalContext): XmlObject {
  const lb = findLoadBalancer(context, required(input, 'LoadBalancerArn'))
  const known = defaultsFor(lb.type)
  const changes = list(input.Attributes).map((raw) => ({key: text(record(raw).Key) ?? '', value: text(record(raw).Value) ?? ''}))
  for (const {key, value} of changes) {
    if (!(key in known)) throw new Elbv2Error('ValidationError', `Load balancer attribute key '${key}' is not recognized`)
    if (key === 'idle_timeout.timeout_seconds' && !(Number(value) >= 1 && Number(value) <= 4000)) {
      throw new Elbv2Error('ValidationError', `Load balancer attribute value '${value}' for key 'idle_timeout.timeout_seconds' must be between 1 and 4000`)
    }
    if (key.endsWith('.enabled') && value !== 'true' && value !== 'false') {
      throw new Elbv2Error('ValidationError', `Load balancer attribute value '${value}' for key '${key}' must be 'true' or 'false'`)
    }
  }
  for (const {key, value} of changes) lb.attributes[key] = value
  return attributesXml(lb.attributes)
}

export function setSubnets(input: QueryInput, context: LocalContext): XmlObject {
  const lb = findLoadBalancer(context, required(input, 'LoadBalancerArn'))
  const subnets = subnetsOf(input, context.region)
  checkSubnets(lb.type, subnets)
  lb.subnets = subnets
  return {
    AvailabilityZones: members(subnets.map((s) => ({ZoneName: s.zoneName, SubnetId: s.subnetId, LoadBalancerAddresses: members([])}))),
    IpAddressType: lb.ipAddressType,
  }
}

export function setSecurityGroups(input: QueryInput, context: LocalContext): XmlObject {
  const lb = findLoadBalancer(context, required(input, 'LoadBalancerArn'))
  const groups = strings(input.SecurityGroups)
  if (lb.type === 'application' && groups.length === 0)
    throw new Elbv2Error('ValidationError', 'At least one security group must be specified for an Application Load Balancer')
  checkSecurityGroups(groups)
  lb.securityGroups = groups
  return {SecurityGroupIds: members(groups)}
}
