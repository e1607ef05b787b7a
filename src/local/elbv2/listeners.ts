/**
 * Listeners and their rules. Each listener owns a default rule (priority `default`) that mirrors
 * its default actions, as DescribeRules shows on AWS.
 */
import {members, type XmlObject} from '../xml.js'
import type {LocalContext} from '../types.js'
import {Elbv2Error} from './errors.js'
import {arnPrefix, findListener, findLoadBalancer, findRule, findTargetGroupOrThrow, shortId} from './lookup.js'
import {integer, list, paginate, type QueryInput, record, required, strings, text} from '../query-form.js'
import {listenerXml, parseActions, parseConditions, ruleXml, targetGroupsOf} from './shapes.js'
import {type ActionState, type ListenerState, type LoadBalancerState, relinkTargetGroups, type RuleState} from './state.js'
import {parseTags, setTags} from './tags.js'

const PROTOCOLS_BY_TYPE: Record<string, string[]> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'],
  gateway: ['GENEVE'],
}
const SECURE = ['HTTPS', 'TLS']
const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08'
const MAX_PRIORITY = 50000

/** Forwarded-to groups must exist, speak a compatible protocol and belong to no other load balancer. */
function checkActions(context: LocalContext, lb: LoadBalancerState, protocol: string, actions: ActionState[]): void {
  for (const arn of targetGroupsOf(actions)) {
    const tg = findTargetGroupOrThrow(context, arn)
    const httpGroup = tg.protocol === 'HTTP' || tg.protocol === 'HTTPS'
    if (tg.targetType !== 'lambda' && tg.targetType !== 'alb' && (lb.type === 'application') !== httpGroup) {
      throw new Elbv2Error('IncompatibleProtocols', `The listener protocol '${protocol}' is incompatible with the target group protocol '${tg.protocol ?? ''}'`)
    }
    const other = tg.loadBalancerArns.find((l) => l !== lb.arn)
    if (other !== undefined) {
      throw new Elbv2Error('TargetGroupAssociationLimit', `The following target groups cannot be associated with more than one load balancer: '${arn}'`)
    }
  }
}

function parseCertificates(input: QueryInput): {certificateArn: string}[] {
  const certificates = list(input.Certificates).map((raw) => ({certificateArn: text(record(raw).CertificateArn) ?? ''}))
  for (const c of certificates) {
    if (!/^arn:aws[a-z-]*:(acm:[a-z0-9-]+:\d{12}:certificate\/|iam::\d{12}:server-certificate\/)/.test(c.certificateArn)) {
      throw new Elbv2Error('CertificateNotFound', `Certificate '${c.certificateArn}' not found`)
    }
  }
  return certificates
}

function checkSslPolicy(policy: string | undefined): void {
  if (policy !== undefined && !policy.startsWith('ELBSecurityPolicy-')) throw new Elbv2Error('SSLPolicyNotFound', `SSL policy '${policy}' not found`)
}

function rulesOf(context: LocalContext, listenerArn: string): RuleState[] {
  return Object.values(context.world.elbv2.rules).filter((r) => r.listenerArn === listenerArn)
}

function sortRules(rules: RuleState[]): RuleState[] {
  return [...rules].sort((a, b) => (a.isDefault ? 1 : b.isDefault ? -1 : Number(a.priority) - Number(b.priority)))
}

export function createListener(input: QueryInput, context: LocalContext): XmlObject {
  const lb = findLoadBalancer(context, required(input, 'LoadBalancerArn'))
  const port = integer(input.Port, 'port')
  const protocol = text(input.Protocol) ?? (lb.type === 'application' ? 'HTTP' : 'TCP')
  const allowed = PROTOCOLS_BY_TYPE[lb.type] ?? []
  if (!allowed.includes(protocol)) throw new Elbv2Error('ValidationError', `Listener protocol '${protocol}' must be one of '${allowed.join(', ')}'`)
  if (lb.type !== 'gateway') {
    if (port === undefined) throw new Elbv2Error('ValidationError', 'A listener port must be specified')
    if (port < 1 || port > 65535)
      throw new Elbv2Error(
        'ValidationError',
        `1 validation error detected: Value '${port}' at 'port' failed to satisfy constraint: Member must have value between 1 and 65535`,
      )
  }
  const certificates = parseCertificates(input)
  const sslPolicy = text(input.SslPolicy)
  checkSslPolicy(sslPolicy)
  if (SECURE.includes(protocol) && certificates.length === 0)
    throw new Elbv2Error('ValidationError', `A certificate must be specified for ${protocol} listeners`)
  if (!SECURE.includes(protocol) && (certificates.length > 0 || sslPolicy !== undefined)) {
    throw new Elbv2Error('ValidationError', `Certificates and an SSL policy can only be specified for HTTPS and TLS listeners`)
  }
  const actions = parseActions(input.DefaultActions, 'defaultActions')
  checkActions(context, lb, protocol, actions)
  const tags = parseTags(input.Tags)
  const state = context.world.elbv2
  const clash = Object.values(state.listeners).find((l) => l.loadBalancerArn === lb.arn && l.port === port)
  if (clash) throw new Elbv2Error('DuplicateListener', `A listener already exists on this port for this load balancer '${lb.arn}'`)

  const lbPath = lb.arn.split(':loadbalancer/')[1] ?? ''
  const listenerId = shortId(context)
  const alpn = strings(input.AlpnPolicy)
  const listener: ListenerState = {
    arn: `${arnPrefix(context)}:listener/${lbPath}/${listenerId}`,
    loadBalancerArn: lb.arn,
    port: port ?? 0,
    protocol,
    certificates: certificates.map((c, index) => ({...c, isDefault: index === 0})),
    ...(SECURE.includes(protocol) ? {sslPolicy: sslPolicy ?? DEFAULT_SSL_POLICY} : {}),
    ...(alpn.length > 0 ? {alpnPolicy: alpn} : {}),
    defaultActions: actions,
  }
  state.listeners[listener.arn] = listener
  const defaultRule: RuleState = {
    arn: `${arnPrefix(context)}:listener-rule/${lbPath}/${listenerId}/${shortId(context)}`,
    listenerArn: listener.arn,
    priority: 'default',
    isDefault: true,
    conditions: [],
    actions,
  }
  state.rules[defaultRule.arn] = defaultRule
  setTags(context, listener.arn, tags)
  relinkTargetGroups(state)
  return {Listeners: members([listenerXml(listener)])}
}

