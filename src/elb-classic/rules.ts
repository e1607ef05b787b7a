/**
 * Cross-field checks of `scheduler.elb`, run with the definition before any AWS call, so a deploy
 * does not stop half-way at CreateLoadBalancer or CreateService.
 */
import type {Problem, Scheduler} from '../definition/types.js'
import {classicLoadBalancerName, classicNameProblem} from './names.js'
import type {ClassicElbOptions} from './schema.js'

const base = 'scheduler.elb'
const httpLayer = (protocol: string): boolean => protocol === 'HTTP' || protocol === 'HTTPS'

export function classicElbProblems(options: ClassicElbOptions, appId: string, scheduler: Scheduler): Problem[] {
  const problems: Problem[] = []
  const error = (key: string, message: string): void => void problems.push({path: `${base}${key}`, message, severity: 'error'})

  const nameProblem = classicNameProblem(classicLoadBalancerName(appId, options))
  if (nameProblem)
    error(
      '.load_balancer_name',
      options.load_balancer_name === undefined ? `the default name is not valid: ${nameProblem}; set load_balancer_name` : nameProblem,
    )
  if (options.listeners.length === 0) error('.listeners', 'must name at least one listener')
  if (!options.subnets?.length) error('.subnets', 'must name at least one subnet (the load balancer is created in them)')
  if (!options.security_groups?.length) error('.security_groups', 'must name at least one security group')
  const seen = new Set<number>()
  options.listeners.forEach((listener, i) => {
    if (seen.has(listener.load_balancer_port))
      error(`.listeners[${i}].load_balancer_port`, `port ${listener.load_balancer_port} is already used by another listener`)
    seen.add(listener.load_balancer_port)
    const secure = listener.protocol === 'HTTPS' || listener.protocol === 'SSL'
    if (secure && listener.ssl_certificate_id === undefined) error(`.listeners[${i}].ssl_certificate_id`, `required for an ${listener.protocol} listener`)
    if (!secure && listener.ssl_certificate_id !== undefined) error(`.listeners[${i}].ssl_certificate_id`, `only HTTPS and SSL listeners take a certificate`)
    if (listener.instance_protocol !== undefined && httpLayer(listener.instance_protocol) !== httpLayer(listener.protocol)) {
      error(
        `.listeners[${i}].instance_protocol`,
        `${listener.instance_protocol} cannot follow a ${listener.protocol} listener (HTTP and HTTPS go together, TCP and SSL go together)`,
      )
    }
  })
  const check = options.health_check
  if (check && check.timeout >= check.interval) error('.health_check.timeout', `must be less than interval (${check.interval})`)
  if (check?.path !== undefined && (check.protocol === 'TCP' || check.protocol === 'SSL'))
    error('.health_check.path', `a ${check.protocol} health check has no path`)
  if (options.access_log?.enabled && options.access_log.s3_bucket_name === undefined)
    error('.access_log.s3_bucket_name', 'required when access logs are enabled')

  if (scheduler.network_mode === 'awsvpc')
    error('', 'a classic load balancer cannot reach awsvpc tasks (ECS registers instances with it); use scheduler.elb_v2')
  if (scheduler.dynamic_port_mapping === true) {
    problems.push({
      path: 'scheduler.dynamic_port_mapping',
      message: 'must be false with scheduler.elb: a classic load balancer forwards to one fixed instance port',
      severity: 'error',
    })
  }
  if (scheduler.deployment_configuration?.deployment_circuit_breaker?.enable) {
    problems.push({
      path: 'scheduler.deployment_configuration.deployment_circuit_breaker',
      message: 'ECS does not support the deployment circuit breaker with a classic load balancer (scheduler.elb)',
      severity: 'error',
    })
  }
  return problems
}
