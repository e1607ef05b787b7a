/**
 * `hako status` as data: the command renders it as hako's text (src/ui/status-report.ts)
 * or prints it as JSON. Loaded in placeholder mode: status never reads a provider.
 */
import {DescribeContainerInstancesCommand, DescribeTaskDefinitionCommand, type ECSClient, ListTasksCommand, type Service, type Task} from '@aws-sdk/client-ecs'
import type {ElasticLoadBalancingClient} from '@aws-sdk/client-elastic-load-balancing'
import {DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, type ElasticLoadBalancingV2Client} from '@aws-sdk/client-elastic-load-balancing-v2'
import {GetNamespaceCommand, GetServiceCommand, ListInstancesCommand, type ServiceDiscoveryClient} from '@aws-sdk/client-servicediscovery'

import {type AutoscalingStatus, autoscalingStatus} from '../autoscaling/status.js'
import type {AwsClients} from '../aws/clients.js'
import {awsCall, ExitCode, isAwsError} from '../errors.js'
import {describeTasks, shortTaskDefinition, taskIdOf} from '../ecs/diagnostics.js'
import {describeService} from '../ecs/service-apply.js'
import {classicStatusLines} from '../elb-classic/status.js'
import {listListeners} from '../elb/lookup.js'
import {type DefinitionInput, ecsNames, openApp} from './app-context.js'
import type {Deps} from './deps.js'
import {instanceNames} from './instance-names.js'
import type {Reporter} from '../ui/reporter.js'

export interface StatusLoadBalancerLine {
  dnsName: string
  /** Undefined for a classic load balancer that no longer exists. */
  port?: number
  containerName: string
  containerPort: number
}

export interface StatusDeployment {
  status: string
  /** `family:revision` */
  taskDefinition: string
  desiredCount: number
  pendingCount: number
  runningCount: number
  rolloutState?: string
  rolloutStateReason?: string
  /** The image of each container of the deployment's task definition, in its order. */
  images: {container: string; image: string}[]
}

export interface StatusTask {
  id: string
  lastStatus: string
  desiredStatus: string
  /** `family:revision` */
  taskDefinition: string
  /** EC2 launch type: the container instance's EC2 instance id. */
  instanceId?: string
  /** The EC2 instance's `Name` tag, when it has one (and ec2:DescribeInstances is allowed). */
  instanceName?: string
  /** awsvpc (Fargate): the task's private IPv4 address. */
  privateIp?: string
}

export interface StatusEvent {
  /** ISO 8601 */
  createdAt: string
  message: string
}

export interface StatusServiceDiscovery {
  /** The Cloud Map service's name, or its registry ARN when it no longer exists. */
  service: string
  /** The namespace's name ('' when unknown). */
  namespace: string
  registryArn: string
  instanceCount: number
  instances: {id: string; attributes: Record<string, string>}[]
  /** Set when the registry's Cloud Map service no longer exists. */
  missing?: true
}

export interface AvailableStatus {
  available: true
  cluster: string
  service: string
  serviceArn: string
  loadBalancers: StatusLoadBalancerLine[]
  deployments: StatusDeployment[]
  tasks: StatusTask[]
  /** Newest first, at most EVENT_LIMIT. */
  events: StatusEvent[]
  /** One entry per registry of the service (hako's "Service Discovery" section). */
  serviceDiscovery: StatusServiceDiscovery[]
  /**
   * hako's "Autoscaling" section: null when the definition has no scheduler.autoscaling (nothing is
   * read then, as hako did); `{registered: false}` when it has one but no target is registered.
   */
  autoscaling: ({registered: true} & AutoscalingStatus) | {registered: false} | null
}

export interface UnavailableStatus {
  available: false
  cluster: string
  service: string
}

export type StatusReport = AvailableStatus | UnavailableStatus

export type StatusOptions = DefinitionInput

export interface StatusResult {
  exitCode: number
  report: StatusReport
}

export const EVENT_LIMIT = 10

