/**
 * Target groups: create (idempotent for identical settings), describe, modify, delete
 * (ResourceInUse while a listener or rule forwards to it), attributes, and their targets.
 */
import {members, type XmlObject} from '../xml.js'
import type {LocalContext} from '../types.js'
import {Elbv2Error} from './errors.js'
import {arnPrefix, findLoadBalancer, findTargetGroupOrThrow, inRegion, shortId, validateName} from './lookup.js'
import {bool, integer, list, paginate, type QueryInput, record, required, strings, text} from '../query-form.js'
import {targetGroupXml} from './shapes.js'
import {deregisterTargets, type HealthCheckState, registerTargets, type TargetGroupState} from './state.js'
import {parseTags, setTags} from './tags.js'

const HTTP_PROTOCOLS = ['HTTP', 'HTTPS']
const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE']

function attributeDefaults(protocol: string | undefined, targetType: string): Record<string, string> {
  if (protocol !== undefined && !HTTP_PROTOCOLS.includes(protocol)) {
    return {
      'deregistration_delay.timeout_seconds': '300',
      'deregistration_delay.connection_termination.enabled': 'false',
      'stickiness.enabled': 'false',
      'stickiness.type': 'source_ip',
      'proxy_protocol_v2.enabled': 'false',
      'preserve_client_ip.enabled': targetType === 'ip' ? 'false' : 'true',
    }
  }
  return {
    'deregistration_delay.timeout_seconds': '300',
    'stickiness.enabled': 'false',
    'stickiness.type': 'lb_cookie',
    'stickiness.lb_cookie.duration_seconds': '86400',
    'stickiness.app_cookie.cookie_name': '',
    'stickiness.app_cookie.duration_seconds': '86400',
    'slow_start.duration_seconds': '0',
    'load_balancing.algorithm.type': 'round_robin',
    'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
  }
}

