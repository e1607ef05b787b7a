/** The classic load balancer an app uses: `load_balancer_name`, or hako's `hako-<app>`. */
import type {ClassicElbOptions} from './schema.js'

export function classicLoadBalancerName(appId: string, options: Pick<ClassicElbOptions, 'load_balancer_name'>): string {
  return options.load_balancer_name ?? `hako-${appId}`
}

/** Why `name` cannot name a classic load balancer, or undefined when it can. */
export function classicNameProblem(name: string): string | undefined {
  if (name.length > 32) return `${name} is ${name.length} characters long; classic load balancer names are at most 32`
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(name))
    return `${name} may contain only letters, digits and hyphens, and may not start or end with a hyphen`
  return undefined
}
