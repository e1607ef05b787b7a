import * as v from 'valibot'
import {describe, expect, it} from 'vitest'

import {attributeChanges, forwardsTo, healthCheckChange, listenerChange, ruleConditionsDiffer, subnetsDiffer} from '../../src/elb/compare.js'
import {elbV2Schema} from '../../src/elb/schema.js'

const tg = 'arn:tg/1'

describe('listenerChange', () => {
  const https = {port: 443, protocol: 'HTTPS' as const, certificate_arn: 'arn:cert-2', ssl_policy: 'P2'}
  const current = {
    Port: 443,
    Protocol: 'HTTPS' as const,
    SslPolicy: 'P2',
    Certificates: [{CertificateArn: 'arn:cert-2'}],
    DefaultActions: [{Type: 'forward' as const, TargetGroupArn: tg}],
  }

  it('is undefined when the listener matches', () => {
    expect(listenerChange(https, current, tg)).toBeUndefined()
  })

  it('names each difference', () => {
    const change = listenerChange(
      https,
      {...current, SslPolicy: 'P1', Certificates: [{CertificateArn: 'arn:cert-1'}], DefaultActions: [{Type: 'forward', TargetGroupArn: 'arn:other'}]},
      tg,
    )
    expect(change).toEqual({
      sslPolicy: 'P2',
      certificateArn: 'arn:cert-2',
      forward: true,
      details: ['ssl_policy P1 → P2', 'certificate arn:cert-1 → arn:cert-2', 'default action → forward to the target group'],
    })
  })

  it('does not reconcile an ssl policy or certificate the definition leaves out', () => {
    expect(listenerChange({port: 443, protocol: 'HTTPS'}, current, tg)).toBeUndefined()
  })
})

describe('forwardsTo', () => {
  it('accepts a plain forward or a single-group forward config', () => {
    expect(forwardsTo([{Type: 'forward', TargetGroupArn: tg}], tg)).toBe(true)
    expect(forwardsTo([{Type: 'forward', ForwardConfig: {TargetGroups: [{TargetGroupArn: tg}]}}], tg)).toBe(true)
    expect(forwardsTo([{Type: 'forward', ForwardConfig: {TargetGroups: [{TargetGroupArn: tg}, {TargetGroupArn: 'x'}]}}], tg)).toBe(false)
    expect(forwardsTo([{Type: 'redirect'}], tg)).toBe(false)
  })
})

describe('attributeChanges', () => {
  it('returns only configured keys whose value differs', () => {
    const current = [
      {Key: 'a', Value: '1'},
      {Key: 'b', Value: '2'},
      {Key: 'c', Value: '3'},
    ]
    expect(attributeChanges({a: '1', b: '20', d: '4'}, current)).toEqual({b: '20', d: '4'})
    expect(attributeChanges(undefined, current)).toEqual({})
  })
})

describe('healthCheckChange', () => {
  it('compares only configured settings', () => {
    const options = v.parse(elbV2Schema, {health_check_path: '/site/sha', health_check_interval_seconds: 10, matcher: {http_code: '200-299'}})
    const group = {HealthCheckPath: '/', HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 5, Matcher: {HttpCode: '200'}}
    expect(healthCheckChange(options, group)).toEqual({HealthCheckPath: '/site/sha', Matcher: {HttpCode: '200-299'}})
    expect(healthCheckChange(options, {...group, HealthCheckPath: '/site/sha', Matcher: {HttpCode: '200-299'}})).toEqual({})
  })
})

describe('subnetsDiffer and rule conditions', () => {
  it('compares subnets as sets', () => {
    const lb = {AvailabilityZones: [{SubnetId: 'b'}, {SubnetId: 'a'}]}
    expect(subnetsDiffer(['a', 'b'], lb)).toBe(false)
    expect(subnetsDiffer(['a', 'c'], lb)).toBe(true)
  })

  it('compares host and path conditions', () => {
    const wanted = {listener_port: 443, priority: 5, host_header: ['a.example.com'], path_pattern: []}
    expect(ruleConditionsDiffer(wanted, {Conditions: [{Field: 'host-header', HostHeaderConfig: {Values: ['a.example.com']}}]})).toBe(false)
    expect(ruleConditionsDiffer(wanted, {Conditions: [{Field: 'host-header', Values: ['b.example.com']}]})).toBe(true)
    expect(
      ruleConditionsDiffer(wanted, {
        Conditions: [
          {Field: 'host-header', Values: ['a.example.com']},
          {Field: 'path-pattern', Values: ['/x']},
        ],
      }),
    ).toBe(true)
  })
})
