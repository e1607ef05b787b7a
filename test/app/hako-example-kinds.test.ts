/**
 * Every kind of definition hako's own `examples/` folder shows (hako-example-kinds.ts), planned
 * with `deploy --dry-run` and then deployed (or run as a oneshot, for batch kinds) on the
 * in-process local AWS as `--local` does it, through the real SDK clients; and the kinds hako's
 * examples write in a way AWS would refuse, refused before any AWS call.
 */
import {DescribeTaskDefinitionCommand, DescribeTasksCommand, type TaskDefinition} from '@aws-sdk/client-ecs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {AwsClients} from '../../src/aws/clients.js'
import {deploy} from '../../src/app/deploy.js'
import {oneshot, type OneshotResult} from '../../src/app/oneshot.js'
import {DefinitionError} from '../../src/errors.js'
import {type Kind, KINDS, KINDS_DIR} from './hako-example-kinds.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {REGION} from '../support/local-aws.js'
import {oneshotParams} from '../support/oneshot.js'

let env: TestApp

beforeEach(async () => {
  // The local AWS handed in, as `--local` does: the cluster, buckets, namespaces, shared load
  // balancer, Auto Scaling group and alarms an account would already have are created first.
  env = await startTestApp({asLocal: true})
})

afterEach(async () => {
  await env.close()
})

async function registered(aws: AwsClients, arn: string | undefined): Promise<TaskDefinition> {
  const out = await aws.ecs.send(new DescribeTaskDefinitionCommand({taskDefinition: arn}))
  if (!out.taskDefinition) throw new Error(`no task definition ${arn}`)
  return out.taskDefinition
}

function oneshotOf(kind: Kind, dryRun: boolean) {
  return oneshot(env.deps, oneshotParams(kind.file, kind.oneshot ?? [], {extStr: kind.extStr, dryRun}))
}

describe("each kind of hako's examples", () => {
  it.each(KINDS.map((kind) => [kind.hako, kind] as const))('%s: plans with --dry-run, then runs on the local AWS', async (_name, kind) => {
    await kind.setup?.(env.local)
    const aws = env.deps.aws(REGION)

    if (kind.oneshot) {
      expect((await oneshotOf(kind, true)).exitCode).toBe(0)
    } else {
      const planned = await deploy(env.deps, {file: kind.file, extStr: kind.extStr, dryRun: true, timeoutSec: 1200, toolVersion: 'test'})
      expect([planned.exitCode, planned.outcome]).toEqual([0, 'planned'])
      expect(planned.actions.length).toBeGreaterThan(0)
    }
    expect(env.writeCount(), 'a dry run writes nothing').toBe(0)

    let taskDefinitionArn: string | undefined
    let ran: OneshotResult | undefined
    if (kind.oneshot) {
      ran = await oneshotOf(kind, false)
      expect(ran.exitCode, env.reporter.messages().join('\n')).toBe(0)
      const task = (await aws.ecs.send(new DescribeTasksCommand({cluster: ran.cluster, tasks: [ran.taskArn ?? '']}))).tasks?.[0]
      taskDefinitionArn = task?.taskDefinitionArn
    } else {
      const result = await deploy(env.deps, {file: kind.file, extStr: kind.extStr, timeoutSec: 1200, toolVersion: 'test'})
      expect([result.exitCode, result.outcome], env.reporter.messages().join('\n')).toEqual([0, 'completed'])
      taskDefinitionArn = result.taskDefinitionArn
    }
    await kind.check({
      local: env.local,
      deps: env.deps,
      reporter: env.reporter,
      aws,
      taskDefinition: await registered(aws, taskDefinitionArn),
      ...(ran ? {oneshot: ran} : {}),
    })
  })
})

describe('kinds refused before any AWS call, as hako or AWS would refuse them', () => {
  it('a batch definition (no desired_count) is not deployed as a service, as hako refuses it', async () => {
    const error = await deploy(env.deps, {file: `${KINDS_DIR}/fargate-batch.jsonnet`, dryRun: true, timeoutSec: 60, toolVersion: 'test'}).catch(
      (e: unknown) => e,
    )

    expect(error).toBeInstanceOf(DefinitionError)
    expect((error as Error).message).toContain('fargate-batch.jsonnet: scheduler.desired_count: must be set (unless scheduling_strategy is "DAEMON")')
    expect(env.local.calls()).toEqual([])
  })

  it("secrets without an execution role (as hako's ALB examples write them) are refused, as ECS would, saying what to set", async () => {
    const error = await deploy(env.deps, {file: `${KINDS_DIR}/secrets-without-role.jsonnet`, dryRun: true, timeoutSec: 60, toolVersion: 'test'}).catch(
      (e: unknown) => e,
    )

    expect(error).toBeInstanceOf(DefinitionError)
    expect((error as Error).message).toContain(
      'secrets-without-role.jsonnet: app.secrets: secrets need scheduler.execution_role_arn (ECS fetches them with the execution role): set it to a role that may read them',
    )
    expect(env.local.calls()).toEqual([])
  })

  it("an ephemeral storage size written as a string (as hako's Fargate examples write it) is refused, saying how to write it", async () => {
    const error = await oneshot(env.deps, oneshotParams(`${KINDS_DIR}/storage-as-string.jsonnet`, ['bin/report'], {dryRun: true})).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(DefinitionError)
    expect((error as Error).message).toContain("storage-as-string.jsonnet: scheduler.ephemeral_storage.size_in_gi_b: must be a number: write 30, not '30'")
    expect(env.local.calls()).toEqual([])
  })
})
