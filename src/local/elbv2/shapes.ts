/**
 * ELBv2 resources as awsQuery XML (lists as `<member>`), and the parsing of the nested request
 * structures (actions, conditions) into state.
 */
import {isoTime, members, type XmlObject} from '../xml.js'
import {Elbv2Error} from './errors.js'
import {integer, list, type QueryValue, record, strings, text} from '../query-form.js'
import type {ActionState, ListenerState, LoadBalancerState, RuleConditionState, RuleState, TargetGroupState} from './state.js'

export function loadBalancerXml(lb: LoadBalancerState): XmlObject {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: lb.canonicalHostedZoneId,
    CreatedTime: isoTime(lb.createdAt),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: {Code: 'active'},
    Type: lb.type,
    AvailabilityZones: members(lb.subnets.map((s) => ({ZoneName: s.zoneName, SubnetId: s.subnetId, LoadBalancerAddresses: members([])}))),
    SecurityGroups: lb.type === 'application' || lb.securityGroups.length > 0 ? members(lb.securityGroups) : undefined,
    IpAddressType: lb.ipAddressType,
  }
}

export function targetGroupXml(tg: TargetGroupState): XmlObject {
  const hc = tg.healthCheck
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: hc.protocol,
    HealthCheckPort: hc.port,
    HealthCheckEnabled: hc.enabled,
    HealthCheckIntervalSeconds: hc.intervalSeconds,
    HealthCheckTimeoutSeconds: hc.timeoutSeconds,
    HealthyThresholdCount: hc.healthyThresholdCount,
    UnhealthyThresholdCount: hc.unhealthyThresholdCount,
    HealthCheckPath: hc.path,
    Matcher: hc.matcher ? {HttpCode: hc.matcher.httpCode, GrpcCode: hc.matcher.grpcCode} : undefined,
    LoadBalancerArns: members(tg.loadBalancerArns),
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocolVersion,
    IpAddressType: tg.ipAddressType,
  }
}

export function actionXml(action: ActionState): XmlObject {
  // AWS echoes a plain TargetGroupArn forward as a one-group ForwardConfig as well.
  const forward =
    action.forwardConfig ??
    (action.type === 'forward' && action.targetGroupArn ? {targetGroups: [{targetGroupArn: action.targetGroupArn, weight: 1}]} : undefined)
  return {
    Type: action.type,
    TargetGroupArn: action.targetGroupArn,
    Order: action.order,
    RedirectConfig: action.redirectConfig,
    FixedResponseConfig: action.fixedResponseConfig,
    ForwardConfig: forward
      ? {
          TargetGroups: members(forward.targetGroups.map((t) => ({TargetGroupArn: t.targetGroupArn, Weight: t.weight ?? 1}))),
          TargetGroupStickinessConfig: {Enabled: forward.stickiness?.enabled ?? false, DurationSeconds: forward.stickiness?.durationSeconds},
        }
      : undefined,
  }
}

export function listenerXml(listener: ListenerState): XmlObject {
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    Certificates: listener.certificates.length > 0 ? members(listener.certificates.map((c) => ({CertificateArn: c.certificateArn}))) : undefined,
    SslPolicy: listener.sslPolicy,
    DefaultActions: members(listener.defaultActions.map(actionXml)),
    AlpnPolicy: listener.alpnPolicy ? members(listener.alpnPolicy) : undefined,
  }
}

const CONFIG_OF_FIELD: Record<string, string> = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'source-ip': 'SourceIpConfig',
}

export function ruleXml(rule: RuleState): XmlObject {
  return {
    RuleArn: rule.arn,
    Priority: rule.priority,
    Conditions: members(
      rule.conditions.map((c) => {
        const config = CONFIG_OF_FIELD[c.field]
        return {Field: c.field, Values: members(c.values), ...(config ? {[config]: {Values: members(c.values)}} : {})}
      }),
    ),
    Actions: members(rule.actions.map(actionXml)),
    IsDefault: rule.isDefault,
  }
}

const ACTION_TYPES = ['forward', 'redirect', 'fixed-response', 'authenticate-oidc', 'authenticate-cognito']

