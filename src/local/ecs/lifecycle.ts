/**
 * One task's life: placement, PROVISIONING → PENDING → RUNNING → (DEACTIVATING → STOPPING →
 * DEPROVISIONING →) STOPPED, what its containers do, its target registration and its output.
 */
import type {
  ContainerDefinition,
  LoadBalancer,
  NetworkConfiguration,
  PlacementConstraint,
  Tag,
  TaskOverride,
} from '@aws-sdk/client-ecs'
import {deregisterTaskInstance, registerTaskInstance} from '../elb/ecs-tasks.js'
import {deregisterTargets, findTargetGroup, registerTargets} from '../elbv2/state.js'
import {appendLogEvents, logGroups} from '../logs/state.js'
import {deregisterServiceTask, registerServiceTask} from '../servicediscovery/ecs-tasks.js'
import {nextId} from '../world.js'
import {instancesOf, remainingOf, zoneOf} from './clusters.js'
import {behaviourOf, scriptOf} from './command.js'
import {messages} from './events.js'
import {notifyTaskState} from './notifications.js'
import {type Scope, arn, seconds, uuid} from './model.js'
import type {ContainerPlan, StoredService, StoredTask, Wire, WireCluster, WireContainerInstance, WireTask, WireTaskDefinition} from './state.js'
import {parseUnits} from './validate-task-definition.js'

const SECOND = 1000
/** Phase lengths of a simulated task, in ms of simulated time. */
export const TIMING = {
  fargateProvisioning: 10 * SECOND,
  fargatePull: 20 * SECOND,
  ec2Provisioning: 5 * SECOND,
  ec2Pull: 5 * SECOND,
  stopping: 5 * SECOND,
  deprovisioning: 5 * SECOND,
  /** Upper bounds on health-check and draining waits, so a local deploy stays short. */
  maxHealthWait: 60 * SECOND,
  maxDrain: 30 * SECOND,
  containerHealthy: 10 * SECOND,
}

export interface LaunchParams {
  cluster: WireCluster
  definition: WireTaskDefinition
  launchType: 'EC2' | 'FARGATE'
  capacityProviderName?: string
  platformVersion?: string
  networkConfiguration?: Wire<NetworkConfiguration>
  overrides?: Wire<TaskOverride>
  startedBy?: string
  group: string
  tags?: Tag[]
  enableExecuteCommand?: boolean
  placementConstraints?: Wire<PlacementConstraint>[]
  service?: StoredService
  deploymentId?: string
  oneshot: boolean
}

export type LaunchResult = {task: StoredTask} | {failures: {arn?: string; reason: string}[]; noInstances?: boolean}

/** Collects what one simulation step registered, so events say "registered 2 targets". */
export class StepNotes {
  private readonly counts = new Map<string, {service: StoredService; targetGroupArn: string; registered: number; deregistered: number}>()
  private readonly other: {service: StoredService; message: string}[] = []

  /** A task the scheduler stops because it failed its health checks. */
  unhealthy(service: StoredService, stored: StoredTask): void {
    const name = service.service.serviceName ?? ''
    const target = stored.sim.targets[0]
    this.other.push({
      service,
      message: target
        ? messages.unhealthyTarget(name, target.port, target.targetGroupArn)
        : messages.unhealthyContainer(name, stored.task.taskArn ?? ''),
    })
  }

  note(service: StoredService, targetGroupArn: string, kind: 'registered' | 'deregistered'): void {
    const key = `${service.service.serviceArn}|${targetGroupArn}`
    const entry = this.counts.get(key) ?? {service, targetGroupArn, registered: 0, deregistered: 0}
    entry[kind] += 1
    this.counts.set(key, entry)
  }

  flush(emit: (service: StoredService, message: string) => void): void {
    for (const entry of this.counts.values()) {
      const name = entry.service.service.serviceName ?? ''
      if (entry.deregistered) emit(entry.service, messages.deregistered(name, entry.deregistered, entry.targetGroupArn))
      if (entry.registered) emit(entry.service, messages.registered(name, entry.registered, entry.targetGroupArn))
    }
    for (const entry of this.other) emit(entry.service, entry.message)
    this.counts.clear()
    this.other.length = 0
  }
}

function containerMemory(container: Wire<ContainerDefinition>): number {
  return container.memoryReservation ?? container.memory ?? 0
}

