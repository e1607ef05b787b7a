/**
 * Turns valibot issues into `{path, message, severity}` problems: `strict_object` issues for unknown
 * keys become warnings with a did-you-mean, a missing required key reads `must be set`.
 */
import * as v from 'valibot'

import {suggest} from './suggest.js'
import type {Problem} from './types.js'

type AnySchema = v.GenericSchema & Record<string, unknown>
type PathItem = {key: unknown}

/** `scheduler.elb_v2.listeners[0].port`; keys that are not identifiers are quoted: `docker_labels["a.b"]`. */
export function formatPath(keys: readonly unknown[]): string {
  let out = ''
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out
}

export function issuesToProblems(issues: readonly v.BaseIssue<unknown>[], root: v.GenericSchema, prefix: readonly unknown[] = []): Problem[] {
  return issues.map((issue) => {
    const keys = [...prefix, ...((issue.path ?? []) as PathItem[]).map((item) => item.key)]
    const path = formatPath(keys)
    const isObjectCheck = issue.type === 'strict_object' || issue.type === 'object' || issue.type === 'loose_object'
    if (isObjectCheck && issue.expected === 'never') {
      const known = keysAt(
        root,
        ((issue.path ?? []) as PathItem[]).slice(0, -1).map((item) => item.key),
      )
      const key = String(keys[keys.length - 1])
      const guess = suggest(key, known)
      return {path, message: guess ? `unknown key (did you mean "${guess}"?)` : 'unknown key', severity: 'warning'}
    }
    if (isObjectCheck && issue.input === undefined && keys.length > 0) {
      return {path, message: 'must be set', severity: 'error'}
    }
    return {path, message: issue.message, severity: 'error'}
  })
}

/** The keys an object schema accepts at `keys` (through optional, pipe, array, record, variant). */
function keysAt(schema: v.GenericSchema, keys: readonly unknown[]): string[] {
  let current: AnySchema[] = [schema as AnySchema]
  for (const key of keys) {
    current = current
      .flatMap((s) => unwrap(s))
      .flatMap((s) => {
        if (typeof key === 'number' && s.type === 'array') return [s['item'] as AnySchema]
        if (s.type === 'record') return [s['value'] as AnySchema]
        const entries = s['entries'] as Record<string, AnySchema> | undefined
        const child = typeof key === 'string' ? entries?.[key] : undefined
        return child ? [child] : []
      })
  }
  return current.flatMap((s) => unwrap(s)).flatMap((s) => Object.keys((s['entries'] as object | undefined) ?? {}))
}

function unwrap(schema: AnySchema): AnySchema[] {
  if ('wrapped' in schema) return unwrap(schema['wrapped'] as AnySchema)
  if (schema.type === 'variant' || schema.type === 'union') return (schema['options'] as AnySchema[]).flatMap(unwrap)
  const pipe = schema['pipe'] as AnySchema[] | undefined
  if (schema.type === 'unknown' && pipe) return pipe.filter((item) => item.kind === 'schema' && item !== schema).flatMap(unwrap)
  return [schema]
}