export async function status(deps: Deps, options: StatusOptions): Promise<StatusResult> {
  const {app, clients} = await openApp(deps, options, {mode: 'placeholder'}, {dryRun: true})
  const {cluster, service} = ecsNames(app)
  const current = await describeService(clients.ecs, cluster, service)
  if (!current) return {exitCode: ExitCode.error, report: {available: false, cluster, service}}
  const [loadBalancers, tasks, serviceDiscovery, images, scaling] = await Promise.all([
    loadBalancerLines(clients.elbv2, current, clients.elb),
    serviceTasks(clients, cluster, service, deps.reporter),
    serviceDiscoveryOf(current, () => clients.serviceDiscovery),
    deploymentImages(clients.ecs, current),
    app.definition.scheduler.autoscaling ? autoscalingStatus(clients, cluster, service) : Promise.resolve(null),
  ])
  return {
    exitCode: ExitCode.ok,
    report: {
      available: true,
      cluster,
      service,
      serviceArn: current.serviceArn ?? service,
      loadBalancers,
      deployments: deploymentsOf(current, images),
      tasks,
      events: (current.events ?? []).slice(0, EVENT_LIMIT).map((e) => ({
        createdAt: e.createdAt instanceof Date ? e.createdAt.toISOString() : String(e.createdAt ?? ''),
        message: e.message ?? '',
      })),
      serviceDiscovery,
      autoscaling: scaling === null ? null : scaling ? {registered: true, ...scaling} : {registered: false},
    },
  }
}

export function deploymentsOf(service: Service, images: Map<string, StatusDeployment['images']> = new Map()): StatusDeployment[] {
  return (service.deployments ?? []).map((d) => ({
    status: d.status ?? '-',
    taskDefinition: shortTaskDefinition(d.taskDefinition),
    desiredCount: d.desiredCount ?? 0,
    pendingCount: d.pendingCount ?? 0,
    runningCount: d.runningCount ?? 0,
    ...(d.rolloutState ? {rolloutState: d.rolloutState} : {}),
    ...(d.rolloutStateReason ? {rolloutStateReason: d.rolloutStateReason} : {}),
    images: images.get(d.taskDefinition ?? '') ?? [],
  }))
}

/** Task definition ARN → its containers' images, one DescribeTaskDefinition per distinct revision. */
async function deploymentImages(ecs: ECSClient, service: Service): Promise<Map<string, StatusDeployment['images']>> {
  const arns = [...new Set((service.deployments ?? []).map((d) => d.taskDefinition).filter((a): a is string => a !== undefined))]
  const entries = await Promise.all(
    arns.map(async (arn): Promise<[string, StatusDeployment['images']]> => {
      try {
        const out = await awsCall('DescribeTaskDefinition', arn, () => ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: arn})))
        return [arn, (out.taskDefinition?.containerDefinitions ?? []).map((c) => ({container: c.name ?? '?', image: c.image ?? '?'}))]
      } catch (error) {
        // A revision deleted since: the deployment is still worth showing, without its images.
        if (!isAwsError(error, 'ClientException')) throw error
        return [arn, []]
      }
    }),
  )
  return new Map(entries)
}

/** One line per listener of each load balancer in front of the service's target groups. */
async function loadBalancerLines(elbv2: ElasticLoadBalancingV2Client, service: Service, elb: ElasticLoadBalancingClient): Promise<StatusLoadBalancerLine[]> {
  const lines: StatusLoadBalancerLine[] = []
  for (const entry of service.loadBalancers ?? []) {
    const containerName = entry.containerName ?? '-'
    const containerPort = entry.containerPort ?? 0
    if (!entry.targetGroupArn) {
      if (entry.loadBalancerName) lines.push(...(await classicStatusLines(elb, entry)))
      continue
    }
    const tgArn = entry.targetGroupArn
    const groups = await awsCall('elbv2:DescribeTargetGroups', tgArn, () => elbv2.send(new DescribeTargetGroupsCommand({TargetGroupArns: [tgArn]})))
    const lbArns = groups.TargetGroups?.[0]?.LoadBalancerArns ?? []
    if (lbArns.length === 0) continue
    const lbs = await awsCall('elbv2:DescribeLoadBalancers', lbArns.join(', '), () => elbv2.send(new DescribeLoadBalancersCommand({LoadBalancerArns: lbArns})))
    for (const lb of lbs.LoadBalancers ?? []) {
      const listeners = lb.LoadBalancerArn ? await listListeners(elbv2, lb.LoadBalancerArn) : []
      for (const listener of [...listeners].sort((a, b) => (a.Port ?? 0) - (b.Port ?? 0))) {
        lines.push({dnsName: lb.DNSName ?? String(lb.LoadBalancerName), port: listener.Port, containerName, containerPort})
      }
    }
  }
  return lines
}

