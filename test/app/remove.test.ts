import {DeleteServiceCommand, DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {remove} from '../../src/app/remove.js'
import {findLoadBalancer, findTargetGroup} from '../../src/elb/lookup.js'
import {ExitCode} from '../../src/errors.js'
import {ensureHostedZone} from '../../src/local/route53/state.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {DAEMON, deployed, HELLO_ALB, HOOKED} from '../support/deploy.js'
import {REGION} from '../support/local-aws.js'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp({clusters: ['eagletmt', 'simple']})
  await env.local.mutate((world) => {
    ensureHostedZone(world, 'example.com.')
  })
})

afterEach(async () => {
  await env.close()
})

const ecs = () => env.deps.aws(REGION).ecs
const elbv2 = () => env.deps.aws(REGION).elbv2

async function helloRecords(): Promise<string[]> {
  return env.local.read((world) =>
    Object.values(world.route53.hostedZones).flatMap((zone) => zone.records.filter((r) => r.name === 'hello.example.com.').map((r) => `${r.name} ${r.type}`)),
  )
}

/** DRAINING right after DeleteService, INACTIVE once its tasks stopped. */
async function serviceStatus(cluster: string, service: string): Promise<string | undefined> {
  const out = await ecs().send(new DescribeServicesCommand({cluster, services: [service]}))
  return out.services?.[0]?.status
}

function operations(): string[] {
  return env.local.calls().map((c) => `${c.service}:${c.operation}`)
}

describe('hako remove against the local AWS', () => {
  it('deletes the service, the load balancer, its target group and the DNS record', async () => {
    const {serviceArn} = await deployed(env, HELLO_ALB)
    expect(await findLoadBalancer(elbv2(), 'hako-hello-alb')).toBeDefined()
    expect(await helloRecords()).toEqual(['hello.example.com. A'])
    await env.renew()
    env.local.resetCalls()

    const result = await remove(env.deps, {file: HELLO_ALB, dryRun: false})

    expect(result.exitCode).toBe(ExitCode.ok)
    expect(result.service).toBe('deleted')
    expect(await serviceStatus('eagletmt', 'hello-alb')).toBe('DRAINING')
    expect(await findLoadBalancer(elbv2(), 'hako-hello-alb')).toBeUndefined()
    expect(await findTargetGroup(elbv2(), 'hako-hello-alb')).toBeUndefined()
    expect(await helloRecords()).toEqual([])
    expect(env.reporter.messages('info')).toContain(`${serviceArn} is deleted`)
    // Desired 0 before the delete; the record goes only after the load balancer it pointed at.
    const ops = operations()
    expect(ops.indexOf('ecs:UpdateService')).toBeLessThan(ops.indexOf('ecs:DeleteService'))
    expect(ops.indexOf('ecs:DeleteService')).toBeLessThan(ops.indexOf('elbv2:DeleteLoadBalancer'))
    expect(ops.indexOf('elbv2:DeleteLoadBalancer')).toBeLessThan(ops.indexOf('route53:ChangeResourceRecordSets'))
  })

  it('--dry-run names each write on stdout, all of them, and makes none', async () => {
    const {serviceArn} = await deployed(env, HELLO_ALB)
    await env.renew()
    const writesBefore = env.writeCount()

    const result = await remove(env.deps, {file: HELLO_ALB, dryRun: true})

    expect(result.service).toBe('planned')
    expect(env.writeCount()).toBe(writesBefore)
    expect(env.reporter.stdout().split('\n')).toEqual(
      expect.arrayContaining([
        `would set desired count of ${serviceArn} to 0`,
        `would delete service ${serviceArn}`,
        'would delete listener 80 of hako-hello-alb',
        'would delete load balancer hako-hello-alb',
        'would delete target group hako-hello-alb',
      ]),
    )
    expect(env.reporter.messages('info').filter((m) => m.includes('would'))).toEqual([])
    expect(env.reporter.stdout()).toContain('route53 would DELETE A hello.example.com.')
    expect(await findLoadBalancer(elbv2(), 'hako-hello-alb')).toBeDefined()
    expect(await helloRecords()).toEqual(['hello.example.com. A'])
  })

  it('removes the load balancer and the record even when the service is already gone', async () => {
    await deployed(env, HELLO_ALB)
    await ecs().send(new DeleteServiceCommand({cluster: 'eagletmt', service: 'hello-alb', force: true}))
    env.clock.advance(10 * 60_000)
    expect(await serviceStatus('eagletmt', 'hello-alb')).toBe('INACTIVE')
    await env.renew()

    const result = await remove(env.deps, {file: HELLO_ALB, dryRun: false})

    expect(result).toMatchObject({exitCode: ExitCode.ok, service: 'missing'})
    expect(env.reporter.stdout()).toContain("Service hello-alb doesn't exist\n")
    expect(await findLoadBalancer(elbv2(), 'hako-hello-alb')).toBeUndefined()
    expect(await findTargetGroup(elbv2(), 'hako-hello-alb')).toBeUndefined()
    expect(await helloRecords()).toEqual([])
  })

  it('leaves a service that is already DRAINING alone and still removes the load balancer', async () => {
    await deployed(env, HELLO_ALB)
    await ecs().send(new DeleteServiceCommand({cluster: 'eagletmt', service: 'hello-alb', force: true}))
    await env.renew()
    env.local.resetCalls()

    const result = await remove(env.deps, {file: HELLO_ALB, dryRun: false})

    expect(result.service).toBe('missing')
    expect(env.reporter.messages('info')).toContain('arn:aws:ecs:ap-northeast-1:123456789012:service/eagletmt/hello-alb is already being deleted (DRAINING)')
    expect(operations()).not.toContain('ecs:UpdateService')
    expect(operations()).not.toContain('ecs:DeleteService')
    expect(await findLoadBalancer(elbv2(), 'hako-hello-alb')).toBeUndefined()
  })

  it('runs remove_starting before and after_remove after the service is deleted', async () => {
    await deployed(env, HOOKED)
    await env.renew()
    const seen: string[] = []
    const info = env.reporter.info.bind(env.reporter)
    env.reporter.info = (message: string) => {
      if (message.startsWith('hook ') || message.endsWith(' is deleted')) seen.push(message.startsWith('hook ') ? message : 'deleted')
      info(message)
    }

    await remove(env.deps, {file: HOOKED, dryRun: false})

    expect(seen).toEqual(['hook removeStarting', 'deleted', 'hook afterRemove'])
  })

  it('deletes a DAEMON service without setting a desired count', async () => {
    await deployed(env, DAEMON)
    await env.renew()
    env.local.resetCalls()

    await remove(env.deps, {file: DAEMON, dryRun: false})

    expect(operations()).not.toContain('ecs:UpdateService')
    expect(operations()).toContain('ecs:DeleteService')
    expect(await serviceStatus('simple', 'daemon')).toBe('DRAINING')
  })
})
