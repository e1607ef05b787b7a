/**
 * The container and port a target group or Cloud Map service names must be mapped by the task,
 * checked before the target group or the Cloud Map service is made. Sources: the ECS API
 * reference of LoadBalancer (containerName/containerPort from the task definition) and
 * ServiceRegistry (bridge/host need containerName and containerPort; awsvpc with SRV needs those
 * or port, not both; one registry per service), and ECS service discovery's SRV-only rule for
 * bridge and host tasks.
 */
import {describe, expect, it} from 'vitest'

import {check, errorsOf, fargate, type Raw} from './check-helpers.js'

const alb = (d: Raw, extra: Raw = {}): void => {
  d.scheduler.elb_v2 = {vpc_id: 'vpc-1', subnets: ['subnet-1'], listeners: [{port: 80, protocol: 'HTTP'}], ...extra}
}
const front = (d: Raw, spec: Raw = {}): void => {
  d.sidecars = {front: {image_tag: 'nginx', memory: 32, ...spec}}
}
const nginxFront = (d: Raw): void => {
  d.scripts = [{type: 'nginx_front', s3: {region: 'ap-northeast-1', bucket: 'b'}, backend_port: 3000}]
}
const discovery = (d: Raw, entry: Raw, records: string[] = ['SRV']): void => {
  d.scheduler.service_discovery = [
    {...entry, service: {name: 'web', namespace_id: 'ns-1', dns_config: {dns_records: records.map((type) => ({type, ttl: 60}))}}},
  ]
}

const invalid: [string, (d: Raw) => void, string][] = [
  [
    'elb_v2 default front:80, front maps nothing and no nginx_front',
    (d) => {
      alb(d)
      front(d)
    },
    'scheduler.elb_v2.container_port: container "front" maps no port 80: add {container_port: 80} to sidecars.front.port_mappings, or name a port it maps',
  ],
  [
    'elb_v2 names a port the container does not map',
    (d) => {
      alb(d, {container_name: 'app', container_port: 8080})
      d.app.port_mappings = [{container_port: 80}]
    },
    'scheduler.elb_v2.container_port: container "app" maps no port 8080 (it maps 80): add {container_port: 8080} to app.port_mappings, or name a port it maps',
  ],
  [
    'nginx_front maps only 80 on front',
    (d) => {
      alb(d, {container_port: 8080})
      front(d)
      nginxFront(d)
    },
    'scheduler.elb_v2.container_port: container "front" maps no port 8080 (it maps 80): add {container_port: 8080} to sidecars.front.port_mappings, or name a port it maps',
  ],
  [
    'service discovery names an unmapped port',
    (d) => {
      discovery(d, {container_name: 'app', container_port: 8080})
      d.app.port_mappings = [{container_port: 80}]
    },
    'scheduler.service_discovery[0].container_port: container "app" maps no port 8080 (it maps 80): add {container_port: 8080} to app.port_mappings, or name a port it maps',
  ],
  [
    'service discovery under bridge without a container',
    (d) => discovery(d, {port: 80}),
    'scheduler.service_discovery[0].container_name: must be set under network_mode "bridge": Cloud Map registers that container\'s host port',
  ],
  [
    'service discovery under bridge with an A record',
    (d) => {
      discovery(d, {container_name: 'app', container_port: 80}, ['A'])
      d.app.port_mappings = [{container_port: 80}]
    },
    'scheduler.service_discovery[0].service.dns_config.dns_records: A and AAAA records need network_mode "awsvpc" (under "bridge" a task has no address of its own); use SRV records',
  ],
  [
    'awsvpc SRV without any port',
    (d) => {
      fargate(d)
      discovery(d, {})
    },
    'scheduler.service_discovery[0]: SRV records need a port: set port, or container_name and container_port',
  ],
  [
    'awsvpc with port and container_port both',
    (d) => {
      fargate(d)
      d.app.port_mappings = [{container_port: 80}]
      discovery(d, {port: 80, container_name: 'app', container_port: 80})
    },
    'scheduler.service_discovery[0].port: give port, or container_name and container_port, not both',
  ],
  [
    'awsvpc container_name without container_port',
    (d) => {
      fargate(d)
      discovery(d, {container_name: 'app'}, ['A'])
    },
    'scheduler.service_discovery[0].container_port: must be set together with container_name',
  ],
  [
    'two Cloud Map services',
    (d) => {
      fargate(d)
      discovery(d, {}, ['A'])
      d.scheduler.service_discovery.push({...d.scheduler.service_discovery[0]})
    },
    'scheduler.service_discovery: has 2 entries, but an ECS service registers in one Cloud Map service only: keep one',
  ],
  ['container port 0', (d) => (d.app.port_mappings = [{container_port: 0}]), 'app.port_mappings[0].container_port: Invalid value: Expected >=1 but received 0'],
  [
    'container port above 65535',
    (d) => (d.app.port_mappings = [{container_port: 65536}]),
    'app.port_mappings[0].container_port: Invalid value: Expected <=65535 but received 65536',
  ],
  [
    'host port above 65535',
    (d) => (d.app.port_mappings = [{container_port: 80, host_port: 70000}]),
    'app.port_mappings[0].host_port: Invalid value: Expected <=65535 but received 70000',
  ],
  [
    'host port differs under host networking',
    (d) => {
      d.scheduler.network_mode = 'host'
      d.app.port_mappings = [{container_port: 80, host_port: 8080}]
    },
    'app.port_mappings[0].host_port: must equal container_port (80) or be omitted under host',
  ],
  [
    'host port 0 under awsvpc',
    (d) => {
      fargate(d)
      d.app.port_mappings = [{container_port: 80, host_port: 0}]
    },
    'app.port_mappings[0].host_port: must equal container_port (80) or be omitted under awsvpc',
  ],
  [
    'nginx_front without a front sidecar',
    (d) => nginxFront(d),
    'scripts[0]: nginx_front configures a sidecar named "front"; add one (an nginx image that reads its configuration from S3) under sidecars',
  ],
  [
    'nginx_front backend that is no container',
    (d) => {
      front(d)
      nginxFront(d)
      d.scripts[0].backend = 'api'
    },
    'scripts[0].backend: unknown container "api" (the front links to it)',
  ],
  [
    'service discovery port 0',
    (d) => {
      fargate(d)
      discovery(d, {port: 0})
    },
    'scheduler.service_discovery[0].port: Invalid value: Expected >=1 but received 0',
  ],
]

