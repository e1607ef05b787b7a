/**
 * `--json`: one document on stdout at the end of a command, for pipelines. The use case's result
 * with snake_case keys (as the definition and `status --json` write them); a failure becomes an
 * outcome with its exit code. The shapes are listed in README ("JSON output").
 */
import {DeploymentFailedError, ExitCode, HakoError, TimeoutError} from '../errors.js'

type Json = null | boolean | number | string | Json[] | {[key: string]: Json}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** Plain data with snake_case keys; undefined members and the Markdown plan are left out. */
export function toJson(value: unknown): Json {
  if (value === undefined || value === null) return null
  if (Array.isArray(value)) return value.map(toJson)
  if (typeof value === 'object') {
    const out: {[key: string]: Json} = {}
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined || key === 'markdown' || typeof child === 'function') continue
      out[snake(key)] = toJson(child)
    }
    return out
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value
  return String(value)
}

/** What a command that failed reports as its outcome. */
export function outcomeOfError(error: unknown): string {
  const exitCode = error instanceof HakoError ? error.exitCode : ExitCode.error
  switch (exitCode) {
    case ExitCode.deployFailed:
      return error instanceof DeploymentFailedError ? 'rolled-back' : 'failed'
    case ExitCode.timeout:
      return error instanceof TimeoutError ? 'timed-out' : 'failed'
    case ExitCode.circuitBreakerRollback:
      return 'circuit-breaker-rollback'
    case ExitCode.rollbackFailed:
      return 'rollback-failed'
    case ExitCode.interrupted:
      return 'interrupted'
    case ExitCode.usage:
      return error instanceof HakoError && error.code === 'usage' ? 'usage-error' : 'failed'
    default:
      return 'failed'
  }
}

export function errorDocument(command: string, files: string[], error: unknown): Json {
  const exitCode = error instanceof HakoError ? error.exitCode : ExitCode.error
  const message = error instanceof Error ? error.message : String(error)
  return {command, files, outcome: outcomeOfError(error), exit_code: exitCode, error: message}
}
