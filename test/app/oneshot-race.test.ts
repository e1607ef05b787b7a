/**
 * Four first oneshots of one app at once (a CI matrix, a deploy hook fanning out): every create on
 * the way that another run can win (the log group, the `<app>-oneshot` revision) must count as done.
 */
import {DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {oneshot, type OneshotParams} from '../../src/app/oneshot.js'
import {startTestApp, type TestApp} from '../support/app.js'
import {MemoryReporter} from '../../src/ui/reporter.js'
import {oneshotParams} from '../support/oneshot.js'

const BATCH = 'examples/batch.jsonnet'

let env: TestApp

beforeEach(async () => {
  env = await startTestApp()
})

afterEach(async () => {
  await env.close()
})

function params(command: string[]): OneshotParams {
  return oneshotParams(BATCH, command)
}

describe('concurrent first oneshots of one app', () => {
  it('all four exit 0 although their log-group creations race', async () => {
    const runs = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const reporter = new MemoryReporter()
        // As four `hako oneshot --local` processes sharing one local AWS.
        const deps = await env.depsWith({reporter, asLocal: true})
        const result = await oneshot(deps, params(['echo', `run ${i}`])).catch((error: unknown) => ({error}))
        return {i, result, reporter}
      }),
    )
    for (const run of runs) {
      expect(run.result, `run ${run.i}: ${run.reporter.messages().join('\n')}`).toMatchObject({exitCode: 0})
      expect(run.reporter.stdout()).toBe(`run ${run.i}\n`)
    }
    // How the four interleave depends on the machine's load (test/scripts/log-group.test.ts forces
    // the lost race); whatever happened, the group exists once, with its retention.
    const groups = await env.clients.logs().send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/hako/batch'}))
    expect(groups.logGroups?.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([['/hako/batch', 30]])
  })
})
