/** Classic ELB errors and the lookup every operation shares. */
import {QueryError, required, type QueryInput} from '../query-form.js'
import type {LocalContext} from '../types.js'
import {type ClassicLoadBalancerState, findClassicLoadBalancer} from './state.js'

/** A classic ELB error: the awsQuery code (`LoadBalancerNotFound`, `DuplicateListener`, ...) and AWS's message. */
export class ElbError extends QueryError {}

export const invalid = (message: string): ElbError => new ElbError('ValidationError', message)

export function notFound(name: string): ElbError {
  return new ElbError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`)
}

/** The load balancer `LoadBalancerName` names, or LoadBalancerNotFound. */
export function loadBalancerOf(input: QueryInput, context: LocalContext): ClassicLoadBalancerState {
  const name = required(input, 'LoadBalancerName')
  const lb = findClassicLoadBalancer(context.world, context.region, name)
  if (!lb) throw notFound(name)
  return lb
}
