/**
 * ECS limits checked at load time. Each case names where the limit is stated (in our words): the
 * ECS API reference (RegisterTaskDefinition, ContainerDefinition, HealthCheck, CreateService,
 * DeploymentConfiguration, EphemeralStorage, CreateCluster), the developer guide's Fargate task
 * size table, ECS service quotas, and ELBv2's name rules.
 */
import {describe, expect, it} from 'vitest'

import {check, errorsOf, fargate, type Raw} from './check-helpers.js'

const fargateSize =
  (cpu: unknown, memory: unknown) =>
  (d: Raw): void => {
    fargate(d)
    d.scheduler.cpu = cpu
    d.scheduler.memory = memory
  }
const sidecars = (n: number): Record<string, Raw> => Object.fromEntries(Array.from({length: n}, (_, i) => [`s${i}`, {image_tag: 'busybox', memory: 16}]))

type Options = {appId?: string; oneshot?: boolean}
type Case = [string, (d: Raw) => void, string, Options?]
type ValidCase = [string, (d: Raw) => void, Options?]

const invalid: Case[] = [
  // Fargate task size table (developer guide, task size).
  [
    'Fargate: cpu 333 is no size',
    fargateSize('333', '1024'),
    'scheduler.cpu: Fargate has no task size with cpu 333; use one of 256, 512, 1024, 2048, 4096, 8192, 16384',
  ],
  [
    'Fargate: 256 with 4096 MiB',
    fargateSize('256', '4096'),
    'scheduler.memory: Fargate has no task with cpu 256 and memory 4096; with cpu 256 use memory 512, 1024 or 2048 (MiB)',
  ],
  [
    'Fargate: 256 with 1.5 GB (only 0.5, 1 or 2)',
    fargateSize('256', '1.5 GB'),
    'scheduler.memory: Fargate has no task with cpu 256 and memory 1536; with cpu 256 use memory 512, 1024 or 2048 (MiB)',
  ],
  [
    'Fargate: 1024 with 1536 MiB (not a whole GB)',
    fargateSize(1024, 1536),
    'scheduler.memory: Fargate has no task with cpu 1024 and memory 1536; with cpu 1024 use memory 2048 to 8192 in steps of 1024 (MiB)',
  ],
  [
    'Fargate: 4096 above 30 GB',
    fargateSize('4 vCPU', '31 GB'),
    'scheduler.memory: Fargate has no task with cpu 4096 and memory 31744; with cpu 4096 use memory 8192 to 30720 in steps of 1024 (MiB)',
  ],
  [
    'Fargate: 8192 in 4 GB steps',
    fargateSize('8192', '18432'),
    'scheduler.memory: Fargate has no task with cpu 8192 and memory 18432; with cpu 8192 use memory 16384 to 61440 in steps of 4096 (MiB)',
  ],
  [
    'Fargate: 16384 in 8 GB steps',
    fargateSize('16 vCPU', '36 GB'),
    'scheduler.memory: Fargate has no task with cpu 16384 and memory 36864; with cpu 16384 use memory 32768 to 122880 in steps of 8192 (MiB)',
  ],
  // RegisterTaskDefinition cpu/memory: units or vCPU/GB, EC2 range 128 to 196608 units.
  [
    'task cpu in no unit ECS knows',
    (d) => (d.scheduler.cpu = '2 cores'),
    "scheduler.cpu: must be CPU units ('256', 1024) or vCPUs ('1 vCPU') but got \"2 cores\"",
  ],
  [
    'task cpu fraction of a unit',
    (d) => (d.scheduler.cpu = '0.3 vCPU'),
    "scheduler.cpu: must be CPU units ('256', 1024) or vCPUs ('1 vCPU') but got \"0.3 vCPU\"",
  ],
  ['task memory in MB', (d) => (d.scheduler.memory = '512 MB'), "scheduler.memory: must be MiB ('512', 2048) or GB ('2 GB') but got \"512 MB\""],
  ['EC2 task cpu below 128', (d) => (d.scheduler.cpu = 64), 'scheduler.cpu: must be between 128 and 196608 CPU units (0.125 to 192 vCPU) but got 64'],
  [
    'EC2 task cpu above 192 vCPU',
    (d) => (d.scheduler.cpu = '193 vCPU'),
    'scheduler.cpu: must be between 128 and 196608 CPU units (0.125 to 192 vCPU) but got 197632',
  ],
  // ContainerDefinition memory: within the task memory, at least 6 MiB; cpu within the task cpu.
  [
    'container memory above the task memory',
    (d) => {
      d.scheduler.memory = '512'
      d.app.memory = 1024
    },
    'app.memory: must not exceed the task memory (scheduler.memory: 512 MiB) but is 1024',
  ],
  [
    'container reservation above the task memory',
    (d) => {
      d.scheduler.memory = '0.5 GB'
      delete d.app.memory
      d.app.memory_reservation = 600
    },
    'app.memory_reservation: must not exceed the task memory (scheduler.memory: 512 MiB) but is 600',
  ],
  [
    'container cpu above the task cpu',
    (d) => {
      d.scheduler.cpu = '256'
      d.app.cpu = 512
    },
    'app.cpu: must not exceed the task cpu (scheduler.cpu: 256 units) but is 512',
  ],
  ['container memory below 6 MiB', (d) => (d.app.memory = 4), 'app.memory: must be at least 6 (MiB): Docker reserves 6 MiB for a container'],
  // DeploymentConfiguration: maximumPercent at least 100 (rolling), minimumHealthyPercent 0 to 100.
  [
    'maximum_percent below 100',
    (d) => (d.scheduler.deployment_configuration = {maximum_percent: 50}),
    'scheduler.deployment_configuration.maximum_percent: must be at least 100 but got 50 (lower minimum_healthy_percent to replace tasks in place)',
  ],
  [
    'minimum_healthy_percent above 100',
    (d) => (d.scheduler.deployment_configuration = {minimum_healthy_percent: 150}),
    'scheduler.deployment_configuration.minimum_healthy_percent: Invalid value: Expected <=100 but received 150',
  ],
  // Names: services, families, containers, clusters 1-255 of [A-Za-z0-9_-]; ELBv2 names at most 32.
  [
    'app id with a dot (service name, family)',
    () => {},
    '(root): the app id "my.app" comes from the file name and ECS allows only letters, digits, hyphens and underscores, at most 255 of them in the app id: rename the file',
    {appId: 'my.app'},
  ],
  [
    'app id over 255',
    () => {},
    `(root): the app id "${'a'.repeat(256)}" comes from the file name and ECS allows only letters, digits, hyphens and underscores, at most 255 of them in the app id: rename the file`,
    {appId: 'a'.repeat(256)},
  ],
  [
    'oneshot family over 255',
    () => {},
    `(root): the oneshot task family "${'a'.repeat(250)}-oneshot" comes from the file name and ECS allows only letters, digits, hyphens and underscores, at most 247 of them in the app id: rename the file`,
    {appId: 'a'.repeat(250), oneshot: true},
  ],
  [
    'sidecar name with a dot',
    (d) => (d.sidecars = {'log.router': {image_tag: 'fluent-bit', memory: 32}}),
    'sidecars["log.router"]: a container name may hold only letters, digits, hyphens and underscores, at most 255 of them: rename the sidecar',
  ],
  ['eleven containers', (d) => (d.sidecars = sidecars(10)), 'sidecars: a task definition holds at most 10 containers, but app and these sidecars make 11'],
  [
    'cluster with a space',
    (d) => (d.scheduler.cluster = 'my cluster'),
    'scheduler.cluster: must be a cluster name of 1 to 255 letters, digits, hyphens and underscores (or a cluster ARN) but got "my cluster"',
  ],
  [
    'cluster over 255',
    (d) => (d.scheduler.cluster = 'c'.repeat(256)),
    `scheduler.cluster: must be a cluster name of 1 to 255 letters, digits, hyphens and underscores (or a cluster ARN) but got "${'c'.repeat(256)}"`,
  ],
  [
    'given target group name over 32',
    (d) =>
      (d.scheduler.elb_v2 = {
        vpc_id: 'vpc-1',
        subnets: ['s'],
        listeners: [{port: 80, protocol: 'HTTP'}],
        container_name: 'app',
        target_group_name: 't'.repeat(33),
      }),
    `scheduler.elb_v2.target_group_name: ${'t'.repeat(33)} is 33 characters long; ELBv2 names are at most 32`,
  ],
  // Regions the SDK's partitions know.
  [
    'region without its hyphen',
    (d) => (d.scheduler.region = 'ap-northeast1'),
    'scheduler.region: unknown region "ap-northeast1" (did you mean "ap-northeast-1"?): use a region code such as "ap-northeast-1"',
  ],
  ['region by city', (d) => (d.scheduler.region = 'tokyo'), 'scheduler.region: unknown region "tokyo": use a region code such as "ap-northeast-1"'],
  [
    'availability zone for a region',
    (d) => (d.scheduler.region = 'us-east-1a'),
    'scheduler.region: unknown region "us-east-1a" (did you mean "us-east-1"?): use a region code such as "ap-northeast-1"',
  ],
  // HealthCheck: interval 5-300, timeout 2-60, retries 1-10, startPeriod 0-300 (seconds).
  [
    'health-check interval 1',
    (d) => (d.app.health_check = {command: ['CMD', 'true'], interval: 1}),
    'app.health_check.interval: Invalid value: Expected >=5 but received 1',
  ],
  [
    'health-check interval 301',
    (d) => (d.app.health_check = {command: ['CMD', 'true'], interval: 301}),
    'app.health_check.interval: Invalid value: Expected <=300 but received 301',
  ],
  [
    'health-check timeout 1',
    (d) => (d.app.health_check = {command: ['CMD', 'true'], timeout: 1}),
    'app.health_check.timeout: Invalid value: Expected >=2 but received 1',
  ],
  [
    'health-check timeout 61',
    (d) => (d.app.health_check = {command: ['CMD', 'true'], timeout: 61}),
    'app.health_check.timeout: Invalid value: Expected <=60 but received 61',
  ],
  [
    'health-check retries 0',
    (d) => (d.app.health_check = {command: ['CMD', 'true'], retries: 0}),
    'app.health_check.retries: Invalid value: Expected >=1 but received 0',
  ],
  [
    'health-check retries 11',
    (d) => (d.app.health_check = {command: ['CMD', 'true'], retries: 11}),
    'app.health_check.retries: Invalid value: Expected <=10 but received 11',
  ],
  [
    'health-check start_period 301',
    (d) => (d.app.health_check = {command: ['CMD', 'true'], start_period: 301}),
    'app.health_check.start_period: Invalid value: Expected <=300 but received 301',
  ],
  // EphemeralStorage: 21 to 200 GiB.
  [
    'ephemeral storage above 200 GiB',
    (d) => (d.scheduler.ephemeral_storage = {size_in_gi_b: 201}),
    'scheduler.ephemeral_storage.size_in_gi_b: Invalid value: Expected <=200 but received 201',
  ],
  // Containers start after what they link to, depend on or take volumes from: a cycle never starts.
  [
    'links cycle',
    (d) => {
      d.app.links = ['redis']
      d.sidecars = {redis: {image_tag: 'redis:7', memory: 32, links: ['app:web']}}
    },
    'sidecars.redis.links[0]: containers wait on each other in a cycle: app → redis → app (links, depends_on and volumes_from each start the target first); remove one of these references',
  ],
  [
    'depends_on cycle of three',
    (d) => {
      d.app.depends_on = [{container_name: 'a', condition: 'START'}]
      d.sidecars = {
        a: {image_tag: 'busybox', memory: 16, depends_on: [{container_name: 'b', condition: 'START'}]},
        b: {image_tag: 'busybox', memory: 16, depends_on: [{container_name: 'app', condition: 'START'}]},
      }
    },
    'sidecars.b.depends_on[0].container_name: containers wait on each other in a cycle: app → a → b → app (links, depends_on and volumes_from each start the target first); remove one of these references',
  ],
  [
    'volumes_from and depends_on mixed cycle',
    (d) => {
      d.app.volumes_from = [{source_container: 'data'}]
      d.sidecars = {data: {image_tag: 'busybox', memory: 16, depends_on: [{container_name: 'app', condition: 'HEALTHY'}]}}
    },
    'sidecars.data.depends_on[0].container_name: containers wait on each other in a cycle: app → data → app (links, depends_on and volumes_from each start the target first); remove one of these references',
  ],
  // Maps given as arrays (valibot's record would take them, keyed 0, 1, ...).
  [
    'env as a list',
    (d) => (d.app.env = ['A=1', 'B=x=y']),
    "app.env: must be an object of NAME: value, not an array (write {A: '1', B: 'x=y'}, not ['A=1', 'B=x=y'])",
  ],
  [
    'env as a list of objects',
    (d) => (d.app.env = [{name: 'A', value: '1'}]),
    "app.env: must be an object of NAME: value, not an array (write {NAME: 'value'})",
  ],
  [
    'sidecars as a list',
    (d) => (d.sidecars = [{image_tag: 'nginx'}]),
    "sidecars: must be an object (the key is the container name: {front: {image_tag: 'nginx'}}), not an array",
  ],
  ['docker_labels as a list', (d) => (d.app.docker_labels = ['a=b']), "app.docker_labels: must be an object ({'com.example.team': 'web'}), not an array"],
  [
    'volumes as a list',
    (d) => (d.volumes = [{source_path: '/data'}]),
    "volumes: must be an object (the key is the volume name: {data: {source_path: '/data'}}), not an array",
  ],
  ['scheduler tags as a list', (d) => (d.scheduler.tags = ['team=web']), "scheduler.tags: must be an object ({team: 'web'}), not an array"],
  // CreateService: a network configuration only with awsvpc.
  [
    'network_configuration under bridge',
    (d) => (d.scheduler.network_configuration = {awsvpc_configuration: {subnets: ['subnet-1']}}),
    'scheduler.network_configuration: is only for network_mode "awsvpc" (ECS refuses it under "bridge"); set network_mode: \'awsvpc\' or remove it',
  ],
  // RegisterTaskDefinition: at least one essential container; images not blank.
  ['no essential container', (d) => (d.app.essential = false), 'app.essential: no container is essential: ECS needs at least one; set essential: true on app'],
  ['empty image', (d) => (d.app.image = ''), 'app.image: must not be empty'],
]

