/**
 * examples/batch-at-scale.jsonnet through the built CLI with --local: capacity through SNS and the
 * task followed through S3, as a user would first try them.
 */
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {EXAMPLES, assertBuilt, describeResult, runCli, tempDir} from './support/cli.js'

assertBuilt()

const AT_SCALE = join(EXAMPLES, 'batch-at-scale.jsonnet')

describe('oneshot --local of examples/batch-at-scale.jsonnet', () => {
  const state = tempDir('oneshot-options')
  afterAll(() => state.remove())

  it('asks for capacity on the topic, follows the task through S3 and exits with its code', async () => {
    const result = await runCli(['oneshot', '--local', AT_SCALE, 'sh', '-c', 'echo reporting; exit 7'], {localDir: state.path})
    expect(result.code, describeResult(result)).toBe(7)
    expect(result.stdout).toBe('reporting\n')
    expect(result.stderr).toContain('local: created SNS topic arn:aws:sns:ap-northeast-1:123456789012:batch-capacity')
    expect(result.stderr).toMatch(
      /Unable to start tasks\. Publish message to arn:aws:sns:ap-northeast-1:123456789012:batch-capacity: \{"group_name":"batch-at-scale-workers","cluster":"batch-at-scale","cpu":512,"memory":1024,"hako_task_id":"[0-9a-f-]{36}"\}/,
    )
    expect(result.stderr).toContain('Following the task through s3://ecs-task-notifications/task_statuses')
    expect(result.stderr).toContain('app has stopped with exit_code=7')
  })

  it('a second run fits on the instance the first one brought: no request this time', async () => {
    const result = await runCli(['oneshot', '--local', AT_SCALE, 'true'], {localDir: state.path})
    expect(result.code, describeResult(result)).toBe(0)
    expect(result.stderr).not.toContain('Publish message')
    expect(result.stderr).not.toContain('local: created')
  })
})
