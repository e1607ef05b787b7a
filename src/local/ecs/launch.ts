/**
 * A new task: placed, its containers planned from their commands and the faults, its timeline to
 * RUNNING laid out, and stored in PROVISIONING or PENDING.
 */
import type {ContainerDefinition, NetworkConfiguration, Tag, TaskOverride} from '@aws-sdk/client-ecs'
import {nextId, uuid} from '../ids.js'
import {behaviourOf, scriptOf} from './command.js'
import {type Scope, arn, seconds} from './model.js'
import {type PlacementRequest, place, reservationOf, staticPorts} from './placement.js'
import type {ContainerPlan, StoredService, StoredTask, Wire, WireTask, WireTaskDefinition} from './state.js'
import {StepNotes} from './targets.js'
import {SECOND, TIMING} from './timing.js'
import {applyDue} from './transitions.js'

export interface LaunchParams extends PlacementRequest {
  definition: WireTaskDefinition
  capacityProviderName?: string
  platformVersion?: string
  networkConfiguration?: Wire<NetworkConfiguration>
  overrides?: Wire<TaskOverride>
  startedBy?: string
  tags?: Tag[]
  enableExecuteCommand?: boolean
  service?: StoredService
  deploymentId?: string
  oneshot: boolean
}

export type LaunchResult = {task: StoredTask} | {failures: {arn?: string; reason: string}[]; noInstances?: boolean}

function planContainer(scope: Scope, params: LaunchParams, container: Wire<ContainerDefinition>, taskId: string): ContainerPlan {
  const override = params.overrides?.containerOverrides?.find((o) => o.name === container.name)
  const behaviour = behaviourOf(scriptOf(container.entryPoint, override?.command ?? container.command), params.oneshot)
  const fault = scope.faults.imageFault(container.image)
  const plan: ContainerPlan = {
    name: container.name ?? '',
    essential: container.essential !== false,
    output: behaviour.output,
    exitCode: behaviour.exitCode,
    ...(behaviour.exitAfterMs !== undefined ? {exitAfterMs: behaviour.exitAfterMs} : {}),
    unhealthy: fault?.unhealthy ?? false,
    cannotPull: fault?.cannotPull ?? false,
    healthCheck: container.healthCheck !== undefined,
    ...(container.healthCheck?.interval !== undefined ? {healthIntervalMs: container.healthCheck.interval * SECOND} : {}),
    ...(fault?.stopSeconds !== undefined ? {stopMs: fault.stopSeconds * SECOND} : {}),
  }
  if (fault?.exitCode !== undefined) {
    plan.exitCode = fault.exitCode
    plan.exitAfterMs = (fault.afterSeconds ?? 0) * SECOND
  }
  const log = container.logConfiguration
  if (log?.logDriver === 'awslogs' && log.options?.['awslogs-group']) {
    const prefix = log.options['awslogs-stream-prefix']
    plan.logs = {
      region: log.options['awslogs-region'] ?? scope.region,
      group: log.options['awslogs-group'],
      stream: prefix ? `${prefix}/${plan.name}/${taskId}` : taskId,
      createGroup: log.options['awslogs-create-group'] === 'true',
    }
  }
  return plan
}

function privateIp(scope: Scope): string {
  const n = scope.world.sequence
  return `10.0.${(n >> 8) & 255}.${n & 255 || 1}`
}

