/**
 * Redaction by value: every provider value read during this run (and any value added later, such
 * as the env of the task definition running now) is replaced in text by a keyed digest. Hiding by
 * variable name alone misses a value echoed anywhere else: a Jsonnet error, a schema message, a
 * command line.
 */
import {createHmac, randomBytes} from 'node:crypto'

/** Shorter values (`1`, `no`, `443`) are too common to find in text without mangling it. */
export const MIN_REDACTED_LENGTH = 4

// Keyed per process: equal values get equal digests within one run (so a diff still shows what
// changed), but a digest cannot be checked against guessed values later, as a plain hash could.
const RUN_KEY = randomBytes(32)

/** `hmac:` and 12 hex digits, the form the task-definition diff shows for a hidden env value. */
export function redactionDigest(value: string, key: Uint8Array = RUN_KEY): string {
  return `hmac:${createHmac('sha256', key).update(value).digest('hex').slice(0, 12)}`
}

export interface RedactorOptions {
  /** The digest key; a per-run random key unless a test needs a fixed one. */
  key?: Uint8Array
}

export class Redactor {
  private readonly key: Uint8Array
  /** Text to find → the value it stands for (the value itself, its lines, its JSON-escaped form). */
  private readonly needles = new Map<string, string>()
  private pattern: RegExp | undefined

  constructor(options: RedactorOptions = {}) {
    this.key = options.key ?? RUN_KEY
  }

  /** Text that is not secret whatever a provider says (the cluster's name): never searched for. */
  private readonly exempted = new Set<string>()

  /**
   * The definition's own names (cluster, region, app id, load balancer names) are printed in every
   * ARN and message; a provider value equal to one of them (the seed's `username` is also its
   * cluster's name) would otherwise mask them everywhere. Values filled by providers into env
   * variables stay hidden by name in diffs and `docker run` lines.
   */
  exempt(values: Iterable<string>): void {
    for (const value of values) {
      if (typeof value !== 'string' || value === '') continue
      this.exempted.add(value)
      for (const [needle, of] of [...this.needles]) {
        if (of === value) this.needles.delete(needle)
      }
      this.pattern = undefined
    }
  }

  /** Values to hide from now on; those under MIN_REDACTED_LENGTH characters are ignored. */
  add(values: Iterable<string>): void {
    for (const value of values) {
      if (typeof value !== 'string' || value.length < MIN_REDACTED_LENGTH || this.exempted.has(value)) continue
      // JSON output and Jsonnet messages show a value escaped; a multi-line value (a PEM key) may be
      // printed one line at a time.
      const forms = [value, JSON.stringify(value).slice(1, -1), ...value.split(/\r?\n/)]
      for (const form of forms) {
        if (form.length >= MIN_REDACTED_LENGTH && !this.needles.has(form)) {
          this.needles.set(form, value)
          this.pattern = undefined
        }
      }
    }
  }

  /** How many distinct values it hides. */
  get size(): number {
    return new Set(this.needles.values()).size
  }

  /** `(redacted hmac:…)`: what stands in for `value` in redacted text. */
  digest(value: string): string {
    return `(redacted ${redactionDigest(value, this.key)})`
  }

  /** `text` with every known value replaced by its digest; the longest match wins where they overlap. */
  redact(text: string): string {
    if (this.needles.size === 0 || text === '') return text
    this.pattern ??= new RegExp(
      [...this.needles.keys()]
        .sort((a, b) => b.length - a.length)
        .map((needle) => needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    )
    return text.replace(this.pattern, (match) => this.digest(this.needles.get(match) ?? match))
  }
}