export function describeListeners(input: QueryInput, context: LocalContext): XmlObject {
  const arns = strings(input.ListenerArns)
  const lbArn = text(input.LoadBalancerArn)
  if (arns.length === 0 && lbArn === undefined) throw new Elbv2Error('ValidationError', 'You must specify either listener ARNs or a load balancer ARN')
  let selected: ListenerState[]
  if (arns.length > 0) {
    selected = arns.map((arn) => findListener(context, arn))
  } else {
    const lb = findLoadBalancer(context, lbArn ?? '')
    selected = Object.values(context.world.elbv2.listeners).filter((l) => l.loadBalancerArn === lb.arn)
  }
  const {page, nextMarker} = paginate(selected, input)
  return {Listeners: members(page.map(listenerXml)), NextMarker: nextMarker}
}

export function modifyListener(input: QueryInput, context: LocalContext): XmlObject {
  const listener = findListener(context, required(input, 'ListenerArn'))
  const lb = findLoadBalancer(context, listener.loadBalancerArn)
  const port = integer(input.Port, 'port') ?? listener.port
  const protocol = text(input.Protocol) ?? listener.protocol
  const allowed = PROTOCOLS_BY_TYPE[lb.type] ?? []
  if (!allowed.includes(protocol)) throw new Elbv2Error('ValidationError', `Listener protocol '${protocol}' must be one of '${allowed.join(', ')}'`)
  const clash = Object.values(context.world.elbv2.listeners).find((l) => l.loadBalancerArn === lb.arn && l.port === port && l.arn !== listener.arn)
  if (clash) throw new Elbv2Error('DuplicateListener', `A listener already exists on this port for this load balancer '${lb.arn}'`)
  const certificates = input.Certificates === undefined ? listener.certificates : parseCertificates(input).map((c, i) => ({...c, isDefault: i === 0}))
  const sslPolicy = text(input.SslPolicy)
  checkSslPolicy(sslPolicy)
  if (SECURE.includes(protocol) && certificates.length === 0)
    throw new Elbv2Error('ValidationError', `A certificate must be specified for ${protocol} listeners`)
  const actions = input.DefaultActions === undefined ? listener.defaultActions : parseActions(input.DefaultActions, 'defaultActions')
  checkActions(context, lb, protocol, actions)

  listener.port = port
  listener.protocol = protocol
  listener.certificates = SECURE.includes(protocol) ? certificates : []
  if (SECURE.includes(protocol)) listener.sslPolicy = sslPolicy ?? listener.sslPolicy ?? DEFAULT_SSL_POLICY
  else delete listener.sslPolicy
  listener.defaultActions = actions
  const defaultRule = rulesOf(context, listener.arn).find((r) => r.isDefault)
  if (defaultRule) defaultRule.actions = actions
  relinkTargetGroups(context.world.elbv2)
  return {Listeners: members([listenerXml(listener)])}
}

export function deleteListener(input: QueryInput, context: LocalContext): XmlObject {
  const listener = findListener(context, required(input, 'ListenerArn'))
  const state = context.world.elbv2
  for (const rule of rulesOf(context, listener.arn)) {
    delete state.rules[rule.arn]
    delete state.tags[rule.arn]
  }
  delete state.listeners[listener.arn]
  delete state.tags[listener.arn]
  relinkTargetGroups(state)
  return {}
}

