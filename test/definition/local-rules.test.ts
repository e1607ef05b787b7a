/**
 * Every refusal of the local AWS's RegisterTaskDefinition, CreateService, CreateCluster and
 * service-registry checks that can be known from the definition alone is also a load-time error,
 * so a deploy never gets as far as the call. The table is checked for completeness against the
 * local sources: a new local rule fails here until it is placed in one of the two lists.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {check, fargate, type Raw} from './check-helpers.js'

const local = (file: string): string => readFileSync(join(import.meta.dirname, '../../src/local', file), 'utf8')
const sources = {
  register: local('ecs/validate-task-definition.ts'),
  service: local('ecs/services.ts'),
  cluster: local('ecs/clusters.ts'),
  registries: local('servicediscovery/ecs-tasks.ts'),
}
type Source = keyof typeof sources

/** [source, a literal part of the local message, the change that triggers it, the load-time path]. */
const covered: [Source, string, (d: Raw) => void, string, {appId?: string}?][] = [
  ['register', 'Family contains invalid characters', () => {}, '', {appId: 'a.b'}],
  [
    'register',
    'Too many containers',
    (d) => (d.sidecars = Object.fromEntries(Array.from({length: 10}, (_, i) => [`s${i}`, {image_tag: 'x', memory: 8}]))),
    'sidecars',
  ],
  ['register', 'is not valid. Valid values are bridge, host, awsvpc and none.', (d) => (d.scheduler.network_mode = 'nat'), 'scheduler.network_mode'],
  ['register', "Invalid 'cpu' setting for task", (d) => (d.scheduler.cpu = 'two'), 'scheduler.cpu'],
  ['register', "Invalid 'memory' setting for task", (d) => (d.scheduler.memory = 'much'), 'scheduler.memory'],
  [
    'register',
    "Fargate only supports network mode 'awsvpc'.",
    (d) => {
      fargate(d)
      d.scheduler.network_mode = 'bridge'
      delete d.scheduler.network_configuration
    },
    'scheduler.network_mode',
  ],
  [
    'register',
    "Fargate requires that 'cpu' be defined at the task level.",
    (d) => {
      fargate(d)
      delete d.scheduler.cpu
    },
    'scheduler.cpu',
  ],
  [
    'register',
    "Fargate requires that 'memory' be defined at the task level.",
    (d) => {
      fargate(d)
      delete d.scheduler.memory
    },
    'scheduler.memory',
  ],
  [
    'register',
    'No Fargate configuration exists for given values',
    (d) => {
      fargate(d)
      d.scheduler.memory = '4096'
    },
    'scheduler.memory',
  ],
  ['register', 'Container.name should not be null or empty.', (d) => (d.sidecars = {'': {image_tag: 'x', memory: 8}}), 'sidecars[""]'],
  ['register', 'is invalid. Up to 255 letters', (d) => (d.sidecars = {'a b': {image_tag: 'x', memory: 8}}), 'sidecars["a b"]'],
  ['register', 'Container.image should not be null or empty.', (d) => (d.app.image = ''), 'app.image'],
  ['register', "At least one of 'memory' or 'memoryReservation' must be specified.", (d) => delete d.app.memory, 'app.memory'],
  ['register', "The 'memory' must be at least 6 MiB.", (d) => (d.app.memory = 5), 'app.memory'],
  ['register', "'memoryReservation' must be less than or equal to 'memory'.", (d) => (d.app.memory_reservation = 65), 'app.memory_reservation'],
  [
    'register',
    'is greater than the task memory',
    (d) => {
      d.scheduler.memory = '32'
    },
    'app.memory',
  ],
  ['register', 'A port mapping must have a containerPort.', (d) => (d.app.port_mappings = [{host_port: 80}]), 'app.port_mappings[0].container_port'],
  [
    'register',
    'the host ports and container ports in port mappings must match.',
    (d) => {
      d.scheduler.network_mode = 'host'
      d.app.port_mappings = [{container_port: 80, host_port: 81}]
    },
    'app.port_mappings[0].host_port',
  ],
  [
    'register',
    'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
    (d) => {
      fargate(d)
      delete d.scheduler.execution_role_arn
      d.app.log_configuration = {log_driver: 'awslogs'}
    },
    'app.log_configuration',
  ],
  [
    'register',
    'Secrets require an execution role ARN in the task definition.',
    (d) => (d.app.secrets = [{name: 'A', value_from: 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/a'}]),
    'app.secrets',
  ],
  ['register', 'does not exist.', (d) => (d.app.depends_on = [{container_name: 'db', condition: 'START'}]), 'app.depends_on[0].container_name'],
  ['register', 'Task definition does not have any essential container.', (d) => (d.app.essential = false), 'app.essential'],
  ['service', 'Service name can have up to 255 letters', () => {}, '', {appId: 'a'.repeat(256)}],
  [
    'service',
    'Specifying both a launch type and capacity provider strategy is not supported.',
    (d) => {
      d.scheduler.launch_type = 'EC2'
      d.scheduler.capacity_provider_strategy = [{capacity_provider: 'cp'}]
    },
    'scheduler.capacity_provider_strategy',
  ],
  [
    'service',
    'The daemon scheduling strategy is not supported with the FARGATE launch type.',
    (d) => {
      fargate(d)
      d.scheduler.scheduling_strategy = 'DAEMON'
    },
    'scheduler.scheduling_strategy',
  ],
  ['service', 'desiredCount is required when schedulingStrategy is REPLICA.', (d) => delete d.scheduler.desired_count, 'scheduler.desired_count'],
  ['service', 'desiredCount must be at least 0.', (d) => (d.scheduler.desired_count = -1), 'scheduler.desired_count'],
  [
    'service',
    "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    (d) => (d.scheduler.network_mode = 'awsvpc'),
    'scheduler.network_configuration',
  ],
  [
    'service',
    'Network Configuration is not valid for the given networkMode of this task definition.',
    (d) => (d.scheduler.network_configuration = {awsvpc_configuration: {subnets: ['s']}}),
    'scheduler.network_configuration',
  ],
  [
    'service',
    'subnets can not be empty.',
    (d) => {
      fargate(d)
      d.scheduler.network_configuration.awsvpc_configuration.subnets = []
    },
    'scheduler.network_configuration.awsvpc_configuration.subnets',
  ],
  [
    'service',
    'which is incompatible with the awsvpc network mode',
    (d) => {
      fargate(d)
      d.scheduler.elb_v2 = {vpc_id: 'v', subnets: ['s'], listeners: [{port: 80, protocol: 'HTTP'}], container_name: 'app', target_type: 'instance'}
      d.app.port_mappings = [{container_port: 80}]
    },
    'scheduler.elb_v2.target_type',
  ],
  [
    'service',
    'does not exist in the task definition.',
    (d) => (d.scheduler.elb_v2 = {vpc_id: 'v', subnets: ['s'], listeners: [{port: 80, protocol: 'HTTP'}]}),
    'scheduler.elb_v2.container_name',
  ],
  [
    'service',
    'defined.',
    (d) => (d.scheduler.elb_v2 = {vpc_id: 'v', subnets: ['s'], listeners: [{port: 80, protocol: 'HTTP'}], container_name: 'app'}),
    'scheduler.elb_v2.container_port',
  ],
  [
    'service',
    'minimumHealthyPercent must be between 0 and 100.',
    (d) => (d.scheduler.deployment_configuration = {minimum_healthy_percent: 101}),
    'scheduler.deployment_configuration.minimum_healthy_percent',
  ],
  [
    'service',
    'maximumPercent must be at least 100.',
    (d) => (d.scheduler.deployment_configuration = {maximum_percent: 99}),
    'scheduler.deployment_configuration.maximum_percent',
  ],
  ['cluster', 'Cluster name can have up to 255 letters', (d) => (d.scheduler.cluster = 'a/b'), 'scheduler.cluster'],
  [
    'registries',
    'Only one service registry is supported per service.',
    (d) => {
      fargate(d)
      d.scheduler.service_discovery = [sd(['A']), sd(['A'])]
    },
    'scheduler.service_discovery',
  ],
  [
    'registries',
    'does not exist in the task definition.',
    (d) => {
      d.scheduler.service_discovery = [{...sd(['SRV']), container_name: 'db', container_port: 80}]
    },
    'scheduler.service_discovery[0].container_name',
  ],
  [
    'registries',
    'did not have a container port',
    (d) => {
      d.scheduler.service_discovery = [{...sd(['SRV']), container_name: 'app', container_port: 80}]
    },
    'scheduler.service_discovery[0].container_port',
  ],
  [
    'registries',
    "When specifying 'SRV' DNS records, you must specify a port",
    (d) => {
      fargate(d)
      d.scheduler.service_discovery = [sd(['SRV'])]
    },
    'scheduler.service_discovery[0]',
  ],
  [
    'registries',
    'has A/AAAA records, which need the awsvpc network mode',
    (d) => {
      d.app.port_mappings = [{container_port: 80}]
      d.scheduler.service_discovery = [{...sd(['A']), container_name: 'app', container_port: 80}]
    },
    'scheduler.service_discovery[0].service.dns_config.dns_records',
  ],
]

function sd(types: string[]): Raw {
  return {service: {name: 'web', namespace_id: 'ns-1', dns_config: {dns_records: types.map((type) => ({type, ttl: 10}))}}}
}

/** Local refusals no definition can cause, or that depend on what exists in AWS. */
const notFromDefinition: [Source, string, string][] = [
  ['register', 'Family cannot be blank.', 'the family is the app id, which a file name never leaves empty'],
  ['register', 'Container list cannot be empty.', 'there is always the app container'],
  ['register', 'Duplicate container name', 'containers are keys of one map, and "app" is reserved'],
  ['registries', 'registryArn can not be blank.', 'the deployer fills it from the Cloud Map service it creates'],
  ['registries', 'does not exist.', 'whether the Cloud Map service exists is known only to AWS'],
]

describe('local AWS refusals are load-time errors', () => {
  it.each(covered)('%s: %s', async (source, fragment, mutate, path, options) => {
    expect(sources[source]).toContain(fragment)
    const {problems} = await check(mutate, options)
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.path)).toContain(path)
  })

  it.each(notFromDefinition)('%s: %s is not knowable from the definition', (source, fragment) => {
    expect(sources[source]).toContain(fragment)
  })

  it('lists every RegisterTaskDefinition and service-registry refusal of the local AWS', () => {
    const messages = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map((m) => (m[2] ?? '').replace(/\$\{[^}]*\}/g, '…'))
    // The formatter may break a long call over lines: whitespace around the one argument is allowed.
    const register = messages(sources.register, /clientException\(\s*(['"`])(.*?)\1,?\s*\)/g)
    const registries = messages(sources.registries, /return (['"`])([A-Z].*?)\1$/gm)
    const known = [...covered, ...notFromDefinition.map(([s, f]) => [s, f] as const)]
    const placed = (source: Source, message: string): boolean =>
      known.some(([s, f]) => s === source && message.split('…').some((part) => part.length > 6 && (part.includes(f) || f.includes(part.trim()))))
    expect(register.length).toBeGreaterThanOrEqual(25)
    expect(register.filter((m) => !placed('register', m))).toEqual([])
    expect(registries.filter((m) => !placed('registries', m))).toEqual([])
  })
})