const valid: [string, (d: Raw) => void][] = [
  [
    'elb_v2 default front:80 with nginx_front mapping it',
    (d) => {
      alb(d)
      front(d)
      nginxFront(d)
    },
  ],
  [
    'elb_v2 default front:80 mapped by front itself',
    (d) => {
      alb(d)
      front(d, {port_mappings: [{container_port: 80}]})
    },
  ],
  [
    'bridge SRV with container and a dynamic host port',
    (d) => {
      discovery(d, {container_name: 'app', container_port: 80})
      d.app.port_mappings = [{container_port: 80, host_port: 0}]
    },
  ],
  [
    'bridge SRV on the front nginx_front maps',
    (d) => {
      front(d)
      nginxFront(d)
      discovery(d, {container_name: 'front', container_port: 80})
    },
  ],
  [
    'awsvpc A record without ports',
    (d) => {
      fargate(d)
      discovery(d, {}, ['A'])
    },
  ],
  [
    'awsvpc SRV with port only',
    (d) => {
      fargate(d)
      discovery(d, {port: 8080})
    },
  ],
  [
    'awsvpc host port equal to the container port',
    (d) => {
      fargate(d)
      d.app.port_mappings = [{container_port: 80, host_port: 80}]
    },
  ],
  ['host port 0 under bridge (dynamic)', (d) => (d.app.port_mappings = [{container_port: 80, host_port: 0}])],
]

describe('load balancer and Cloud Map ports', () => {
  it('says nothing about the front port while a script entry is itself invalid', async () => {
    const {problems} = await check((d) => {
      alb(d)
      front(d)
      d.scripts = [{s3: {}}]
    })
    expect(errorsOf(problems)).toContain('scripts[0].type: must be set')
    expect(errorsOf(problems).filter((e) => !e.startsWith('scripts[0]'))).toEqual([])
  })

  it.each(invalid)('%s', async (_name, mutate, expected) => {
    expect(errorsOf((await check(mutate)).problems)).toContain(expected)
  })

  it.each(valid)('accepts %s', async (_name, mutate) => {
    expect(errorsOf((await check(mutate)).problems)).toEqual([])
  })
})