async function serviceTasks(clients: AwsClients, cluster: string, service: string, reporter: Reporter): Promise<StatusTask[]> {
  const ecs = clients.ecs
  const arns: string[] = []
  let nextToken: string | undefined
  do {
    const page = await awsCall('ListTasks', `tasks of service ${service} in cluster ${cluster}`, () =>
      ecs.send(new ListTasksCommand({cluster, serviceName: service, nextToken})),
    )
    arns.push(...(page.taskArns ?? []))
    nextToken = page.nextToken
  } while (nextToken)
  if (arns.length === 0) return []
  const tasks = await describeTasks(ecs, cluster, arns.map(taskIdOf))
  const instanceIds = await ec2InstanceIds(ecs, cluster, tasks)
  const names = await instanceNames(clients, [...new Set(instanceIds.values())], reporter)
  return tasks
    .map((task): StatusTask => {
      const instanceId = task.containerInstanceArn ? instanceIds.get(task.containerInstanceArn) : undefined
      const instanceName = instanceId ? names.get(instanceId) : undefined
      const privateIp = privateIpOf(task)
      return {
        id: taskIdOf(task.taskArn ?? '?'),
        lastStatus: task.lastStatus ?? '-',
        desiredStatus: task.desiredStatus ?? '-',
        taskDefinition: shortTaskDefinition(task.taskDefinitionArn),
        ...(instanceId ? {instanceId} : {}),
        ...(instanceName !== undefined ? {instanceName} : {}),
        ...(privateIp ? {privateIp} : {}),
      }
    })
    .sort((a, b) => a.taskDefinition.localeCompare(b.taskDefinition) || a.id.localeCompare(b.id))
}

/** Container instance ARN → EC2 instance id, in batches of 100 (the API's limit). */
async function ec2InstanceIds(ecs: ECSClient, cluster: string, tasks: Task[]): Promise<Map<string, string>> {
  const arns = [...new Set(tasks.map((t) => t.containerInstanceArn).filter((a): a is string => a !== undefined))]
  const ids = new Map<string, string>()
  for (let i = 0; i < arns.length; i += 100) {
    const batch = arns.slice(i, i + 100)
    const out = await awsCall('DescribeContainerInstances', `${batch.length} container instance(s) in cluster ${cluster}`, () =>
      ecs.send(new DescribeContainerInstancesCommand({cluster, containerInstances: batch})),
    )
    for (const instance of out.containerInstances ?? []) {
      if (instance.containerInstanceArn && instance.ec2InstanceId) ids.set(instance.containerInstanceArn, instance.ec2InstanceId)
    }
  }
  return ids
}

function privateIpOf(task: Task): string | undefined {
  for (const attachment of task.attachments ?? []) {
    const ip = attachment.details?.find((d) => d.name === 'privateIPv4Address')?.value
    if (ip) return ip
  }
  return task.containers?.flatMap((c) => c.networkInterfaces ?? []).find((n) => n.privateIpv4Address)?.privateIpv4Address
}

/** Each registry's Cloud Map service, namespace and instances (GetService, GetNamespace, ListInstances). */
async function serviceDiscoveryOf(service: Service, client: () => ServiceDiscoveryClient): Promise<StatusServiceDiscovery[]> {
  const out: StatusServiceDiscovery[] = []
  for (const registry of service.serviceRegistries ?? []) {
    const registryArn = registry.registryArn ?? ''
    const id = registryArn.slice(registryArn.lastIndexOf('/') + 1)
    const sd = client()
    let found
    try {
      found = (await awsCall('servicediscovery:GetService', registryArn, () => sd.send(new GetServiceCommand({Id: id})))).Service
    } catch (error) {
      if (!isAwsError(error, 'ServiceNotFound')) throw error
    }
    if (!found) {
      out.push({service: registryArn, namespace: '', registryArn, instanceCount: 0, instances: [], missing: true})
      continue
    }
    const namespaceId = found.NamespaceId ?? ''
    const namespace = await awsCall('servicediscovery:GetNamespace', `namespace ${namespaceId}`, () => sd.send(new GetNamespaceCommand({Id: namespaceId})))
    const instances: StatusServiceDiscovery['instances'] = []
    let NextToken: string | undefined
    do {
      const page = await awsCall('servicediscovery:ListInstances', `instances of ${registryArn}`, () =>
        sd.send(new ListInstancesCommand({ServiceId: id, NextToken})),
      )
      for (const instance of page.Instances ?? []) instances.push({id: instance.Id ?? '?', attributes: instance.Attributes ?? {}})
      NextToken = page.NextToken
    } while (NextToken)
    instances.sort((a, b) => a.id.localeCompare(b.id))
    out.push({service: found.Name ?? id, namespace: namespace.Namespace?.Name ?? '', registryArn, instanceCount: instances.length, instances})
  }
  return out
}
