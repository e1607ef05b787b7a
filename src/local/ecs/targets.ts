/**
 * A service task in its load balancers' target groups: registration once RUNNING, how long its
 * health checks and draining take, and the "registered N targets" events one step produces.
 */
import type {LoadBalancer} from '@aws-sdk/client-ecs'
import {findTargetGroup, registerTargets} from '../elbv2/state.js'
import {messages} from './events.js'
import type {Scope} from './model.js'
import type {StoredService, StoredTask, Wire} from './state.js'
import {SECOND, TIMING} from './timing.js'

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
      message: target ? messages.unhealthyTarget(name, target.port, target.targetGroupArn) : messages.unhealthyContainer(name, stored.task.taskArn ?? ''),
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

export function drainMs(scope: Scope, targets: {targetGroupArn: string}[]): number {
  let longest = 0
  for (const target of targets) {
    const group = findTargetGroup(scope.world, target.targetGroupArn)
    const delay = Number(group?.attributes['deregistration_delay.timeout_seconds'] ?? 300)
    longest = Math.max(longest, delay * SECOND)
  }
  return Math.min(longest, TIMING.maxDrain)
}

export function healthWait(scope: Scope, stored: StoredTask, unhealthy: boolean): number {
  // Docker runs the first check one interval after start; without an interval, the short default.
  const checks = stored.sim.containers.filter((c) => c.healthCheck)
  let wait = checks.length === 0 ? 0 : Math.max(...checks.map((c) => (unhealthy ? TIMING.containerHealthy : (c.healthIntervalMs ?? TIMING.containerHealthy))))
  for (const target of stored.sim.targets) {
    const check = findTargetGroup(scope.world, target.targetGroupArn)?.healthCheck
    const count = unhealthy ? (check?.unhealthyThresholdCount ?? 2) : (check?.healthyThresholdCount ?? 5)
    wait = Math.max(wait, Math.min(TIMING.maxHealthWait, (check?.intervalSeconds ?? 30) * count * SECOND))
  }
  return wait
}

export function registerInTargetGroups(scope: Scope, service: StoredService, stored: StoredTask, notes: StepNotes): void {
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
