/**
 * Which AWS failures a long wait rides out: throttling, 5xx and dropped connections. Anything else
 * (access denied, validation) ends the wait at once.
 */
import {AwsCallError} from '../errors.js'

interface ErrorLike {
  name?: string
  code?: string
  message?: string
  $metadata?: {httpStatusCode?: number}
  $retryable?: {throttling?: boolean}
}

function unwrap(error: unknown): ErrorLike {
  const inner = error instanceof AwsCallError ? error.cause : error
  return typeof inner === 'object' && inner !== null ? (inner as ErrorLike) : {}
}

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
])

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND'])

export function isThrottling(error: unknown): boolean {
  const e = unwrap(error)
  return (
    THROTTLING_NAMES.has(e.name ?? '') || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429 || /rate exceeded/i.test(e.message ?? '')
  )
}

/** 5xx, timeouts and connection errors: worth another try after a pause. */
export function isTransient(error: unknown): boolean {
  const e = unwrap(error)
  const status = e.$metadata?.httpStatusCode
  if (status !== undefined && status >= 500) return true
  if (NETWORK_CODES.has(e.code ?? '')) return true
  return (
    ['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ServerException', 'ServiceUnavailable', 'InternalFailure'].includes(e.name ?? '') ||
    /socket hang up/i.test(e.message ?? '')
  )
}

/** Worth waiting out rather than failing a long wait: throttling, 5xx or a dropped connection. */
export function isRetryable(error: unknown): boolean {
  return isThrottling(error) || isTransient(error)
}
