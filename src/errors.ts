/**
 * Errors that cross layers. Each carries the exit code the command layer uses, so nothing below
 * the commands decides how the process ends.
 */

/**
 * The one exit-code table of every command (README "Exit codes" lists the same rows; a test holds
 * them together). oneshot exits with the app container's own code.
 */
export const ExitCode = {
  ok: 0,
  /** An invalid definition, a failed AWS call, a missing service, or any other error. */
  error: 1,
  /**
   * The command line itself is wrong: unknown command or flag, missing argument, bad flag value,
   * oclif's parse errors included. Nothing was read or called.
   */
  usage: 2,
  /** `hako diff`: the definition differs from what runs. */
  changes: 2,
  /** The deployment failed (tasks stopped, rollout FAILED) and hako rolled it back. */
  deployFailed: 3,
  /** The deployment did not become steady within --timeout; hako rolled it back. */
  timeout: 4,
  /** ECS's own circuit breaker rolled the deployment back. */
  circuitBreakerRollback: 5,
  /** A rollback (`hako rollback` or the automatic one) did not become steady. */
  rollbackFailed: 6,
  /** oneshot: the app container has no exit code (never started, image pull failed). */
  noExitCode: 127,
  /** Interrupted by SIGINT (Ctrl-C). */
  interrupted: 130,
} as const

export interface HakoErrorOptions {
  code?: string
  exitCode?: number
  hint?: string
  cause?: unknown
}

export class HakoError extends Error {
  readonly code: string
  readonly exitCode: number
  readonly hint?: string

  constructor(message: string, options: HakoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = new.target.name
    this.code = options.code ?? 'hako-error'
    this.exitCode = options.exitCode ?? (this.code === 'usage' ? ExitCode.usage : ExitCode.error)
    this.hint = options.hint
  }
}

/** The command line is wrong (exit 2), found after oclif's own parsing (`-e FOO` without `=`, oneshot without a command). */
export class UsageError extends HakoError {
  constructor(message: string, options: Omit<HakoErrorOptions, 'code' | 'exitCode'> = {}) {
    super(message, {...options, code: 'usage', exitCode: ExitCode.usage})
  }
}

/** Every problem of a definition at once, already formatted as `file: path: message`. */
export class DefinitionError extends HakoError {
  readonly problems: string[]
  /** The evaluated file, when evaluation itself worked (the problems' paths point into it). */
  readonly evaluated?: unknown
  /** More than the one-line problems say (a Jsonnet stack); printed with --verbose only. */
  readonly detail?: string
  /** Those of `problems` that are only warnings (printed with the errors; annotated as warnings). */
  readonly warnings: string[]

  constructor(problems: string[], options: HakoErrorOptions & {evaluated?: unknown; detail?: string; warnings?: string[]} = {}) {
    const hint = options.evaluated === undefined ? undefined : 'The paths point into the evaluated definition, which `hako show-definition FILE` prints.'
    super(problems.join('\n'), {code: 'invalid-definition', hint, ...options})
    this.problems = problems
    this.evaluated = options.evaluated
    this.detail = options.detail
    this.warnings = options.warnings ?? []
  }
}

/** The deployment failed; the rollback (if any) is already done when this is thrown. */
export class DeploymentFailedError extends HakoError {
  readonly diagnostics: string[]

  constructor(message: string, diagnostics: string[] = [], options: HakoErrorOptions = {}) {
    super(message, {code: 'deployment-failed', exitCode: ExitCode.deployFailed, ...options})
    this.diagnostics = diagnostics
  }
}

export class TimeoutError extends HakoError {
  constructor(message: string, options: HakoErrorOptions = {}) {
    super(message, {code: 'timeout', exitCode: ExitCode.timeout, ...options})
  }
}

interface SdkErrorLike {
  name?: string
  message?: string
  $metadata?: {httpStatusCode?: number; requestId?: string}
}

/** An AWS call failed: names the call and the resource, keeps the SDK error as cause. */
export class AwsCallError extends HakoError {
  readonly operation: string
  readonly resource: string
  readonly awsErrorName?: string
  readonly httpStatusCode?: number
  readonly requestId?: string

  constructor(operation: string, resource: string, cause: unknown) {
    const sdk = (cause ?? {}) as SdkErrorLike
    const what = sdk.name && sdk.name !== 'Error' ? `${sdk.name}: ${sdk.message ?? ''}` : String(sdk.message ?? cause)
    super(`${operation} ${resource} failed: ${what}`, {code: 'aws-call-failed', cause, hint: hintFor(sdk.name)})
    this.operation = operation
    this.resource = resource
    this.awsErrorName = sdk.name
    this.httpStatusCode = sdk.$metadata?.httpStatusCode
    this.requestId = sdk.$metadata?.requestId
  }
}

/** What to do about the failures users meet first: no credentials, no permission, wrong region. */
function hintFor(name: string | undefined): string | undefined {
  switch (name) {
    case 'CredentialsProviderError':
      return 'No AWS credentials were found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; try it with --local, or plan without AWS with --dry-run --offline.'
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnauthorizedOperation':
      return 'The credentials in use lack this permission; README "Running against real AWS" lists what hako calls.'
    case 'ClusterNotFoundException':
      return 'Check scheduler.cluster and scheduler.region: the cluster must exist before hako deploys to it.'
    default:
      return undefined
  }
}

/** Runs one AWS call and wraps any failure so the message names the call and the resource. */
export async function awsCall<T>(operation: string, resource: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof HakoError) throw error
    throw new AwsCallError(operation, resource, error)
  }
}

/** True when `error` (or an AwsCallError wrapping it) is the SDK exception named `name`. */
export function isAwsError(error: unknown, name: string): boolean {
  if (error instanceof AwsCallError) return error.awsErrorName === name
  return typeof error === 'object' && error !== null && (error as {name?: string}).name === name
}
