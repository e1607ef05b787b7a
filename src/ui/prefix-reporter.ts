/**
 * Tags every line of one app's report (`[web] Registered task definition...`), so the lines of
 * apps deployed at once stay readable when they interleave.
 */
import type {Reporter} from './reporter.js'

export interface PrefixReporterOptions {
  /**
   * Also tag stdout lines. Off for data meant for machines (--no-wait's JSON lines, which name
   * their service themselves).
   */
  prefixOutput?: boolean
}

export class PrefixReporter implements Reporter {
  constructor(
    private readonly inner: Reporter,
    private readonly prefix: string,
    private readonly options: PrefixReporterOptions = {},
  ) {}

  /** Every line, but not the empty rest after a final newline. */
  private tag(text: string): string {
    const lines = text.split('\n')
    return lines.map((line, i) => (i === lines.length - 1 && line === '' && i > 0 ? line : this.prefix + line)).join('\n')
  }

  debug(message: string): void {
    this.inner.debug(this.tag(message))
  }

  info(message: string): void {
    this.inner.info(this.tag(message))
  }

  warn(message: string): void {
    this.inner.warn(this.tag(message))
  }

  error(message: string): void {
    this.inner.error(this.tag(message))
  }

  status(text: string): void {
    this.inner.status(this.prefix + text)
  }

  output(text: string): void {
    this.inner.output(this.options.prefixOutput === false ? text : this.tag(text))
  }
}
