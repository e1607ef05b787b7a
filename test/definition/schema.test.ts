import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {checkDefinition} from '../../src/definition/check.js'

type Raw = Record<string, any>

const dir = mkdtempSync(join(tmpdir(), 'hako-schema-'))

function base(): Raw {
  return {
    scheduler: {type: 'ecs', region: 'ap-northeast-1', desired_count: 1},
    app: {image: 'busybox', memory: 64},
  }
}

const fargate = (d: Raw): void => {
  Object.assign(d.scheduler, {
    launch_type: 'FARGATE',
    network_mode: 'awsvpc',
    cpu: '256',
    memory: '512',
    network_configuration: {awsvpc_configuration: {subnets: ['subnet-1']}},
  })
}

async function check(mutate: (d: Raw) => void, appId = 'hello') {
  const d = base()
  mutate(d)
  return checkDefinition(d, {mode: 'placeholder', appId, dir})
}

const invalid: [string, (d: Raw) => void, string, string][] = [
  ['scheduler missing', (d) => delete d.scheduler, 'scheduler', 'must be set'],
  ['unknown scheduler type', (d) => (d.scheduler.type = 'k8s'), 'scheduler.type', 'Invalid type: Expected "ecs" but received "k8s"'],
  ['region missing', (d) => delete d.scheduler.region, 'scheduler.region', 'must be set'],
  ['region empty', (d) => (d.scheduler.region = ''), 'scheduler.region', 'must be set'],
  ['desired_count a string', (d) => (d.scheduler.desired_count = 'two'), 'scheduler.desired_count', 'Invalid type: Expected number but received "two"'],
  ['desired_count negative', (d) => (d.scheduler.desired_count = -1), 'scheduler.desired_count', 'Invalid value: Expected >=0 but received -1'],
  ['desired_count fractional', (d) => (d.scheduler.desired_count = 1.5), 'scheduler.desired_count', 'Invalid integer: Received 1.5'],
  ['desired_count missing', (d) => delete d.scheduler.desired_count, 'scheduler.desired_count', 'must be set (unless scheduling_strategy is "DAEMON")'],
  [
    'network_mode unknown',
    (d) => (d.scheduler.network_mode = 'vpc'),
    'scheduler.network_mode',
    'Invalid type: Expected ("bridge" | "host" | "awsvpc" | "none") but received "vpc"',
  ],
  ['task cpu a boolean', (d) => (d.scheduler.cpu = true), 'scheduler.cpu', 'Invalid type: Expected (string | number) but received true'],
  ['tag value null', (d) => (d.scheduler.tags = {team: null}), 'scheduler.tags.team', 'Invalid type: Expected (string | number | boolean) but received null'],
  [
    'launch_type unknown',
    (d) => (d.scheduler.launch_type = 'SPOT'),
    'scheduler.launch_type',
    'Invalid type: Expected ("EC2" | "FARGATE" | "EXTERNAL") but received "SPOT"',
  ],
  [
    'both elb and elb_v2',
    (d) => {
      d.scheduler.elb = {listeners: []}
      d.scheduler.elb_v2 = {container_name: 'app'}
      d.scheduler.elb.container_name = 'app'
    },
    'scheduler.elb_v2',
    'cannot be used together with scheduler.elb',
  ],
  [
    'Fargate without awsvpc',
    (d) => {
      fargate(d)
      delete d.scheduler.network_mode
    },
    'scheduler.network_mode',
    'must be "awsvpc" on Fargate',
  ],
  [
    'Fargate without task cpu',
    (d) => {
      fargate(d)
      delete d.scheduler.cpu
    },
    'scheduler.cpu',
    'must be set on Fargate (task cpu, e.g. "256")',
  ],
  [
    'Fargate without task memory',
    (d) => {
      fargate(d)
      delete d.scheduler.memory
      d.app.memory = 64
    },
    'scheduler.memory',
    'must be set on Fargate (task memory, e.g. "512")',
  ],
  [
    'requires_compatibilities FARGATE counts as Fargate',
    (d) => {
      fargate(d)
      delete d.scheduler.launch_type
      d.scheduler.requires_compatibilities = ['FARGATE']
      delete d.scheduler.cpu
    },
    'scheduler.cpu',
    'must be set on Fargate (task cpu, e.g. "256")',
  ],
  [
    'awsvpc without network_configuration',
    (d) => {
      d.scheduler.network_mode = 'awsvpc'
    },
    'scheduler.network_configuration',
    'must be set when network_mode is "awsvpc" (awsvpc_configuration.subnets)',
  ],
  [
    'awsvpc host_port differs',
    (d) => {
      fargate(d)
      d.app.port_mappings = [{container_port: 80, host_port: 8080}]
    },
    'app.port_mappings[0].host_port',
    'must equal container_port (80) or be omitted under awsvpc',
  ],
  [
    'awsvpc with links',
    (d) => {
      fargate(d)
      d.app.links = ['redis']
      d.sidecars = {redis: {image_tag: 'redis:7'}}
    },
    'app.links',
    'links are not supported with network_mode "awsvpc" (containers share localhost)',
  ],
  [
    'empty subnets',
    (d) => {
      fargate(d)
      d.scheduler.network_configuration.awsvpc_configuration.subnets = []
    },
    'scheduler.network_configuration.awsvpc_configuration.subnets',
    'must name at least one subnet',
  ],
  [
    'autoscaling topic without group',
    (d) => (d.scheduler.autoscaling_topic_for_oneshot = 'arn:aws:sns:ap-northeast-1:1:t'),
    'scheduler.autoscaling_group_for_oneshot',
    'must be set when autoscaling_topic_for_oneshot is set',
  ],
  [
    'circuit breaker without enable',
    (d) => (d.scheduler.deployment_configuration = {deployment_circuit_breaker: {rollback: true}}),
    'scheduler.deployment_configuration.deployment_circuit_breaker.enable',
    'must be set',
  ],
  [
    'placement strategy type',
    (d) => (d.scheduler.placement_strategy = [{type: 'pack'}]),
    'scheduler.placement_strategy[0].type',
    'Invalid type: Expected ("random" | "spread" | "binpack") but received "pack"',
  ],
  [
    'launch type with capacity providers',
    (d) => {
      d.scheduler.launch_type = 'EC2'
      d.scheduler.capacity_provider_strategy = [{capacity_provider: 'cp'}]
    },
    'scheduler.capacity_provider_strategy',
    'cannot be used together with scheduler.launch_type',
  ],
  [
    'autoscaling min above max',
    (d) => (d.scheduler.autoscaling = {min_capacity: 3, max_capacity: 2, policies: []}),
    'scheduler.autoscaling.min_capacity',
    'must not exceed max_capacity (2)',
  ],
  [
    'autoscaling policy type',
    (d) => (d.scheduler.autoscaling = {min_capacity: 1, max_capacity: 2, policies: [{policy_type: 'Predictive'}]}),
    'scheduler.autoscaling.policies[0].policy_type',
    'Invalid type: Expected ("StepScaling" | "TargetTrackingScaling") but received "Predictive"',
  ],
  [
    'step policy without cooldown (StepScaling by default)',
    (d) =>
      (d.scheduler.autoscaling = {
        min_capacity: 1,
        max_capacity: 2,
        policies: [{alarms: ['a'], adjustment_type: 'ChangeInCapacity', scaling_adjustment: 1, metric_aggregation_type: 'Average'}],
      }),
    'scheduler.autoscaling.policies[0].cooldown',
    'must be set',
  ],
  [
    'service discovery without dns_config',
    (d) => (d.scheduler.service_discovery = [{service: {name: 'app', namespace_id: 'ns-1'}}]),
    'scheduler.service_discovery[0].service.dns_config',
    'must be set',
  ],
  [
    'oneshot notification prefix not s3',
    (d) => (d.scheduler.oneshot_notification_prefix = 'bucket/prefix'),
    'scheduler.oneshot_notification_prefix',
    'must start with s3://',
  ],
  [
    'ephemeral storage too small',
    (d) => (d.scheduler.ephemeral_storage = {size_in_gi_b: 10}),
    'scheduler.ephemeral_storage.size_in_gi_b',
    'Invalid value: Expected >=21 but received 10',
  ],
  [
    'elb_v2 listener port a string',
    (d) => (d.scheduler.elb_v2 = {container_name: 'app', listeners: [{port: 'x', protocol: 'HTTP'}]}),
    'scheduler.elb_v2.listeners[0].port',
    'Invalid type: Expected number but received "x"',
  ],
  [
    'elb_v2 default name too long',
    (d) => (d.scheduler.elb_v2 = {container_name: 'app'}),
    'scheduler.elb_v2.load_balancer_name',
    'the default name is not valid: hako-a-very-long-application-name is 33 characters long; ELBv2 names are at most 32; set load_balancer_name',
  ],
  [
    'classic elb without listeners',
    (d) => (d.scheduler.elb = {listeners: [], subnets: ['subnet-1'], security_groups: ['sg-1'], container_name: 'app'}),
    'scheduler.elb.listeners',
    'must name at least one listener',
  ],
  ['app missing', (d) => delete d.app, 'app', 'must be set'],
  ['app image missing', (d) => delete d.app.image, 'app.image', 'must be set'],
  ['env value a number', (d) => (d.app.env = {PORT: 3000}), 'app.env.PORT', 'must be a string but got number 3000'],
  ['env value null', (d) => (d.app.env = {PORT: null}), 'app.env.PORT', 'must be a string but got null null'],
  ['empty interpolation', (d) => (d.app.env = {MSG: 'hi #{}'}), 'app.env.MSG', 'empty interpolation #{} is not allowed'],
  ['memory a string', (d) => (d.app.memory = '128'), 'app.memory', "must be a number: write 128, not '128'"],
  ['port mapping without container_port', (d) => (d.app.port_mappings = [{host_port: 80}]), 'app.port_mappings[0].container_port', 'must be set'],
  [
    'port mapping protocol',
    (d) => (d.app.port_mappings = [{container_port: 80, protocol: 'sctp'}]),
    'app.port_mappings[0].protocol',
    'Invalid type: Expected ("tcp" | "udp") but received "sctp"',
  ],
  [
    'port out of range',
    (d) => (d.app.port_mappings = [{container_port: 70000}]),
    'app.port_mappings[0].container_port',
    'Invalid value: Expected <=65535 but received 70000',
  ],
  ['link to unknown container', (d) => (d.app.links = ['redis:redis']), 'app.links[0]', 'unknown container "redis"'],
  [
    'depends_on unknown container',
    (d) => (d.app.depends_on = [{container_name: 'init', condition: 'SUCCESS'}]),
    'app.depends_on[0].container_name',
    'unknown container "init"',
  ],
  [
    'depends_on condition',
    (d) => (d.app.depends_on = [{container_name: 'app', condition: 'READY'}]),
    'app.depends_on[0].condition',
    'Invalid type: Expected ("START" | "COMPLETE" | "SUCCESS" | "HEALTHY") but received "READY"',
  ],
  [
    'volumes_from unknown container',
    (d) => (d.app.volumes_from = [{source_container: 'data'}]),
    'app.volumes_from[0].source_container',
    'unknown container "data"',
  ],
  ['link to itself', (d) => (d.app.links = ['app']), 'app.links[0]', 'a container cannot refer to itself'],
  [
    'mount of an undeclared volume',
    (d) => (d.app.mount_points = [{source_volume: 'data', container_path: '/data'}]),
    'app.mount_points[0].source_volume',
    'unknown volume "data" (declare it under volumes)',
  ],
  ['health check empty command', (d) => (d.app.health_check = {command: []}), 'app.health_check.command', 'must not be empty'],
  [
    'health check command type',
    (d) => (d.app.health_check = {command: ['RUN', 'true']}),
    'app.health_check.command[0]',
    'must be "CMD", "CMD-SHELL" or "NONE" but got "RUN"',
  ],
  [
    'secrets without execution role',
    (d) => (d.app.secrets = [{name: 'TOKEN', value_from: 'arn:aws:ssm:ap-northeast-1:1:parameter/t'}]),
    'app.secrets',
    'secrets need scheduler.execution_role_arn (ECS fetches them with the execution role): set it to a role that may read them (ssm:GetParameters, secretsmanager:GetSecretValue)',
  ],
  ['secret without value_from', (d) => (d.app.secrets = [{name: 'TOKEN'}]), 'app.secrets[0].value_from', 'must be set'],
  ['log configuration without driver', (d) => (d.app.log_configuration = {options: {}}), 'app.log_configuration.log_driver', 'must be set'],
  [
    'log option value a number',
    (d) => (d.app.log_configuration = {log_driver: 'awslogs', options: {'awslogs-region': 1}}),
    'app.log_configuration.options.awslogs-region',
    'Invalid type: Expected string but received 1',
  ],
  ['sidecar without image', (d) => (d.sidecars = {redis: {memory: 64}}), 'sidecars.redis.image_tag', 'must be set (the full image reference, e.g. "redis:7")'],
  ['sidecar named app', (d) => (d.sidecars = {app: {image_tag: 'x', memory: 64}}), 'sidecars.app', 'the name "app" is reserved for the app container'],
  ['no memory anywhere', (d) => delete d.app.memory, 'app.memory', 'memory or memory_reservation must be set when scheduler.memory (task memory) is not'],
  ['reservation above memory', (d) => (d.app.memory_reservation = 128), 'app.memory_reservation', 'must not exceed memory (64)'],
  [
    'device permission',
    (d) => (d.app.linux_parameters = {devices: [{host_path: '/dev/fuse', permissions: ['exec']}]}),
    'app.linux_parameters.devices[0].permissions[0]',
    'Invalid type: Expected ("read" | "write" | "mknod") but received "exec"',
  ],
  [
    'restart attempt period too short',
    (d) => (d.app.restart_policy = {enabled: true, restart_attempt_period: 10}),
    'app.restart_policy.restart_attempt_period',
    'Invalid value: Expected >=60 but received 10',
  ],
  [
    'EFS volume without file system',
    (d) => (d.volumes = {data: {efs_volume_configuration: {}}}),
    'volumes.data.efs_volume_configuration.file_system_id',
    'must be set',
  ],
  [
    'legacy additional_containers paths',
    (d) => (d.additional_containers = {front: {image_tag: 'nginx', cpu: 'x'}}),
    'additional_containers.front.cpu',
    'Invalid type: Expected number but received "x"',
  ],
  ['script without type', (d) => (d.scripts = [{bucket: 'b'}]), 'scripts[0].type', 'must be set'],
  [
    'env $providers not an array',
    (d) => (d.app.env = {$providers: {type: 'file'}, A: '#{a}'}),
    'app.env.$providers',
    'must be an array of {type, ...} objects',
  ],
  [
    'ALB request count without a load balancer',
    (d) =>
      (d.scheduler.autoscaling = {
        min_capacity: 1,
        max_capacity: 2,
        policies: [{policy_type: 'TargetTrackingScaling', name: 'p', target_value: 100, predefined_metric_type: 'ALBRequestCountPerTarget'}],
      }),
    'scheduler.autoscaling.policies[0].predefined_metric_type',
    'ALBRequestCountPerTarget needs scheduler.elb_v2',
  ],
]

