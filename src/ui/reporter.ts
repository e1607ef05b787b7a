/**
 * How use cases talk to the user. Nothing below the command layer prints: it reports here, and the
 * command picks the rendering (lines on stderr, or memory in tests).
 */
export type Level = 'debug' | 'info' | 'warn' | 'error'

export interface Reporter {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
  error(message: string): void
  /** Live status of a long wait (counts, rollout state); may be shown as a spinner, or not at all. */
  status(text: string): void
  /** Data for stdout (diffs, JSON, docker run lines, status report), kept apart from the logs. */
  output(text: string): void
}

export interface ReportEntry {
  level: Level | 'status' | 'output'
  message: string
}

/** Records everything; for tests and for callers that render later. */
export class MemoryReporter implements Reporter {
  readonly entries: ReportEntry[] = []

  debug(message: string): void {
    this.entries.push({level: 'debug', message})
  }

  info(message: string): void {
    this.entries.push({level: 'info', message})
  }

  warn(message: string): void {
    this.entries.push({level: 'warn', message})
  }

  error(message: string): void {
    this.entries.push({level: 'error', message})
  }

  status(text: string): void {
    this.entries.push({level: 'status', message: text})
  }

  output(text: string): void {
    this.entries.push({level: 'output', message: text})
  }

  /** Messages of the given levels (all log levels when none given), in order. */
  messages(...levels: ReportEntry['level'][]): string[] {
    const wanted = levels.length > 0 ? levels : ['debug', 'info', 'warn', 'error']
    return this.entries.filter((e) => wanted.includes(e.level)).map((e) => e.message)
  }

  /** Everything written to the output channel, joined as it would appear on stdout. */
  stdout(): string {
    return this.entries
      .filter((e) => e.level === 'output')
      .map((e) => e.message + '\n')
      .join('')
  }
}
