import {describe, expect, it} from 'vitest'

import {loadApp} from '../../src/definition/load.js'
import type {Container} from '../../src/definition/types.js'
import {renderDockerRun, renderVolumes, shellQuote} from '../../src/ecs/docker-run.js'

function container(overrides: Partial<Container> = {}): Container {
  return {
    name: 'app',
    image: 'busybox:latest',
    cpu: 0,
    essential: true,
    links: [],
    env: {},
    port_mappings: [],
    docker_labels: {},
    mount_points: [],
    volumes_from: [],
    privileged: false,
    ...overrides,
  }
}

const first = (c: Partial<Container>, volumes = {}, options = {}): string => renderDockerRun([container(c)], volumes, options)[0] as string
const C = ' \\\n   '

describe('docker run rendering as hako renders it, bugs fixed', () => {
  it.each<[string, Partial<Container>, string]>([
    ['cpu shares always', {}, 'docker run --name app --cpu-shares 0'],
    ['memory and reservation in MiB', {memory: 128, memory_reservation: 64}, 'docker run --name app --cpu-shares 0 --memory 128M --memory-reservation 64M'],
    ['links', {links: ['redis:redis', 'db']}, 'docker run --name app --cpu-shares 0 --link redis:redis --link db'],
    [
      'ports (dynamic as 0, udp suffixed)',
      {
        port_mappings: [
          {container_port: 80, protocol: 'tcp'},
          {container_port: 53, host_port: 53, protocol: 'udp'},
        ],
      },
      'docker run --name app --cpu-shares 0 --publish 0:80 --publish 53:53/udp',
    ],
    ['labels quoted', {docker_labels: {'com.example.team': 'web ops'}}, "docker run --name app --cpu-shares 0 --label 'com.example.team=web ops'"],
    [
      'volumes from',
      {
        volumes_from: [
          {source_container: 'data', read_only: true},
          {source_container: 'logs', read_only: false},
        ],
      },
      'docker run --name app --cpu-shares 0 --volumes-from data:ro --volumes-from logs',
    ],
    ['privileged', {privileged: true}, 'docker run --name app --cpu-shares 0 --privileged'],
    [
      'capabilities, init, shm, tmpfs',
      {
        linux_parameters: {
          capabilities: {add: ['SYS_PTRACE'], drop: ['NET_RAW']},
          init_process_enabled: true,
          shared_memory_size: 64,
          tmpfs: [{container_path: '/tmp', size: 32, mount_options: ['noexec']}],
        },
      },
      'docker run --name app --cpu-shares 0 --cap-add=SYS_PTRACE --cap-drop=NET_RAW --init --shm-size 64m --tmpfs /tmp:size=32m,noexec',
    ],
    [
      'device without permissions has no trailing colon',
      {linux_parameters: {devices: [{host_path: '/dev/fuse', permissions: []}]}},
      'docker run --name app --cpu-shares 0 --device=/dev/fuse',
    ],
    [
      'device with container path and permissions',
      {linux_parameters: {devices: [{host_path: '/dev/sda', container_path: '/dev/xvdc', permissions: ['read', 'write', 'mknod']}]}},
      'docker run --name app --cpu-shares 0 --device=/dev/sda:/dev/xvdc:rwm',
    ],
    [
      'user, read-only, security options',
      {user: 'nobody', readonly_root_filesystem: true, docker_security_options: ['no-new-privileges']},
      'docker run --name app --cpu-shares 0 --user nobody --read-only --security-opt no-new-privileges',
    ],
    [
      'workdir, hostname, dns, hosts, ulimits, stop timeout',
      {
        working_directory: '/srv',
        hostname: 'web',
        dns_servers: ['10.0.0.2'],
        dns_search_domains: ['corp'],
        extra_hosts: [{hostname: 'db', ip_address: '10.0.0.5'}],
        ulimits: [{name: 'nofile', soft_limit: 1024, hard_limit: 4096}],
        stop_timeout: 30,
      },
      'docker run --name app --cpu-shares 0 --workdir /srv --hostname web --dns 10.0.0.2 --dns-search corp --add-host db:10.0.0.5 --ulimit nofile=1024:4096 --stop-timeout 30',
    ],
    [
      'log driver and options',
      {log_configuration: {log_driver: 'awslogs', options: {'awslogs-group': '/hako/app'}}},
      'docker run --name app --cpu-shares 0 --log-driver awslogs --log-opt awslogs-group=/hako/app',
    ],
    ['sysctl', {system_controls: [{namespace: 'net.core.somaxconn', value: '1024'}]}, 'docker run --name app --cpu-shares 0 --sysctl net.core.somaxconn=1024'],
    [
      'health check CMD-SHELL with start period spelled right',
      {health_check: {command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 10, retries: 2, timeout: 3, start_period: 15}},
      "docker run --name app --cpu-shares 0 --health-cmd 'curl -f http://localhost/ || exit 1' --health-retries 2 --health-interval 10s --health-timeout 3s --health-start-period 15s",
    ],
    ['health check NONE', {health_check: {command: ['NONE'], interval: 30, retries: 3, timeout: 5}}, 'docker run --name app --cpu-shares 0 --no-healthcheck'],
  ])('%s', (_name, overrides, expected) => {
    expect(first(overrides)).toBe(`${expected}${C}busybox:latest`)
  })

  it('entry point: one executable, the rest before the command', () => {
    expect(first({entry_point: ['/bin/sh', '-c'], command: ['echo "hi"']})).toBe(
      `docker run --name app --cpu-shares 0 --entrypoint /bin/sh${C}busybox:latest -c${C}'echo "hi"'`,
    )
  })

  it('mounts use the host source path when the volume has one', () => {
    const volumes = {logs: {source_path: '/var/log/app'}, data: {}}
    const mounts = [
      {source_volume: 'logs', container_path: '/logs', read_only: true},
      {source_volume: 'data', container_path: '/data', read_only: false},
    ]
    expect(renderDockerRun([container({mount_points: mounts})], volumes)).toEqual([
      'docker volume create data',
      `docker run --name app --cpu-shares 0 --volume /var/log/app:/logs:ro --volume data:/data${C}busybox:latest`,
    ])
  })

  it('env placeholders quoted, secrets as their ARN, -e shadows and follows', () => {
    const c = {
      env: {MESSAGE: '${username}-san', PORT: '3000'},
      secrets: [
        {name: 'TOKEN', value_from: 'arn:aws:ssm:ap-northeast-1:1:parameter/token'},
        {name: 'PORT2', value_from: 'arn:x'},
      ],
    }
    expect(first(c, {}, {env: {PORT: '8080', PORT2: 'y'}, command: ['rake', 'db:migrate']})).toBe(
      [
        'docker run --name app --cpu-shares 0',
        "--env 'MESSAGE=${username}-san'",
        '--env TOKEN=secret:arn:aws:ssm:ap-northeast-1:1:parameter/token',
        '--env PORT=8080',
        '--env PORT2=y',
        'busybox:latest',
        'rake db:migrate',
      ].join(C),
    )
  })

  it('oneshot overrides apply to app only', () => {
    const lines = renderDockerRun(
      [container({cpu: 10, memory: 64}), container({name: 'redis', cpu: 5})],
      {},
      {appCpu: 128, appMemory: 256, appMemoryReservation: 100},
    )
    expect(lines[0]).toMatch(/^docker run --name app --cpu-shares 128 --memory 256M --memory-reservation 100M /)
    expect(lines[1]).toMatch(/^docker run --name redis --cpu-shares 5 \\/)
  })

  it('docker volume create for volumes docker would not create', () => {
    expect(
      renderVolumes({
        auto: {docker_volume_configuration: {autoprovision: true}},
        efs: {efs_volume_configuration: {file_system_id: 'fs-1'}},
        host: {source_path: '/x'},
        scratch: {},
        shared: {docker_volume_configuration: {driver: 'local', driver_opts: {type: 'nfs'}, labels: {team: 'a b'}}},
      }),
    ).toEqual(['docker volume create scratch', "docker volume create --driver local --opt type=nfs --label 'team=a b' shared"])
  })

  it('quotes single quotes', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`)
  })

  it('renders examples/hello.jsonnet in task order with placeholders, never provider values', async () => {
    const app = await loadApp('examples/hello.jsonnet', {mode: 'check'})
    const lines = renderDockerRun(app.containers, app.definition.volumes)
    expect(lines).toEqual([
      `docker run --name app --cpu-shares 256 --memory 128M --link redis:redis${C}--env 'MESSAGE=\${username}-san'${C}--env PORT=3000${C}ryotarai/hello-sinatra:latest`,
      `docker run --name front --cpu-shares 32 --memory 32M${C}hako-nginx`,
      `docker run --name redis --cpu-shares 64 --memory 512M${C}redis:3.0`,
    ])
    expect(lines.join('\n')).not.toContain('eagletmt')
  })
})
