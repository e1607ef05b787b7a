/**
 * An SDK client package loaded on first use. Node's `import()` of a CommonJS package gives its
 * exports both as named members and as `default`; the bundled CLI gives them as `default` only, so
 * `default` is what is used when present.
 */
export async function lazySdk<T extends object>(load: () => Promise<T>): Promise<T> {
  const loaded = (await load()) as T & {default?: T}
  return loaded.default ?? loaded
}
