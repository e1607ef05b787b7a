/**
 * hako's status text, rendered from the StatusReport data (the same data `--json` prints).
 * The deployment line adds the rollout state, which ECS did not have when hako wrote the format,
 * and the images; the Autoscaling section adds the scalable target and its policies before
 * hako's list of scaling activities.
 */
import type {AvailableStatus, StatusDeployment, StatusReport, StatusServiceDiscovery, StatusTask} from '../app/status.js'

export function renderStatus(report: StatusReport): string {
  if (!report.available) return 'Unavailable\n'
  const lines: string[] = []
  if (report.loadBalancers.length > 0) {
    lines.push('Load balancer:')
    for (const lb of report.loadBalancers) {
      const front = lb.port === undefined ? lb.dnsName : `${lb.dnsName}:${lb.port}`
      lines.push(`  ${front} -> ${lb.containerName}:${lb.containerPort}`)
    }
  }
  lines.push('Deployments:', ...report.deployments.map((d) => `  ${deploymentLine(d)}`))
  lines.push('Tasks:', ...report.tasks.map((t) => `  ${taskLine(t)}`))
  lines.push('Events:', ...report.events.map((e) => `  ${e.createdAt}: ${e.message}`))
  lines.push(...autoscalingLines(report.autoscaling))
  if (report.serviceDiscovery.length > 0) lines.push('Service Discovery:', ...report.serviceDiscovery.flatMap(discoveryLines))
  else lines.push('Service Discovery: No')
  return lines.join('\n') + '\n'
}

function autoscalingLines(a: AvailableStatus['autoscaling']): string[] {
  if (a === null) return ['Autoscaling: No']
  if (!a.registered) return ['Autoscaling:', '  (no scalable target registered)']
  const suspended = a.suspended.length > 0 ? `, suspended=${a.suspended.join('/')}` : ''
  const lines = ['Autoscaling:', `  Scalable target: ${a.resourceId} min_capacity=${a.minCapacity}, max_capacity=${a.maxCapacity}${suspended}`]
  for (const p of a.policies) lines.push(`  Policy: ${p.name} (${p.type}) ${p.summary}${p.managedByHako ? '' : ' [not managed by hako]'}`)
  for (const activity of a.activities) {
    lines.push(
      `  [${activity.startTime} - ${activity.endTime ?? ''}] ${activity.statusMessage}`,
      `    description: ${activity.description}`,
      `    cause: ${activity.cause}`,
    )
    if (activity.details) lines.push(`    details: ${activity.details}`)
  }
  return lines
}

function discoveryLines(d: StatusServiceDiscovery): string[] {
  if (d.missing) return [`  ${d.registryArn} (the Cloud Map service no longer exists)`]
  const instances = d.instances.map(
    (i) =>
      `    ${i.id} ${Object.entries(i.attributes)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
  )
  return [`  ${d.service}.${d.namespace} instance_count=${d.instanceCount}`, ...instances]
}

function deploymentLine(d: StatusDeployment): string {
  const counts = `desired_count=${d.desiredCount}, pending_count=${d.pendingCount}, running_count=${d.runningCount}`
  const rollout = d.rolloutState ? `, rollout_state=${d.rolloutState}${d.rolloutStateReason ? ` (${d.rolloutStateReason})` : ''}` : ''
  const images =
    d.images.length === 1
      ? `, image=${d.images[0]?.image}`
      : d.images.length > 1
        ? `, images=${d.images.map((i) => `${i.container}=${i.image}`).join(' ')}`
        : ''
  return `[${d.status}] ${d.taskDefinition} ${counts}${images}${rollout}`
}

function taskLine(t: StatusTask): string {
  const name = t.instanceName !== undefined ? ` (${t.instanceName})` : ''
  const where = t.instanceId ? `, instance_id=${t.instanceId}${name}` : t.privateIp ? `, private_ip=${t.privateIp}` : ''
  return `[${t.lastStatus}] ${t.id} task_definition=${t.taskDefinition}, desired_status=${t.desiredStatus}${where}`
}
