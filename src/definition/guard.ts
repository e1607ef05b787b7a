/**
 * Lets the cross-field rules run on a definition the schema only partly accepted, so a file with
 * a wrong type and a broken rule elsewhere reports both in one pass. valibot's output keeps every
 * valid part (defaults filled) and leaves the raw input where a check failed; the guard makes each
 * of those failed places unreadable, so a rule that would read one stops instead of reporting on a
 * value already reported as invalid.
 */

/** Thrown when a rule reads a place whose value the schema refused. */
export class InvalidRead extends Error {
  constructor(readonly at: string) {
    super(`read of the invalid value at ${at}`)
  }
}

const keyOf = (keys: readonly unknown[]): string => keys.map(String).join('\u0000')

/**
 * `value` seen through a proxy that throws InvalidRead when any of the `invalid` paths (lists of
 * keys from the root) is read; everything else reads as it is.
 */
export function guardInvalid<T>(value: T, invalid: readonly (readonly unknown[])[]): T {
  const blocked = new Set(invalid.map(keyOf))
  // Every prefix of a blocked path needs a proxy; other objects can be handed out as they are.
  const prefixes = new Set<string>()
  for (const keys of invalid) for (let i = 0; i <= keys.length; i++) prefixes.add(keyOf(keys.slice(0, i)))
  if (blocked.has('')) throw new InvalidRead('(root)')
  const wrap = (target: unknown, path: readonly unknown[]): unknown => {
    if (typeof target !== 'object' || target === null || !prefixes.has(keyOf(path))) return target
    return new Proxy(target, {
      get(object, key, receiver) {
        const item: unknown = Reflect.get(object, key, receiver)
        if (typeof key === 'symbol') return item
        const next = [...path, key]
        if (blocked.has(keyOf(next))) throw new InvalidRead(next.join('.'))
        return wrap(item, next)
      },
    })
  }
  return wrap(value, []) as T
}

/** `fn()`, or `[]` when it read an invalid place (that place already has its own problem). */
export function unlessInvalid<T>(fn: () => T[]): T[] {
  try {
    return fn()
  } catch (error) {
    if (error instanceof InvalidRead) return []
    throw error
  }
}

type IssueLike = {type: string; expected: string | null; path?: readonly {key: unknown}[]}

/**
 * The places valibot refused, as key lists. Unknown keys (only warnings) are not places; a
 * variant whose discriminator failed leaves its whole object raw, without defaults, so the object
 * is the place.
 */
export function invalidPlaces(issues: readonly IssueLike[]): unknown[][] {
  return issues
    .filter((issue) => !(issue.expected === 'never' && /object$/.test(issue.type)))
    .map((issue) => {
      const keys = (issue.path ?? []).map((item) => item.key)
      return issue.type === 'variant' ? keys.slice(0, -1) : keys
    })
}
