/**
 * Runs the BUILT CLI (`node bin/run.js`) as a child process, as a user would: nothing from src/ is
 * imported, so these tests see what `npm run build` produced, oclif's parsing and exit codes included.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
export const BIN = join(ROOT, 'bin', 'run.js')
const BUILT_COMMANDS = join(ROOT, 'dist', 'cli', 'commands.js')

/** Each e2e file calls this first: a stale or missing build must fail loudly, not test old code. */
export function assertBuilt(): void {
  if (!existsSync(BUILT_COMMANDS)) {
    throw new Error(`${BUILT_COMMANDS} is missing: run npm run build (npm test builds first)`)
  }
}

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  /** The local AWS state dir ($HAKO_LOCAL_DIR). */
  localDir?: string
  env?: Record<string, string>
  cwd?: string
  /** Killed (SIGKILL) after this long; the result then has signal SIGKILL. */
  timeoutMs?: number
}

/**
 * The parent's environment (vitest.setup.ts: fake keys, no IMDS, no profile) plus CI=1. Any AWS
 * call that escapes --local or --offline goes to a closed local port instead of AWS itself.
 */
export function childEnv(options: CliOptions = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CI: '1',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    ...(options.localDir ? {HAKO_LOCAL_DIR: options.localDir} : {}),
    ...options.env,
  }
}

export interface RunningCli {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the first match of `pattern`, rejects after `timeoutMs`. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>
  exited: Promise<CliResult>
}

export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {cwd: options.cwd ?? ROOT, env: childEnv(options), stdio: ['ignore', 'pipe', 'pipe']})
  const output = {stdout: '', stderr: ''}
  const listeners = new Set<() => void>()
  const notify = () => {
    for (const listener of listeners) listener()
  }
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString()
    notify()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString()
    notify()
  })
  let closed = false
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000)
  const exited = new Promise<CliResult>((resolvePromise, reject) => {
    child.once('error', (error) => {
      closed = true
      clearTimeout(killer)
      notify()
      reject(error)
    })
    child.once('close', (code, signal) => {
      closed = true
      clearTimeout(killer)
      notify()
      resolvePromise({code, signal, stdout: output.stdout, stderr: output.stderr})
    })
  })
  return {
    child,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    exited,
    waitFor: (stream, pattern, timeoutMs = 20_000) =>
      new Promise((resolvePromise, reject) => {
        const check = () => {
          const match = pattern.exec(output[stream])
          if (match) {
            done()
            resolvePromise(match)
          } else if (closed) {
            done()
            reject(new Error(`exited before ${stream} matched ${pattern}:\n--- stdout\n${output.stdout}\n--- stderr\n${output.stderr}`))
          }
        }
        const timer = setTimeout(() => {
          done()
          reject(new Error(`${stream} did not match ${pattern} within ${timeoutMs} ms:\n--- stdout\n${output.stdout}\n--- stderr\n${output.stderr}`))
        }, timeoutMs)
        const done = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      }),
  }
}

export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).exited
}

/** A one-line summary for assertion messages: a failing exit code shows what the CLI said. */
export function describeResult(result: CliResult): string {
  return `exit ${result.code} (signal ${result.signal})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`
}

export function tempDir(prefix: string): {path: string; remove(): void} {
  const path = mkdtempSync(join(tmpdir(), `hako-e2e-${prefix}-`))
  return {path, remove: () => rmSync(path, {recursive: true, force: true})}
}

export const EXAMPLES = join(ROOT, 'examples')
