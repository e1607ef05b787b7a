/**
 * Shared pieces of the differential suites (the same call sequence against moto and against our
 * simulator): outcomes of steps, a normaliser that hides what legitimately differs between two
 * implementations (random ids, timestamps, addresses), and the comparison against a table of
 * deliberate differences.
 */
import {expect} from 'vitest'

/** What one step of a scenario gave: the error's name, or the chosen fields (normalised). */
export interface Outcome {
  step: string
  error?: string
  value?: unknown
}

/** A step whose outcome differs on purpose: why, and what each side must give. */
export interface Deliberate {
  reason: string
  /**
   * The fields that may differ: dotted paths into the value, `*` for any array index or key; a
   * path covers everything below it. Omitted: the whole outcome (one side rejects, or a scalar).
   */
  fields?: string[]
  /** Checks moto's outcome, so a moto upgrade that changes it is noticed. */
  moto: (outcome: Outcome) => void
  /** Checks our outcome. */
  ours: (outcome: Outcome) => void
}

const ID_PATTERNS: [RegExp, string][] = [
  // ECS deployment ids: AWS (and we) use 19 digits, moto a random token.
  [/\becs-svc\/[0-9A-Za-z]+/g, 'ecs-svc/<id>'],
  // Task, container and container-instance ids in ARNs: 32 hex (AWS) or a dashed UUID (moto).
  [/\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b/g, '<id>'],
  [/\/(hostedzone|change)\/[A-Z0-9]+/g, '/$1/<id>'],
  [/\b[0-9a-f]{16,}\b/g, '<id>'],
  [/\b(subnet|sg|vpc|eni|i)-[0-9a-f]+\b/g, '$1-<id>'],
  [/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g, '<ip>'],
]

/** Replaces ids, ARN suffixes, addresses and timestamps by placeholders; drops `$metadata`. */
export function normalise(value: unknown): unknown {
  if (value instanceof Date) return '<time>'
  if (typeof value === 'string') return ID_PATTERNS.reduce((text, [pattern, placeholder]) => text.replace(pattern, placeholder), value)
  if (Array.isArray(value)) return value.map(normalise)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '$metadata')
        .map(([key, v]) => [key, normalise(v)]),
    )
  }
  return value
}

/** A field of an outcome's value by dotted path (`tasks.0.lastStatus`); undefined when absent. */
export function field(outcome: Outcome, path: string): unknown {
  let value: unknown = outcome.value
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

/** Runs one step and records its normalised value, or the name of the error it raised. */
export async function step(outcomes: Outcome[], name: string, call: () => Promise<unknown>): Promise<void> {
  try {
    outcomes.push({step: name, value: normalise(await call())})
  } catch (error) {
    outcomes.push({step: name, error: (error as Error).name})
  }
}

/** The steps whose outcomes differ between the two runs. */
export function differingSteps(ours: Outcome[], theirs: Outcome[]): string[] {
  return ours.filter((outcome, i) => JSON.stringify(outcome) !== JSON.stringify(theirs[i])).map((outcome) => outcome.step)
}

/** Dotted paths of the leaves where two normalised values differ. */
export function differingPaths(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return []
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].flatMap((key) => differingPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key))
  }
  return [path]
}

function covers(pattern: string, path: string): boolean {
  const wanted = pattern.split('.')
  const actual = path.split('.')
  return wanted.length <= actual.length && wanted.every((segment, i) => segment === '*' || segment === actual[i])
}

/** Both runs took the same steps, and every step that differs is listed in `deliberate`. */
export function expectNoUnexplainedDifferences(ours: Outcome[], theirs: Outcome[], deliberate: Record<string, Deliberate>): void {
  expect(ours.map((o) => o.step)).toEqual(theirs.map((o) => o.step))
  const unexplained = differingSteps(ours, theirs)
    .filter((name) => !(name in deliberate))
    .map((name) => ({step: name, ours: ours.find((o) => o.step === name), moto: theirs.find((o) => o.step === name)}))
  expect(unexplained, 'differences from moto that are neither fixed nor listed as deliberate').toEqual([])
}

/**
 * A deliberate difference still shows, only in the fields it lists, with the outcomes it
 * documents on each side: a fix or a regression on either side is noticed.
 */
export function expectDeliberateDifference(name: string, difference: Deliberate, ours: Outcome[], theirs: Outcome[]): void {
  const mine = ours.find((o) => o.step === name)
  const motos = theirs.find((o) => o.step === name)
  expect(mine && motos, `step "${name}" ran on both sides`).toBeTruthy()
  if (!mine || !motos) return
  expect(JSON.stringify(mine), `deliberate difference "${name}" no longer differs`).not.toBe(JSON.stringify(motos))
  if (difference.fields) {
    expect([mine.error, motos.error], `"${name}": one side failed`).toEqual([undefined, undefined])
    const fields = difference.fields
    const unlisted = differingPaths(mine.value, motos.value).filter((path) => !fields.some((pattern) => covers(pattern, path)))
    expect(unlisted, `"${name}": fields that differ but are not listed as deliberate`).toEqual([])
  }
  difference.moto(motos)
  difference.ours(mine)
}
