/**
 * The differential suites' normaliser and comparison (test/local/support/differential.ts): what
 * they hide must be only what legitimately differs, and what they let through must be listed.
 */
import {describe, expect, it} from 'vitest'
import {type Deliberate, differingPaths, expectDeliberateDifference, expectNoUnexplainedDifferences, normalise} from './support/differential.js'

const lenient: Deliberate = {reason: 'test', moto: () => {}, ours: () => {}}

describe('normalise', () => {
  it('hides task ids in both AWS (32 hex) and moto (dashed UUID) form, deployment ids, times and addresses', () => {
    const ours = {
      taskArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task/web/0123456789abcdef0123456789abcdef',
      id: 'ecs-svc/1234567890123456789',
      at: new Date(1),
      ip: '10.0.1.7',
    }
    const moto = {
      taskArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task/web/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      id: 'ecs-svc/Xy12Ab',
      at: new Date(2),
      ip: '172.31.0.9',
    }
    expect(normalise(ours)).toEqual(normalise(moto))
    expect(normalise(ours)).toEqual({taskArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task/web/<id>', id: 'ecs-svc/<id>', at: '<time>', ip: '<ip>'})
  })

  it('keeps names, revisions and account ids, and drops the SDK metadata', () => {
    expect(normalise({$metadata: {httpStatusCode: 200}, arn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:12'})).toEqual({
      arn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:12',
    })
  })
})

describe('comparison', () => {
  it('names the leaves that differ', () => {
    expect(differingPaths({a: [{b: 1, c: 2}], d: 'x'}, {a: [{b: 1, c: 3}], d: 'x', e: true})).toEqual(['a.0.c', 'e'])
  })

  it('fails on a difference that is not listed, and on a listed one whose differing fields are not', () => {
    const ours = [{step: 's', value: {a: 1, b: 1}}]
    const moto = [{step: 's', value: {a: 2, b: 2}}]
    expect(() => expectNoUnexplainedDifferences(ours, moto, {})).toThrow(/neither fixed nor listed/)
    expect(() => expectNoUnexplainedDifferences(ours, moto, {s: lenient})).not.toThrow()
    expect(() => expectDeliberateDifference('s', {...lenient, fields: ['a']}, ours, moto)).toThrow(/not listed as deliberate/)
    expect(() => expectDeliberateDifference('s', {...lenient, fields: ['*']}, ours, moto)).not.toThrow()
  })

  it('fails when a deliberate difference has gone away', () => {
    const same = [{step: 's', error: 'ClientException'}]
    expect(() => expectDeliberateDifference('s', lenient, same, same)).toThrow(/no longer differs/)
  })
})
