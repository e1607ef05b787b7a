/**
 * Building blocks the definition schemas share, with messages that say how to fix the usual
 * mistakes: a number written as a string (`'25'`), a list where a map is expected (`['A=1']`).
 */
import * as v from 'valibot'

const numeric = /^\s*-?\d+(?:\.\d+)?\s*$/

/** `must be a number: write 25, not '25'` for numeric strings; valibot's own text otherwise. */
function numberMessage(issue: v.BaseIssue<unknown>): string {
  const input = issue.input
  if (typeof input === 'string' && numeric.test(input)) return `must be a number: write ${input.trim()}, not '${input}'`
  return issue.message
}

export const number = () => v.number(numberMessage)
export const int = () => v.pipe(number(), v.integer())
export const nonNegative = () => v.pipe(number(), v.integer(), v.minValue(0))
export const between = (min: number, max: number) => v.pipe(number(), v.integer(), v.minValue(min), v.maxValue(max))
/** A TCP/UDP port; 0 is not one. */
export const port = () => between(1, 65535)
export const strings = () => v.array(v.string())

/**
 * A map (`{key: value}`). valibot's record takes arrays too (keys `0`, `1`, …), which would deploy
 * an env variable or a container named `0`; arrays are refused first, with the map form shown.
 */
function mapSchema<V extends v.GenericSchema>(value: V, arrayMessage: (input: unknown[]) => string) {
  return v.pipe(
    v.unknown(),
    v.check(
      (input) => !Array.isArray(input),
      (issue) => arrayMessage(issue.input as unknown[]),
    ),
    v.record(v.string(), value),
  )
}

export function mapOf<V extends v.GenericSchema>(value: V, example: string) {
  return mapSchema(value, () => `must be an object (${example}), not an array`)
}

/** `['A=1', 'B=2']` → `{A: '1', B: '2'}`, the form `env` takes. */
function envExample(input: unknown[]): string {
  const pairs = input.slice(0, 2).map((item) => (typeof item === 'string' && item.includes('=') ? item.split('=') : undefined))
  if (pairs.length === 0 || pairs.some((pair) => pair === undefined)) return "write {NAME: 'value'}"
  const shown = (pairs as string[][]).map(([name, ...rest]) => `${name}: '${rest.join('=')}'`)
  const original = input.slice(0, 2).map((item) => `'${String(item)}'`)
  return `write {${shown.join(', ')}}, not [${original.join(', ')}]`
}

/** `env`: a map of names to strings; hako-style `['A=1']` lists are answered with the map form. */
export function envMap<V extends v.GenericSchema>(value: V) {
  return mapSchema(value, (input) => `must be an object of NAME: value, not an array (${envExample(input)})`)
}
