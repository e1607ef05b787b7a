import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {checkDefinition} from '../../src/definition/check.js'

type Raw = Record<string, any>

const dir = mkdtempSync(join(tmpdir(), 'hako-clb-rules-'))

function base(): Raw {
  return {
    scheduler: {
      type: 'ecs',
      region: 'ap-northeast-1',
      desired_count: 1,
      elb: {listeners: [{protocol: 'HTTP', load_balancer_port: 80}], subnets: ['subnet-1', 'subnet-2'], security_groups: ['sg-1']},
    },
    app: {image: 'busybox', memory: 64},
    sidecars: {front: {image_tag: 'nginx', memory: 64}},
  }
}

async function check(mutate: (d: Raw) => void, appId = 'hello') {
  const d = base()
  mutate(d)
  return (await checkDefinition(d, {mode: 'placeholder', appId, dir})).problems.filter((p) => p.severity === 'error')
}

const elb = (d: Raw): Raw => d.scheduler.elb

const invalid: [string, (d: Raw) => void, string, string][] = [
  [
    'together with elb_v2',
    (d) => (d.scheduler.elb_v2 = {load_balancer_name: 'shared', target_group_name: 'tg'}),
    'scheduler.elb_v2',
    'cannot be used together with scheduler.elb',
  ],
  ['no listeners', (d) => (elb(d).listeners = []), 'scheduler.elb.listeners', 'must name at least one listener'],
  ['no subnets', (d) => delete elb(d).subnets, 'scheduler.elb.subnets', 'must name at least one subnet (the load balancer is created in them)'],
  ['no security groups', (d) => (elb(d).security_groups = []), 'scheduler.elb.security_groups', 'must name at least one security group'],
  [
    'unknown protocol',
    (d) => (elb(d).listeners[0].protocol = 'UDP'),
    'scheduler.elb.listeners[0].protocol',
    'Invalid type: Expected ("HTTP" | "HTTPS" | "TCP" | "SSL") but received "UDP"',
  ],
  [
    'port out of range',
    (d) => (elb(d).listeners[0].load_balancer_port = 0),
    'scheduler.elb.listeners[0].load_balancer_port',
    'Invalid value: Expected >=1 but received 0',
  ],
  [
    'same port twice',
    (d) => elb(d).listeners.push({protocol: 'TCP', load_balancer_port: 80}),
    'scheduler.elb.listeners[1].load_balancer_port',
    'port 80 is already used by another listener',
  ],
  [
    'HTTPS without certificate',
    (d) => (elb(d).listeners = [{protocol: 'https', load_balancer_port: 443}]),
    'scheduler.elb.listeners[0].ssl_certificate_id',
    'required for an HTTPS listener',
  ],
  [
    'certificate on HTTP',
    (d) => (elb(d).listeners[0].ssl_certificate_id = 'arn:cert'),
    'scheduler.elb.listeners[0].ssl_certificate_id',
    'only HTTPS and SSL listeners take a certificate',
  ],
  [
    'instance protocol of another layer',
    (d) => (elb(d).listeners[0].instance_protocol = 'TCP'),
    'scheduler.elb.listeners[0].instance_protocol',
    'TCP cannot follow a HTTP listener (HTTP and HTTPS go together, TCP and SSL go together)',
  ],
  [
    'default name too long',
    () => {},
    'scheduler.elb.load_balancer_name',
    'the default name is not valid: hako-a-very-long-application-name is 33 characters long; classic load balancer names are at most 32; set load_balancer_name',
  ],
  [
    'given name invalid',
    (d) => (elb(d).load_balancer_name = 'web_front'),
    'scheduler.elb.load_balancer_name',
    'web_front may contain only letters, digits and hyphens, and may not start or end with a hyphen',
  ],
  ['unknown container', (d) => (elb(d).container_name = 'nginx'), 'scheduler.elb.container_name', 'unknown container "nginx"'],
  [
    'health check timeout not below interval',
    (d) => (elb(d).health_check = {interval: 5, timeout: 5}),
    'scheduler.elb.health_check.timeout',
    'must be less than interval (5)',
  ],
  [
    'health check path on TCP',
    (d) => (elb(d).health_check = {protocol: 'TCP', path: '/'}),
    'scheduler.elb.health_check.path',
    'a TCP health check has no path',
  ],
  ['health check path without slash', (d) => (elb(d).health_check = {path: 'health'}), 'scheduler.elb.health_check.path', 'must start with /'],
  ['idle timeout too long', (d) => (elb(d).idle_timeout = 5000), 'scheduler.elb.idle_timeout', 'Invalid value: Expected <=4000 but received 5000'],
  [
    'access log without bucket',
    (d) => (elb(d).access_log = {enabled: true}),
    'scheduler.elb.access_log.s3_bucket_name',
    'required when access logs are enabled',
  ],
  [
    'awsvpc',
    (d) => Object.assign(d.scheduler, {network_mode: 'awsvpc', network_configuration: {awsvpc_configuration: {subnets: ['subnet-1']}}}),
    'scheduler.elb',
    'a classic load balancer cannot reach awsvpc tasks (ECS registers instances with it); use scheduler.elb_v2',
  ],
  [
    'dynamic port mapping',
    (d) => (d.scheduler.dynamic_port_mapping = true),
    'scheduler.dynamic_port_mapping',
    'must be false with scheduler.elb: a classic load balancer forwards to one fixed instance port',
  ],
  [
    'circuit breaker',
    (d) => (d.scheduler.deployment_configuration = {deployment_circuit_breaker: {enable: true}}),
    'scheduler.deployment_configuration.deployment_circuit_breaker',
    'ECS does not support the deployment circuit breaker with a classic load balancer (scheduler.elb)',
  ],
]

describe('scheduler.elb rules', () => {
  it.each(invalid)('%s → %s: %s', async (name, mutate, path, message) => {
    const problems = await check(mutate, name === 'default name too long' ? 'a-very-long-application-name' : 'hello')
    expect(problems).toContainEqual({path, message, severity: 'error'})
  })

  it('warns about an unknown key with a guess', async () => {
    const d = base()
    elb(d).idle_timout = 60
    const {problems} = await checkDefinition(d, {mode: 'placeholder', appId: 'hello', dir})
    expect(problems).toEqual([{path: 'scheduler.elb.idle_timout', message: 'unknown key (did you mean "idle_timeout"?)', severity: 'warning'}])
  })

  it('accepts a classic load balancer with every option, and fills the defaults', async () => {
    const d = base()
    Object.assign(elb(d), {
      scheme: 'internal',
      tags: {team: 'web', cost: 3},
      listeners: [{protocol: 'https', load_balancer_port: 443, ssl_certificate_id: 'arn:cert', instance_protocol: 'http'}],
      health_check: {path: '/health'},
      cross_zone_load_balancing: true,
      connection_draining: {enabled: true, timeout: 30},
      idle_timeout: 120,
      access_log: {enabled: true, s3_bucket_name: 'logs', emit_interval: 5},
    })
    const checked = await checkDefinition(d, {mode: 'placeholder', appId: 'hello', dir})
    expect(checked.problems).toEqual([])
    expect(checked.definition?.scheduler.elb).toMatchObject({
      container_name: 'front',
      container_port: 80,
      tags: {team: 'web', cost: '3'},
      listeners: [{protocol: 'HTTPS', instance_protocol: 'HTTP'}],
      health_check: {path: '/health', interval: 30, timeout: 5, healthy_threshold: 10, unhealthy_threshold: 2},
    })
  })
})
