/**
 * How a plan reads: its actions' diffs (or `would …` lines) in apply order, and one summary line
 * (`task definition: changed (app.image: a:1 → a:2) · service: unchanged · alb: 1 listener added`).
 */
import {ACTION_KINDS, type ActionKind, type Plan, type PlanAction} from './types.js'

const LABELS: Record<ActionKind, string> = {
  'log-group': 'log group',
  'classic-load-balancer': 'elb',
  'load-balancer': 'alb',
  'target-group': 'alb',
  listener: 'alb',
  'listener-rule': 'alb',
  'front-config': 'front config',
  'dns-record': 'dns',
  'service-discovery': 'cloud map',
  'task-definition': 'task definition',
  service: 'service',
  'scalable-target': 'autoscaling',
  'scaling-policy': 'autoscaling',
}

const NOUNS: Partial<Record<ActionKind, string>> = {
  'load-balancer': 'load balancer',
  'target-group': 'target group',
  listener: 'listener',
  'listener-rule': 'listener rule',
  'log-group': 'log group',
  'dns-record': 'record',
  'service-discovery': 'service',
  'scalable-target': 'scalable target',
  'scaling-policy': 'policy',
  'classic-load-balancer': 'load balancer',
  'front-config': 'object',
}

const VERBS = {create: 'added', update: 'changed', delete: 'deleted', none: 'unchanged'} as const

/** The lines a dry run and `diff` print for the plan, in apply order. */
export function planLines(plan: Plan): string[] {
  const lines: string[] = []
  for (const action of ordered(plan.actions)) {
    if (action.change === 'none') continue
    lines.push(action.diff !== '' ? action.diff : `would ${action.reason}`)
  }
  return lines
}

function ordered(actions: readonly PlanAction[]): PlanAction[] {
  return [...actions].sort((a, b) => ACTION_KINDS.indexOf(a.kind) - ACTION_KINDS.indexOf(b.kind))
}

/** One clause per group of kinds; the task definition and the service are always named. */
export function planSummary(plan: Plan): string {
  const groups = new Map<string, PlanAction[]>()
  for (const kind of ACTION_KINDS) {
    const label = LABELS[kind]
    const actions = plan.actions.filter((a) => a.kind === kind)
    if (actions.length > 0 || kind === 'task-definition' || kind === 'service') groups.set(label, [...(groups.get(label) ?? []), ...actions])
  }
  const clauses: string[] = []
  for (const [label, actions] of groups) {
    const writes = actions.filter((a) => a.change !== 'none')
    if (writes.length === 0) {
      if (label === 'task definition' || label === 'service') clauses.push(`${label}: unchanged`)
      continue
    }
    if (label === 'task definition' || label === 'service') {
      const action = writes[0] as PlanAction
      const word = action.change === 'create' ? 'created' : action.change === 'delete' ? 'deleted' : 'changed'
      clauses.push(`${label}: ${word}${action.summary ? ` (${action.summary})` : ''}`)
      continue
    }
    const counts = new Map<string, number>()
    for (const a of writes) {
      const phrase = `${NOUNS[a.kind] ?? a.kind} ${VERBS[a.change]}`
      counts.set(phrase, (counts.get(phrase) ?? 0) + 1)
    }
    const parts = [...counts].map(([phrase, n]) => (n === 1 ? `1 ${phrase}` : `${n} ${phrase.replace(/^(\S+)/, '$1s')}`))
    clauses.push(`${label}: ${parts.join(', ')}`)
  }
  const note = plan.compared ? '' : ' (not compared with AWS)'
  return `Plan${note}: ${clauses.join(' · ')}`
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/**
 * The plan as Markdown for a CI step summary: a table of the actions that write, then each diff in
 * a `diff` fence. The diffs are the plan's own, already redacted.
 */
export function planMarkdown(plan: Plan): string {
  const writes = ordered(plan.actions).filter((a) => a.change !== 'none')
  const lines = [`### hako plan: ${plan.app}`, '', planSummary(plan), '']
  if (writes.length === 0) return [...lines, 'Nothing to change.', ''].join('\n')
  lines.push('| action | kind | resource | reason |', '|---|---|---|---|')
  for (const a of writes) lines.push(`| ${a.change} | ${a.kind} | ${escapeCell(a.resource)} | ${escapeCell(a.reason)} |`)
  for (const a of writes.filter((w) => w.diff !== '')) {
    // A fence longer than any backtick run inside keeps the diff intact.
    const fence = '`'.repeat(Math.max(3, ...[...a.diff.matchAll(/`+/g)].map((m) => m[0].length + 1)))
    lines.push('', `${a.kind} ${escapeCell(a.resource)}:`, '', `${fence}diff`, a.diff.replace(/\n$/, ''), fence)
  }
  return [...lines, ''].join('\n')
}
