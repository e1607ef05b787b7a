/**
 * Clusters and the simulated EC2 container instances each cluster comes with.
 */
import type {
  CreateClusterRequest,
  DeleteClusterRequest,
  DescribeClustersRequest,
  DescribeContainerInstancesRequest,
  ListClustersRequest,
  ListContainerInstancesRequest,
  Resource,
} from '@aws-sdk/client-ecs'
import {nextId} from '../ids.js'
import {EcsError, invalidParameter} from './errors.js'
import {type Scope, arn, clusterArnOf, lastPart, paginate, requireCluster, seconds} from './model.js'
import type {Wire, WireCluster, WireContainerInstance} from './state.js'

const ZONES = ['a', 'c', 'd']
const RESERVED_PORTS = ['22', '2375', '2376', '51678', '51679']

/** The `default` cluster of a region exists before anyone asks, as in a real account. */
export function seedRegion(scope: Scope): void {
  if (scope.ecs.seededRegions.includes(scope.region)) return
  scope.ecs.seededRegions.push(scope.region)
  if (!scope.ecs.clusters[clusterArnOf(scope, 'default')]) createCluster(scope, 'default')
}

export function createCluster(scope: Scope, name: string, input: Wire<CreateClusterRequest> = {}, instances = scope.ecs.instanceTemplate.count): WireCluster {
  const clusterArn = clusterArnOf(scope, name)
  const existing = scope.ecs.clusters[clusterArn]
  if (existing?.status === 'ACTIVE') return existing
  const cluster: WireCluster = {
    clusterArn,
    clusterName: name,
    status: 'ACTIVE',
    settings: input.settings ?? [{name: 'containerInsights', value: 'disabled'}],
    capacityProviders: input.capacityProviders ?? [],
    defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy ?? [],
    statistics: [],
  }
  scope.ecs.clusters[clusterArn] = cluster
  if (input.tags?.length) scope.ecs.tags[clusterArn] = input.tags
  const template = scope.ecs.instanceTemplate
  for (let i = 0; i < instances; i += 1) addContainerInstance(scope, cluster, template.cpu, template.memory, i)
  return cluster
}

/** An EC2 instance that joins a cluster (the Auto Scaling simulator brings its own id and zone). */
export interface JoiningInstance {
  ec2InstanceId?: string
  zone?: string
  instanceType?: string
}

export function addContainerInstance(
  scope: Scope,
  cluster: WireCluster,
  cpu: number,
  memory: number,
  index: number,
  joining: JoiningInstance = {},
): WireContainerInstance {
  const id = nextId(scope.world)
  const containerInstanceArn = arn(scope, `container-instance/${cluster.clusterName}/${id}`)
  const zone = joining.zone ?? `${scope.region}${ZONES[index % ZONES.length]}`
  const instance: WireContainerInstance = {
    containerInstanceArn,
    ec2InstanceId: joining.ec2InstanceId ?? `i-${nextId(scope.world, 17)}`,
    version: 1,
    versionInfo: {agentVersion: '1.89.0', agentHash: 'local', dockerVersion: 'DockerVersion: 25.0.8'},
    status: 'ACTIVE',
    agentConnected: true,
    registeredResources: resources(cpu, memory, RESERVED_PORTS),
    remainingResources: resources(cpu, memory, RESERVED_PORTS),
    runningTasksCount: 0,
    pendingTasksCount: 0,
    attributes: [
      {name: 'ecs.availability-zone', value: zone},
      {name: 'ecs.instance-type', value: joining.instanceType ?? 'm5.large'},
      {name: 'ecs.os-type', value: 'linux'},
      {name: 'ecs.cpu-architecture', value: 'x86_64'},
    ],
    registeredAt: seconds(scope.now),
    attachments: [],
    tags: [],
  }
  scope.ecs.containerInstances[containerInstanceArn] = instance
  return instance
}

function resources(cpu: number, memory: number, ports: string[]): Wire<Resource>[] {
  return [
    {name: 'CPU', type: 'INTEGER', integerValue: cpu, doubleValue: 0, longValue: 0},
    {name: 'MEMORY', type: 'INTEGER', integerValue: memory, doubleValue: 0, longValue: 0},
    {name: 'PORTS', type: 'STRINGSET', stringSetValue: ports, doubleValue: 0, longValue: 0, integerValue: 0},
    {name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [], doubleValue: 0, longValue: 0, integerValue: 0},
  ]
}

function integer(list: Wire<Resource>[] | undefined, name: string): number {
  return list?.find((resource) => resource.name === name)?.integerValue ?? 0
}

export function instancesOf(scope: Scope, cluster: WireCluster): WireContainerInstance[] {
  // The full ARN prefix: a same-named cluster in another region has instances of its own.
  const prefix = arn(scope, `container-instance/${cluster.clusterName}/`)
  return Object.values(scope.ecs.containerInstances).filter((instance) => instance.status === 'ACTIVE' && instance.containerInstanceArn?.startsWith(prefix))
}

export function zoneOf(instance: WireContainerInstance): string {
  return instance.attributes?.find((attribute) => attribute.name === 'ecs.availability-zone')?.value ?? ''
}

