/**
 * The classic load balancer as trees, one per part hako manages: what the definition wants and
 * what AWS reports, projected onto the same keys. "Changed?" and the diff both come from these
 * trees, so they cannot disagree. Pure.
 */
import type {LoadBalancerAttributes, LoadBalancerDescription, ModifyLoadBalancerAttributesCommandInput, Tag} from '@aws-sdk/client-elastic-load-balancing'

import type {ClassicElbOptions, ClassicListener} from './schema.js'

export interface ListenerTree {
  protocol: string
  load_balancer_port: number
  instance_port: number
  instance_protocol?: string
  ssl_certificate_id?: string
}

export function wantedListener(listener: ClassicListener, instancePort: number): ListenerTree {
  return {
    protocol: listener.protocol,
    load_balancer_port: listener.load_balancer_port,
    instance_port: instancePort,
    ...(listener.instance_protocol ? {instance_protocol: listener.instance_protocol} : {}),
    ...(listener.ssl_certificate_id ? {ssl_certificate_id: listener.ssl_certificate_id} : {}),
  }
}

/**
 * AWS's listener, compared on what the definition can say: the instance protocol only when the
 * definition names one (AWS picks it otherwise).
 */
export function currentListener(
  listener: NonNullable<LoadBalancerDescription['ListenerDescriptions']>[number]['Listener'],
  wanted?: ListenerTree,
): ListenerTree {
  return {
    protocol: (listener?.Protocol ?? '').toUpperCase(),
    load_balancer_port: listener?.LoadBalancerPort ?? 0,
    instance_port: listener?.InstancePort ?? 0,
    ...(wanted?.instance_protocol && listener?.InstanceProtocol ? {instance_protocol: listener.InstanceProtocol.toUpperCase()} : {}),
    ...(listener?.SSLCertificateId ? {ssl_certificate_id: listener.SSLCertificateId} : {}),
  }
}

export interface NetworkTree {
  subnets: string[]
  security_groups: string[]
}

const sorted = (values: readonly string[] | undefined): string[] => [...(values ?? [])].sort()

export function wantedNetwork(options: ClassicElbOptions): NetworkTree {
  return {subnets: sorted(options.subnets), security_groups: sorted(options.security_groups)}
}

export function currentNetwork(lb: LoadBalancerDescription): NetworkTree {
  return {subnets: sorted(lb.Subnets), security_groups: sorted(lb.SecurityGroups)}
}

export interface HealthCheckTree {
  target: string
  interval: number
  timeout: number
  healthy_threshold: number
  unhealthy_threshold: number
}

export function wantedHealthCheck(options: ClassicElbOptions, instancePort: number): HealthCheckTree | undefined {
  const check = options.health_check
  if (!check) return undefined
  const protocol = check.protocol ?? (check.path !== undefined ? 'HTTP' : 'TCP')
  const path = protocol === 'HTTP' || protocol === 'HTTPS' ? (check.path ?? '/') : ''
  return {
    target: `${protocol}:${check.port ?? instancePort}${path}`,
    interval: check.interval,
    timeout: check.timeout,
    healthy_threshold: check.healthy_threshold,
    unhealthy_threshold: check.unhealthy_threshold,
  }
}

export function currentHealthCheck(lb: LoadBalancerDescription): HealthCheckTree {
  const check = lb.HealthCheck
  return {
    target: check?.Target ?? '',
    interval: check?.Interval ?? 0,
    timeout: check?.Timeout ?? 0,
    healthy_threshold: check?.HealthyThreshold ?? 0,
    unhealthy_threshold: check?.UnhealthyThreshold ?? 0,
  }
}

export interface AttributesTree {
  cross_zone_load_balancing?: boolean
  connection_draining?: {enabled: boolean; timeout?: number}
  idle_timeout?: number
  access_log?: {enabled: boolean; s3_bucket_name?: string; s3_bucket_prefix?: string; emit_interval?: number}
}

/** Only the attributes the definition sets; undefined when it sets none (they are left alone). */
export function wantedAttributes(options: ClassicElbOptions): AttributesTree | undefined {
  const tree: AttributesTree = {
    ...(options.cross_zone_load_balancing === undefined ? {} : {cross_zone_load_balancing: options.cross_zone_load_balancing}),
    ...(options.connection_draining ? {connection_draining: {...options.connection_draining}} : {}),
    ...(options.idle_timeout === undefined ? {} : {idle_timeout: options.idle_timeout}),
    ...(options.access_log ? {access_log: options.access_log.enabled ? {...options.access_log} : {enabled: false}} : {}),
  }
  return Object.keys(tree).length > 0 ? tree : undefined
}

/** AWS's attributes, projected onto the keys of `wanted`. */
export function currentAttributes(attributes: LoadBalancerAttributes | undefined, wanted: AttributesTree): AttributesTree {
  const tree: AttributesTree = {}
  if (wanted.cross_zone_load_balancing !== undefined) tree.cross_zone_load_balancing = attributes?.CrossZoneLoadBalancing?.Enabled ?? false
  if (wanted.connection_draining) {
    const draining = attributes?.ConnectionDraining
    tree.connection_draining = {
      enabled: draining?.Enabled ?? false,
      ...(wanted.connection_draining.timeout === undefined ? {} : {timeout: draining?.Timeout ?? 300}),
    }
  }
  if (wanted.idle_timeout !== undefined) tree.idle_timeout = attributes?.ConnectionSettings?.IdleTimeout ?? 60
  if (wanted.access_log) {
    const log = attributes?.AccessLog
    const want = wanted.access_log
    tree.access_log = {
      enabled: log?.Enabled ?? false,
      ...(want.s3_bucket_name === undefined ? {} : {s3_bucket_name: log?.S3BucketName ?? ''}),
      ...(want.s3_bucket_prefix === undefined ? {} : {s3_bucket_prefix: log?.S3BucketPrefix ?? ''}),
      ...(want.emit_interval === undefined ? {} : {emit_interval: log?.EmitInterval ?? 60}),
    }
  }
  return tree
}

export function attributesInput(name: string, tree: AttributesTree): ModifyLoadBalancerAttributesCommandInput {
  const log = tree.access_log
  return {
    LoadBalancerName: name,
    LoadBalancerAttributes: {
      ...(tree.cross_zone_load_balancing === undefined ? {} : {CrossZoneLoadBalancing: {Enabled: tree.cross_zone_load_balancing}}),
      ...(tree.connection_draining ? {ConnectionDraining: {Enabled: tree.connection_draining.enabled, Timeout: tree.connection_draining.timeout}} : {}),
      ...(tree.idle_timeout === undefined ? {} : {ConnectionSettings: {IdleTimeout: tree.idle_timeout}}),
      ...(log
        ? {AccessLog: {Enabled: log.enabled, S3BucketName: log.s3_bucket_name, S3BucketPrefix: log.s3_bucket_prefix, EmitInterval: log.emit_interval}}
        : {}),
    },
  }
}

/** Tags are compared on the keys the definition sets: tags added outside hako are kept. */
export function currentTags(tags: Tag[], wanted: Record<string, string>): Record<string, string> {
  const now = new Map(tags.map((t) => [t.Key, t.Value ?? '']))
  return Object.fromEntries(
    Object.keys(wanted)
      .filter((key) => now.has(key))
      .map((key) => [key, now.get(key) ?? '']),
  )
}

export function toTags(tags: Record<string, string> | undefined): Tag[] | undefined {
  return tags && Object.keys(tags).length > 0 ? Object.entries(tags).map(([Key, Value]) => ({Key, Value})) : undefined
}
