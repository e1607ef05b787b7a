/**
 * ELBv2, Route 53, S3 and Logs side by side on the full local AWS (with ECS on the same
 * endpoint): routing between the protocols, the call log, the virtual clock and persistence.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {CreateLogGroupCommand, GetLogEventsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {ListClustersCommand} from '@aws-sdk/client-ecs'
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand,
  LoadBalancerNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, GetChangeCommand, ListResourceRecordSetsCommand} from '@aws-sdk/client-route-53'
import {CreateBucketCommand, GetObjectCommand, PutObjectCommand} from '@aws-sdk/client-s3'
import {afterEach, describe, expect, it} from 'vitest'
import type {AwsClients} from '../../src/aws/clients.js'
import {VirtualClock} from '../../src/clock.js'
import {appendLogEvents} from '../../src/local/logs/state.js'
import {CHANGE_PROPAGATION_MS} from '../../src/local/route53/operations.js'
import {registerTargets} from '../../src/local/elbv2/state.js'
import {REGION, startTestAws, type TestAws} from '../support/local-aws.js'

let dir: string | undefined
let env: TestAws | undefined

async function start(clock: VirtualClock): Promise<AwsClients> {
  dir ??= mkdtempSync(join(tmpdir(), 'hako-local-services-'))
  env = await startTestAws({clock, dir})
  return env.clients
}

async function stop(): Promise<void> {
  await env?.close()
  env = undefined
}

afterEach(async () => {
  await stop()
  if (dir) rmSync(dir, {recursive: true, force: true})
  dir = undefined
})

describe('ELBv2, Route 53, S3 and Logs on the local AWS', () => {
  it('route each protocol to its service next to ECS and keep their state across a restart', async () => {
    const clock = new VirtualClock()
    let c = await start(clock)
    await c.ecs.send(new ListClustersCommand({}))

    const lb = await c.elbv2.send(new CreateLoadBalancerCommand({Name: 'hako-hello', Subnets: ['subnet-0aaa', 'subnet-0bbb'], SecurityGroups: ['sg-0aaa']}))
    const lbArn = lb.LoadBalancers?.[0]?.LoadBalancerArn ?? ''
    const tg = await c.elbv2.send(new CreateTargetGroupCommand({Name: 'hako-hello', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0aaa', TargetType: 'ip'}))
    const tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? ''
    await c.elbv2.send(
      new CreateListenerCommand({LoadBalancerArn: lbArn, Port: 80, Protocol: 'HTTP', DefaultActions: [{Type: 'forward', TargetGroupArn: tgArn}]}),
    )

    const zone = await c.route53.send(new CreateHostedZoneCommand({Name: 'example.com', CallerReference: 'r1'}))
    const zoneId = zone.HostedZone?.Id ?? ''
    const change = await c.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'hello.example.com',
                Type: 'A',
                AliasTarget: {HostedZoneId: lb.LoadBalancers?.[0]?.CanonicalHostedZoneId, DNSName: lb.LoadBalancers?.[0]?.DNSName, EvaluateTargetHealth: false},
              },
            },
          ],
        },
      }),
    )
    expect(change.ChangeInfo?.Status).toBe('PENDING')

    await c.s3().send(new CreateBucketCommand({Bucket: 'hako-artifacts'}))
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13])
    await c.s3().send(new PutObjectCommand({Bucket: 'hako-artifacts', Key: 'build/app.bin', Body: bytes}))

    await c.logs().send(new CreateLogGroupCommand({logGroupName: '/ecs/hello'}))
    await env?.local.mutate((world) => {
      expect(appendLogEvents(world, REGION, '/ecs/hello', 'app/web/1', [{timestamp: clock.now(), message: 'hello from the task'}])).toBe(true)
      registerTargets(world, tgArn, [{id: '10.0.0.7'}])
    })

    expect(env?.local.calls().map((call) => `${call.service}:${call.operation}`)).toEqual([
      'ecs:ListClusters',
      'elbv2:CreateLoadBalancer',
      'elbv2:CreateTargetGroup',
      'elbv2:CreateListener',
      'route53:CreateHostedZone',
      'route53:ChangeResourceRecordSets',
      's3:CreateBucket',
      's3:PutObject',
      'logs:CreateLogGroup',
    ])

    await stop()
    clock.advance(CHANGE_PROPAGATION_MS)
    c = await start(clock)

    expect((await c.route53.send(new GetChangeCommand({Id: change.ChangeInfo?.Id}))).ChangeInfo?.Status).toBe('INSYNC')
    const records = await c.route53.send(new ListResourceRecordSetsCommand({HostedZoneId: zoneId}))
    expect(records.ResourceRecordSets?.find((r) => r.Type === 'A')?.AliasTarget?.DNSName).toBe(`${lb.LoadBalancers?.[0]?.DNSName}.`)
    const object = await c.s3().send(new GetObjectCommand({Bucket: 'hako-artifacts', Key: 'build/app.bin'}))
    expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(bytes)
    const events = await c.logs().send(new GetLogEventsCommand({logGroupName: '/ecs/hello', logStreamName: 'app/web/1', startFromHead: true}))
    expect(events.events?.map((e) => e.message)).toEqual(['hello from the task'])
    const health = await c.elbv2.send(new DescribeTargetHealthCommand({TargetGroupArn: tgArn}))
    expect(health.TargetHealthDescriptions?.map((d) => [d.Target?.Id, d.TargetHealth?.State])).toEqual([['10.0.0.7', 'healthy']])
    await expect(c.elbv2.send(new DescribeLoadBalancersCommand({Names: ['missing']}))).rejects.toBeInstanceOf(LoadBalancerNotFoundException)
  })

  it('an unknown operation of each service answers 501 naming it, in the error shape of its protocol', async () => {
    await start(new VirtualClock())
    const endpoint = env?.endpoint ?? ''
    const elb = await fetch(endpoint, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: 'Action=DescribeSSLPolicies&Version=2015-12-01',
    })
    expect([elb.status, await elb.text()]).toEqual([501, xmlNotImplemented('ErrorResponse', 'elbv2', 'DescribeSSLPolicies')])
    const dns = await fetch(`${endpoint}/2013-04-01/healthcheck`)
    expect([dns.status, await dns.text()]).toEqual([501, xmlNotImplemented('ErrorResponse', 'route53', 'GET /2013-04-01/healthcheck')])
    const s3 = await fetch(`${endpoint}/some-bucket?tagging`)
    expect([s3.status, await s3.text()]).toEqual([501, xmlNotImplemented('Error', 's3', 'GET /bucket?tagging')])
    const logs = await fetch(endpoint, {
      method: 'POST',
      headers: {'x-amz-target': 'Logs_20140328.StartQuery', 'content-type': 'application/x-amz-json-1.1'},
      body: '{}',
    })
    expect([logs.status, await logs.text()]).toEqual([501, notImplemented('logs', 'StartQuery')])
  })
})

/** The 501 body of an awsJson service for an operation it does not implement. */
function notImplemented(service: string, operation: string): string {
  return JSON.stringify({__type: 'NotImplemented', message: `hako local AWS does not implement ${service} operation ${operation}`})
}

/** The same for awsQuery and Route 53 (`<ErrorResponse>`) and for S3 (a bare `<Error>`). */
function xmlNotImplemented(shape: 'ErrorResponse' | 'Error', service: string, operation: string): string {
  const error = `<Code>NotImplemented</Code><Message>hako local AWS does not implement ${service} operation ${operation.replace(/&/g, '&amp;')}</Message>`
  const body =
    shape === 'Error'
      ? `<Error>${error}<RequestId>local</RequestId></Error>`
      : `<ErrorResponse><Error><Type>Receiver</Type>${error}</Error><RequestId>local</RequestId></ErrorResponse>`
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
}
