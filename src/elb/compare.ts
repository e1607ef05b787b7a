/**
 * What differs between the definition and what ELBv2 reports. Pure, so a second identical deploy
 * is provably write-free: every write in elb-v2.ts happens only for a non-empty difference here.
 */
import type {Action, Listener, LoadBalancer, Rule, RuleCondition, TargetGroup} from '@aws-sdk/client-elastic-load-balancing-v2'

import type {ElbV2Listener, ElbV2ListenerRule, ElbV2Options} from './schema.js'

/** Configured attributes whose current value differs (keys not configured are left alone). */
export function attributeChanges(wanted: Record<string, string> | undefined, current: {Key?: string; Value?: string}[]): Record<string, string> {
  const changes: Record<string, string> = {}
  const now = new Map(current.map((a) => [a.Key, a.Value]))
  for (const [key, value] of Object.entries(wanted ?? {})) if (now.get(key) !== value) changes[key] = value
  return changes
}

export function formatPairs(pairs: Record<string, string>): string {
  return Object.entries(pairs)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')
}

const sorted = (values: readonly string[]): string[] => [...values].sort()
const sameSet = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b))

export function subnetsDiffer(wanted: string[] | undefined, lb: LoadBalancer): boolean {
  if (!wanted) return false
  return !sameSet(
    wanted,
    (lb.AvailabilityZones ?? []).map((z) => z.SubnetId ?? ''),
  )
}

export function securityGroupsDiffer(wanted: string[] | undefined, lb: LoadBalancer): boolean {
  if (!wanted || lb.Type === 'network') return false
  return !sameSet(wanted, lb.SecurityGroups ?? [])
}

/** Tags to add or change (tags set outside hako are kept). */
export function tagChanges(wanted: Record<string, string> | undefined, current: {Key?: string; Value?: string}[]): Record<string, string> {
  return attributeChanges(wanted, current)
}

export function forwardsTo(actions: Action[] | undefined, targetGroupArn: string | undefined): boolean {
  if (!actions || actions.length !== 1 || targetGroupArn === undefined) return false
  const action = actions[0]
  if (action?.Type !== 'forward') return false
  const groups = action.ForwardConfig?.TargetGroups
  if (groups && groups.length > 0) return groups.length === 1 && groups[0]?.TargetGroupArn === targetGroupArn
  return action.TargetGroupArn === targetGroupArn
}

export interface ListenerChange {
  protocol?: ElbV2Listener['protocol']
  sslPolicy?: string
  certificateArn?: string
  forward?: true
  /** Human-readable, for logs and the dry-run plan. */
  details: string[]
}

/** What ModifyListener must change on `current` to match `wanted`, or undefined if nothing. */
export function listenerChange(wanted: ElbV2Listener, current: Listener, targetGroupArn: string | undefined): ListenerChange | undefined {
  const change: ListenerChange = {details: []}
  if (current.Protocol !== wanted.protocol) {
    change.protocol = wanted.protocol
    change.details.push(`protocol ${current.Protocol ?? '-'} → ${wanted.protocol}`)
  }
  if (wanted.ssl_policy !== undefined && current.SslPolicy !== wanted.ssl_policy) {
    change.sslPolicy = wanted.ssl_policy
    change.details.push(`ssl_policy ${current.SslPolicy ?? '-'} → ${wanted.ssl_policy}`)
  }
  const currentCertificate = current.Certificates?.[0]?.CertificateArn
  if (wanted.certificate_arn !== undefined && currentCertificate !== wanted.certificate_arn) {
    change.certificateArn = wanted.certificate_arn
    change.details.push(`certificate ${currentCertificate ?? '-'} → ${wanted.certificate_arn}`)
  }
  if (!forwardsTo(current.DefaultActions, targetGroupArn)) {
    change.forward = true
    change.details.push('default action → forward to the target group')
  }
  return change.details.length > 0 ? change : undefined
}

export interface HealthCheckChange {
  HealthCheckPath?: string
  HealthCheckIntervalSeconds?: number
  HealthCheckTimeoutSeconds?: number
  HealthyThresholdCount?: number
  UnhealthyThresholdCount?: number
  Matcher?: {HttpCode?: string; GrpcCode?: string}
}

/** Configured health check settings that differ from the target group's. */
export function healthCheckChange(options: ElbV2Options, group: TargetGroup): HealthCheckChange {
  const change: HealthCheckChange = {}
  const isAlb = options.type === 'application'
  if (isAlb && options.health_check_path !== undefined && group.HealthCheckPath !== options.health_check_path)
    change.HealthCheckPath = options.health_check_path
  if (options.health_check_interval_seconds !== undefined && group.HealthCheckIntervalSeconds !== options.health_check_interval_seconds) {
    change.HealthCheckIntervalSeconds = options.health_check_interval_seconds
  }
  if (options.health_check_timeout_seconds !== undefined && group.HealthCheckTimeoutSeconds !== options.health_check_timeout_seconds) {
    change.HealthCheckTimeoutSeconds = options.health_check_timeout_seconds
  }
  if (options.healthy_threshold_count !== undefined && group.HealthyThresholdCount !== options.healthy_threshold_count) {
    change.HealthyThresholdCount = options.healthy_threshold_count
  }
  if (options.unhealthy_threshold_count !== undefined && group.UnhealthyThresholdCount !== options.unhealthy_threshold_count) {
    change.UnhealthyThresholdCount = options.unhealthy_threshold_count
  }
  const matcher = options.matcher
  if (isAlb && matcher && (matcher.http_code !== undefined || matcher.grpc_code !== undefined)) {
    const httpDiffers = matcher.http_code !== undefined && group.Matcher?.HttpCode !== matcher.http_code
    const grpcDiffers = matcher.grpc_code !== undefined && group.Matcher?.GrpcCode !== matcher.grpc_code
    if (httpDiffers || grpcDiffers) {
      change.Matcher = {
        ...(matcher.http_code === undefined ? {} : {HttpCode: matcher.http_code}),
        ...(matcher.grpc_code === undefined ? {} : {GrpcCode: matcher.grpc_code}),
      }
    }
  }
  return change
}

export function describeHealthCheckChange(change: HealthCheckChange): string {
  return Object.entries(change)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ')
}

export function ruleConditions(rule: ElbV2ListenerRule): RuleCondition[] {
  const conditions: RuleCondition[] = []
  if (rule.host_header.length > 0) conditions.push({Field: 'host-header', HostHeaderConfig: {Values: rule.host_header}})
  if (rule.path_pattern.length > 0) conditions.push({Field: 'path-pattern', PathPatternConfig: {Values: rule.path_pattern}})
  return conditions
}

function conditionValues(rule: Rule, field: string): string[] {
  const found = (rule.Conditions ?? []).filter((c) => c.Field === field)
  return found.flatMap((c) => (field === 'host-header' ? c.HostHeaderConfig?.Values : c.PathPatternConfig?.Values) ?? c.Values ?? [])
}

export function ruleConditionsDiffer(wanted: ElbV2ListenerRule, current: Rule): boolean {
  const otherFields = (current.Conditions ?? []).some((c) => c.Field !== 'host-header' && c.Field !== 'path-pattern')
  return (
    otherFields ||
    !sameSet(wanted.host_header, conditionValues(current, 'host-header')) ||
    !sameSet(wanted.path_pattern, conditionValues(current, 'path-pattern'))
  )
}
