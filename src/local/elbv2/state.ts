/**
 * The ELBv2 slice of the world: load balancers, target groups, listeners, rules and tags, each
 * keyed by ARN (insertion order is creation order, which is the order AWS lists them in).
 */
import type {World} from '../world.js'

export type LoadBalancerType = 'application' | 'network' | 'gateway'

export interface LoadBalancerState {
  arn: string
  name: string
  region: string
  type: LoadBalancerType
  scheme: 'internet-facing' | 'internal'
  ipAddressType: string
  vpcId: string
  subnets: {subnetId: string; zoneName: string}[]
  securityGroups: string[]
  dnsName: string
  canonicalHostedZoneId: string
  createdAt: number
  attributes: Record<string, string>
}

export interface HealthCheckState {
  enabled: boolean
  protocol: string
  port: string
  path?: string
  intervalSeconds: number
  timeoutSeconds: number
  healthyThresholdCount: number
  unhealthyThresholdCount: number
  matcher?: {httpCode?: string; grpcCode?: string}
}

export interface TargetState {
  id: string
  port: number
  availabilityZone?: string
  /** Set by the ECS simulator to model health checks; registered targets are healthy otherwise. */
  health?: {state: 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unavailable'; reason?: string; description?: string}
}

export interface TargetGroupState {
  arn: string
  name: string
  region: string
  targetType: 'instance' | 'ip' | 'lambda' | 'alb'
  protocol?: string
  protocolVersion?: string
  port?: number
  vpcId?: string
  ipAddressType: string
  healthCheck: HealthCheckState
  attributes: Record<string, string>
  /** Load balancers whose listeners or rules forward here (kept up to date by the handlers). */
  loadBalancerArns: string[]
  targets: TargetState[]
}

export interface TargetGroupTupleState {
  targetGroupArn: string
  weight?: number
}

export interface ActionState {
  type: string
  order?: number
  targetGroupArn?: string
  forwardConfig?: {targetGroups: TargetGroupTupleState[]; stickiness?: {enabled: boolean; durationSeconds?: number}}
  redirectConfig?: Record<string, string>
  fixedResponseConfig?: Record<string, string>
}

export interface CertificateState {
  certificateArn: string
  isDefault?: boolean
}

export interface ListenerState {
  arn: string
  loadBalancerArn: string
  port: number
  protocol: string
  certificates: CertificateState[]
  sslPolicy?: string
  alpnPolicy?: string[]
  defaultActions: ActionState[]
}

export interface RuleConditionState {
  field: string
  values: string[]
}

export interface RuleState {
  arn: string
  listenerArn: string
  /** `default` for the listener's default rule, else the numeric priority as a string. */
  priority: string
  isDefault: boolean
  conditions: RuleConditionState[]
  actions: ActionState[]
}

export interface Elbv2State {
  loadBalancers: Record<string, LoadBalancerState>
  targetGroups: Record<string, TargetGroupState>
  listeners: Record<string, ListenerState>
  rules: Record<string, RuleState>
  /** Tags by resource ARN, in the order they were added. */
  tags: Record<string, {key: string; value: string}[]>
}

export function emptyElbv2State(): Elbv2State {
  return {loadBalancers: {}, targetGroups: {}, listeners: {}, rules: {}, tags: {}}
}

export function findTargetGroup(world: World, arn: string): TargetGroupState | undefined {
  return world.elbv2.targetGroups[arn]
}

function defaultPort(group: TargetGroupState, port: number | undefined): number {
  return port ?? group.port ?? 80
}

/** Adds targets (an existing id:port is left as it is, as AWS does). Unknown groups are ignored. */
export function registerTargets(world: World, targetGroupArn: string, targets: {id: string; port?: number}[]): void {
  const group = findTargetGroup(world, targetGroupArn)
  if (!group) return
  for (const target of targets) {
    const port = defaultPort(group, target.port)
    if (group.targets.some((t) => t.id === target.id && t.port === port)) continue
    group.targets.push({id: target.id, port})
  }
}

export function deregisterTargets(world: World, targetGroupArn: string, targets: {id: string; port?: number}[]): void {
  const group = findTargetGroup(world, targetGroupArn)
  if (!group) return
  for (const target of targets) {
    const port = target.port
    group.targets = group.targets.filter((t) => !(t.id === target.id && (port === undefined || t.port === port)))
  }
}

/** Recomputes every target group's `loadBalancerArns` from the listeners and rules. */
export function relinkTargetGroups(state: Elbv2State): void {
  const links = new Map<string, Set<string>>()
  const link = (actions: ActionState[], loadBalancerArn: string): void => {
    for (const action of actions) {
      const arns = [action.targetGroupArn, ...(action.forwardConfig?.targetGroups.map((t) => t.targetGroupArn) ?? [])]
      for (const arn of arns) {
        if (!arn) continue
        const set = links.get(arn) ?? new Set<string>()
        set.add(loadBalancerArn)
        links.set(arn, set)
      }
    }
  }
  for (const listener of Object.values(state.listeners)) link(listener.defaultActions, listener.loadBalancerArn)
  for (const rule of Object.values(state.rules)) {
    const listener = state.listeners[rule.listenerArn]
    if (listener) link(rule.actions, listener.loadBalancerArn)
  }
  for (const group of Object.values(state.targetGroups)) group.loadBalancerArns = [...(links.get(group.arn) ?? [])]
}
