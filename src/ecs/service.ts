/**
 * Scheduler → CreateService / UpdateService inputs. The service is created in one
 * call with its real desired count (hako created it at 0, then updated).
 */
import type {
  CapacityProviderStrategyItem,
  CreateServiceCommandInput,
  DeploymentConfiguration,
  LoadBalancer,
  NetworkConfiguration,
  PlacementConstraint,
  PlacementStrategy,
  Service,
  ServiceRegistry,
  UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs'

import type {Scheduler} from '../definition/types.js'
import {omitUndefined} from './omit-undefined.js'

export interface CreateServiceParams {
  serviceName: string
  taskDefinitionArn: string
  /** Overrides `scheduler.desired_count` (e.g. the count autoscaling keeps). */
  desiredCount?: number
  loadBalancers?: LoadBalancer[]
  serviceRegistries?: ServiceRegistry[]
}

export interface UpdateServiceParams {
  serviceName: string
  taskDefinitionArn: string
  /** The running service, when known: capacity strategy and change detection read it. */
  current?: Service
  serviceRegistries?: ServiceRegistry[]
}

export function buildCreateService(s: Scheduler, p: CreateServiceParams): CreateServiceCommandInput {
  const daemon = s.scheduling_strategy === 'DAEMON'
  return omitUndefined({
    cluster: s.cluster,
    serviceName: p.serviceName,
    taskDefinition: p.taskDefinitionArn,
    desiredCount: daemon ? undefined : (p.desiredCount ?? s.desired_count),
    role: s.role,
    launchType: s.launch_type,
    capacityProviderStrategy: capacityProviderStrategy(s),
    platformVersion: s.platform_version,
    networkConfiguration: networkConfiguration(s),
    deploymentConfiguration: deploymentConfiguration(s),
    placementConstraints: placementConstraints(s),
    placementStrategy: placementStrategy(s),
    schedulingStrategy: s.scheduling_strategy,
    healthCheckGracePeriodSeconds: healthCheckGracePeriod(s),
    loadBalancers: p.loadBalancers,
    serviceRegistries: p.serviceRegistries,
    enableExecuteCommand: s.enable_execute_command,
    propagateTags: 'TASK_DEFINITION',
  })
}

/**
 * UpdateService leaves every omitted field as it is in ECS, so a setting removed from the
 * definition would linger and diff for ever. Each comparable setting the definition omits is
 * therefore sent as ECS's default, so the service converges and the next deploy is a no-op.
 */
export function buildUpdateService(s: Scheduler, p: UpdateServiceParams): UpdateServiceCommandInput {
  // With autoscaling the scaler owns the count; a DAEMON service has none.
  const daemon = s.scheduling_strategy === 'DAEMON' || p.current?.schedulingStrategy === 'DAEMON'
  const keepCount = s.autoscaling !== undefined || daemon
  const configured = capacityProviderStrategy(s)
  const currentStrategy = p.current?.capacityProviderStrategy
  // Unset: keep what the service has (the cluster default ECS applied), or every deploy would diff.
  const effective = configured ?? (currentStrategy && currentStrategy.length > 0 ? currentStrategy : undefined)
  const strategyChanged = p.current !== undefined && effective !== undefined && !sameStrategy(effective, currentStrategy ?? [])
  const current = p.current
  return omitUndefined({
    cluster: s.cluster,
    service: p.serviceName,
    taskDefinition: p.taskDefinitionArn,
    desiredCount: keepCount ? undefined : s.desired_count,
    capacityProviderStrategy: effective,
    forceNewDeployment: strategyChanged ? true : undefined,
    // Only Fargate services carry a platform version; EC2 ones refuse it.
    platformVersion: s.platform_version ?? (current?.platformVersion !== undefined ? 'LATEST' : undefined),
    networkConfiguration: networkConfiguration(s),
    deploymentConfiguration: withDefaults(deploymentConfiguration(s), defaultDeploymentConfiguration(daemon, current)),
    placementConstraints: placementConstraints(s),
    placementStrategy: placementStrategy(s),
    healthCheckGracePeriodSeconds: healthCheckGracePeriod(s) ?? (current?.healthCheckGracePeriodSeconds ? 0 : undefined),
    // As hako: always sent, so registries removed from the definition are removed from the service.
    serviceRegistries: p.serviceRegistries ?? [],
    enableExecuteCommand: s.enable_execute_command ?? (current?.enableExecuteCommand ? false : undefined),
  })
}

/** Each member the definition leaves out takes ECS's default. */
function withDefaults(given: DeploymentConfiguration | undefined, defaults: DeploymentConfiguration): DeploymentConfiguration {
  if (!given) return defaults
  return {
    ...defaults,
    ...omitUndefined(given),
    deploymentCircuitBreaker: given.deploymentCircuitBreaker ?? defaults.deploymentCircuitBreaker,
  }
}

/** ECS's defaults, sent when the definition has no `deployment_configuration` (see buildUpdateService). */
function defaultDeploymentConfiguration(daemon: boolean, current: Service | undefined): DeploymentConfiguration {
  const hadAlarms = (current?.deploymentConfiguration?.alarms?.alarmNames?.length ?? 0) > 0 || current?.deploymentConfiguration?.alarms?.enable === true
  return {
    maximumPercent: daemon ? 100 : 200,
    minimumHealthyPercent: daemon ? 0 : 100,
    deploymentCircuitBreaker: {enable: false, rollback: false},
    ...(hadAlarms ? {alarms: {alarmNames: [], enable: false, rollback: false}} : {}),
  }
}

/** weight/base absent = 0; order does not matter. */
export function sameStrategy(a: readonly CapacityProviderStrategyItem[], b: readonly CapacityProviderStrategyItem[]): boolean {
  const key = (items: readonly CapacityProviderStrategyItem[]): string =>
    items
      .map((i) => `${i.capacityProvider}/${i.weight ?? 0}/${i.base ?? 0}`)
      .sort()
      .join(',')
  return key(a) === key(b)
}

function capacityProviderStrategy(s: Scheduler): CapacityProviderStrategyItem[] | undefined {
  return s.capacity_provider_strategy?.map((c) => ({capacityProvider: c.capacity_provider, weight: c.weight, base: c.base}))
}

export function networkConfiguration(s: Scheduler): NetworkConfiguration | undefined {
  const vpc = s.network_configuration?.awsvpc_configuration
  return vpc && {awsvpcConfiguration: {subnets: vpc.subnets, securityGroups: vpc.security_groups, assignPublicIp: vpc.assign_public_ip}}
}

function deploymentConfiguration(s: Scheduler): DeploymentConfiguration | undefined {
  const d = s.deployment_configuration
  if (!d) return undefined
  return {
    maximumPercent: d.maximum_percent,
    minimumHealthyPercent: d.minimum_healthy_percent,
    // rollback: true is allowed (hako refused it): ECS rolls back and the deploy reports it.
    deploymentCircuitBreaker: d.deployment_circuit_breaker && {
      enable: d.deployment_circuit_breaker.enable,
      rollback: d.deployment_circuit_breaker.rollback,
    },
    alarms: d.alarms && {alarmNames: d.alarms.alarm_names, enable: d.alarms.enable, rollback: d.alarms.rollback},
  }
}

export function placementConstraints(s: Scheduler): PlacementConstraint[] {
  return s.placement_constraints.map((c) => ({type: c.type, expression: c.expression}))
}

export function placementStrategy(s: Scheduler): PlacementStrategy[] {
  return s.placement_strategy.map((p) => ({type: p.type, field: p.field}))
}

/** As in hako: 0 when a load balancer is attached, else unset. */
function healthCheckGracePeriod(s: Scheduler): number | undefined {
  return s.health_check_grace_period_seconds ?? (s.elb || s.elb_v2 ? 0 : undefined)
}
