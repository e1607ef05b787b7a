/**
 * What the scripts leave behind after a real deploy of the examples (issue 5's checks), read back
 * through the SDK from the local AWS.
 */
import {resolve} from 'node:path'

import {DescribeTaskDefinitionCommand} from '@aws-sdk/client-ecs'
import {DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand} from '@aws-sdk/client-elastic-load-balancing-v2'
import {ListHostedZonesByNameCommand, ListResourceRecordSetsCommand} from '@aws-sdk/client-route-53'
import {GetObjectCommand} from '@aws-sdk/client-s3'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deploy} from '../../src/app/deploy.js'
import {remove} from '../../src/app/remove.js'
import {startTestApp, type TestApp} from '../support/app.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({asLocal: true})
})

afterEach(async () => {
  await env.close()
})

const aws = () => env.deps.aws('ap-northeast-1')
const run = (file: string) => deploy(env.deps, {file: resolve('examples', file), timeoutSec: 600, toolVersion: '0.0.0-test'})

describe('examples/hello.jsonnet (the seed) deployed', () => {
  it('leaves the front configuration in S3 and the front container wired to the app', async () => {
    expect((await run('hello.jsonnet')).outcome).toBe('completed')
    const object = await aws()
      .s3('ap-northeast-1')
      .send(new GetObjectCommand({Bucket: 'hako-hello-front', Key: 'front_config/hello.conf'}))
    const conf = await object.Body?.transformToString()
    expect(conf).toContain('proxy_pass http://backend:3000;')

    const td = await aws().ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: 'hello'}))
    const front = td.taskDefinition?.containerDefinitions?.find((c) => c.name === 'front')
    expect(front?.links).toEqual(['app:backend'])
    expect(front?.portMappings).toEqual([{containerPort: 80, hostPort: 0, protocol: 'tcp'}])
    expect(front?.environment).toEqual(
      expect.arrayContaining([
        {name: 'S3_CONFIG_BUCKET', value: 'hako-hello-front'},
        {name: 'S3_CONFIG_KEY', value: 'front_config/hello.conf'},
        {name: 'AWS_DEFAULT_REGION', value: 'ap-northeast-1'},
      ]),
    )
  })
})

describe('examples/hello-alb.jsonnet deployed', () => {
  it('has a load balancer, target group, listener and an alias record that resolves to it; remove takes them away', async () => {
    expect((await run('hello-alb.jsonnet')).outcome).toBe('completed')
    const lbs = await aws().elbv2.send(new DescribeLoadBalancersCommand({Names: ['hako-hello-alb']}))
    const lb = lbs.LoadBalancers?.[0]
    expect(lb?.DNSName).toBeTruthy()
    const tgs = await aws().elbv2.send(new DescribeTargetGroupsCommand({Names: ['hako-hello-alb']}))
    expect(tgs.TargetGroups?.[0]?.LoadBalancerArns).toEqual([lb?.LoadBalancerArn])
    const listeners = await aws().elbv2.send(new DescribeListenersCommand({LoadBalancerArn: lb?.LoadBalancerArn}))
    expect(listeners.Listeners?.map((l) => [l.Port, l.Protocol])).toEqual([[80, 'HTTP']])

    const zones = await aws().route53.send(new ListHostedZonesByNameCommand({DNSName: 'example.com.'}))
    const zoneId = zones.HostedZones?.[0]?.Id
    const records = await aws().route53.send(new ListResourceRecordSetsCommand({HostedZoneId: zoneId}))
    const record = records.ResourceRecordSets?.find((r) => r.Name === 'hello.example.com.' && r.Type === 'A')
    expect(record?.AliasTarget?.DNSName?.replace(/\.$/, '').toLowerCase()).toBe(lb?.DNSName?.toLowerCase())
    expect(record?.AliasTarget?.HostedZoneId).toBe(lb?.CanonicalHostedZoneId)

    await remove(env.deps, {file: resolve('examples/hello-alb.jsonnet'), dryRun: false})
    await expect(aws().elbv2.send(new DescribeLoadBalancersCommand({Names: ['hako-hello-alb']}))).rejects.toThrow(/not found|LoadBalancerNotFound/i)
    const after = await aws().route53.send(new ListResourceRecordSetsCommand({HostedZoneId: zoneId}))
    expect(after.ResourceRecordSets?.some((r) => r.Name === 'hello.example.com.')).toBe(false)
  })
})
