/** MemoryReporters that let a test act at a given line of a run. */
import {MemoryReporter} from '../../src/ui/reporter.js'

/** Runs `onError` once, on the first error line that matches: a fault injected at that moment of a run. */
export class TriggerReporter extends MemoryReporter {
  private fired = false
  constructor(
    private readonly pattern: RegExp,
    private readonly onError: () => void,
  ) {
    super()
  }
  override error(message: string): void {
    super.error(message)
    if (!this.fired && this.pattern.test(message)) {
      this.fired = true
      this.onError()
    }
  }
}

/** Calls `watch` with every info line (e.g. to send "Ctrl-C" when a given one appears). */
export class WatchingReporter extends MemoryReporter {
  constructor(private readonly watch: (message: string) => void) {
    super()
  }

  override info(message: string): void {
    super.info(message)
    this.watch(message)
  }
}
