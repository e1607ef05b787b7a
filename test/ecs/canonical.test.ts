import type {RegisterTaskDefinitionCommandInput, Service, TaskDefinition} from '@aws-sdk/client-ecs'
import {describe, expect, it} from 'vitest'
import {canonicalService, canonicalTaskDefinition, canonicalTaskSize, isSameService, isSameTaskDefinition} from '../../src/ecs/canonical.js'

/** What hako registers for a small EC2 app (without hako's nulls). */
function input(overrides: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput {
  return {
    family: 'hello',
    containerDefinitions: [{name: 'app', image: 'busybox:latest', cpu: 32, memory: 64}],
    ...overrides,
  }
}

/** What DescribeTaskDefinition says about it: the same plus every field AWS fills in. */
function described(overrides: Partial<TaskDefinition> = {}): TaskDefinition {
  return {
    taskDefinitionArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello:7',
    family: 'hello',
    revision: 7,
    status: 'ACTIVE',
    networkMode: 'bridge',
    requiresAttributes: [{name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18'}],
    compatibilities: ['EC2'],
    registeredAt: new Date('2026-01-01T00:00:00Z'),
    registeredBy: 'arn:aws:iam::123456789012:user/deployer',
    placementConstraints: [],
    volumes: [],
    containerDefinitions: [
      {
        name: 'app',
        image: 'busybox:latest',
        cpu: 32,
        memory: 64,
        essential: true,
        portMappings: [],
        environment: [],
        mountPoints: [],
        volumesFrom: [],
        systemControls: [],
      },
    ],
    ...overrides,
  }
}

function app(td: RegisterTaskDefinitionCommandInput | TaskDefinition) {
  return td.containerDefinitions![0]!
}

describe('canonicalTaskDefinition', () => {
  it('equates our input with the described revision (registrable fields only)', () => {
    expect(isSameTaskDefinition(input(), described())).toBe(true)
    const tree = canonicalTaskDefinition(described())
    for (const key of ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy']) {
      expect(tree).not.toHaveProperty(key)
    }
  })

  it('sees an image change', () => {
    const d = described()
    app(d).image = 'busybox:1.36'
    expect(isSameTaskDefinition(input(), d)).toBe(false)
  })

  it('sees a container memory change', () => {
    const d = described()
    app(d).memory = 1024
    expect(isSameTaskDefinition(input(), d)).toBe(false)
  })

  describe('AWS defaults equal their absence', () => {
    it('container cpu 0', () => {
      const i = input({containerDefinitions: [{name: 'app', image: 'x'}]})
      const d = described({containerDefinitions: [{name: 'app', image: 'x', cpu: 0, essential: true}]})
      expect(isSameTaskDefinition(i, d)).toBe(true)
    })

    it('essential true', () => {
      const d = described()
      app(d).essential = true
      expect(isSameTaskDefinition(input(), d)).toBe(true)
      app(d).essential = false
      expect(isSameTaskDefinition(input(), d)).toBe(false)
    })

    it('port mapping protocol tcp and hostPort = containerPort under awsvpc', () => {
      const i = input({networkMode: 'awsvpc', containerDefinitions: [{...app(input()), portMappings: [{containerPort: 80}]}]})
      const d = described({networkMode: 'awsvpc'})
      app(d).portMappings = [{containerPort: 80, hostPort: 80, protocol: 'tcp'}]
      expect(isSameTaskDefinition(i, d)).toBe(true)
    })

    it('hostPort 0 (dynamic) under bridge', () => {
      const i = input({containerDefinitions: [{...app(input()), portMappings: [{containerPort: 3000}]}]})
      const d = described()
      app(d).portMappings = [{containerPort: 3000, hostPort: 0, protocol: 'tcp'}]
      expect(isSameTaskDefinition(i, d)).toBe(true)
      app(d).portMappings = [{containerPort: 3000, hostPort: 10000, protocol: 'tcp'}]
      expect(isSameTaskDefinition(i, d)).toBe(false)
    })

    it('health check interval 30, timeout 5, retries 3', () => {
      const i = input({containerDefinitions: [{...app(input()), healthCheck: {command: ['CMD-SHELL', 'true']}}]})
      const d = described()
      app(d).healthCheck = {command: ['CMD-SHELL', 'true'], interval: 30, timeout: 5, retries: 3}
      expect(isSameTaskDefinition(i, d)).toBe(true)
      app(d).healthCheck = {command: ['CMD-SHELL', 'true'], interval: 10, timeout: 5, retries: 3}
      expect(isSameTaskDefinition(i, d)).toBe(false)
    })

    it('system controls [] (hako 2024 hotfix)', () => {
      const d = described()
      app(d).systemControls = []
      const i = input()
      app(i).systemControls = undefined
      expect(isSameTaskDefinition(i, d)).toBe(true)
    })

    it('volumes, mount points, volumes from and links: [] ≡ absent', () => {
      const i = input({volumes: []})
      app(i).links = []
      const d = described({volumes: undefined})
      app(d).mountPoints = []
      app(d).volumesFrom = []
      expect(isSameTaskDefinition(i, d)).toBe(true)
    })

    it('docker volume driver local and scope task (hako volume comparator)', () => {
      const i = input({
        volumes: [
          {name: 'data', dockerVolumeConfiguration: {autoprovision: false, driverOpts: {a: 'b'}, labels: {l: 'v'}}},
          {name: 'tmp', host: {sourcePath: '/tmp'}},
        ],
      })
      const d = described({
        volumes: [
          {name: 'tmp', host: {sourcePath: '/tmp'}},
          {name: 'data', dockerVolumeConfiguration: {driver: 'local', scope: 'task', driverOpts: {a: 'b'}, labels: {l: 'v'}}},
        ],
      })
      expect(isSameTaskDefinition(i, d)).toBe(true)
      d.volumes![1]!.dockerVolumeConfiguration!.labels = {l: 'changed'}
      expect(isSameTaskDefinition(i, d)).toBe(false)
    })

    it('EFS root directory / and transit encryption DISABLED', () => {
      const i = input({volumes: [{name: 'efs', efsVolumeConfiguration: {fileSystemId: 'fs-1'}}]})
      const d = described({
        volumes: [{name: 'efs', efsVolumeConfiguration: {fileSystemId: 'fs-1', rootDirectory: '/', transitEncryption: 'DISABLED'}}],
      })
      expect(isSameTaskDefinition(i, d)).toBe(true)
    })

    it('a bare host volume is described with host: {}', () => {
      expect(isSameTaskDefinition(input({volumes: [{name: 'v'}]}), described({volumes: [{name: 'v', host: {}}]}))).toBe(true)
    })

    it('numeric and string task cpu/memory (a hako bug)', () => {
      const i = input({cpu: 256 as unknown as string, memory: 512 as unknown as string})
      expect(isSameTaskDefinition(i, described({cpu: '256', memory: '512'}))).toBe(true)
      expect(isSameTaskDefinition(input({cpu: '0.25 vCPU', memory: '1 GB'}), described({cpu: '256', memory: '1024'}))).toBe(true)
      expect(isSameTaskDefinition(input({cpu: '512'}), described({cpu: '256'}))).toBe(false)
    })

    it('runtime platform LINUX/X86_64 (a hako bug)', () => {
      const d = described({runtimePlatform: {operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64'}})
      expect(isSameTaskDefinition(input(), d)).toBe(true)
      expect(isSameTaskDefinition(input({runtimePlatform: {cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX'}}), d)).toBe(false)
      expect(
        isSameTaskDefinition(input({runtimePlatform: {cpuArchitecture: 'ARM64'}}), {
          ...d,
          runtimePlatform: {cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX'},
        }),
      ).toBe(true)
    })

    it('ephemeral storage: the struct as registered and as described compare equal', () => {
      expect(isSameTaskDefinition(input({ephemeralStorage: {sizeInGiB: 30}}), described({ephemeralStorage: {sizeInGiB: 30}}))).toBe(true)
      expect(isSameTaskDefinition(input({ephemeralStorage: {sizeInGiB: 30}}), described())).toBe(false)
    })

    it('network mode bridge when none is given', () => {
      expect(isSameTaskDefinition(input({networkMode: undefined}), described({networkMode: 'bridge'}))).toBe(true)
      expect(isSameTaskDefinition(input({networkMode: 'host'}), described({networkMode: 'bridge'}))).toBe(false)
    })

    it('false flags (privileged, readonlyRootFilesystem, mount readOnly, initProcessEnabled) ≡ absent', () => {
      const i = input()
      Object.assign(app(i), {
        privileged: false,
        readonlyRootFilesystem: false,
        mountPoints: [{sourceVolume: 'v', containerPath: '/v', readOnly: false}],
        linuxParameters: {initProcessEnabled: false, capabilities: {add: [], drop: []}},
      })
      const d = described({enableFaultInjection: false})
      app(d).mountPoints = [{sourceVolume: 'v', containerPath: '/v'}]
      expect(isSameTaskDefinition(i, d)).toBe(true)
    })

    it('proxy configuration type APPMESH with properties in any order', () => {
      const i = input({
        proxyConfiguration: {
          containerName: 'envoy',
          properties: [
            {name: 'b', value: '2'},
            {name: 'a', value: '1'},
          ],
        },
      })
      const d = described({
        proxyConfiguration: {
          type: 'APPMESH',
          containerName: 'envoy',
          properties: [
            {name: 'a', value: '1'},
            {name: 'b', value: '2'},
          ],
        },
      })
      expect(isSameTaskDefinition(i, d)).toBe(true)
    })
  })

  describe('unordered lists are sorted, ordered ones kept', () => {
    it('environment and secrets by name', () => {
      const i = input()
      app(i).environment = [
        {name: 'B', value: '2'},
        {name: 'A', value: '1'},
      ]
      app(i).secrets = [
        {name: 'Y', valueFrom: 'arn:y'},
        {name: 'X', valueFrom: 'arn:x'},
      ]
      const d = described()
      app(d).environment = [
        {name: 'A', value: '1'},
        {name: 'B', value: '2'},
      ]
      app(d).secrets = [
        {name: 'X', valueFrom: 'arn:x'},
        {name: 'Y', valueFrom: 'arn:y'},
      ]
      expect(isSameTaskDefinition(i, d)).toBe(true)
      app(d).environment = [
        {name: 'A', value: '1'},
        {name: 'B', value: '3'},
      ]
      expect(isSameTaskDefinition(i, d)).toBe(false)
    })

    it('port mappings by container port', () => {
      const i = input({
        containerDefinitions: [
          {
            ...app(input()),
            portMappings: [
              {containerPort: 443, hostPort: 443},
              {containerPort: 80, hostPort: 80},
            ],
          },
        ],
      })
      const d = described()
      app(d).portMappings = [
        {containerPort: 80, hostPort: 80, protocol: 'tcp'},
        {containerPort: 443, hostPort: 443, protocol: 'tcp'},
      ]
      expect(isSameTaskDefinition(i, d)).toBe(true)
    })

    it('containers and volumes by name', () => {
      const a = {name: 'a', image: 'a'}
      const b = {name: 'b', image: 'b'}
      expect(
        isSameTaskDefinition(
          input({containerDefinitions: [a, b], volumes: [{name: 'x'}, {name: 'y'}]}),
          input({containerDefinitions: [b, a], volumes: [{name: 'y'}, {name: 'x'}]}),
        ),
      ).toBe(true)
    })

    it('mount points, ulimits, extra hosts, depends on, links, placement constraints', () => {
      const i = input({
        placementConstraints: [
          {type: 'memberOf', expression: 'b'},
          {type: 'memberOf', expression: 'a'},
        ],
      })
      Object.assign(app(i), {
        mountPoints: [
          {sourceVolume: 'b', containerPath: '/b'},
          {sourceVolume: 'a', containerPath: '/a'},
        ],
        ulimits: [
          {name: 'nproc', softLimit: 1, hardLimit: 1},
          {name: 'nofile', softLimit: 2, hardLimit: 2},
        ],
        extraHosts: [
          {hostname: 'z', ipAddress: '1.1.1.1'},
          {hostname: 'y', ipAddress: '2.2.2.2'},
        ],
        dependsOn: [
          {containerName: 'init2', condition: 'START'},
          {containerName: 'init', condition: 'SUCCESS'},
        ],
        links: ['redis', 'memcached'],
      })
      const d = described({
        placementConstraints: [
          {type: 'memberOf', expression: 'a'},
          {type: 'memberOf', expression: 'b'},
        ],
      })
      Object.assign(app(d), {
        mountPoints: [
          {sourceVolume: 'a', containerPath: '/a'},
          {sourceVolume: 'b', containerPath: '/b'},
        ],
        ulimits: [
          {name: 'nofile', softLimit: 2, hardLimit: 2},
          {name: 'nproc', softLimit: 1, hardLimit: 1},
        ],
        extraHosts: [
          {hostname: 'y', ipAddress: '2.2.2.2'},
          {hostname: 'z', ipAddress: '1.1.1.1'},
        ],
        dependsOn: [
          {containerName: 'init', condition: 'SUCCESS'},
          {containerName: 'init2', condition: 'START'},
        ],
        links: ['memcached', 'redis'],
      })
      expect(isSameTaskDefinition(i, d)).toBe(true)
    })

    it('command, entryPoint and healthCheck.command keep their order', () => {
      for (const field of ['command', 'entryPoint'] as const) {
        const i = input()
        app(i)[field] = ['a', 'b']
        const d = described()
        app(d)[field] = ['b', 'a']
        expect(isSameTaskDefinition(i, d), field).toBe(false)
      }
      const i = input()
      app(i).healthCheck = {command: ['CMD', 'a', 'b']}
      const d = described()
      app(d).healthCheck = {command: ['CMD', 'b', 'a']}
      expect(isSameTaskDefinition(i, d)).toBe(false)
    })

    it('identical linux parameters, log configuration and health check compare equal (hako comparator spec)', () => {
      const container = {
        ...app(input()),
        linuxParameters: {
          capabilities: {add: ['SYS_PTRACE', 'NET_ADMIN']},
          devices: [{hostPath: '/dev/x', permissions: ['write' as const, 'read' as const]}],
          sharedMemorySize: 64,
        },
        logConfiguration: {logDriver: 'awslogs' as const, options: {'awslogs-group': 'g', 'awslogs-region': 'ap-northeast-1'}},
        healthCheck: {command: ['CMD-SHELL', 'curl -f localhost'], interval: 10, timeout: 2, retries: 5, startPeriod: 30},
      }
      const d = described()
      d.containerDefinitions = [
        {
          ...container,
          linuxParameters: {
            capabilities: {add: ['NET_ADMIN', 'SYS_PTRACE'], drop: []},
            devices: [{hostPath: '/dev/x', permissions: ['read', 'write']}],
            sharedMemorySize: 64,
          },
          essential: true,
        },
      ]
      expect(isSameTaskDefinition(input({containerDefinitions: [container]}), d)).toBe(true)
    })
  })

  describe('tags', () => {
    it('compares tags as a set, ignoring hako:version', () => {
      const i = input({
        tags: [
          {key: 'team', value: 'a'},
          {key: 'hako:version', value: '1.0.0'},
          {key: 'env', value: 'prod'},
        ],
      })
      const d = described()
      expect(
        isSameTaskDefinition(i, d, {
          b: [
            {key: 'env', value: 'prod'},
            {key: 'team', value: 'a'},
            {key: 'hako:version', value: '0.9.0'},
          ],
        }),
      ).toBe(true)
      expect(isSameTaskDefinition(i, d, {b: [{key: 'env', value: 'prod'}]})).toBe(false)
      expect(canonicalTaskDefinition(i).tags).toEqual({env: 'prod', team: 'a'})
    })
  })

  it('produces sorted keys at every level', () => {
    const tree = canonicalTaskDefinition(described())
    const keys = Object.keys(tree)
    expect(keys).toEqual([...keys].sort())
    const container = (tree.containerDefinitions as Record<string, unknown>[])[0]!
    expect(Object.keys(container)).toEqual(Object.keys(container).sort())
  })
})

describe('canonicalTaskSize', () => {
  it.each([
    [256, 'cpu', '256'],
    ['256', 'cpu', '256'],
    ['0.25 vCPU', 'cpu', '256'],
    ['2 vcpu', 'cpu', '2048'],
    ['0.5GB', 'memory', '512'],
    ['2 GB', 'memory', '2048'],
    [undefined, 'memory', undefined],
  ] as const)('%s (%s) → %s', (value, unit, expected) => {
    expect(canonicalTaskSize(value, unit)).toBe(expected)
  })
})

describe('canonicalService', () => {
  const td1 = 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/hello:1'
  const expected = {
    cluster: 'eagletmt',
    service: 'hello',
    desiredCount: 4,
    taskDefinition: td1,
    deploymentConfiguration: {maximumPercent: 100, minimumHealthyPercent: 0},
    serviceRegistries: [],
    placementConstraints: [],
    placementStrategy: [],
  }
  function actual(overrides: Partial<Service> = {}): Service {
    return {
      serviceName: 'hello',
      serviceArn: 'arn:aws:ecs:ap-northeast-1:123456789012:service/eagletmt/hello',
      status: 'ACTIVE',
      desiredCount: 4,
      runningCount: 4,
      taskDefinition: td1,
      deploymentConfiguration: {maximumPercent: 100, minimumHealthyPercent: 0, deploymentCircuitBreaker: {enable: false, rollback: false}},
      placementConstraints: [],
      placementStrategy: [],
      launchType: 'EC2',
      schedulingStrategy: 'REPLICA',
      enableExecuteCommand: false,
      events: [],
      deployments: [],
      ...overrides,
    }
  }

  it('equal services are the same', () => {
    expect(isSameService(expected, actual())).toBe(true)
  })

  it('a desired count change is seen', () => {
    expect(isSameService(expected, actual({desiredCount: 1}))).toBe(false)
  })

  it('a placement constraint change is seen', () => {
    expect(isSameService({...expected, placementConstraints: [{type: 'distinctInstance'}]}, actual())).toBe(false)
  })

  it('deployment configuration absent ≡ 200/100, not 100/0', () => {
    const {deploymentConfiguration: _, ...withoutConfig} = expected
    expect(isSameService(withoutConfig, actual())).toBe(false)
    expect(isSameService(withoutConfig, actual({deploymentConfiguration: {maximumPercent: 200, minimumHealthyPercent: 100}}))).toBe(true)
  })

  it('DAEMON services default to 100/0', () => {
    const {deploymentConfiguration: _, ...withoutConfig} = expected
    expect(isSameService(withoutConfig, actual({schedulingStrategy: 'DAEMON'}), {daemon: true})).toBe(true)
  })

  it('the circuit breaker is compared (a hako bug), defaulting to off', () => {
    const withBreaker = {...expected, deploymentConfiguration: {...expected.deploymentConfiguration, deploymentCircuitBreaker: {enable: true, rollback: false}}}
    expect(isSameService(withBreaker, actual())).toBe(false)
    expect(isSameService({...expected, deploymentConfiguration: {maximumPercent: 100, minimumHealthyPercent: 0}}, actual())).toBe(true)
  })

  it('platform version LATEST, assignPublicIp DISABLED, unordered subnets and security groups', () => {
    const mine = {...expected, networkConfiguration: {awsvpcConfiguration: {subnets: ['s2', 's1'], securityGroups: ['g1']}}}
    const theirs = actual({
      platformVersion: 'LATEST',
      networkConfiguration: {awsvpcConfiguration: {subnets: ['s1', 's2'], securityGroups: ['g1'], assignPublicIp: 'DISABLED'}},
    })
    expect(isSameService(mine, theirs)).toBe(true)
    expect(isSameService({...mine, platformVersion: '1.4.0'}, theirs)).toBe(false)
  })

  it('capacity provider weight/base 0 and any order', () => {
    const mine = {...expected, capacityProviderStrategy: [{capacityProvider: 'FARGATE_SPOT', weight: 1}, {capacityProvider: 'FARGATE'}]}
    const theirs = actual({
      capacityProviderStrategy: [
        {capacityProvider: 'FARGATE', weight: 0, base: 0},
        {capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0},
      ],
    })
    expect(isSameService(mine, theirs)).toBe(true)
  })

  it('placement strategy is ordered', () => {
    const a = [
      {type: 'spread' as const, field: 'attribute:ecs.availability-zone'},
      {type: 'binpack' as const, field: 'memory'},
    ]
    expect(isSameService({...expected, placementStrategy: a}, actual({placementStrategy: [...a].reverse()}))).toBe(false)
    expect(isSameService({...expected, placementStrategy: a}, actual({placementStrategy: a}))).toBe(true)
  })

  it('enableExecuteCommand false and grace period 0 ≡ absent', () => {
    expect(isSameService({...expected, healthCheckGracePeriodSeconds: 0}, actual({enableExecuteCommand: undefined}))).toBe(true)
    expect(isSameService({...expected, enableExecuteCommand: true}, actual())).toBe(false)
  })

  it('ignores what UpdateService cannot change and describe-only fields', () => {
    const tree = canonicalService(actual({launchType: 'EC2', roleArn: 'arn:role', runningCount: 1}))
    expect(Object.keys(tree)).not.toContain('launchType')
    expect(Object.keys(tree)).not.toContain('runningCount')
    expect(Object.keys(tree)).not.toContain('serviceName')
  })
})

describe('redactEnvironment', () => {
  it('hides the named values but still shows that they changed', async () => {
    const {redactEnvironment} = await import('../../src/ecs/canonical.js')
    const tree = (password: string) =>
      redactEnvironment(
        canonicalTaskDefinition(
          input({
            containerDefinitions: [
              {
                name: 'app',
                image: 'x',
                environment: [
                  {name: 'DB_PASSWORD', value: password},
                  {name: 'MODE', value: 'prod'},
                ],
              },
            ],
          }),
        ),
        new Set(['DB_PASSWORD']),
      )
    const text = JSON.stringify(tree('hunter2'))
    expect(text).not.toContain('hunter2')
    expect(text).toContain('"MODE"')
    expect(text).toContain('prod')
    expect(tree('hunter2')).toEqual(tree('hunter2'))
    expect(tree('hunter2')).not.toEqual(tree('hunter3'))
  })
})