function checkRange(value: number, name: string, min: number, max: number): void {
  if (value < min || value > max) {
    throw new Elbv2Error(
      'ValidationError',
      `1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    )
  }
}

/** Applies the HealthCheck* parameters over `base`, checking them as AWS does. */
function healthCheck(input: QueryInput, base: HealthCheckState): HealthCheckState {
  const hc: HealthCheckState = {...base}
  const protocol = text(input.HealthCheckProtocol)
  if (protocol !== undefined) hc.protocol = protocol
  const port = text(input.HealthCheckPort)
  if (port !== undefined) hc.port = port
  const path = text(input.HealthCheckPath)
  if (path !== undefined) {
    if (!path.startsWith('/')) throw new Elbv2Error('ValidationError', `Health check path '${path}' must begin with a '/' character`)
    hc.path = path
  }
  const enabled = bool(input.HealthCheckEnabled)
  if (enabled !== undefined) hc.enabled = enabled
  // The numeric health-check settings and AWS's bounds for each.
  const numbers = [
    ['HealthCheckIntervalSeconds', 'healthCheckIntervalSeconds', 'intervalSeconds', 5, 300],
    ['HealthCheckTimeoutSeconds', 'healthCheckTimeoutSeconds', 'timeoutSeconds', 2, 120],
    ['HealthyThresholdCount', 'healthyThresholdCount', 'healthyThresholdCount', 2, 10],
    ['UnhealthyThresholdCount', 'unhealthyThresholdCount', 'unhealthyThresholdCount', 2, 10],
  ] as const
  for (const [field, name, key, min, max] of numbers) {
    const value = integer(input[field], name)
    if (value === undefined) continue
    checkRange(value, name, min, max)
    hc[key] = value
  }
  const matcher = record(input.Matcher)
  if (text(matcher.HttpCode) !== undefined || text(matcher.GrpcCode) !== undefined) {
    hc.matcher = {
      ...(text(matcher.HttpCode) === undefined ? {} : {httpCode: text(matcher.HttpCode)}),
      ...(text(matcher.GrpcCode) === undefined ? {} : {grpcCode: text(matcher.GrpcCode)}),
    }
  }
  if (hc.timeoutSeconds >= hc.intervalSeconds) {
    throw new Elbv2Error('ValidationError', `Health check timeout '${hc.timeoutSeconds}' must be smaller than the interval '${hc.intervalSeconds}'`)
  }
  return hc
}

function defaultHealthCheck(protocol: string | undefined, protocolVersion: string | undefined): HealthCheckState {
  const http = protocol === undefined || HTTP_PROTOCOLS.includes(protocol)
  return {
    enabled: true,
    protocol: http ? (protocol ?? 'HTTP') : 'TCP',
    port: 'traffic-port',
    ...(http ? {path: '/', matcher: protocolVersion === 'GRPC' ? {grpcCode: '12'} : {httpCode: '200'}} : {}),
    intervalSeconds: 30,
    timeoutSeconds: http ? 5 : 10,
    healthyThresholdCount: 5,
    unhealthyThresholdCount: 2,
  }
}

export function createTargetGroup(input: QueryInput, context: LocalContext): XmlObject {
  const name = required(input, 'Name')
  validateName('Target group', name)
  const targetType = (text(input.TargetType) ?? 'instance') as TargetGroupState['targetType']
  if (!['instance', 'ip', 'lambda', 'alb'].includes(targetType))
    throw new Elbv2Error('ValidationError', `Target type '${targetType}' must be one of 'instance, ip, lambda, alb'`)
  const protocol = text(input.Protocol)
  const port = integer(input.Port, 'port')
  const vpcId = text(input.VpcId)
  if (targetType !== 'lambda') {
    if (protocol === undefined) throw new Elbv2Error('ValidationError', 'A protocol must be specified')
    if (!PROTOCOLS.includes(protocol)) throw new Elbv2Error('ValidationError', `Protocol '${protocol}' must be one of '${PROTOCOLS.join(', ')}'`)
    if (port === undefined) throw new Elbv2Error('ValidationError', 'A port must be specified')
    checkRange(port, 'port', 1, 65535)
    if (vpcId === undefined) throw new Elbv2Error('ValidationError', 'A VPC ID must be specified')
  }
  const protocolVersion = text(input.ProtocolVersion) ?? (protocol !== undefined && HTTP_PROTOCOLS.includes(protocol) ? 'HTTP1' : undefined)
  if (protocolVersion !== undefined && (protocol === undefined || !HTTP_PROTOCOLS.includes(protocol))) {
    throw new Elbv2Error('ValidationError', `You cannot specify a protocol version for a target group with the '${protocol ?? 'none'}' protocol`)
  }
  const hc = healthCheck(input, defaultHealthCheck(protocol, protocolVersion))
  const tags = parseTags(input.Tags)
  const existing = Object.values(context.world.elbv2.targetGroups).find((tg) => tg.name === name && inRegion(context, tg.arn))
  if (existing) {
    const same = existing.protocol === protocol && existing.port === port && existing.vpcId === vpcId && existing.targetType === targetType
    if (!same) throw new Elbv2Error('DuplicateTargetGroupName', `A target group with the same name '${name}' exists, but with different settings`)
    return {TargetGroups: members([targetGroupXml(existing)])}
  }
  const tg: TargetGroupState = {
    arn: `${arnPrefix(context)}:targetgroup/${name}/${shortId(context)}`,
    name,
    region: context.region,
    targetType,
    ...(protocol === undefined ? {} : {protocol}),
    ...(protocolVersion === undefined ? {} : {protocolVersion}),
    ...(port === undefined ? {} : {port}),
    ...(vpcId === undefined ? {} : {vpcId}),
    ipAddressType: text(input.IpAddressType) ?? 'ipv4',
    healthCheck: hc,
    attributes: attributeDefaults(protocol, targetType),
    loadBalancerArns: [],
    targets: [],
  }
  context.world.elbv2.targetGroups[tg.arn] = tg
  setTags(context, tg.arn, tags)
  return {TargetGroups: members([targetGroupXml(tg)])}
}

export function describeTargetGroups(input: QueryInput, context: LocalContext): XmlObject {
  const arns = strings(input.TargetGroupArns)
  const names = strings(input.Names)
  const lbArn = text(input.LoadBalancerArn)
  const all = Object.values(context.world.elbv2.targetGroups).filter((tg) => inRegion(context, tg.arn))
  let selected = all
  if (arns.length > 0) {
    selected = arns.map((arn) => findTargetGroupOrThrow(context, arn))
  } else if (names.length > 0) {
    selected = all.filter((tg) => names.includes(tg.name))
    const missing = names.filter((n) => !selected.some((tg) => tg.name === n))
    if (missing.length > 0) throw new Elbv2Error('TargetGroupNotFound', `Target groups '[${missing.join(', ')}]' not found`)
  } else if (lbArn !== undefined) {
    findLoadBalancer(context, lbArn)
    selected = all.filter((tg) => tg.loadBalancerArns.includes(lbArn))
  }
  const {page, nextMarker} = paginate(selected, input)
  return {TargetGroups: members(page.map(targetGroupXml)), NextMarker: nextMarker}
}

export function modifyTargetGroup(input: QueryInput, context: LocalContext): XmlObject {
  const tg = findTargetGroupOrThrow(context, required(input, 'TargetGroupArn'))
  tg.healthCheck = healthCheck(input, tg.healthCheck)
  return {TargetGroups: members([targetGroupXml(tg)])}
}

export function deleteTargetGroup(input: QueryInput, context: LocalContext): XmlObject {
  const arn = required(input, 'TargetGroupArn')
  const tg = context.world.elbv2.targetGroups[arn]
  if (!tg || !inRegion(context, arn)) return {}
  if (tg.loadBalancerArns.length > 0) {
    throw new Elbv2Error('ResourceInUse', `Target group '${arn}' is currently in use by a listener or a rule`)
  }
  delete context.world.elbv2.targetGroups[arn]
  delete context.world.elbv2.tags[arn]
  return {}
}

function attributesXml(attributes: Record<string, string>): XmlObject {
  return {Attributes: members(Object.entries(attributes).map(([Key, Value]) => ({Key, Value})))}
}

export function describeTargetGroupAttributes(input: QueryInput, context: LocalContext): XmlObject {
  return attributesXml(findTargetGroupOrThrow(context, required(input, 'TargetGroupArn')).attributes)
}

export function modifyTargetGroupAttributes(input: QueryInput, context: LocalContext): XmlObject {
  const tg = findTargetGroupOrThrow(context, required(input, 'TargetGroupArn'))
  const known = attributeDefaults(tg.protocol, tg.targetType)
  const changes = list(input.Attributes).map((raw) => ({key: text(record(raw).Key) ?? '', value: text(record(raw).Value) ?? ''}))
  for (const {key, value} of changes) {
    if (!(key in known)) throw new Elbv2Error('ValidationError', `Target group attribute key '${key}' is not recognized`)
    if (key === 'deregistration_delay.timeout_seconds' && !(Number(value) >= 0 && Number(value) <= 3600)) {
      throw new Elbv2Error(
        'ValidationError',
        `Target group attribute value '${value}' for key 'deregistration_delay.timeout_seconds' must be between 0 and 3600`,
      )
    }
  }
  for (const {key, value} of changes) tg.attributes[key] = value
  return attributesXml(tg.attributes)
}

function parseTargets(input: QueryInput, tg: TargetGroupState): {id: string; port?: number}[] {
  const targets = list(input.Targets).map((raw) => {
    const id = text(record(raw).Id) ?? ''
    const port = integer(record(raw).Port, 'port')
    return {id, ...(port === undefined ? {} : {port})}
  })
  if (targets.length === 0)
    throw new Elbv2Error(
      'ValidationError',
      "1 validation error detected: Value '[]' at 'targets' failed to satisfy constraint: Member must have length greater than or equal to 1",
    )
  for (const target of targets) {
    if (tg.targetType === 'ip' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(target.id)) {
      throw new Elbv2Error('ValidationError', `The IP address '${target.id}' is not a valid IPv4 address`)
    }
    if (tg.targetType === 'instance' && !/^i-[0-9a-f]+$/.test(target.id)) {
      throw new Elbv2Error('InvalidTarget', `The following targets are not valid instances: '${target.id}'`)
    }
    if (target.port === undefined && tg.port === undefined) throw new Elbv2Error('ValidationError', `A port must be specified for target '${target.id}'`)
  }
  return targets
}

export function registerTargetsOperation(input: QueryInput, context: LocalContext): XmlObject {
  const tg = findTargetGroupOrThrow(context, required(input, 'TargetGroupArn'))
  registerTargets(context.world, tg.arn, parseTargets(input, tg))
  return {}
}

export function deregisterTargetsOperation(input: QueryInput, context: LocalContext): XmlObject {
  const tg = findTargetGroupOrThrow(context, required(input, 'TargetGroupArn'))
  const targets = parseTargets(input, tg)
  const missing = targets.find((t) => !tg.targets.some((r) => r.id === t.id && (t.port === undefined || r.port === t.port)))
  if (missing) throw new Elbv2Error('InvalidTarget', `The following targets are not registered in target group '${tg.arn}': '${missing.id}'`)
  deregisterTargets(context.world, tg.arn, targets)
  return {}
}

/**
 * Registered targets are healthy (or what the ECS simulator set); a group no load balancer
 * uses reports `unused`, and asked-for targets that are not registered too, as AWS does.
 */
export function describeTargetHealth(input: QueryInput, context: LocalContext): XmlObject {
  const tg = findTargetGroupOrThrow(context, required(input, 'TargetGroupArn'))
  const asked = list(input.Targets).map((raw) => ({id: text(record(raw).Id) ?? '', port: integer(record(raw).Port, 'port')}))
  const rows =
    asked.length === 0
      ? tg.targets.map((t) => ({target: t, registered: true}))
      : asked.map((a) => {
          const found = tg.targets.find((t) => t.id === a.id && (a.port === undefined || t.port === a.port))
          return {target: found ?? {id: a.id, port: a.port ?? tg.port ?? 0}, registered: found !== undefined}
        })
  return {
    TargetHealthDescriptions: members(
      rows.map(({target, registered}) => {
        const health = !registered
          ? {State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group'}
          : tg.loadBalancerArns.length === 0
            ? {State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer'}
            : {State: target.health?.state ?? 'healthy', Reason: target.health?.reason, Description: target.health?.description}
        return {
          Target: {Id: target.id, Port: target.port, AvailabilityZone: target.availabilityZone},
          HealthCheckPort: tg.healthCheck.port === 'traffic-port' ? String(target.port) : tg.healthCheck.port,
          TargetHealth: health,
        }
      }),
    ),
  }
}