describe('invalid definitions', () => {
  it('has at least 40 cases', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(40)
  })

  it.each(invalid)('%s → %s: %s', async (_name, mutate, path, message) => {
    const appId = path.startsWith('scheduler.elb_v2') && message.includes('at most 32') ? 'a-very-long-application-name' : 'hello'
    const {problems} = await check(mutate, appId)
    expect(problems).toContainEqual({path, message, severity: 'error'})
  })
})

describe('valid definitions', () => {
  it('accepts the minimal definition with no problems and fills defaults', async () => {
    const {problems, definition, containers} = await check(() => {})
    expect(problems).toEqual([])
    expect(definition?.scheduler.cluster).toBe('default')
    expect(definition?.scheduler.placement_strategy).toEqual([])
    expect(containers[0]).toMatchObject({name: 'app', image: 'busybox:latest', cpu: 0, essential: true, links: [], env: {}, privileged: false})
  })

  it('fills health check and port mapping defaults', async () => {
    const {definition} = await check((d) => {
      d.app.health_check = {command: ['CMD', 'true']}
      d.app.port_mappings = [{container_port: 80}]
    })
    expect(definition?.app.health_check).toEqual({command: ['CMD', 'true'], interval: 30, retries: 3, timeout: 5})
    expect(definition?.app.port_mappings).toEqual([{container_port: 80, protocol: 'tcp'}])
  })

  it('normalises task cpu/memory and tag values to strings', async () => {
    const {definition} = await check((d) => {
      d.scheduler.cpu = 1024
      d.scheduler.memory = '2048'
      d.scheduler.tags = {cost: 12, public: false}
    })
    expect(definition?.scheduler).toMatchObject({cpu: '1024', memory: '2048', tags: {cost: '12', public: 'false'}})
  })

  it('accepts DAEMON without desired_count, and circuit breaker rollback', async () => {
    const {problems} = await check((d) => {
      delete d.scheduler.desired_count
      d.scheduler.scheduling_strategy = 'DAEMON'
      d.scheduler.deployment_configuration = {deployment_circuit_breaker: {enable: true, rollback: true}}
    })
    expect(problems).toEqual([])
  })

  it('merges additional_containers into sidecars', async () => {
    const {definition, containers} = await check((d) => (d.additional_containers = {redis: {image_tag: 'redis:7', memory: 64}}))
    expect(Object.keys(definition?.sidecars ?? {})).toEqual(['redis'])
    expect(containers.map((c) => c.image)).toEqual(['busybox:latest', 'redis:7'])
  })

  it('reports every problem at once', async () => {
    const {problems} = await check((d) => {
      d.scheduler.desired_count = 'x'
      d.app.env = {PORT: 3000}
      d.app.cpu = -1
    })
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.path)).toEqual(['scheduler.desired_count', 'app.cpu', 'app.env.PORT'])
  })
})