function parsePriority(value: string | undefined, field: string): number {
  const priority = Number(value)
  if (value === undefined || !Number.isInteger(priority) || priority < 1 || priority > MAX_PRIORITY) {
    throw new Elbv2Error(
      'ValidationError',
      `1 validation error detected: Value '${value ?? 'null'}' at '${field}' failed to satisfy constraint: Member must have value between 1 and ${MAX_PRIORITY}`,
    )
  }
  return priority
}

export function createRule(input: QueryInput, context: LocalContext): XmlObject {
  const listener = findListener(context, required(input, 'ListenerArn'))
  const lb = findLoadBalancer(context, listener.loadBalancerArn)
  if (lb.type !== 'application') throw new Elbv2Error('ValidationError', 'Rules can only be created for listeners of Application Load Balancers')
  const priority = parsePriority(text(input.Priority), 'priority')
  const conditions = parseConditions(input.Conditions)
  if (conditions.length === 0) throw new Elbv2Error('ValidationError', 'A rule must have at least one condition')
  const actions = parseActions(input.Actions, 'actions')
  checkActions(context, lb, listener.protocol, actions)
  const tags = parseTags(input.Tags)
  if (rulesOf(context, listener.arn).some((r) => r.priority === String(priority))) {
    throw new Elbv2Error('PriorityInUse', `Priority '${priority}' is currently in use`)
  }
  const listenerPath = listener.arn.split(':listener/')[1] ?? ''
  const rule: RuleState = {
    arn: `${arnPrefix(context)}:listener-rule/${listenerPath}/${shortId(context)}`,
    listenerArn: listener.arn,
    priority: String(priority),
    isDefault: false,
    conditions,
    actions,
  }
  context.world.elbv2.rules[rule.arn] = rule
  setTags(context, rule.arn, tags)
  relinkTargetGroups(context.world.elbv2)
  return {Rules: members([ruleXml(rule)])}
}

export function describeRules(input: QueryInput, context: LocalContext): XmlObject {
  const arns = strings(input.RuleArns)
  const listenerArn = text(input.ListenerArn)
  if (arns.length === 0 && listenerArn === undefined) throw new Elbv2Error('ValidationError', 'You must specify either listener ARN or rule ARNs')
  const selected = arns.length > 0 ? arns.map((arn) => findRule(context, arn)) : sortRules(rulesOf(context, findListener(context, listenerArn ?? '').arn))
  const {page, nextMarker} = paginate(selected, input)
  return {Rules: members(page.map(ruleXml)), NextMarker: nextMarker}
}

export function modifyRule(input: QueryInput, context: LocalContext): XmlObject {
  const rule = findRule(context, required(input, 'RuleArn'))
  const listener = findListener(context, rule.listenerArn)
  const lb = findLoadBalancer(context, listener.loadBalancerArn)
  if (input.Conditions !== undefined) {
    if (rule.isDefault) throw new Elbv2Error('OperationNotPermitted', 'Conditions cannot be specified for a default rule')
    rule.conditions = parseConditions(input.Conditions)
  }
  if (input.Actions !== undefined) {
    const actions = parseActions(input.Actions, 'actions')
    checkActions(context, lb, listener.protocol, actions)
    rule.actions = actions
    if (rule.isDefault) listener.defaultActions = actions
  }
  relinkTargetGroups(context.world.elbv2)
  return {Rules: members([ruleXml(rule)])}
}

export function deleteRule(input: QueryInput, context: LocalContext): XmlObject {
  const rule = findRule(context, required(input, 'RuleArn'))
  if (rule.isDefault) throw new Elbv2Error('OperationNotPermitted', 'Default rule cannot be deleted')
  delete context.world.elbv2.rules[rule.arn]
  delete context.world.elbv2.tags[rule.arn]
  relinkTargetGroups(context.world.elbv2)
  return {}
}

export function setRulePriorities(input: QueryInput, context: LocalContext): XmlObject {
  const wanted = list(input.RulePriorities).map((raw, index) => ({
    rule: findRule(context, text(record(raw).RuleArn) ?? ''),
    priority: parsePriority(text(record(raw).Priority), `rulePriorities.${index + 1}.member.priority`),
  }))
  for (const {rule, priority} of wanted) {
    if (rule.isDefault) throw new Elbv2Error('OperationNotPermitted', 'The default rule priority cannot be modified')
    const moving = new Set(wanted.map((w) => w.rule.arn))
    const clash = rulesOf(context, rule.listenerArn).find((r) => r.priority === String(priority) && !moving.has(r.arn))
    if (clash || wanted.some((w) => w !== wanted.find((x) => x.rule.listenerArn === w.rule.listenerArn && x.priority === w.priority))) {
      throw new Elbv2Error('PriorityInUse', `Priority '${priority}' is currently in use`)
    }
  }
  for (const {rule, priority} of wanted) rule.priority = String(priority)
  return {Rules: members(wanted.map((w) => ruleXml(w.rule)))}
}
