/**
 * `--local` only: the shared Application Load Balancer an account would already have when a
 * definition names one (`elb_v2.load_balancer_name`), made through the same handlers the API
 * uses, so it is exactly what CreateLoadBalancer and CreateListener would have made.
 */
import type {Faults} from '../faults.js'
import {LOCAL_ACCOUNT_ID, type LocalContext} from '../types.js'
import type {World} from '../world.js'
import {createListener} from './listeners.js'
import {createLoadBalancer} from './loadBalancers.js'

export interface SharedLoadBalancerSpec {
  name: string
  region: string
  /** At least two; placeholders are used when the definition names fewer. */
  subnets?: string[]
  securityGroups?: string[]
  /** One HTTP listener per port, answering 404 until the apps' rules route to them. */
  listenerPorts: number[]
  now: number
  faults: Faults
}

const PLACEHOLDER_SUBNETS = ['subnet-0a0a0a0a', 'subnet-0c0c0c0c']
const PLACEHOLDER_SECURITY_GROUPS = ['sg-0a0a0a0a']

/** Creates the load balancer and its listeners unless a load balancer of that name exists; true when it did. */
export function ensureSharedLoadBalancer(world: World, spec: SharedLoadBalancerSpec): boolean {
  const prefix = `arn:aws:elasticloadbalancing:${spec.region}:${LOCAL_ACCOUNT_ID}:`
  if (Object.values(world.elbv2.loadBalancers).some((lb) => lb.name === spec.name && lb.arn.startsWith(prefix))) return false
  const context: LocalContext = {now: () => spec.now, region: spec.region, accountId: LOCAL_ACCOUNT_ID, world, faults: spec.faults}
  const subnets = spec.subnets && spec.subnets.length >= 2 ? spec.subnets : PLACEHOLDER_SUBNETS
  const securityGroups = spec.securityGroups?.length ? spec.securityGroups : PLACEHOLDER_SECURITY_GROUPS
  createLoadBalancer({Name: spec.name, Subnets: subnets, SecurityGroups: securityGroups, Type: 'application'}, context)
  const lb = Object.values(world.elbv2.loadBalancers).find((candidate) => candidate.name === spec.name && candidate.arn.startsWith(prefix))
  for (const port of [...new Set(spec.listenerPorts)]) {
    createListener(
      {
        LoadBalancerArn: lb?.arn ?? '',
        Protocol: 'HTTP',
        Port: String(port),
        DefaultActions: [{Type: 'fixed-response', FixedResponseConfig: {StatusCode: '404', ContentType: 'text/plain', MessageBody: 'no rule matched'}}],
      },
      context,
    )
  }
  return true
}
