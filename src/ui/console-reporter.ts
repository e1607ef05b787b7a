import {styleText} from 'node:util'

import {annotationOf, fileSourceReader, formatAnnotation, isGitHubActions, type SourceReader} from './annotations.js'
import type {Level, Reporter} from './reporter.js'

export interface ConsoleReporterOptions {
  verbose?: boolean
  stdout?: NodeJS.WritableStream
  stderr?: NodeJS.WritableStream & {isTTY?: boolean}
  now?: () => Date
  /** Also print definition warnings as GitHub Actions annotations (default: under GITHUB_ACTIONS=true). */
  annotations?: boolean
}

const LEVEL_STYLE: Record<Level, Parameters<typeof styleText>[0]> = {
  debug: 'gray',
  info: 'reset',
  warn: 'yellow',
  error: 'red',
}

/**
 * One timestamped line per event on stderr (what CI logs keep); results on stdout. The live status
 * is shown only on an interactive terminal, on one line that the next event overwrites.
 */
export class ConsoleReporter implements Reporter {
  private readonly verbose: boolean
  private readonly out: NodeJS.WritableStream
  private readonly err: NodeJS.WritableStream & {isTTY?: boolean}
  private readonly now: () => Date
  private readonly live: boolean
  private readonly readSource?: SourceReader
  private statusShown = false

  constructor(options: ConsoleReporterOptions = {}) {
    this.verbose = options.verbose ?? false
    this.out = options.stdout ?? process.stdout
    this.err = options.stderr ?? process.stderr
    this.now = options.now ?? (() => new Date())
    this.live = Boolean(this.err.isTTY) && !process.env.CI
    if (options.annotations ?? isGitHubActions()) this.readSource = fileSourceReader()
  }

  debug(message: string): void {
    if (this.verbose) this.line('debug', message)
  }

  info(message: string): void {
    this.line('info', message)
  }

  warn(message: string): void {
    this.line('warn', message)
    const annotation = this.readSource && annotationOf('warning', message, this.readSource)
    if (annotation) this.err.write(formatAnnotation(annotation) + '\n')
  }

  error(message: string): void {
    this.line('error', message)
  }

  status(text: string): void {
    if (!this.live) {
      if (this.verbose) this.line('debug', text)
      return
    }
    this.err.write(`\r\u001B[2K${styleText('cyan', '…', {stream: this.err})} ${text}`)
    this.statusShown = true
  }

  output(text: string): void {
    this.clearStatus()
    this.out.write(text.endsWith('\n') ? text : text + '\n')
  }

  private line(level: Level, message: string): void {
    this.clearStatus()
    const stamp = this.now().toISOString()
    const tag = level === 'info' ? '' : `${level.toUpperCase()} `
    for (const text of message.split('\n')) {
      this.err.write(`${styleText('gray', stamp, {stream: this.err})} ${styleText(LEVEL_STYLE[level], tag + text, {stream: this.err})}\n`)
    }
  }

  private clearStatus(): void {
    if (this.statusShown) {
      this.err.write('\r\u001B[2K')
      this.statusShown = false
    }
  }
}
