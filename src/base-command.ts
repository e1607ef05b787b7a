/**
 * What every hako command shares: --verbose and --local, the Deps they hand to a use case, and how
 * an error becomes a message and an exit code. Commands stay thin: flags → use case → render.
 */
import {Args, Command, Flags} from '@oclif/core'

import type {Deps} from './app/deps.js'
import {DefinitionError, HakoError, UsageError} from './errors.js'
import {errorAnnotations, fileSourceReader, formatAnnotation, isGitHubActions} from './ui/annotations.js'
import {errorDocument, toJson} from './ui/json-document.js'
import {ConsoleReporter} from './ui/console-reporter.js'

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    verbose: Flags.boolean({char: 'v', description: 'Print debug logs and error stacks.', default: false}),
    local: Flags.boolean({
      description: 'Use the local AWS simulator (state in .hako/local, or $HAKO_LOCAL_DIR) instead of AWS.',
      default: false,
    }),
  }

  private deps?: Deps
  /** --verbose: error details and stacks are printed too. */
  protected verbose = false

  /** --json: one document on stdout at the end, the lines that usually go there on stderr. */
  protected json?: {command: string; files: string[]}

  /** Builds the dependencies a use case needs; closed in finally(). */
  protected async makeDeps(flags: {verbose: boolean; local: boolean}): Promise<Deps> {
    this.verbose = flags.verbose
    // With a JSON document to print at the end, what usually goes to stdout goes to stderr.
    const reporter = new ConsoleReporter({verbose: flags.verbose, ...(this.json ? {stdout: process.stderr} : {})})
    // Loaded on use: the AWS SDK is most of the start-up cost, and --help / --version need none of it.
    const {createDeps} = await import('./app/deps.js')
    this.deps = await createDeps({reporter, local: flags.local})
    return this.deps
  }

  /** The command's one JSON document, redacted like every other line. */
  protected printJson(document: unknown): void {
    const text = JSON.stringify(toJson(document), null, 2)
    process.stdout.write(`${this.deps?.redactor.redact(text) ?? text}\n`)
  }

  /**
   * With GITHUB_STEP_SUMMARY set (GitHub Actions), a plan is appended to the job's summary page as
   * Markdown; elsewhere nothing happens.
   */
  protected async appendStepSummary(markdown: string | undefined): Promise<void> {
    const path = process.env.GITHUB_STEP_SUMMARY
    if (!path || !markdown || process.env.GITHUB_ACTIONS !== 'true') return
    const {appendFile} = await import('node:fs/promises')
    await appendFile(path, `${this.deps?.redactor.redact(markdown) ?? markdown}\n`)
  }

  /** The flags a follow-up command needs to reach the same app, for hints to repeat. */
  protected reproduceFlags(flags: {local?: boolean; 'ext-str'?: string[]; jpath?: string[]}): string {
    const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)
    return [
      ...(flags.local ? ['--local'] : []),
      ...(flags['ext-str'] ?? []).flatMap((pair) => ['--ext-str', quote(pair)]),
      ...(flags.jpath ?? []).flatMap((dir) => ['--jpath', quote(dir)]),
    ].join(' ')
  }

  /**
   * Ctrl-C and SIGTERM become an AbortSignal the use case watches, so it can stop waiting (or stop
   * a oneshot task) and say where things stand. A second Ctrl-C exits at once.
   */
  protected interruptSignal(): AbortSignal {
    const controller = new AbortController()
    const onSignal = (signal: NodeJS.Signals): void => {
      if (controller.signal.aborted) {
        // process.exit() can wait for a Jsonnet evaluation stuck in a provider; the signal's own
        // default action cannot.
        process.removeListener('SIGINT', onSignal)
        process.removeListener('SIGTERM', onSignal)
        process.kill(process.pid, signal)
        return
      }
      process.stderr.write(`\n${signal} received: stopping (press Ctrl-C again to exit at once)\n`)
      controller.abort(new Error(`interrupted by ${signal}`))
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    return controller.signal
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<unknown> {
    // Our own errors are printed plainly, one problem per line (no wrapping: CI logs get grepped).
    if (error instanceof HakoError) {
      const lines = error instanceof DefinitionError ? [...error.problems] : [`error: ${error.message}`]
      let cause = error.cause
      for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
        if (!error.message.includes(cause.message)) lines.push(`  caused by: ${cause.message}`)
        cause = cause.cause
      }
      if (error.hint) lines.push(`hint: ${error.hint}`)
      if (this.verbose && error instanceof DefinitionError && error.detail) lines.push(error.detail)
      if (this.verbose && error.stack) lines.push(error.stack)
      // The reporter's lines pass the run's redactor; the error printed here must too.
      const redact = (text: string): string => this.deps?.redactor.redact(text) ?? text
      process.stderr.write(redact(lines.join('\n') + '\n'))
      if (isGitHubActions()) {
        const annotations = errorAnnotations(error, fileSourceReader())
        process.stderr.write(redact(annotations.map((annotation) => formatAnnotation(annotation) + '\n').join('')))
      }
      if (this.json) this.printJson(errorDocument(this.json.command, this.json.files, error))
      this.exit(error.exitCode)
    }
    return super.catch(error)
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    await this.deps?.close()
    return super.finally(error)
  }
}

/** Flags of the commands that read a definition file. */
export const definitionFlags = {
  'ext-str': Flags.string({
    description: 'Jsonnet external variable KEY=VALUE (repeatable).',
    multiple: true,
    // Without this, a repeated flag swallows the FILE argument after it.
    multipleNonGreedy: true,
    default: [],
  }),
  jpath: Flags.string({
    description: 'Jsonnet library search directory (repeatable; JSONNET_PATH is also read).',
    multiple: true,
    multipleNonGreedy: true,
    default: [],
  }),
}

/** The FILE argument of every command that reads a definition. */
export const fileArg = {file: Args.string({description: 'definition file (.jsonnet, .json, .yml or .yaml)', required: true})}

export const dryRunFlag = {
  'dry-run': Flags.boolean({char: 'n', description: 'Say what would be written, and write nothing.', default: false}),
}

/** The definition input every use case takes, from the shared flags. */
export function definitionInput(file: string, flags: {'ext-str': string[]; jpath: string[]}): {file: string; extStr: Record<string, string>; jpath: string[]} {
  return {file, extStr: parsePairs('ext-str', flags['ext-str']), jpath: flags.jpath}
}

/** Turns repeated KEY=VALUE flags into a record; a value without `=` is a usage error. */
export function parsePairs(flag: string, values: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const value of values) {
    const at = value.indexOf('=')
    if (at <= 0) throw new UsageError(`--${flag} ${value}: expected KEY=VALUE`)
    out[value.slice(0, at)] = value.slice(at + 1)
  }
  return out
}
