/** Names of the load balancer and target group an app uses (hako section 6.5). */
import type {ElbV2Options} from './schema.js'

/** ELBv2 limit for load balancer and target group names. */
export const MAX_ELB_NAME_LENGTH = 32

export function loadBalancerName(appId: string, options?: Pick<ElbV2Options, 'load_balancer_name'>): string {
  return options?.load_balancer_name ?? `hako-${appId}`
}

export function targetGroupName(appId: string, options?: Pick<ElbV2Options, 'target_group_name'>): string {
  return options?.target_group_name ?? `hako-${appId}`
}

/** Why `name` cannot be an ELBv2 name, or undefined when it can. */
export function elbNameProblem(name: string): string | undefined {
  if (name.length > MAX_ELB_NAME_LENGTH) return `${name} is ${name.length} characters long; ELBv2 names are at most ${MAX_ELB_NAME_LENGTH}`
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(name))
    return `${name} may contain only letters, digits and hyphens, and may not start or end with a hyphen`
  if (name.toLowerCase().startsWith('internal-')) return `${name} may not start with "internal-"`
  return undefined
}