/** Creates a task (placed, reserving its resources) in PROVISIONING or PENDING. */
export function launchTask(scope: Scope, params: LaunchParams): LaunchResult {
  const {definition, cluster} = params
  const reserved = {...reservationOf(definition, params.overrides), ports: staticPorts(definition)}
  const placement = place(scope, params, reserved)
  if ('failures' in placement) return placement
  const id = nextId(scope.world)
  const taskArn = arn(scope, `task/${cluster.clusterName}/${id}`)
  const awsvpc = definition.networkMode === 'awsvpc'
  const now = scope.now
  const attachments: WireTask['attachments'] = []
  let ip: string | undefined
  let attachmentId: string | undefined
  if (awsvpc) {
    ip = privateIp(scope)
    attachmentId = uuid(scope.world)
    const subnet = params.networkConfiguration?.awsvpcConfiguration?.subnets?.[0] ?? 'subnet-local'
    attachments.push({
      id: attachmentId,
      type: 'ElasticNetworkInterface',
      status: 'PRECREATED',
      details: [
        {name: 'subnetId', value: subnet},
        {name: 'networkInterfaceId', value: `eni-${nextId(scope.world, 17)}`},
        {name: 'macAddress', value: '0a:00:00:00:00:01'},
        {name: 'privateDnsName', value: `ip-${ip.replaceAll('.', '-')}.${scope.region}.compute.internal`},
        {name: 'privateIPv4Address', value: ip},
      ],
    })
  }
  const instance = placement.instance
  let dynamicPort = 32768 + (scope.world.sequence % 1000) * 10
  const containers: WireTask['containers'] = (definition.containerDefinitions ?? []).map((container) => {
    const override = params.overrides?.containerOverrides?.find((o) => o.name === container.name)
    const networkBindings = awsvpc
      ? []
      : (container.portMappings ?? []).map((mapping) => {
          const hostPort = mapping.hostPort ? mapping.hostPort : dynamicPort++
          if (!mapping.hostPort) reserved.ports.push(hostPort)
          return {bindIP: '0.0.0.0', containerPort: mapping.containerPort, hostPort, protocol: mapping.protocol ?? ('tcp' as const)}
        })
    return {
      containerArn: arn(scope, `container/${cluster.clusterName}/${id}/${uuid(scope.world)}`),
      taskArn,
      name: container.name,
      image: container.image,
      lastStatus: 'PENDING',
      networkBindings,
      networkInterfaces: awsvpc && attachmentId && ip ? [{attachmentId, privateIpv4Address: ip}] : [],
      healthStatus: 'UNKNOWN' as const,
      cpu: String(override?.cpu ?? container.cpu ?? 0),
      ...(container.memory !== undefined || override?.memory !== undefined ? {memory: String(override?.memory ?? container.memory)} : {}),
      ...(container.memoryReservation !== undefined ? {memoryReservation: String(override?.memoryReservation ?? container.memoryReservation)} : {}),
    }
  })
  const fargate = params.launchType === 'FARGATE'
  const provisioning = fargate ? TIMING.fargateProvisioning : awsvpc ? TIMING.ec2Provisioning : 0
  const pulls = (definition.containerDefinitions ?? []).flatMap((c) => {
    const seconds = scope.faults.imageFault(c.image)?.pullSeconds
    return seconds === undefined ? [] : [seconds * SECOND]
  })
  // The task starts when its slowest image has been pulled.
  const pull = pulls.length > 0 ? Math.max(...pulls) : fargate ? TIMING.fargatePull : TIMING.ec2Pull
  const timeline = [
    ...(provisioning > 0 ? [{at: now, status: 'PROVISIONING'}] : []),
    {at: now + provisioning, status: 'PENDING'},
    {at: now + provisioning + pull, status: 'RUNNING'},
  ]
  const task: WireTask = {
    taskArn,
    clusterArn: cluster.clusterArn,
    taskDefinitionArn: definition.taskDefinitionArn,
    ...(instance ? {containerInstanceArn: instance.containerInstanceArn} : {}),
    overrides: {containerOverrides: [], inferenceAcceleratorOverrides: [], ...params.overrides},
    lastStatus: timeline[0]?.status,
    desiredStatus: 'RUNNING',
    cpu: String(reserved.cpu),
    memory: String(reserved.memory),
    containers,
    ...(params.startedBy ? {startedBy: params.startedBy} : {}),
    version: 1,
    createdAt: seconds(now),
    group: params.group,
    launchType: params.launchType,
    ...(params.capacityProviderName ? {capacityProviderName: params.capacityProviderName} : {}),
    ...(fargate
      ? {platformVersion: params.platformVersion === 'LATEST' || !params.platformVersion ? '1.4.0' : params.platformVersion, platformFamily: 'Linux'}
      : {}),
    attachments,
    healthStatus: 'UNKNOWN',
    availabilityZone: placement.zone,
    enableExecuteCommand: params.enableExecuteCommand ?? false,
    tags: params.tags ?? [],
    attributes: [{name: 'ecs.cpu-architecture', value: 'x86_64'}],
  }
  const stored: StoredTask = {
    task,
    sim: {
      timeline,
      containers: (definition.containerDefinitions ?? []).map((container) => planContainer(scope, params, container, id)),
      pendingOutput: [],
      targets: [],
      reserved,
      failed: false,
      healthApplied: false,
      oneshot: params.oneshot,
      ...(params.service ? {serviceArn: params.service.service.serviceArn} : {}),
      ...(params.deploymentId ? {deploymentId: params.deploymentId} : {}),
    },
  }
  scope.ecs.tasks[taskArn] = stored
  if (params.tags?.length) scope.ecs.tags[taskArn] = params.tags
  applyDue(scope, stored, now, new StepNotes())
  return {task: stored}
}
