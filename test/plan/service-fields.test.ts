/**
 * Every field a service builder can send is compared: a setting that canonicalService ignored would
 * never be detected as changed, so its removal or change would silently not deploy. Each leaf of
 * the Create/UpdateService inputs built from a definition that sets everything is changed in turn,
 * and the canonical tree must change with it. Only identity fields and fields UpdateService cannot
 * change are exempt, each with its reason.
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {isDeepStrictEqual} from 'node:util'
import {describe, expect, it} from 'vitest'

import {loadApp} from '../../src/definition/load.js'
import {canonicalService} from '../../src/ecs/canonical.js'
import {buildCreateService, buildUpdateService} from '../../src/ecs/service.js'

/** Not compared, on purpose. */
const EXEMPT: Record<string, string> = {
  cluster: 'identity: where the service is',
  serviceName: 'identity',
  service: 'identity',
  forceNewDeployment: 'an action, not a setting',
  launchType: 'UpdateService cannot change it (recreate the service)',
  schedulingStrategy: 'UpdateService cannot change it',
  role: 'UpdateService cannot change it',
  propagateTags: 'always TASK_DEFINITION',
}

async function scheduler(extra: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'hako-fields-'))
  const file = join(dir, 'fields.jsonnet')
  writeFileSync(
    file,
    JSON.stringify({
      scheduler: {
        type: 'ecs',
        region: 'ap-northeast-1',
        cluster: 'fields',
        desired_count: 3,
        cpu: '256',
        memory: '512',
        execution_role_arn: 'arn:aws:iam::012345678901:role/exec',
        role: 'ecsServiceRole',
        platform_version: '1.4.0',
        network_mode: 'awsvpc',
        network_configuration: {awsvpc_configuration: {subnets: ['subnet-0a1b'], security_groups: ['sg-0a1b'], assign_public_ip: 'ENABLED'}},
        deployment_configuration: {
          maximum_percent: 150,
          minimum_healthy_percent: 50,
          deployment_circuit_breaker: {enable: true, rollback: true},
          alarms: {alarm_names: ['high-5xx'], enable: true, rollback: true},
        },
        health_check_grace_period_seconds: 30,
        enable_execute_command: true,
        placement_constraints: [{type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*'}],
        placement_strategy: [{type: 'spread', field: 'attribute:ecs.availability-zone'}],
        ...extra,
      },
      app: {image: 'nginx', cpu: 256, memory: 512},
    }),
  )
  const app = await loadApp(file, {mode: 'check'})
  return app.definition.scheduler
}

type Leaf = {path: (string | number)[]; value: unknown}

function leaves(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]))
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))
  return [{path, value}]
}

function perturbed<T>(input: T, path: (string | number)[]): T {
  const copy = structuredClone(input) as Record<string | number, unknown>
  let node = copy as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  const value = node[last]
  node[last] = typeof value === 'number' ? value + 7 : typeof value === 'boolean' ? !value : `${String(value)}-changed`
  return copy as T
}

const registries = [{registryArn: 'arn:aws:servicediscovery:ap-northeast-1:012345678901:service/srv-1', containerName: 'app', containerPort: 80, port: 8080}]
const loadBalancers = [{targetGroupArn: 'arn:aws:elasticloadbalancing:ap-northeast-1:012345678901:targetgroup/tg/1', containerName: 'app', containerPort: 80}]

describe('canonicalService covers every field the builders send', async () => {
  const withStrategy = await scheduler({capacity_provider_strategy: [{capacity_provider: 'FARGATE', weight: 2, base: 1}]})
  const withLaunchType = await scheduler({launch_type: 'FARGATE'})
  const inputs = {
    'CreateService (capacity providers)': buildCreateService(withStrategy, {
      serviceName: 'fields',
      taskDefinitionArn: 'fields:1',
      loadBalancers,
      serviceRegistries: registries,
    }),
    'CreateService (launch type)': buildCreateService(withLaunchType, {
      serviceName: 'fields',
      taskDefinitionArn: 'fields:1',
      loadBalancers,
      serviceRegistries: registries,
    }),
    UpdateService: buildUpdateService(withStrategy, {serviceName: 'fields', taskDefinitionArn: 'fields:1', serviceRegistries: registries}),
  }

  it.each(Object.entries(inputs))('%s: each leaf changes the canonical tree', (_name, input) => {
    const base = canonicalService(input)
    const ignored = leaves(input).filter(({path}) => !(String(path[0]) in EXEMPT) && isDeepStrictEqual(canonicalService(perturbed(input, path)), base))
    expect(ignored.map(({path}) => path.join('.'))).toEqual([])
  })

  it('every top-level field is either compared or exempt with a reason', () => {
    const keys = new Set(Object.values(inputs).flatMap((input) => Object.keys(input)))
    const compared = [...keys].filter((key) => !(key in EXEMPT))
    // What the builders can set today; a new field must show up here and be compared.
    expect(compared.sort()).toEqual(
      [
        'capacityProviderStrategy',
        'deploymentConfiguration',
        'desiredCount',
        'enableExecuteCommand',
        'healthCheckGracePeriodSeconds',
        'loadBalancers',
        'networkConfiguration',
        'placementConstraints',
        'placementStrategy',
        'platformVersion',
        'serviceRegistries',
        'taskDefinition',
      ].sort(),
    )
  })
})
