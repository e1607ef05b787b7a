import {describe, expect, it} from 'vitest'

import {loadApp} from '../../src/definition/load.js'
import type {Container} from '../../src/definition/types.js'
import {buildContainerDefinition, buildTaskDefinition, buildVolumes} from '../../src/ecs/task-definition.js'

const load = (name: string) => loadApp(`examples/${name}.jsonnet`, {mode: 'check'})

describe('buildTaskDefinition for the examples', () => {
  it('hello', async () => {
    expect(buildTaskDefinition(await load('hello'), {toolVersion: '0.1.0'})).toMatchInlineSnapshot(`
      {
        "containerDefinitions": [
          {
            "cpu": 256,
            "dockerLabels": {},
            "environment": [
              {
                "name": "MESSAGE",
                "value": "\${username}-san",
              },
              {
                "name": "PORT",
                "value": "3000",
              },
            ],
            "essential": true,
            "image": "ryotarai/hello-sinatra:latest",
            "links": [
              "redis:redis",
            ],
            "memory": 128,
            "mountPoints": [],
            "name": "app",
            "portMappings": [],
            "privileged": false,
            "volumesFrom": [],
          },
          {
            "cpu": 32,
            "dockerLabels": {},
            "environment": [],
            "essential": true,
            "image": "hako-nginx",
            "links": [],
            "memory": 32,
            "mountPoints": [],
            "name": "front",
            "portMappings": [],
            "privileged": false,
            "volumesFrom": [],
          },
          {
            "cpu": 64,
            "dockerLabels": {},
            "environment": [],
            "essential": true,
            "image": "redis:3.0",
            "links": [],
            "memory": 512,
            "mountPoints": [],
            "name": "redis",
            "portMappings": [],
            "privileged": false,
            "volumesFrom": [],
          },
        ],
        "family": "hello",
        "taskRoleArn": "arn:aws:iam::012345678901:role/HelloRole",
        "volumes": [],
      }
    `)
  })

  it('hello-fargate', async () => {
    expect(buildTaskDefinition(await load('hello-fargate'), {toolVersion: '0.1.0'})).toMatchInlineSnapshot(`
      {
        "containerDefinitions": [
          {
            "cpu": 256,
            "dockerLabels": {},
            "environment": [
              {
                "name": "MESSAGE",
                "value": "\${username}-san",
              },
              {
                "name": "PORT",
                "value": "3000",
              },
            ],
            "essential": true,
            "healthCheck": {
              "command": [
                "CMD-SHELL",
                "wget -q -O /dev/null http://localhost:3000/ || exit 1",
              ],
              "interval": 30,
              "retries": 3,
              "startPeriod": 10,
              "timeout": 5,
            },
            "image": "ryotarai/hello-sinatra:v1",
            "links": [],
            "logConfiguration": {
              "logDriver": "awslogs",
              "options": {
                "awslogs-group": "/hako/hello-fargate",
                "awslogs-region": "ap-northeast-1",
                "awslogs-stream-prefix": "app",
              },
            },
            "memory": 512,
            "mountPoints": [],
            "name": "app",
            "portMappings": [
              {
                "containerPort": 3000,
                "protocol": "tcp",
              },
            ],
            "privileged": false,
            "volumesFrom": [],
          },
        ],
        "cpu": "256",
        "executionRoleArn": "arn:aws:iam::012345678901:role/ecsTaskExecutionRole",
        "family": "hello-fargate",
        "memory": "512",
        "networkMode": "awsvpc",
        "requiresCompatibilities": [
          "FARGATE",
        ],
        "tags": [
          {
            "key": "team",
            "value": "hello",
          },
          {
            "key": "hako:version",
            "value": "0.1.0",
          },
        ],
        "taskRoleArn": "arn:aws:iam::012345678901:role/HelloRole",
        "volumes": [],
      }
    `)
  })

  it('hello-alb', async () => {
    expect(buildTaskDefinition(await load('hello-alb'))).toMatchInlineSnapshot(`
      {
        "containerDefinitions": [
          {
            "cpu": 256,
            "dockerLabels": {},
            "environment": [
              {
                "name": "MESSAGE",
                "value": "\${username}-san",
              },
              {
                "name": "PORT",
                "value": "3000",
              },
            ],
            "essential": true,
            "image": "ryotarai/hello-sinatra:latest",
            "links": [],
            "memory": 128,
            "mountPoints": [],
            "name": "app",
            "portMappings": [
              {
                "containerPort": 3000,
                "hostPort": 0,
                "protocol": "tcp",
              },
            ],
            "privileged": false,
            "volumesFrom": [],
          },
        ],
        "family": "hello-alb",
        "volumes": [],
      }
    `)
  })

  it('batch (oneshot family)', async () => {
    expect(buildTaskDefinition(await load('batch'), {family: 'batch-oneshot', toolVersion: '0.1.0'})).toMatchInlineSnapshot(`
      {
        "containerDefinitions": [
          {
            "command": [
              "bundle",
              "exec",
              "rake",
              "report",
            ],
            "cpu": 128,
            "dockerLabels": {},
            "environment": [
              {
                "name": "RACK_ENV",
                "value": "production",
              },
              {
                "name": "REPORT_BUCKET",
                "value": "hello-reports",
              },
            ],
            "essential": true,
            "image": "ryotarai/hello-sinatra:latest",
            "links": [],
            "logConfiguration": {
              "logDriver": "awslogs",
              "options": {
                "awslogs-group": "/hako/batch",
                "awslogs-region": "ap-northeast-1",
                "awslogs-stream-prefix": "batch",
              },
            },
            "memory": 256,
            "mountPoints": [],
            "name": "app",
            "portMappings": [],
            "privileged": false,
            "volumesFrom": [],
          },
        ],
        "executionRoleArn": "arn:aws:iam::012345678901:role/ecsTaskExecutionRole",
        "family": "batch-oneshot",
        "taskRoleArn": "arn:aws:iam::012345678901:role/BatchRole",
        "volumes": [],
      }
    `)
  })
})

