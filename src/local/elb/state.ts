/**
 * The classic ELB slice of the world: load balancers by region and name (classic load balancers
 * have no ARN in their API; every call names them), with their listeners, health check,
 * attributes, tags and registered instances.
 */
import type {World} from '../world.js'

export interface ClassicListenerState {
  protocol: string
  loadBalancerPort: number
  instanceProtocol: string
  instancePort: number
  sslCertificateId?: string
}

export interface ClassicHealthCheckState {
  target: string
  interval: number
  timeout: number
  unhealthyThreshold: number
  healthyThreshold: number
}

export interface ClassicAttributesState {
  crossZoneLoadBalancing: boolean
  accessLog: {enabled: boolean; s3BucketName?: string; emitInterval?: number; s3BucketPrefix?: string}
  connectionDraining: {enabled: boolean; timeout: number}
  idleTimeout: number
  additional: {key: string; value: string}[]
}

export interface ClassicInstanceState {
  instanceId: string
  registeredAt: number
  /** Registered through the API (stays when the ECS tasks on it stop). */
  manual: boolean
  /** ECS tasks of services attached by `loadBalancerName` that run on this instance. */
  tasks: string[]
}

export interface ClassicLoadBalancerState {
  name: string
  region: string
  dnsName: string
  canonicalHostedZoneNameId: string
  scheme: 'internet-facing' | 'internal'
  vpcId: string
  subnets: string[]
  zones: string[]
  securityGroups: string[]
  createdAt: number
  listeners: ClassicListenerState[]
  healthCheck: ClassicHealthCheckState
  attributes: ClassicAttributesState
  tags: {key: string; value: string}[]
  instances: ClassicInstanceState[]
}

export interface ElbState {
  /** Keyed by `<region>/<name>`, in creation order. */
  loadBalancers: Record<string, ClassicLoadBalancerState>
}

export function emptyElbState(): ElbState {
  return {loadBalancers: {}}
}

export const classicKey = (region: string, name: string): string => `${region}/${name}`

export function findClassicLoadBalancer(world: World, region: string, name: string): ClassicLoadBalancerState | undefined {
  return world.elb.loadBalancers[classicKey(region, name)]
}

export function classicLoadBalancersIn(world: World, region: string): ClassicLoadBalancerState[] {
  return Object.values(world.elb.loadBalancers).filter((lb) => lb.region === region)
}
