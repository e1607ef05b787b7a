/** A Reporter whose every message, status and output line passes through a Redactor first. */
import type {Reporter} from '../ui/reporter.js'
import type {Redactor} from './redactor.js'

export class RedactingReporter implements Reporter {
  constructor(
    private readonly inner: Reporter,
    private readonly redactor: Redactor,
  ) {}

  debug(message: string): void {
    this.inner.debug(this.redactor.redact(message))
  }

  info(message: string): void {
    this.inner.info(this.redactor.redact(message))
  }

  warn(message: string): void {
    this.inner.warn(this.redactor.redact(message))
  }

  error(message: string): void {
    this.inner.error(this.redactor.redact(message))
  }

  status(text: string): void {
    this.inner.status(this.redactor.redact(text))
  }

  output(text: string): void {
    this.inner.output(this.redactor.redact(text))
  }
}
