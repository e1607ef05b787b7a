/**
 * The container and port a load balancer or Cloud Map service points at must be one the task maps,
 * or CreateService fails after the target group or Cloud Map service was already made. The
 * nginx_front script maps port 80 on `front` at deploy time, so that counts as mapped.
 */
import {unlessInvalid} from './guard.js'
import {containersOf, error, hasNginxFront, type Rule} from './rule-kit.js'
import type {ContainerSpec, Definition, Problem} from './types.js'
import type {RuleContext} from './rule-kit.js'

/** Ports each container will map: its own, plus the front's 80 when nginx_front wires it. */
function mappedPorts(d: Definition, c: RuleContext): Map<string, {path: string; ports: number[]}> {
  const front = hasNginxFront(d)
  return new Map(containersOf(d, c).map(({name, path, spec}) => [name, {path, ports: portsOf(spec, front && name === 'front')}]))
}

function portsOf(spec: ContainerSpec, nginxFront: boolean): number[] {
  const ports = unlessInvalid(() => spec.port_mappings.map((m) => m.container_port))
  return nginxFront ? [...ports, 80] : ports
}

function unmapped(at: string, name: string, port: number, container: {path: string; ports: number[]}): Problem {
  const others = container.ports.length > 0 ? ` (it maps ${[...new Set(container.ports)].join(', ')})` : ''
  return error(
    at,
    `container "${name}" maps no port ${port}${others}: add {container_port: ${port}} to ${container.path}.port_mappings, or name a port it maps`,
  )
}

const loadBalancerPorts: Rule = (d, c) => {
  const lb = d.scheduler.elb_v2
  if (!lb) return []
  const container = mappedPorts(d, c).get(lb.container_name)
  // An unknown container is reported by the reference rules.
  if (!container || container.ports.includes(lb.container_port)) return []
  return [unmapped('scheduler.elb_v2.container_port', lb.container_name, lb.container_port, container)]
}

const serviceDiscoveryPorts: Rule = (d, c) => {
  const entries = d.scheduler.service_discovery ?? []
  const network = d.scheduler.network_mode ?? 'bridge'
  const containers = mappedPorts(d, c)
  const problems: Problem[] = []
  if (entries.length > 1)
    problems.push(error('scheduler.service_discovery', `has ${entries.length} entries, but an ECS service registers in one Cloud Map service only: keep one`))
  entries.forEach((entry, i) =>
    problems.push(
      ...unlessInvalid(() => {
        const base = `scheduler.service_discovery[${i}]`
        const found: Problem[] = []
        const types = entry.service.dns_config.dns_records.map((r) => r.type)
        const named = entry.container_name !== undefined
        const ported = entry.container_port !== undefined
        if (network !== 'awsvpc') {
          if (types.some((t) => t === 'A' || t === 'AAAA')) {
            found.push(
              error(
                `${base}.service.dns_config.dns_records`,
                `A and AAAA records need network_mode "awsvpc" (under "${network}" a task has no address of its own); use SRV records`,
              ),
            )
          }
          if (!named) found.push(error(`${base}.container_name`, `must be set under network_mode "${network}": Cloud Map registers that container's host port`))
          if (!ported) found.push(error(`${base}.container_port`, `must be set under network_mode "${network}": Cloud Map registers the host port bound to it`))
        } else {
          if (named !== ported)
            found.push(
              error(`${base}.${named ? 'container_port' : 'container_name'}`, `must be set together with ${named ? 'container_name' : 'container_port'}`),
            )
          if (types.includes('SRV') && !named && !ported && entry.port === undefined) {
            found.push(error(base, 'SRV records need a port: set port, or container_name and container_port'))
          }
          if (entry.port !== undefined && (named || ported)) found.push(error(`${base}.port`, 'give port, or container_name and container_port, not both'))
        }
        const name = entry.container_name
        const container = name === undefined ? undefined : containers.get(name)
        if (name !== undefined && container && entry.container_port !== undefined && !container.ports.includes(entry.container_port)) {
          found.push(unmapped(`${base}.container_port`, name, entry.container_port, container))
        }
        return found
      }),
    ),
  )
  return problems
}

export const portRules: Rule = (d, c) => [...unlessInvalid(() => loadBalancerPorts(d, c)), ...unlessInvalid(() => serviceDiscoveryPorts(d, c))]