function reservationOf(definition: WireTaskDefinition, overrides: Wire<TaskOverride> | undefined): {cpu: number; memory: number} {
  const containers = definition.containerDefinitions ?? []
  const cpu = parseUnits(overrides?.cpu ?? definition.cpu, 'vcpu') ?? containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0)
  const memory = parseUnits(overrides?.memory ?? definition.memory, 'gb') ?? containers.reduce((sum, c) => sum + containerMemory(c), 0)
  return {cpu, memory}
}

function staticPorts(definition: WireTaskDefinition): number[] {
  if (definition.networkMode === 'awsvpc') return []
  return (definition.containerDefinitions ?? []).flatMap((c) => (c.portMappings ?? []).map((m) => m.hostPort ?? 0)).filter((p) => p > 0)
}

type Placement = {instance?: WireContainerInstance; zone: string} | {failures: {arn?: string; reason: string}[]; noInstances?: boolean}

function place(scope: Scope, params: LaunchParams, need: {cpu: number; memory: number; ports: number[]}): Placement {
  const clusterName = params.cluster.clusterName ?? ''
  const fault = scope.faults.clusterFault(clusterName)
  if (params.launchType === 'FARGATE') {
    if (fault?.insufficientCapacity) {
      return {failures: [{reason: 'Capacity is unavailable at this time. Please try again later or in a different availability zone'}]}
    }
    const zones = ['a', 'c', 'd']
    return {zone: `${scope.region}${zones[scope.world.sequence % zones.length]}`}
  }
  const instances = instancesOf(scope, params.cluster)
  if (instances.length === 0) return {failures: [], noInstances: true}
  const distinct = params.placementConstraints?.some((c) => c.type === 'distinctInstance') ?? false
  const failures: {arn?: string; reason: string}[] = []
  const candidates: {instance: WireContainerInstance; sameGroup: number; memory: number}[] = []
  for (const instance of instances) {
    const left = remainingOf(scope, instance)
    const sameGroup = Object.values(scope.ecs.tasks).filter(
      ({task}) => task.containerInstanceArn === instance.containerInstanceArn && task.lastStatus !== 'STOPPED' && task.group === params.group,
    ).length
    let reason: string | undefined
    if (fault?.insufficientCapacity || left.memory < need.memory) reason = 'RESOURCE:MEMORY'
    else if (left.cpu < need.cpu) reason = 'RESOURCE:CPU'
    else if (need.ports.some((port) => left.ports.includes(String(port)))) reason = 'RESOURCE:PORTS'
    else if (distinct && sameGroup > 0) reason = 'DistinctInstance placement constraint unsatisfied.'
    if (reason) failures.push({arn: instance.containerInstanceArn, reason})
    else candidates.push({instance, sameGroup, memory: left.memory})
  }
  // Spread a group across instances first, then prefer the emptiest.
  candidates.sort((a, b) => a.sameGroup - b.sameGroup || b.memory - a.memory)
  const chosen = candidates[0]
  if (!chosen) return {failures}
  return {instance: chosen.instance, zone: zoneOf(chosen.instance)}
}

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
  return `10.0.${(n >> 8) & 255}.${(n & 255) || 1}`
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
  const pull = fargate ? TIMING.fargatePull : TIMING.ec2Pull
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
    ...(fargate ? {platformVersion: params.platformVersion === 'LATEST' || !params.platformVersion ? '1.4.0' : params.platformVersion, platformFamily: 'Linux'} : {}),
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

function serviceOf(scope: Scope, stored: StoredTask): StoredService | undefined {
  return stored.sim.serviceArn ? scope.ecs.services[stored.sim.serviceArn] : undefined
}

function bump(task: WireTask): void {
  task.version = (task.version ?? 0) + 1
}

export interface StopCause {
  stopCode: 'EssentialContainerExited' | 'TaskFailedToStart' | 'ServiceSchedulerInitiated' | 'UserInitiated'
  reason: string
  /** Stopped without anyone asking: counts against the circuit breaker. */
  failed: boolean
  /** Per container: exit code or the reason it has none. */
  containers?: Record<string, {exitCode?: number; reason?: string}>
}