describe('container mapping', () => {
  it('maps every field explicitly to camelCase and omits unset ones', () => {
    const container: Container = {
      name: 'app',
      image: 'busybox:latest',
      cpu: 0,
      essential: true,
      links: [],
      env: {A: 'a'},
      port_mappings: [{container_port: 80, protocol: 'tcp', name: 'web', app_protocol: 'http'}],
      docker_labels: {team: 'x'},
      mount_points: [{source_volume: 'data', container_path: '/data', read_only: true}],
      volumes_from: [],
      privileged: false,
      secrets: [{name: 'TOKEN', value_from: 'arn:aws:ssm:ap-northeast-1:1:parameter/t'}],
      depends_on: [{container_name: 'init', condition: 'SUCCESS'}],
      entry_point: ['/bin/sh', '-c'],
      command: ['echo hi'],
      log_configuration: {log_driver: 'awslogs', options: {'awslogs-group': 'g'}, secret_options: [{name: 'k', value_from: 'arn'}]},
      health_check: {command: ['CMD', 'true'], interval: 30, retries: 3, timeout: 5, start_period: 10},
      ulimits: [{name: 'nofile', soft_limit: 1024, hard_limit: 4096}],
      extra_hosts: [{hostname: 'db', ip_address: '10.0.0.1'}],
      linux_parameters: {
        capabilities: {add: ['SYS_PTRACE'], drop: []},
        init_process_enabled: true,
        tmpfs: [{container_path: '/tmp', size: 64, mount_options: []}],
      },
      system_controls: [{namespace: 'net.core.somaxconn', value: '1024'}],
      working_directory: '/srv',
      hostname: 'app',
      start_timeout: 30,
      stop_timeout: 60,
      environment_files: [{value: 'arn:aws:s3:::b/app.env', type: 's3'}],
      restart_policy: {enabled: true, ignored_exit_codes: [0], restart_attempt_period: 60},
      version_consistency: 'disabled',
    }
    expect(buildContainerDefinition(container)).toMatchInlineSnapshot(`
      {
        "command": [
          "echo hi",
        ],
        "cpu": 0,
        "credentialSpecs": undefined,
        "dependsOn": [
          {
            "condition": "SUCCESS",
            "containerName": "init",
          },
        ],
        "disableNetworking": undefined,
        "dnsSearchDomains": undefined,
        "dnsServers": undefined,
        "dockerLabels": {
          "team": "x",
        },
        "dockerSecurityOptions": undefined,
        "entryPoint": [
          "/bin/sh",
          "-c",
        ],
        "environment": [
          {
            "name": "A",
            "value": "a",
          },
        ],
        "environmentFiles": [
          {
            "type": "s3",
            "value": "arn:aws:s3:::b/app.env",
          },
        ],
        "essential": true,
        "extraHosts": [
          {
            "hostname": "db",
            "ipAddress": "10.0.0.1",
          },
        ],
        "firelensConfiguration": undefined,
        "healthCheck": {
          "command": [
            "CMD",
            "true",
          ],
          "interval": 30,
          "retries": 3,
          "startPeriod": 10,
          "timeout": 5,
        },
        "hostname": "app",
        "image": "busybox:latest",
        "interactive": undefined,
        "links": [],
        "linuxParameters": {
          "capabilities": {
            "add": [
              "SYS_PTRACE",
            ],
            "drop": [],
          },
          "devices": undefined,
          "initProcessEnabled": true,
          "maxSwap": undefined,
          "sharedMemorySize": undefined,
          "swappiness": undefined,
          "tmpfs": [
            {
              "containerPath": "/tmp",
              "mountOptions": [],
              "size": 64,
            },
          ],
        },
        "logConfiguration": {
          "logDriver": "awslogs",
          "options": {
            "awslogs-group": "g",
          },
          "secretOptions": [
            {
              "name": "k",
              "valueFrom": "arn",
            },
          ],
        },
        "memory": undefined,
        "memoryReservation": undefined,
        "mountPoints": [
          {
            "containerPath": "/data",
            "readOnly": true,
            "sourceVolume": "data",
          },
        ],
        "name": "app",
        "portMappings": [
          {
            "appProtocol": "http",
            "containerPort": 80,
            "containerPortRange": undefined,
            "hostPort": undefined,
            "name": "web",
            "protocol": "tcp",
          },
        ],
        "privileged": false,
        "pseudoTerminal": undefined,
        "readonlyRootFilesystem": undefined,
        "repositoryCredentials": undefined,
        "resourceRequirements": undefined,
        "restartPolicy": {
          "enabled": true,
          "ignoredExitCodes": [
            0,
          ],
          "restartAttemptPeriod": 60,
        },
        "secrets": [
          {
            "name": "TOKEN",
            "valueFrom": "arn:aws:ssm:ap-northeast-1:1:parameter/t",
          },
        ],
        "startTimeout": 30,
        "stopTimeout": 60,
        "systemControls": [
          {
            "namespace": "net.core.somaxconn",
            "value": "1024",
          },
        ],
        "ulimits": [
          {
            "hardLimit": 4096,
            "name": "nofile",
            "softLimit": 1024,
          },
        ],
        "user": undefined,
        "versionConsistency": "disabled",
        "volumesFrom": [],
        "workingDirectory": "/srv",
      }
    `)
  })
})

