/**
 * ARNs, names and lookups shared by the ELBv2 operations. Every lookup is region-scoped, as the
 * real regional endpoint is, and throws the typed not-found error.
 */
import type {LocalContext} from '../types.js'
import {nextId} from '../ids.js'
import {Elbv2Error} from './errors.js'
import type {ListenerState, LoadBalancerState, RuleState, TargetGroupState} from './state.js'

export function arnPrefix(context: LocalContext): string {
  return `arn:aws:elasticloadbalancing:${context.region}:${context.accountId}`
}

export const shortId = (context: LocalContext): string => nextId(context.world, 16)

export function inRegion(context: LocalContext, arn: string): boolean {
  return arn.startsWith(`${arnPrefix(context)}:`)
}

export function findLoadBalancer(context: LocalContext, arn: string): LoadBalancerState {
  const lb = context.world.elbv2.loadBalancers[arn]
  if (!lb || !inRegion(context, arn)) throw new Elbv2Error('LoadBalancerNotFound', `Load balancer '${arn}' not found`)
  return lb
}

export function findTargetGroupOrThrow(context: LocalContext, arn: string): TargetGroupState {
  const tg = context.world.elbv2.targetGroups[arn]
  if (!tg || !inRegion(context, arn)) throw new Elbv2Error('TargetGroupNotFound', `Target group '${arn}' not found`)
  return tg
}

export function findListener(context: LocalContext, arn: string): ListenerState {
  const listener = context.world.elbv2.listeners[arn]
  if (!listener || !inRegion(context, arn)) throw new Elbv2Error('ListenerNotFound', `Listener '${arn}' not found`)
  return listener
}

export function findRule(context: LocalContext, arn: string): RuleState {
  const rule = context.world.elbv2.rules[arn]
  if (!rule || !inRegion(context, arn)) throw new Elbv2Error('RuleNotFound', `One or more rules not found`)
  return rule
}

/**
 * AWS's naming rule for load balancers and target groups: at most 32 alphanumerics or hyphens,
 * not starting or ending with a hyphen (and a load balancer's not starting with `internal-`).
 */
export function validateName(kind: 'Load balancer' | 'Target group', name: string): void {
  if (name.length > 32) throw new Elbv2Error('ValidationError', `${kind} name '${name}' cannot be longer than '32' characters`)
  if (name === '' || !/^[A-Za-z0-9-]+$/.test(name)) {
    throw new Elbv2Error('ValidationError', `${kind} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`)
  }
  if (name.startsWith('-') || name.endsWith('-')) throw new Elbv2Error('ValidationError', `${kind} name '${name}' cannot begin or end with '-' character`)
  if (kind === 'Load balancer' && name.toLowerCase().startsWith('internal-')) {
    throw new Elbv2Error('ValidationError', `Load balancer name '${name}' cannot begin with 'internal-'`)
  }
}