describe('unknown keys', () => {
  it('warns with a did-you-mean suggestion and keeps loading', async () => {
    const {problems, definition} = await check((d) => (d.app.memroy = 128))
    expect(problems).toEqual([{path: 'app.memroy', message: 'unknown key (did you mean "memory"?)', severity: 'warning'}])
    expect(definition?.app.memory).toBe(64)
  })

  it('suggests scheduler keys, deep keys and keys inside arrays', async () => {
    const {problems} = await check((d) => {
      delete d.scheduler.desired_count
      d.scheduler.desried_count = 2
      d.scheduler.deployment_configuration = {maximum_percnt: 200}
      d.app.port_mappings = [{container_port: 80, hostport: 80}]
      d.app.hello_world = 1
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        {path: 'scheduler.desried_count', message: 'unknown key (did you mean "desired_count"?)', severity: 'warning'},
        {path: 'scheduler.deployment_configuration.maximum_percnt', message: 'unknown key (did you mean "maximum_percent"?)', severity: 'warning'},
        {path: 'app.port_mappings[0].hostport', message: 'unknown key (did you mean "host_port"?)', severity: 'warning'},
        {path: 'app.hello_world', message: 'unknown key', severity: 'warning'},
        // The typo also leaves the real key missing.
        {path: 'scheduler.desired_count', message: 'must be set (unless scheduling_strategy is "DAEMON")', severity: 'error'},
      ]),
    )
  })

  it('warns when both sidecars and additional_containers are given', async () => {
    const {problems} = await check((d) => {
      d.sidecars = {}
      d.additional_containers = {}
    })
    expect(problems).toEqual([{path: 'additional_containers', message: 'ignored because sidecars is set', severity: 'warning'}])
  })
})