const valid: ValidCase[] = [
  ['Fargate 256 / 512', fargateSize('256', '512')],
  ['Fargate 0.25 vCPU / 2 GB', fargateSize('.25 vCPU', '2 GB')],
  ['Fargate 1 vCPU / 8 GB', fargateSize('1 vCPU', '8GB')],
  ['Fargate 4096 / 30720', fargateSize(4096, 30720)],
  ['Fargate 8192 / 61440', fargateSize('8 vcpu', '60 GB')],
  ['Fargate 16384 / 122880', fargateSize(16384, 122880)],
  ['EC2 task cpu 128', (d) => (d.scheduler.cpu = 128)],
  ['ten containers', (d) => (d.sidecars = sidecars(9))],
  ['cluster ARN', (d) => (d.scheduler.cluster = 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/web_1')],
  ['app id of 255', () => {}, {appId: 'a'.repeat(255)}],
  ['deployment 100 / 0', (d) => (d.scheduler.deployment_configuration = {maximum_percent: 100, minimum_healthy_percent: 0})],
  ['health check at its bounds', (d) => (d.app.health_check = {command: ['CMD', 'true'], interval: 5, timeout: 60, retries: 10, start_period: 300})],
  [
    'depends_on without a cycle',
    (d) => {
      d.app.depends_on = [{container_name: 'init', condition: 'SUCCESS'}]
      d.sidecars = {init: {image_tag: 'busybox', memory: 16, essential: false}}
    },
  ],
  [
    'a non-essential app beside an essential sidecar (warned only)',
    (d) => {
      d.app.essential = false
      d.sidecars = {web: {image_tag: 'nginx', memory: 32}}
    },
  ],
]

describe('AWS limits at load time', () => {
  it.each(invalid)('%s', async (_name, mutate, expected, options) => {
    const {problems} = await check(mutate, options)
    expect(errorsOf(problems).map((e) => e.replace(/^: /, '(root): '))).toContain(expected)
  })

  it.each(valid)('accepts %s', async (_name, mutate, options) => {
    expect(errorsOf((await check(mutate, options)).problems)).toEqual([])
  })

  it('normalises task cpu and memory to the units ECS stores', async () => {
    const {definition} = await check(fargateSize('1 vCPU', '2 GB'))
    expect(definition?.scheduler).toMatchObject({cpu: '1024', memory: '2048'})
  })

  it('warns about a region of a known form that this version does not list', async () => {
    const {problems} = await check((d) => (d.scheduler.region = 'ap-northeast-9'))
    expect(problems).toEqual([
      {path: 'scheduler.region', message: '"ap-northeast-9" is not a region this version knows; if it is a new region, ignore this', severity: 'warning'},
    ])
  })

  it('refuses a task definition over 64 KiB (ECS service quotas), measured on what would be sent', async () => {
    const {problems} = await check((d) => (d.app.env = {BIG: 'x'.repeat(70_000)}))
    expect(errorsOf(problems)).toEqual([
      expect.stringMatching(
        /^: the task definition would be 70\d{3} bytes, over ECS's limit of 65536 \(64 KiB\): move large env values to secrets or environment_files$/,
      ),
    ])
  })

  it('accepts a task definition just under 64 KiB', async () => {
    const {problems} = await check((d) => (d.app.env = {BIG: 'x'.repeat(60_000)}))
    expect(errorsOf(problems)).toEqual([])
  })
})

describe('reference cycles', () => {
  it('are found once each, even among ten containers that all refer to each other', async () => {
    const names = ['app', ...Array.from({length: 9}, (_, i) => `s${i}`)]
    const {problems} = await check((d) => {
      d.sidecars = Object.fromEntries(names.slice(1).map((n) => [n, {image_tag: 'busybox', memory: 16}]))
      for (const name of names) {
        const spec = name === 'app' ? d.app : d.sidecars[name]
        spec.depends_on = names.filter((other) => other !== name).map((other) => ({container_name: other, condition: 'START'}))
      }
    })
    const cycles = errorsOf(problems).filter((e) => e.includes('cycle'))
    expect(cycles.length).toBeGreaterThan(0)
    expect(new Set(cycles).size).toBe(cycles.length)
  })
})
