/**
 * Cross-field checks of `scheduler.elb_v2`, run with the definition before any AWS call, so a
 * deploy does not stop half-way at CreateLoadBalancer.
 */
import type {Problem} from '../definition/types.js'
import {elbNameProblem, loadBalancerName, targetGroupName} from './names.js'
import type {ElbV2Options} from './schema.js'

const base = 'scheduler.elb_v2'

export function elbV2Problems(options: ElbV2Options, appId: string, networkMode?: string): Problem[] {
  const problems: Problem[] = []
  const error = (key: string, message: string): void => void problems.push({path: `${base}${key}`, message, severity: 'error'})
  const warning = (key: string, message: string): void => void problems.push({path: `${base}${key}`, message, severity: 'warning'})
  const managesLb = options.load_balancer_name === undefined
  const managesTg = options.target_group_name === undefined
  const isNlb = options.type === 'network'

  // A given name must be a valid one too: the lookup of a name ELBv2 cannot hold finds nothing.
  if (!managesLb) {
    const problem = elbNameProblem(options.load_balancer_name as string)
    if (problem) error('.load_balancer_name', problem)
  }
  if (!managesTg) {
    const problem = elbNameProblem(options.target_group_name as string)
    if (problem) error('.target_group_name', problem)
  }
  if (managesLb) {
    const problem = elbNameProblem(loadBalancerName(appId, options))
    if (problem) error('.load_balancer_name', `the default name is not valid: ${problem}; set load_balancer_name`)
    if (!options.subnets || options.subnets.length === 0) error('.subnets', 'required when hako manages the load balancer (no load_balancer_name)')
    if (options.listeners.length === 0) error('.listeners', 'required when hako manages the load balancer (no load_balancer_name)')
  }
  if (managesTg) {
    const problem = elbNameProblem(targetGroupName(appId, options))
    if (problem) error('.target_group_name', `the default name is not valid: ${problem}; set target_group_name`)
    if (options.vpc_id === undefined) error('.vpc_id', 'required when hako manages the target group (no target_group_name)')
  }
  const seen = new Set<number>()
  options.listeners.forEach((listener, i) => {
    if (seen.has(listener.port)) error(`.listeners[${i}].port`, `port ${listener.port} is already used by another listener`)
    seen.add(listener.port)
    if ((listener.protocol === 'HTTPS' || listener.protocol === 'TLS') && listener.certificate_arn === undefined) {
      error(`.listeners[${i}].certificate_arn`, `required for a ${listener.protocol} listener`)
    }
    if ((listener.protocol === 'HTTP' || listener.protocol === 'TCP' || listener.protocol === 'UDP') && listener.ssl_policy !== undefined) {
      warning(`.listeners[${i}].ssl_policy`, `ignored by AWS for a ${listener.protocol} listener`)
    }
  })
  if (options.listener_rules.length > 0) {
    if (managesLb) error('.listener_rules', 'listener rules are for a shared load balancer: set load_balancer_name to it')
    if (!managesTg) error('.listener_rules', 'listener rules forward to the target group hako manages; remove target_group_name')
    if (isNlb) error('.listener_rules', 'network load balancers have no listener rules')
  }
  options.listener_rules.forEach((rule, i) => {
    if (rule.host_header.length === 0 && rule.path_pattern.length === 0) error(`.listener_rules[${i}]`, 'needs host_header or path_pattern')
  })
  if (!managesLb && managesTg && options.listener_rules.length === 0) {
    warning('.load_balancer_name', "the shared load balancer gets no rule for this app's target group; add listener_rules or route to it outside hako")
  }
  if (networkMode === 'awsvpc' && options.target_type === 'instance') error('.target_type', 'must be ip under network_mode awsvpc')
  if (isNlb && options.security_groups !== undefined) warning('.security_groups', 'not used for a network load balancer')
  if (isNlb && options.health_check_path !== undefined) warning('.health_check_path', 'not used for a network load balancer (TCP health checks)')
  return problems
}
