/**
 * Services: create, update (new deployments), describe, list, delete.
 */
import type {
  CapacityProviderStrategyItem,
  CreateServiceRequest,
  DeleteServiceRequest,
  DescribeServicesRequest,
  ListServicesRequest,
  LoadBalancer,
  NetworkConfiguration,
  Service,
  UpdateServiceRequest,
} from '@aws-sdk/client-ecs'
import {classicAttachmentProblem} from '../elb/ecs-tasks.js'
import {findTargetGroup} from '../elbv2/state.js'
import {registriesProblem} from '../servicediscovery/ecs-tasks.js'
import {clientException, invalidParameter, serviceNotActive} from './errors.js'
import {arn, type Scope, findService, findTaskDefinition, paginate, requireCluster, requireService, seconds, serviceArnOf} from './model.js'
import {newDeployment, refreshCounts} from './scheduler.js'
import type {StoredService, Wire, WireCluster, WireTaskDefinition} from './state.js'

type Strategy = Wire<CapacityProviderStrategyItem>[]

function requireActiveDefinition(scope: Scope, reference: string | undefined): WireTaskDefinition {
  if (!reference) throw invalidParameter('taskDefinition can not be blank.')
  const definition = findTaskDefinition(scope, reference)
  // AWS answers a missing one with ClientException (not InvalidParameterException), as it does for UpdateService.
  if (!definition) throw clientException('TaskDefinition not found.')
  if (definition.status !== 'ACTIVE') throw invalidParameter('TaskDefinition is inactive')
  return definition
}

function usesFargate(launchType: string | undefined, strategy: Strategy | undefined): boolean {
  if (strategy?.length) return strategy.some((item) => item.capacityProvider === 'FARGATE' || item.capacityProvider === 'FARGATE_SPOT')
  return launchType === 'FARGATE'
}

/** The checks CreateService and UpdateService share: launch type, network, load balancers. */
function validatePlacement(
  scope: Scope,
  definition: WireTaskDefinition,
  fargate: boolean,
  network: Wire<NetworkConfiguration> | undefined,
  loadBalancers: Wire<LoadBalancer>[],
): void {
  if (fargate && !definition.compatibilities?.includes('FARGATE')) throw invalidParameter('Task definition does not support launch_type FARGATE.')
  const awsvpc = definition.networkMode === 'awsvpc'
  if (awsvpc && !network?.awsvpcConfiguration) {
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
  }
  if (!awsvpc && network?.awsvpcConfiguration) {
    throw invalidParameter('Network Configuration is not valid for the given networkMode of this task definition.')
  }
  if (awsvpc && !network?.awsvpcConfiguration?.subnets?.length) throw invalidParameter('subnets can not be empty.')
  for (const lb of loadBalancers) {
    if (!lb.targetGroupArn) {
      const classic = lb.loadBalancerName ? classicAttachmentProblem(scope.world, scope.region, lb, definition) : undefined
      if (classic) throw invalidParameter(classic)
      if (lb.loadBalancerName) continue
      throw invalidParameter('targetGroupArn or loadBalancerName must be specified for a load balancer.')
    }
    const group = findTargetGroup(scope.world, lb.targetGroupArn)
    if (!group) throw invalidParameter(`Unable to find target group '${lb.targetGroupArn}'.`)
    if (group.loadBalancerArns.length === 0) {
      throw invalidParameter(`The target group with targetGroupArn ${lb.targetGroupArn} does not have an associated load balancer.`)
    }
    if (awsvpc && group.targetType !== 'ip') {
      throw invalidParameter(
        `The provided target group ${lb.targetGroupArn} has target type ${group.targetType}, which is incompatible with the awsvpc network mode specified in the task definition.`,
      )
    }
    const container = definition.containerDefinitions?.find((c) => c.name === lb.containerName)
    if (!container) throw invalidParameter(`The container ${lb.containerName ?? ''} does not exist in the task definition.`)
    if (!container.portMappings?.some((mapping) => mapping.containerPort === lb.containerPort)) {
      throw invalidParameter(`The container ${lb.containerName ?? ''} did not have a container port ${lb.containerPort ?? ''} defined.`)
    }
  }
}

function validateDeploymentConfiguration(config: Wire<Service>['deploymentConfiguration']): void {
  const min = config?.minimumHealthyPercent
  const max = config?.maximumPercent
  if (min !== undefined && (min < 0 || min > 100)) throw invalidParameter('minimumHealthyPercent must be between 0 and 100.')
  if (max !== undefined && max < 100) throw invalidParameter('maximumPercent must be at least 100.')
}

/** The service as DescribeServices returns it: live events, and tags when asked for. */
export function describeService(scope: Scope, stored: StoredService, include: string[] = []): Wire<Service> {
  const {tags: _tags, ...service} = stored.service
  return {
    ...service,
    events: stored.sim.events,
    ...(include.includes('TAGS') ? {tags: scope.ecs.tags[service.serviceArn ?? ''] ?? []} : {}),
  }
}