/** Starts stopping a task at `at`; no-op when it is already stopping. */
export function stopTask(scope: Scope, stored: StoredTask, at: number, cause: StopCause, notes: StepNotes): void {
  const {task, sim} = stored
  if (task.desiredStatus === 'STOPPED') return
  const wasRunning = task.lastStatus === 'RUNNING'
  task.desiredStatus = 'STOPPED'
  task.stopCode = cause.stopCode
  task.stoppedReason = cause.reason
  task.stoppingAt = seconds(at)
  sim.failed = cause.failed
  bump(task)
  const started = task.startedAt === undefined ? undefined : task.startedAt * 1000
  for (const container of task.containers ?? []) {
    const plan = sim.containers.find((p) => p.name === container.name)
    const given = cause.containers?.[container.name ?? '']
    if (given) {
      if (given.exitCode !== undefined) container.exitCode = given.exitCode
      if (given.reason) container.reason = given.reason
    } else if (wasRunning && started !== undefined) {
      const exited = plan?.exitAfterMs !== undefined && started + plan.exitAfterMs <= at
      container.exitCode = exited ? plan?.exitCode : 143
    }
  }
  const service = serviceOf(scope, stored)
  const drain = wasRunning && sim.targets.length > 0 ? drainMs(scope, sim.targets) : 0
  for (const target of sim.targets) {
    const group = findTargetGroup(scope.world, target.targetGroupArn)
    const registered = group?.targets.find((t) => t.id === target.id && t.port === target.port)
    if (registered) registered.health = {state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress'}
    if (service) notes.note(service, target.targetGroupArn, 'deregistered')
  }
  const awsvpc = (task.attachments ?? []).length > 0
  let t = at
  sim.timeline = []
  if (drain > 0) {
    sim.timeline.push({at: t, status: 'DEACTIVATING'})
    t += drain
  }
  sim.timeline.push({at: t, status: 'STOPPING'})
  t += TIMING.stopping
  if (awsvpc) {
    sim.timeline.push({at: t, status: 'DEPROVISIONING'})
    t += TIMING.deprovisioning
  }
  sim.timeline.push({at: t, status: 'STOPPED'})
  sim.exitAt = undefined
  sim.failAt = undefined
  if (cause.failed && service && sim.deploymentId) {
    const deployment = service.service.deployments?.find((d) => d.id === sim.deploymentId)
    if (deployment) deployment.failedTasks = (deployment.failedTasks ?? 0) + 1
    // ECS backs off before replacing tasks that keep failing.
    service.sim.nextLaunchAt = Math.max(service.sim.nextLaunchAt ?? 0, at + 10 * SECOND)
  }
  if (service) service.sim.steady = false
  applyDue(scope, stored, at, notes)
}

function drainMs(scope: Scope, targets: {targetGroupArn: string}[]): number {
  let longest = 0
  for (const target of targets) {
    const group = findTargetGroup(scope.world, target.targetGroupArn)
    const delay = Number(group?.attributes['deregistration_delay.timeout_seconds'] ?? 300)
    longest = Math.max(longest, delay * SECOND)
  }
  return Math.min(longest, TIMING.maxDrain)
}

function healthWait(scope: Scope, stored: StoredTask, unhealthy: boolean): number {
  let wait = stored.sim.containers.some((c) => c.healthCheck) ? TIMING.containerHealthy : 0
  for (const target of stored.sim.targets) {
    const check = findTargetGroup(scope.world, target.targetGroupArn)?.healthCheck
    const count = unhealthy ? (check?.unhealthyThresholdCount ?? 2) : (check?.healthyThresholdCount ?? 5)
    wait = Math.max(wait, Math.min(TIMING.maxHealthWait, (check?.intervalSeconds ?? 30) * count * SECOND))
  }
  return wait
}

function pullFailure(image: string | undefined): string {
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image ?? ''}: not found`
}

function becomeRunning(scope: Scope, stored: StoredTask, at: number, notes: StepNotes): void {
  const {task, sim} = stored
  const unpullable = sim.containers.find((plan) => plan.cannotPull)
  if (unpullable) {
    const image = task.containers?.find((c) => c.name === unpullable.name)?.image
    const containers = Object.fromEntries(sim.containers.map((plan) => [plan.name, plan.cannotPull ? {reason: pullFailure(image)} : {}]))
    stopTask(scope, stored, at, {stopCode: 'TaskFailedToStart', reason: pullFailure(image), failed: true, containers}, notes)
    return
  }
  for (const plan of sim.containers) {
    if (!plan.logs) continue
    const groups = logGroups(scope.world, plan.logs.region)
    if (!groups[plan.logs.group] && plan.logs.createGroup) groups[plan.logs.group] = {name: plan.logs.group, createdAt: at, tags: {}, streams: {}}
    if (!groups[plan.logs.group]) {
      const reason = `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1`
      stopTask(scope, stored, at, {stopCode: 'TaskFailedToStart', reason, failed: true, containers: {}}, notes)
      return
    }
  }
  task.lastStatus = 'RUNNING'
  task.startedAt = seconds(at)
  task.pullStoppedAt = seconds(at)
  task.connectivity = 'CONNECTED'
  task.connectivityAt = seconds(at)
  for (const attachment of task.attachments ?? []) attachment.status = 'ATTACHED'
  for (const container of task.containers ?? []) container.lastStatus = 'RUNNING'
  const exits = sim.containers.filter((p) => p.essential && p.exitAfterMs !== undefined).map((p) => at + (p.exitAfterMs ?? 0))
  if (exits.length > 0) sim.exitAt = Math.min(...exits)
  sim.pendingOutput = sim.containers.flatMap((plan) => plan.output.map((line) => ({at: at + line.offsetMs, container: plan.name, message: line.message})))
  sim.pendingOutput.sort((a, b) => a.at - b.at)

  const service = serviceOf(scope, stored)
  if (service) registerInTargetGroups(scope, service, stored, notes)
  if (service) registerTaskInstance(scope.world, service, task, at)
  if (service) registerServiceTask(scope.world, service, task, task.containerInstanceArn ? scope.ecs.containerInstances[task.containerInstanceArn] : undefined)
  const unhealthy = sim.containers.some((plan) => plan.unhealthy)
  if (service && unhealthy) {
    const grace = (service.service.healthCheckGracePeriodSeconds ?? 0) * SECOND
    sim.failAt = at + Math.max(grace, healthWait(scope, stored, true) || 30 * SECOND)
    sim.failReason = sim.targets[0] ? `Task failed ELB health checks in (target-group ${sim.targets[0].targetGroupArn})` : 'Task failed container health checks'
  } else if (!unhealthy) {
    sim.healthyAt = at + healthWait(scope, stored, false)
  }
}

function registerInTargetGroups(scope: Scope, service: StoredService, stored: StoredTask, notes: StepNotes): void {
  const {task, sim} = stored
  const ip = task.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address
  const instance = task.containerInstanceArn ? scope.ecs.containerInstances[task.containerInstanceArn] : undefined
  for (const lb of (service.service.loadBalancers ?? []) as Wire<LoadBalancer>[]) {
    if (!lb.targetGroupArn) continue
    const container = task.containers?.find((c) => c.name === lb.containerName)
    const binding = container?.networkBindings?.find((b) => b.containerPort === lb.containerPort)
    const id = ip ?? instance?.ec2InstanceId
    const port = ip ? lb.containerPort : binding?.hostPort
    if (!id || port === undefined) continue
    registerTargets(scope.world, lb.targetGroupArn, [{id, port}])
    const registered = findTargetGroup(scope.world, lb.targetGroupArn)?.targets.find((t) => t.id === id && t.port === port)
    if (registered) registered.health = {state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress'}
    sim.targets.push({targetGroupArn: lb.targetGroupArn, id, port})
    notes.note(service, lb.targetGroupArn, 'registered')
  }
}

function applyStatus(scope: Scope, stored: StoredTask, status: string, at: number, notes: StepNotes): void {
  const {task, sim} = stored
  if (status === 'RUNNING') {
    becomeRunning(scope, stored, at, notes)
    bump(task)
    return
  }
  task.lastStatus = status
  bump(task)
  if (status === 'PENDING') task.pullStartedAt = seconds(at)
  if (status === 'STOPPING') {
    task.executionStoppedAt = seconds(at)
    for (const container of task.containers ?? []) container.lastStatus = 'STOPPED'
    for (const target of sim.targets) deregisterTargets(scope.world, target.targetGroupArn, [{id: target.id, port: target.port}])
    sim.targets = []
    deregisterServiceTask(scope.world, task)
    deregisterTaskInstance(scope.world, task, at)
  }
  if (status === 'STOPPED') {
    task.stoppedAt = seconds(at)
    task.connectivity = undefined
    for (const attachment of task.attachments ?? []) attachment.status = 'DELETED'
    for (const container of task.containers ?? []) container.lastStatus = 'STOPPED'
    sim.pendingOutput = []
  }
}

function writeOutput(scope: Scope, stored: StoredTask, until: number): void {
  const {sim} = stored
  while (sim.pendingOutput[0] && sim.pendingOutput[0].at <= until) {
    const line = sim.pendingOutput.shift()
    const plan = sim.containers.find((p) => p.name === line?.container)
    if (!line || !plan?.logs) continue
    appendLogEvents(scope.world, plan.logs.region, plan.logs.group, plan.logs.stream, [{timestamp: line.at, message: line.message}])
  }
}

/** Applies everything due for one task at or before `t`. */
export function applyDue(scope: Scope, stored: StoredTask, t: number, notes: StepNotes): void {
  const {task, sim} = stored
  while (sim.timeline[0] && sim.timeline[0].at <= t) {
    const next = sim.timeline.shift()
    if (next) applyStatus(scope, stored, next.status, next.at, notes)
    if (next) notifyTaskState(scope, stored, next.at)
  }
  if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return
  writeOutput(scope, stored, t)
  if (!sim.healthApplied && sim.healthyAt !== undefined && sim.healthyAt <= t) {
    sim.healthApplied = true
    for (const container of task.containers ?? []) {
      if (sim.containers.find((p) => p.name === container.name)?.healthCheck) container.healthStatus = 'HEALTHY'
    }
    if (sim.containers.some((p) => p.healthCheck)) task.healthStatus = 'HEALTHY'
    for (const target of sim.targets) {
      const registered = findTargetGroup(scope.world, target.targetGroupArn)?.targets.find((x) => x.id === target.id && x.port === target.port)
      if (registered) registered.health = {state: 'healthy'}
    }
    bump(task)
  }
  if (sim.exitAt !== undefined && sim.exitAt <= t) {
    const at = sim.exitAt
    writeOutput(scope, stored, at)
    const exited = sim.containers.find((p) => p.essential && p.exitAfterMs !== undefined && (task.startedAt ?? 0) * 1000 + p.exitAfterMs === at)
    stopTask(scope, stored, at, {stopCode: 'EssentialContainerExited', reason: 'Essential container in task exited', failed: sim.serviceArn !== undefined}, notes)
    if (exited) {
      const container = task.containers?.find((c) => c.name === exited.name)
      if (container) container.exitCode = exited.exitCode
    }
  } else if (sim.failAt !== undefined && sim.failAt <= t) {
    const at = sim.failAt
    const service = serviceOf(scope, stored)
    for (const target of sim.targets) {
      const registered = findTargetGroup(scope.world, target.targetGroupArn)?.targets.find((x) => x.id === target.id && x.port === target.port)
      if (registered) registered.health = {state: 'unhealthy', reason: 'Target.FailedHealthChecks', description: 'Health checks failed'}
    }
    for (const container of task.containers ?? []) {
      if (sim.containers.find((p) => p.name === container.name)?.healthCheck) container.healthStatus = 'UNHEALTHY'
    }
    if (service) notes.unhealthy(service, stored)
    stopTask(scope, stored, at, {stopCode: 'ServiceSchedulerInitiated', reason: sim.failReason ?? 'Task failed health checks', failed: true}, notes)
  }
}

/** The next moment something happens to this task by itself, or undefined. */
export function nextDue(stored: StoredTask): number | undefined {
  const {task, sim} = stored
  const times: number[] = []
  if (sim.timeline[0]) times.push(sim.timeline[0].at)
  if (task.lastStatus === 'RUNNING' && task.desiredStatus === 'RUNNING') {
    if (sim.pendingOutput[0]) times.push(sim.pendingOutput[0].at)
    if (!sim.healthApplied && sim.healthyAt !== undefined) times.push(sim.healthyAt)
    if (sim.exitAt !== undefined) times.push(sim.exitAt)
    if (sim.failAt !== undefined) times.push(sim.failAt)
  }
  return times.length ? Math.min(...times) : undefined
}

export function isHealthy(stored: StoredTask, t: number): boolean {
  return stored.task.lastStatus === 'RUNNING' && stored.task.desiredStatus === 'RUNNING' && stored.sim.healthyAt !== undefined && stored.sim.healthyAt <= t
}
