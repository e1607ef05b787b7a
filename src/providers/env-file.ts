/**
 * hako's `.env` line reader (docs/hako-compatibility.md, "Definitions and providers"): no quoting,
 * no escapes, no `export`; a value is the rest of the line after the first `=`, `#` included.
 */

// The characters Ruby's String#lstrip removes.
const LEADING_BLANKS = /^[\0\t\n\v\f\r ]+/

/** `KEY=value` lines → values; a later line wins over an earlier one with the same key. */
export function parseHakoEnv(text: string): Record<string, string> {
  const values = new Map<string, string>()
  for (const raw of text.split('\n')) {
    // Ruby's chomp after reading up to "\n": one trailing "\r" goes too (CRLF files).
    const line = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).replace(LEADING_BLANKS, '')
    if (line.startsWith('#')) continue
    const at = line.indexOf('=')
    if (at === -1) continue
    values.set(line.slice(0, at), line.slice(at + 1))
  }
  // fromEntries defines own properties, so a key such as `__proto__` stays an ordinary key.
  return Object.fromEntries(values)
}