export const serviceHandlers = {
  CreateService(scope: Scope, input: Wire<CreateServiceRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    const name = input.serviceName ?? ''
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
      throw invalidParameter('Service name can have up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.')
    }
    const existing = findService(scope, cluster, name)
    if (existing && existing.service.status !== 'INACTIVE') throw invalidParameter('Creation of service was not idempotent.')
    const definition = requireActiveDefinition(scope, input.taskDefinition)
    if (input.launchType && input.capacityProviderStrategy?.length) {
      throw invalidParameter('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.')
    }
    const strategy = input.capacityProviderStrategy?.length
      ? input.capacityProviderStrategy
      : input.launchType
        ? undefined
        : cluster.defaultCapacityProviderStrategy?.length
          ? cluster.defaultCapacityProviderStrategy
          : undefined
    const launchType = strategy ? undefined : (input.launchType ?? 'EC2')
    const fargate = usesFargate(launchType, strategy)
    const daemon = input.schedulingStrategy === 'DAEMON'
    if (daemon && fargate) throw invalidParameter('The daemon scheduling strategy is not supported with the FARGATE launch type.')
    if (!daemon && input.desiredCount === undefined) throw invalidParameter('desiredCount is required when schedulingStrategy is REPLICA.')
    if (input.desiredCount !== undefined && input.desiredCount < 0) throw invalidParameter('desiredCount must be at least 0.')
    const loadBalancers = input.loadBalancers ?? []
    validatePlacement(scope, definition, fargate, input.networkConfiguration, loadBalancers)
    const registryProblem = registriesProblem(scope.world, input.serviceRegistries ?? [], definition)
    if (registryProblem) throw invalidParameter(registryProblem)
    validateDeploymentConfiguration(input.deploymentConfiguration)
    const config = input.deploymentConfiguration ?? {}
    const serviceArn = serviceArnOf(scope, cluster, name)
    const stored: StoredService = {
      service: {
        serviceArn,
        serviceName: name,
        clusterArn: cluster.clusterArn,
        loadBalancers,
        serviceRegistries: input.serviceRegistries ?? [],
        status: 'ACTIVE',
        desiredCount: daemon ? 0 : (input.desiredCount ?? 0),
        runningCount: 0,
        pendingCount: 0,
        ...(launchType ? {launchType} : {}),
        ...(strategy ? {capacityProviderStrategy: strategy} : {}),
        ...(fargate ? {platformVersion: input.platformVersion ?? 'LATEST', platformFamily: 'Linux'} : {}),
        taskDefinition: definition.taskDefinitionArn,
        deploymentConfiguration: {
          ...config,
          deploymentCircuitBreaker: config.deploymentCircuitBreaker ?? {enable: false, rollback: false},
          maximumPercent: config.maximumPercent ?? (daemon ? 100 : 200),
          minimumHealthyPercent: config.minimumHealthyPercent ?? (daemon ? 0 : 100),
        },
        deployments: [],
        roleArn: input.role ?? `arn:aws:iam::${scope.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
        createdAt: seconds(scope.now),
        placementConstraints: input.placementConstraints ?? [],
        placementStrategy: input.placementStrategy ?? [],
        ...(input.networkConfiguration ? {networkConfiguration: input.networkConfiguration} : {}),
        ...(input.healthCheckGracePeriodSeconds !== undefined ? {healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds} : {}),
        schedulingStrategy: daemon ? 'DAEMON' : 'REPLICA',
        deploymentController: input.deploymentController ?? {type: 'ECS'},
        createdBy: `arn:aws:iam::${scope.accountId}:user/local`,
        enableECSManagedTags: input.enableECSManagedTags ?? false,
        propagateTags: input.propagateTags ?? 'NONE',
        enableExecuteCommand: input.enableExecuteCommand ?? false,
        availabilityZoneRebalancing: input.availabilityZoneRebalancing ?? 'DISABLED',
      },
      sim: {events: [], steady: false},
    }
    scope.ecs.services[serviceArn] = stored
    if (input.tags?.length) scope.ecs.tags[serviceArn] = input.tags
    newDeployment(scope, stored)
    return {service: describeService(scope, stored)}
  },

  UpdateService(scope: Scope, input: Wire<UpdateServiceRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    const stored = requireService(scope, cluster, input.service)
    const service = stored.service
    if (service.status !== 'ACTIVE') throw serviceNotActive()
    const definition = input.taskDefinition ? requireActiveDefinition(scope, input.taskDefinition) : requireActiveOrCurrent(scope, service.taskDefinition)
    const strategy = input.capacityProviderStrategy
    const strategyChanged = strategy !== undefined && JSON.stringify(strategy) !== JSON.stringify(service.capacityProviderStrategy ?? [])
    if (strategyChanged && !input.forceNewDeployment) {
      throw invalidParameter(
        'When switching from launch type to capacity provider strategy on an existing service, or making a change to a capacity provider strategy on a service that is already using one, you must force a new deployment.',
      )
    }
    const fargate = usesFargate(service.launchType, strategy ?? service.capacityProviderStrategy)
    const network = input.networkConfiguration ?? service.networkConfiguration
    const loadBalancers = input.loadBalancers ?? service.loadBalancers ?? []
    validatePlacement(scope, definition, fargate, network, loadBalancers)
    const registryProblem = registriesProblem(scope.world, input.serviceRegistries ?? [], definition)
    if (registryProblem) throw invalidParameter(registryProblem)
    validateDeploymentConfiguration(input.deploymentConfiguration)
    if (input.desiredCount !== undefined && input.desiredCount < 0) throw invalidParameter('desiredCount must be at least 0.')

    const changed =
      definition.taskDefinitionArn !== service.taskDefinition ||
      (input.networkConfiguration !== undefined && JSON.stringify(input.networkConfiguration) !== JSON.stringify(service.networkConfiguration)) ||
      strategyChanged ||
      (input.platformVersion !== undefined && input.platformVersion !== service.platformVersion) ||
      (input.loadBalancers !== undefined && JSON.stringify(input.loadBalancers) !== JSON.stringify(service.loadBalancers)) ||
      (input.serviceRegistries !== undefined && JSON.stringify(input.serviceRegistries) !== JSON.stringify(service.serviceRegistries ?? []))

    if (input.desiredCount !== undefined && service.schedulingStrategy !== 'DAEMON') service.desiredCount = input.desiredCount
    service.taskDefinition = definition.taskDefinitionArn
    if (input.networkConfiguration) service.networkConfiguration = input.networkConfiguration
    if (strategy) {
      service.capacityProviderStrategy = strategy
      delete service.launchType
    }
    if (input.platformVersion) service.platformVersion = input.platformVersion
    if (input.loadBalancers) service.loadBalancers = input.loadBalancers
    if (input.deploymentConfiguration) {
      service.deploymentConfiguration = {
        ...service.deploymentConfiguration,
        ...input.deploymentConfiguration,
      }
    }
    if (input.healthCheckGracePeriodSeconds !== undefined) service.healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds
    if (input.enableExecuteCommand !== undefined) service.enableExecuteCommand = input.enableExecuteCommand
    if (input.enableECSManagedTags !== undefined) service.enableECSManagedTags = input.enableECSManagedTags
    if (input.propagateTags !== undefined) service.propagateTags = input.propagateTags
    if (input.placementConstraints) service.placementConstraints = input.placementConstraints
    if (input.placementStrategy) service.placementStrategy = input.placementStrategy
    if (input.serviceRegistries) service.serviceRegistries = input.serviceRegistries

    if (changed || input.forceNewDeployment) newDeployment(scope, stored)
    stored.sim.steady = false
    refreshCounts(scope, stored)
    return {service: describeService(scope, stored)}
  },

  DescribeServices(scope: Scope, input: Wire<DescribeServicesRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    const names = input.services ?? []
    if (names.length === 0) throw invalidParameter('services can not be empty.')
    if (names.length > 10) throw invalidParameter('services can have at most 10 items.')
    const services: Wire<Service>[] = []
    const failures: {arn: string; reason: string}[] = []
    for (const name of names) {
      const stored = findService(scope, cluster, name)
      if (stored) services.push(describeService(scope, stored, input.include ?? []))
      // AWS names a missing service without its cluster (the old ARN format), as moto does.
      else failures.push({arn: name.startsWith('arn:') ? name : arn(scope, `service/${name}`), reason: 'MISSING'})
    }
    return {services, failures}
  },

  ListServices(scope: Scope, input: Wire<ListServicesRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    const arns = Object.values(scope.ecs.services)
      .filter(({service}) => service.clusterArn === cluster.clusterArn && service.status !== 'INACTIVE')
      .filter(({service}) => input.launchType === undefined || service.launchType === input.launchType)
      .filter(({service}) => input.schedulingStrategy === undefined || service.schedulingStrategy === input.schedulingStrategy)
      .map(({service}) => service.serviceArn ?? '')
    const {page, nextToken} = paginate(arns, input, 10)
    return {serviceArns: page, nextToken}
  },

  DeleteService(scope: Scope, input: Wire<DeleteServiceRequest>) {
    const cluster: WireCluster = requireCluster(scope, input.cluster)
    const stored = requireService(scope, cluster, input.service)
    const service = stored.service
    if (service.status !== 'ACTIVE') throw serviceNotActive()
    if (service.schedulingStrategy !== 'DAEMON' && (service.desiredCount ?? 0) > 0 && !input.force) {
      throw invalidParameter('The service cannot be stopped while it is scaled above 0.')
    }
    service.desiredCount = 0
    service.status = 'DRAINING'
    stored.sim.steady = false
    return {service: describeService(scope, stored)}
  },
}

function requireActiveOrCurrent(scope: Scope, reference: string | undefined): WireTaskDefinition {
  // The service keeps running its current revision even after that revision is deregistered.
  const definition = reference ? findTaskDefinition(scope, reference) : undefined
  if (!definition) throw clientException('TaskDefinition not found.')
  return definition
}
