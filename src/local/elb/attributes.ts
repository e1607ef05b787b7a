/** DescribeLoadBalancerAttributes and ModifyLoadBalancerAttributes. */
import {bool, integer, list, type QueryInput, record, text} from '../query-form.js'
import type {LocalContext} from '../types.js'
import type {XmlObject} from '../xml.js'
import {ElbError, invalid, loadBalancerOf} from './errors.js'
import {attributesXml} from './shapes.js'
import type {ClassicAttributesState} from './state.js'

/** What a load balancer created through the API starts with. */
export function defaultAttributes(): ClassicAttributesState {
  return {
    crossZoneLoadBalancing: false,
    accessLog: {enabled: false},
    connectionDraining: {enabled: false, timeout: 300},
    idleTimeout: 60,
    additional: [{key: 'elb.http.desyncmitigationmode', value: 'defensive'}],
  }
}

const ADDITIONAL_KEYS: Record<string, string[]> = {'elb.http.desyncmitigationmode': ['monitor', 'defensive', 'strictest']}

export function describeLoadBalancerAttributes(input: QueryInput, context: LocalContext): XmlObject {
  return {LoadBalancerAttributes: attributesXml(loadBalancerOf(input, context).attributes)}
}

function enabled(value: Record<string, unknown>, what: string): boolean {
  const parsed = bool(value.Enabled as string | undefined)
  if (parsed === undefined) throw invalid(`${what}.Enabled must be given`)
  return parsed
}

export function modifyLoadBalancerAttributes(input: QueryInput, context: LocalContext): XmlObject {
  const lb = loadBalancerOf(input, context)
  const given = record(input.LoadBalancerAttributes)
  const next: ClassicAttributesState = structuredClone(lb.attributes)
  if (given.CrossZoneLoadBalancing !== undefined) next.crossZoneLoadBalancing = enabled(record(given.CrossZoneLoadBalancing), 'CrossZoneLoadBalancing')
  if (given.ConnectionDraining !== undefined) {
    const draining = record(given.ConnectionDraining)
    const timeout = integer(draining.Timeout, 'timeout') ?? next.connectionDraining.timeout
    if (timeout < 1 || timeout > 3600) throw invalid('ConnectionDraining Timeout must be between 1 and 3600')
    next.connectionDraining = {enabled: enabled(draining, 'ConnectionDraining'), timeout}
  }
  if (given.ConnectionSettings !== undefined) {
    const idle = integer(record(given.ConnectionSettings).IdleTimeout, 'idleTimeout')
    if (idle === undefined || idle < 1 || idle > 4000) throw invalid('ConnectionSettings IdleTimeout must be between 1 and 4000')
    next.idleTimeout = idle
  }
  if (given.AccessLog !== undefined) {
    const log = record(given.AccessLog)
    const on = enabled(log, 'AccessLog')
    const interval = integer(log.EmitInterval, 'emitInterval')
    if (interval !== undefined && interval !== 5 && interval !== 60) throw invalid('AccessLog EmitInterval must be 5 or 60')
    const bucket = text(log.S3BucketName)
    if (on && !bucket) throw new ElbError('InvalidConfigurationRequest', 'Access log S3BucketName must be given to enable access logs', 409)
    const prefix = text(log.S3BucketPrefix)
    next.accessLog = on
      ? {enabled: true, ...(bucket ? {s3BucketName: bucket} : {}), emitInterval: interval ?? 60, ...(prefix ? {s3BucketPrefix: prefix} : {})}
      : {enabled: false}
  }
  for (const raw of list(given.AdditionalAttributes)) {
    const key = text(record(raw).Key) ?? ''
    const value = text(record(raw).Value) ?? ''
    const allowed = ADDITIONAL_KEYS[key]
    if (!allowed) throw new ElbError('LoadBalancerAttributeNotFound', `The specified load balancer attribute does not exist: ${key}`)
    if (!allowed.includes(value)) throw invalid(`Value '${value}' for ${key} must be one of ${allowed.join(', ')}`)
    const existing = next.additional.find((a) => a.key === key)
    if (existing) existing.value = value
    else next.additional.push({key, value})
  }
  lb.attributes = next
  return {LoadBalancerName: lb.name, LoadBalancerAttributes: attributesXml(next)}
}
