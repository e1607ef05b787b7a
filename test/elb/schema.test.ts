import * as v from 'valibot'
import {describe, expect, it} from 'vitest'

import {elbV2Problems} from '../../src/elb/rules.js'
import {elbV2Schema} from '../../src/elb/schema.js'

const managed = {
  vpc_id: 'vpc-1',
  subnets: ['subnet-a', 'subnet-b'],
  security_groups: ['sg-1'],
  listeners: [
    {port: 80, protocol: 'HTTP'},
    {port: 443, protocol: 'HTTPS', certificate_arn: 'arn:cert', ssl_policy: 'ELBSecurityPolicy-2016-08'},
  ],
}

describe('elbV2Schema', () => {
  it('fills hako defaults', () => {
    const options = v.parse(elbV2Schema, managed)
    expect(options).toMatchObject({
      type: 'application',
      scheme: 'internet-facing',
      protocol_version: 'HTTP1',
      container_name: 'front',
      container_port: 80,
      listener_rules: [],
    })
  })

  it('turns attribute values into strings', () => {
    const options = v.parse(elbV2Schema, {...managed, load_balancer_attributes: {'idle_timeout.timeout_seconds': 60, 'deletion_protection.enabled': true}})
    expect(options.load_balancer_attributes).toEqual({'idle_timeout.timeout_seconds': '60', 'deletion_protection.enabled': 'true'})
  })

  it.each([
    [{listeners: [{port: 'x', protocol: 'HTTP'}]}, 'listeners.0.port'],
    [{listeners: [{port: 80, protocol: 'FTP'}]}, 'listeners.0.protocol'],
    [{type: 'gateway'}, 'type'],
    [{listener_rules: [{listener_port: 443, priority: 0}]}, 'listener_rules.0.priority'],
    [{unknown_key: 1}, 'unknown_key'],
  ])('rejects %j at %s', (input, path) => {
    const result = v.safeParse(elbV2Schema, input)
    expect(result.success).toBe(false)
    expect(result.issues?.map((i) => v.getDotPath(i))).toContain(path)
  })
})

describe('elbV2Problems', () => {
  const parse = (input: object) => v.parse(elbV2Schema, input)

  it('accepts hako case 15', () => {
    expect(elbV2Problems(parse(managed), 'hello')).toEqual([])
  })

  it('refuses a default name over 32 characters instead of truncating it', () => {
    const problems = elbV2Problems(parse(managed), 'a-very-long-application-name-x')
    expect(problems.map((p) => p.path)).toEqual(['scheduler.elb_v2.load_balancer_name', 'scheduler.elb_v2.target_group_name'])
    expect(problems[0]?.message).toContain('hako-a-very-long-application-name-x is 35 characters long; ELBv2 names are at most 32')
  })

  it('requires subnets, listeners and vpc_id when hako manages the resources', () => {
    const problems = elbV2Problems(parse({}), 'hello')
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.path)).toEqual([
      'scheduler.elb_v2.subnets',
      'scheduler.elb_v2.listeners',
      'scheduler.elb_v2.vpc_id',
    ])
  })

  it('requires a certificate for HTTPS and unique ports', () => {
    const problems = elbV2Problems(
      parse({
        ...managed,
        listeners: [
          {port: 443, protocol: 'HTTPS'},
          {port: 443, protocol: 'HTTP'},
        ],
      }),
      'hello',
    )
    expect(problems.map((p) => p.path)).toEqual(['scheduler.elb_v2.listeners[0].certificate_arn', 'scheduler.elb_v2.listeners[1].port'])
  })

  it('allows listener rules only on a shared load balancer, with a condition', () => {
    const rules = [{listener_port: 443, priority: 10}]
    expect(elbV2Problems(parse({...managed, listener_rules: rules}), 'hello').map((p) => p.path)).toEqual([
      'scheduler.elb_v2.listener_rules',
      'scheduler.elb_v2.listener_rules[0]',
    ])
    const shared = parse({load_balancer_name: 'shared', vpc_id: 'vpc-1', listener_rules: [{listener_port: 443, priority: 10, host_header: ['a.example.com']}]})
    expect(elbV2Problems(shared, 'hello')).toEqual([])
  })

  it('warns that a shared load balancer without rules does not route to the app', () => {
    const problems = elbV2Problems(parse({load_balancer_name: 'shared', vpc_id: 'vpc-1'}), 'hello')
    expect(problems).toEqual([expect.objectContaining({path: 'scheduler.elb_v2.load_balancer_name', severity: 'warning'})])
  })

  it('requires target type ip under awsvpc', () => {
    expect(elbV2Problems(parse({...managed, target_type: 'instance'}), 'hello', 'awsvpc').map((p) => p.path)).toEqual(['scheduler.elb_v2.target_type'])
  })
})