function stringRecord(value: QueryValue | undefined): Record<string, string> | undefined {
  const entries = Object.entries(record(value)).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

export function parseActions(value: QueryValue | undefined, field: string): ActionState[] {
  const actions = list(value).map((raw, index): ActionState => {
    const a = record(raw)
    const type = text(a.Type) ?? ''
    if (!ACTION_TYPES.includes(type)) {
      throw new Elbv2Error(
        'ValidationError',
        `1 validation error detected: Value '${type}' at '${field}.${index + 1}.member.type' failed to satisfy constraint: Member must satisfy enum value set: [${ACTION_TYPES.join(', ')}]`,
      )
    }
    const forward = record(a.ForwardConfig)
    const groups = list(forward.TargetGroups).map((g) => {
      const weight = integer(record(g).Weight, 'weight')
      return {targetGroupArn: text(record(g).TargetGroupArn) ?? '', ...(weight === undefined ? {} : {weight})}
    })
    const stickiness = record(forward.TargetGroupStickinessConfig)
    const targetGroupArn = text(a.TargetGroupArn)
    const order = integer(a.Order, 'order')
    const redirect = stringRecord(a.RedirectConfig)
    const fixed = stringRecord(a.FixedResponseConfig)
    const action: ActionState = {
      type,
      ...(order === undefined ? {} : {order}),
      ...(targetGroupArn === undefined ? {} : {targetGroupArn}),
      ...(groups.length > 0
        ? {
            forwardConfig: {
              targetGroups: groups,
              ...(text(stickiness.Enabled) === undefined
                ? {}
                : {
                    stickiness: {
                      enabled: text(stickiness.Enabled) === 'true',
                      ...(integer(stickiness.DurationSeconds, 'durationSeconds') === undefined
                        ? {}
                        : {durationSeconds: integer(stickiness.DurationSeconds, 'durationSeconds') as number}),
                    },
                  }),
            },
          }
        : {}),
      ...(redirect ? {redirectConfig: redirect} : {}),
      ...(fixed ? {fixedResponseConfig: fixed} : {}),
    }
    if (type === 'forward' && !action.targetGroupArn && !action.forwardConfig) {
      throw new Elbv2Error('ValidationError', 'A target group ARN must be specified')
    }
    if (type === 'redirect' && !action.redirectConfig) throw new Elbv2Error('ValidationError', 'The RedirectConfig must be specified for redirect actions')
    if (type === 'fixed-response' && !action.fixedResponseConfig)
      throw new Elbv2Error('ValidationError', 'The FixedResponseConfig must be specified for fixed-response actions')
    // A single-group ForwardConfig is the same thing as TargetGroupArn; AWS fills both in.
    if (action.forwardConfig?.targetGroups.length === 1 && !action.targetGroupArn) action.targetGroupArn = action.forwardConfig.targetGroups[0]?.targetGroupArn
    return action
  })
  if (actions.length === 0)
    throw new Elbv2Error(
      'ValidationError',
      `1 validation error detected: Value '[]' at '${field}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    )
  return actions
}

export function parseConditions(value: QueryValue | undefined): RuleConditionState[] {
  return list(value).map((raw) => {
    const c = record(raw)
    const field = text(c.Field) ?? ''
    const config = CONFIG_OF_FIELD[field]
    const values = [...strings(c.Values), ...(config ? strings(record(c[config]).Values) : [])]
    if (!['host-header', 'path-pattern', 'http-header', 'http-request-method', 'query-string', 'source-ip'].includes(field)) {
      throw new Elbv2Error(
        'ValidationError',
        `Condition field '${field}' must be one of '[http-header, http-request-method, host-header, path-pattern, query-string, source-ip]'`,
      )
    }
    if (values.length === 0) throw new Elbv2Error('ValidationError', `A condition value must be specified for the '${field}' condition`)
    return {field, values: [...new Set(values)]}
  })
}

/** Every target group ARN an action list forwards to. */
export function targetGroupsOf(actions: ActionState[]): string[] {
  return [
    ...new Set(
      actions
        .flatMap((a) => [a.targetGroupArn, ...(a.forwardConfig?.targetGroups.map((t) => t.targetGroupArn) ?? [])])
        .filter((arn): arn is string => Boolean(arn)),
    ),
  ]
}
