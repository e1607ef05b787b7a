import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {checkDefinition} from '../../src/definition/check.js'

const raw = () => ({
  scheduler: {type: 'ecs', region: 'ap-northeast-1', cluster: 'batch'},
  app: {image: 'busybox', memory: 64},
})

describe('desired_count', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hako-oneshot-rules-'))

  it('is required when loading for a service deploy', async () => {
    const {problems} = await checkDefinition(raw(), {mode: 'placeholder', appId: 'batch', dir})
    expect(problems).toContainEqual({path: 'scheduler.desired_count', message: 'must be set (unless scheduling_strategy is "DAEMON")', severity: 'error'})
  })

  it('is not required for oneshot, which runs a task rather than a service (hako requires it at deploy only)', async () => {
    const {problems, definition} = await checkDefinition(raw(), {mode: 'placeholder', appId: 'batch', dir, containers: {with: []}})
    expect(problems.filter((p) => p.severity === 'error')).toEqual([])
    expect(definition?.scheduler.cluster).toBe('batch')
  })
})

describe('options validated but not acted on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hako-not-applied-'))

  it('are acted on, so they draw no warning', async () => {
    const definition = {
      ...raw(),
      scheduler: {
        ...raw().scheduler,
        desired_count: 1,
        oneshot_notification_prefix: 's3://bucket/prefix',
        autoscaling: {role_arn: 'arn:aws:iam::123456789012:role/scale', min_capacity: 1, max_capacity: 4, policies: []},
      },
    }
    const {problems} = await checkDefinition(definition, {mode: 'placeholder', appId: 'batch', dir})
    expect(problems.filter((p) => p.severity === 'warning')).toEqual([])
    expect(problems.filter((p) => p.severity === 'error')).toEqual([])
  })
})
