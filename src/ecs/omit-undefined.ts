/** Drops undefined members recursively, so SDK inputs carry no absent fields (never nulls either). */
export function omitUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => omitUndefined(item)) as T
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    if (child !== undefined) out[key] = omitUndefined(child)
  }
  return out as T
}