describe('volumes', () => {
  it('docker, EFS and host volumes', () => {
    expect(
      buildVolumes({
        docker: {docker_volume_configuration: {autoprovision: false, driver: 'local', driver_opts: {type: 'tmpfs'}, scope: 'shared'}},
        efs: {
          efs_volume_configuration: {file_system_id: 'fs-1', transit_encryption: 'ENABLED', authorization_config: {access_point_id: 'fsap-1', iam: 'ENABLED'}},
        },
        host: {source_path: '/var/log'},
        scratch: {},
      }),
    ).toEqual([
      {name: 'docker', dockerVolumeConfiguration: {autoprovision: false, driver: 'local', driverOpts: {type: 'tmpfs'}, labels: undefined, scope: 'shared'}},
      {
        name: 'efs',
        efsVolumeConfiguration: {
          fileSystemId: 'fs-1',
          rootDirectory: undefined,
          transitEncryption: 'ENABLED',
          transitEncryptionPort: undefined,
          authorizationConfig: {accessPointId: 'fsap-1', iam: 'ENABLED'},
        },
      },
      {name: 'host', host: {sourcePath: '/var/log'}},
      {name: 'scratch', host: {}},
    ])
  })

  it('sends no tags at all, not even the version, when scheduler.tags is unset', async () => {
    const input = buildTaskDefinition(await load('hello'), {toolVersion: '9.9.9'})
    expect(input).not.toHaveProperty('tags')
  })

  it("records the tool version as a tag beside the definition's own tags, not a docker label", async () => {
    const input = buildTaskDefinition(await load('hello-fargate'), {toolVersion: '9.9.9'})
    expect(input.tags).toEqual([
      {key: 'team', value: 'hello'},
      {key: 'hako:version', value: '9.9.9'},
    ])
    for (const c of input.containerDefinitions ?? []) expect(Object.keys(c.dockerLabels ?? {})).toEqual([])
  })

  it('sends no undefined and no null anywhere', async () => {
    const json = JSON.stringify(buildTaskDefinition(await load('hello')), (_k, v: unknown) => (v === undefined ? 'UNDEFINED' : v))
    expect(json).not.toContain('UNDEFINED')
    expect(json).not.toContain('null')
  })
})
