/**
 * hako §4.10's status text, rendered from the StatusReport data (the same data `--json` prints).
 * The deployment line adds the rollout state, which ECS did not have when hako wrote the format.
 */
import type {StatusDeployment, StatusReport, StatusServiceDiscovery, StatusTask} from '../app/status.js'

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
  // Only for a service with registries, so the layout of every other service stays hako's.
  if (report.serviceDiscovery.length > 0) lines.push('Service Discovery:', ...report.serviceDiscovery.flatMap(discoveryLines))
  return lines.join('\n') + '\n'
}

function discoveryLines(d: StatusServiceDiscovery): string[] {
  if (d.missing) return [`  ${d.registryArn} (the Cloud Map service no longer exists)`]
  const instances = d.instances.map((i) => `    ${i.id} ${Object.entries(i.attributes).map(([k, v]) => `${k}=${v}`).join(', ')}`)
  return [`  ${d.service}.${d.namespace} instance_count=${d.instanceCount}`, ...instances]
}

function deploymentLine(d: StatusDeployment): string {
  const counts = `desired_count=${d.desiredCount}, pending_count=${d.pendingCount}, running_count=${d.runningCount}`
  const rollout = d.rolloutState ? `, rollout_state=${d.rolloutState}${d.rolloutStateReason ? ` (${d.rolloutStateReason})` : ''}` : ''
  return `[${d.status}] ${d.taskDefinition} ${counts}${rollout}`
}

function taskLine(t: StatusTask): string {
  const where = t.instanceId ? `, instance_id=${t.instanceId}` : t.privateIp ? `, private_ip=${t.privateIp}` : ''
  return `[${t.lastStatus}] ${t.id} task_definition=${t.taskDefinition}, desired_status=${t.desiredStatus}${where}`
}
