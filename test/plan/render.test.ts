import {describe, expect, it} from 'vitest'

import {planLines, planMarkdown, planSummary} from '../../src/plan/render.js'
import type {Plan, PlanAction} from '../../src/plan/types.js'
import {isEmptyPlan, pendingActions} from '../../src/plan/types.js'

const action = (extra: Partial<PlanAction>): PlanAction => ({
  kind: 'service',
  resource: 'web',
  change: 'none',
  reason: 'same',
  diff: '',
  compared: true,
  ...extra,
})

const plan = (actions: PlanAction[], compared = true): Plan => ({app: 'web', actions, known: {}, compared})

describe('the plan', () => {
  it('is empty exactly when every action is none', () => {
    expect(isEmptyPlan(plan([action({}), action({kind: 'task-definition'})]))).toBe(true)
    expect(isEmptyPlan(plan([action({}), action({kind: 'listener', change: 'update'})]))).toBe(false)
  })

  it('applies in hako order whatever order the actions were planned in, keeping the order within a kind', () => {
    const p = plan([
      action({kind: 'service', change: 'update'}),
      action({kind: 'task-definition', change: 'update'}),
      action({kind: 'listener', resource: 'b', change: 'create'}),
      action({kind: 'load-balancer', change: 'create'}),
      action({kind: 'listener', resource: 'a', change: 'create'}),
      action({kind: 'log-group', change: 'none'}),
    ])
    expect(pendingActions(p).map((a) => `${a.kind}:${a.resource}`)).toEqual([
      'load-balancer:web',
      'listener:b',
      'listener:a',
      'task-definition:web',
      'service:web',
    ])
  })

  it('summarises in one line, naming the task definition and the service even when unchanged', () => {
    const p = plan([
      action({kind: 'task-definition', change: 'update', summary: 'containerDefinitions[app].image: a:1 → a:2'}),
      action({kind: 'service'}),
      action({kind: 'listener', change: 'create'}),
      action({kind: 'listener', change: 'create'}),
      action({kind: 'target-group', change: 'update'}),
    ])
    expect(planSummary(p)).toBe(
      'Plan: alb: 1 target group changed, 2 listeners added · task definition: changed (containerDefinitions[app].image: a:1 → a:2) · service: unchanged',
    )
    expect(planSummary(plan([], false))).toBe('Plan (not compared with AWS): task definition: unchanged · service: unchanged')
  })

  it('prints diffs, or would-lines for actions without one, and nothing for none', () => {
    const p = plan([
      action({kind: 'listener', change: 'create', reason: 'create listener 80 HTTP'}),
      action({kind: 'task-definition', change: 'update', diff: '--- a\n+++ b\n'}),
      action({}),
    ])
    expect(planLines(p)).toEqual(['would create listener 80 HTTP', '--- a\n+++ b\n'])
  })

  it('renders Markdown for a step summary: a table, then each diff fenced', () => {
    const md = planMarkdown(
      plan([
        action({kind: 'task-definition', change: 'update', resource: 'web:1 | x', reason: 'differs', diff: '--- a\n+++ b\n-  "image": "a"\n+  "image": "b"\n'}),
      ]),
    )
    expect(md).toContain('| update | task-definition | web:1 \\| x | differs |')
    expect(md).toContain('```diff\n--- a\n+++ b\n-  "image": "a"\n+  "image": "b"\n```')
    expect(planMarkdown(plan([action({})]))).toContain('Nothing to change.')
  })
})