/** What is left on an instance once its unstopped tasks' reservations are taken. */
export function remainingOf(scope: Scope, instance: WireContainerInstance): {cpu: number; memory: number; ports: string[]; running: number; pending: number} {
  let cpu = integer(instance.registeredResources, 'CPU')
  let memory = integer(instance.registeredResources, 'MEMORY')
  const ports = new Set(instance.registeredResources?.find((r) => r.name === 'PORTS')?.stringSetValue ?? [])
  let running = 0
  let pending = 0
  for (const {task, sim} of Object.values(scope.ecs.tasks)) {
    if (task.containerInstanceArn !== instance.containerInstanceArn || task.lastStatus === 'STOPPED') continue
    cpu -= sim.reserved.cpu
    memory -= sim.reserved.memory
    for (const port of sim.reserved.ports) ports.add(String(port))
    if (task.lastStatus === 'RUNNING') running += 1
    else pending += 1
  }
  return {cpu, memory, ports: [...ports], running, pending}
}

function describeInstance(scope: Scope, instance: WireContainerInstance): WireContainerInstance {
  const left = remainingOf(scope, instance)
  return {
    ...instance,
    remainingResources: resources(left.cpu, left.memory, left.ports),
    runningTasksCount: left.running,
    pendingTasksCount: left.pending,
  }
}

function describeCluster(scope: Scope, cluster: WireCluster, include: string[] = []): WireCluster {
  let running = 0
  let pending = 0
  for (const {task} of Object.values(scope.ecs.tasks)) {
    if (task.clusterArn !== cluster.clusterArn) continue
    if (task.lastStatus === 'RUNNING') running += 1
    else if (task.lastStatus !== 'STOPPED' && task.desiredStatus === 'RUNNING') pending += 1
  }
  const services = Object.values(scope.ecs.services).filter(
    (stored) => stored.service.clusterArn === cluster.clusterArn && stored.service.status === 'ACTIVE',
  ).length
  const active = cluster.status === 'ACTIVE'
  return {
    ...cluster,
    registeredContainerInstancesCount: active ? instancesOf(scope, cluster).length : 0,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: services,
    ...(include.includes('TAGS') ? {tags: scope.ecs.tags[cluster.clusterArn ?? ''] ?? []} : {}),
    ...(include.includes('SETTINGS') ? {} : {settings: cluster.settings}),
  }
}

export const clusterHandlers = {
  CreateCluster(scope: Scope, input: Wire<CreateClusterRequest>) {
    const name = input.clusterName ?? 'default'
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
      throw invalidParameter('Cluster name can have up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.')
    }
    return {cluster: describeCluster(scope, createCluster(scope, name, input))}
  },

  DescribeClusters(scope: Scope, input: Wire<DescribeClustersRequest>) {
    const names = input.clusters?.length ? input.clusters : ['default']
    if (names.length > 100) throw invalidParameter('clusters can have at most 100 items.')
    const clusters: WireCluster[] = []
    const failures: {arn: string; reason: string}[] = []
    for (const name of names) {
      const clusterArn = clusterArnOf(scope, name)
      const cluster = scope.ecs.clusters[clusterArn]
      if (cluster) clusters.push(describeCluster(scope, cluster, input.include ?? []))
      else failures.push({arn: clusterArn, reason: 'MISSING'})
    }
    return {clusters, failures}
  },

  ListClusters(scope: Scope, input: Wire<ListClustersRequest>) {
    const arns = Object.values(scope.ecs.clusters)
      .filter((cluster) => cluster.status === 'ACTIVE' && cluster.clusterArn?.includes(`:${scope.region}:`))
      .map((cluster) => cluster.clusterArn ?? '')
    const {page, nextToken} = paginate(arns, input, 100)
    return {clusterArns: page, nextToken}
  },

  DeleteCluster(scope: Scope, input: Wire<DeleteClusterRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    const services = Object.values(scope.ecs.services).filter(
      (stored) => stored.service.clusterArn === cluster.clusterArn && stored.service.status !== 'INACTIVE',
    )
    if (services.length > 0) throw new EcsError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.')
    const tasks = Object.values(scope.ecs.tasks).filter((stored) => stored.task.clusterArn === cluster.clusterArn && stored.task.lastStatus !== 'STOPPED')
    if (tasks.length > 0) throw new EcsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.')
    // The simulated instances belong to the cluster; they go with it instead of blocking it.
    for (const instance of instancesOf(scope, cluster)) instance.status = 'INACTIVE'
    cluster.status = 'INACTIVE'
    return {cluster: describeCluster(scope, cluster)}
  },

  ListContainerInstances(scope: Scope, input: Wire<ListContainerInstancesRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    const status = input.status ?? 'ACTIVE'
    const arns = instancesOf(scope, cluster)
      .filter((instance) => instance.status === status)
      .map((instance) => instance.containerInstanceArn ?? '')
    const {page, nextToken} = paginate(arns, input, 100)
    return {containerInstanceArns: page, nextToken}
  },

  DescribeContainerInstances(scope: Scope, input: Wire<DescribeContainerInstancesRequest>) {
    const cluster = requireCluster(scope, input.cluster)
    const requested = input.containerInstances ?? []
    if (requested.length === 0) throw invalidParameter('containerInstances can not be empty.')
    if (requested.length > 100) throw invalidParameter('containerInstances can have at most 100 items.')
    const containerInstances: WireContainerInstance[] = []
    const failures: {arn: string; reason: string}[] = []
    for (const reference of requested) {
      const instanceArn = reference.startsWith('arn:') ? reference : arn(scope, `container-instance/${cluster.clusterName}/${lastPart(reference)}`)
      const instance = scope.ecs.containerInstances[instanceArn]
      if (instance) {
        const described = describeInstance(scope, instance)
        containerInstances.push(input.include?.includes('TAGS') ? described : {...described, tags: undefined})
      } else failures.push({arn: instanceArn, reason: 'MISSING'})
    }
    return {containerInstances, failures}
  },
}
