/**
 * Faults on purpose: declared in `<dir>/faults.json` or through the test API. Image and cluster
 * faults shape what the ECS simulator does; operation faults (throttling, 5xx, latency) are applied
 * by the server before a handler runs. The format is documented in docs/local.md.
 */
import {ECS_RATES, ecsBucketOf} from '../aws/ecs-rates.js'
import {escapeXml} from './xml.js'

export interface ImageFault {
  /** Exact image or a glob (`*` matches any run of characters). */
  image: string
  /** Every container of this image exits with this code... */
  exitCode?: number
  /** ...this many seconds after it started (default 0: at start). */
  afterSeconds?: number
  /** Never passes its health check. */
  unhealthy?: boolean
  /** The image cannot be pulled: the task stops with CannotPullContainerError. */
  cannotPull?: boolean
  /** Pulling the image takes this many seconds (PENDING → RUNNING) instead of the default. */
  pullSeconds?: number
  /** Its containers take this many seconds to stop (STOPPING) instead of the default. */
  stopSeconds?: number
}

export interface ClusterFault {
  /** No capacity: Fargate has none available, EC2 instances have no room. */
  insufficientCapacity?: boolean
}

export interface OperationFault {
  /** Token bucket: sustained requests per second... */
  rate?: number
  /** ...and its capacity (the burst). Defaults to `rate`. */
  burst?: number
  /** Answer HTTP 5xx to the next N calls. */
  failNext?: number
  /** Throttle the next N calls, whatever the bucket holds. */
  throttleNext?: number
  /**
   * Answer the next `count` calls with this service error (HTTP 400), e.g. ECS's ClientException
   * "Too many concurrent attempts to create a new revision of the specified family.".
   */
  rejectNext?: {count: number; type: string; message: string}
  /** Delay every reply by this many ms of real time. */
  latencyMs?: number
}

export interface FaultsConfig {
  images?: ImageFault[]
  /** By cluster name. */
  clusters?: Record<string, ClusterFault>
  /** By operation: `RunTask`, `ecs:RunTask`, or `*` for every operation. */
  operations?: Record<string, OperationFault>
  /** Throttle ECS operations at AWS's documented rates (see docs/local.md). */
  awsRateLimits?: boolean
}

/** What the handlers see (LocalContext.faults). */
export interface Faults {
  imageFault(image: string | undefined): ImageFault | undefined
  clusterFault(clusterName: string): ClusterFault | undefined
}

/** The server's decision for one call. */
export type OperationVerdict = {kind: 'ok' | 'throttle' | 'fail'; latencyMs: number} | {kind: 'reject'; latencyMs: number; type: string; message: string}

export function globMatch(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${source}$`).test(value)
}

interface Bucket {
  tokens: number
  at: number
}

/**
 * The live faults: the file's configuration, overridden by what tests set, plus the token
 * buckets and 5xx counters (kept in this process only).
 */
export class LiveFaults implements Faults {
  private file: FaultsConfig = {}
  private api: FaultsConfig = {}
  private readonly buckets = new Map<string, Bucket>()
  private readonly failures = new Map<string, number>()
  private readonly throttles = new Map<string, number>()
  private readonly rejections = new Map<string, number>()

  constructor(private readonly now: () => number) {}

  /** Replaces the file's part (called when faults.json changes). */
  loadFile(config: FaultsConfig): void {
    this.file = config
    this.failures.clear()
    this.throttles.clear()
    this.rejections.clear()
    this.arm(config)
  }

  /** Test API: replace every fault set through the API. */
  set(config: FaultsConfig): void {
    this.api = structuredClone(config)
    this.arm(config)
  }

  private arm(config: FaultsConfig): void {
    for (const [key, fault] of Object.entries(config.operations ?? {})) {
      if (fault.failNext) this.failures.set(key, fault.failNext)
      if (fault.throttleNext) this.throttles.set(key, fault.throttleNext)
      if (fault.rejectNext) this.rejections.set(key, fault.rejectNext.count)
    }
  }

  image(fault: ImageFault): this {
    this.api.images = [fault, ...(this.api.images ?? [])]
    return this
  }

  cluster(name: string, fault: ClusterFault): this {
    this.api.clusters = {...this.api.clusters, [name]: fault}
    return this
  }

  operation(name: string, fault: OperationFault): this {
    this.api.operations = {...this.api.operations, [name]: fault}
    this.buckets.delete(name)
    this.arm({operations: {[name]: fault}})
    return this
  }

  awsRateLimits(on: boolean): this {
    this.api.awsRateLimits = on
    return this
  }

  clear(): void {
    this.api = {}
    this.file = {}
    this.buckets.clear()
    this.failures.clear()
    this.throttles.clear()
    this.rejections.clear()
  }

  get config(): FaultsConfig {
    return {
      images: [...(this.api.images ?? []), ...(this.file.images ?? [])],
      clusters: {...this.file.clusters, ...this.api.clusters},
      operations: {...this.file.operations, ...this.api.operations},
      awsRateLimits: this.api.awsRateLimits ?? this.file.awsRateLimits,
    }
  }

  imageFault(image: string | undefined): ImageFault | undefined {
    if (image === undefined) return undefined
    return this.config.images?.find((fault) => globMatch(fault.image, image))
  }

  clusterFault(clusterName: string): ClusterFault | undefined {
    return this.config.clusters?.[clusterName]
  }

  /** Decides whether this call is delayed, throttled or failed; consumes a token or a failure. */
  verdict(service: string, operation: string, region: string): OperationVerdict {
    const config = this.config
    const keys = [`${service}:${operation}`, operation, '*']
    const matched = keys.flatMap((key) => {
      const fault = config.operations?.[key]
      return fault ? [{key, fault}] : []
    })
    const latencyMs = matched.find((m) => m.fault.latencyMs !== undefined)?.fault.latencyMs ?? 0
    for (const {key} of matched) {
      if (this.consume(this.failures, key)) return {kind: 'fail', latencyMs}
      if (this.consume(this.throttles, key)) return {kind: 'throttle', latencyMs}
      const reject = config.operations?.[key]?.rejectNext
      if (reject && this.consume(this.rejections, key)) return {kind: 'reject', latencyMs, type: reject.type, message: reject.message}
    }
    const limited = matched.find((m) => m.fault.rate !== undefined)
    let rate: [number, number] | undefined
    let bucketKey = ''
    if (limited?.fault.rate !== undefined) {
      rate = [limited.fault.burst ?? limited.fault.rate, limited.fault.rate]
      bucketKey = `${region}|${limited.key}`
    } else if (config.awsRateLimits && service === 'ecs') {
      const bucket = ecsBucketOf(operation)
      const [burst, perSecond] = ECS_RATES[bucket] ?? [50, 20]
      rate = [burst, perSecond]
      bucketKey = `${region}|ecs:${bucket}`
    }
    if (rate && !this.take(bucketKey, rate[0], rate[1])) return {kind: 'throttle', latencyMs}
    return {kind: 'ok', latencyMs}
  }

  private consume(counters: Map<string, number>, key: string): boolean {
    const left = counters.get(key) ?? 0
    if (left <= 0) return false
    counters.set(key, left - 1)
    return true
  }

  private take(key: string, burst: number, perSecond: number): boolean {
    const now = this.now()
    const bucket = this.buckets.get(key) ?? {tokens: burst, at: now}
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }
}

/** The reply a throttled call gets, in the shape each service's SDK recognises as throttling. */
export function throttleReply(service: string): {status: number; headers: Record<string, string>; body: string} {
  if (service === 'ec2') return ec2FaultReply(503, 'RequestLimitExceeded', 'Request limit exceeded.')
  return faultReply(service, 400, 'Rate exceeded', {json: 'ThrottlingException', query: 'Throttling', rest: 'Throttling', s3: 'SlowDown'})
}

/** The reply an injected service error gets (`rejectNext`), in the service's own error shape. */
export function rejectReply(service: string, type: string, message: string): {status: number; headers: Record<string, string>; body: string} {
  if (service === 'ec2') return ec2FaultReply(400, type, message)
  return faultReply(service, 400, message, {json: type, query: type, rest: type, s3: type})
}

/** The reply an injected server failure gets; every SDK retries these. */
export function serverErrorReply(service: string): {status: number; headers: Record<string, string>; body: string} {
  if (service === 'ec2') return ec2FaultReply(500, 'InternalError', 'An internal error has occurred')
  return faultReply(service, 500, 'We encountered an internal error. Please try again.', {
    json: service === 'ecs' ? 'ServerException' : 'ServiceUnavailableException',
    query: 'InternalFailure',
    rest: 'InternalFailure',
    s3: 'InternalError',
  })
}

/** EC2's error shape (ec2Query), which its SDK reads from `<Errors><Error>`. */
function ec2FaultReply(status: number, code: string, message: string): {status: number; headers: Record<string, string>; body: string} {
  return {
    status,
    headers: {'content-type': 'text/xml'},
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>local</RequestID></Response>`,
  }
}

function faultReply(
  service: string,
  status: number,
  message: string,
  codes: {json: string; query: string; rest: string; s3: string},
): {status: number; headers: Record<string, string>; body: string} {
  switch (service) {
    case 'ecs':
    case 'logs':
    case 'servicediscovery':
    case 'application-autoscaling':
    case 'cloudwatch':
      return {
        status,
        headers: {'content-type': 'application/x-amz-json-1.1'},
        body: JSON.stringify({__type: codes.json, message}),
      }
    case 's3':
      return {
        status: codes.s3 === 'SlowDown' ? 503 : status,
        headers: {'content-type': 'application/xml'},
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${codes.s3}</Code><Message>${message}</Message></Error>`,
      }
    default: {
      const code = service === 'elbv2' || service === 'autoscaling' ? codes.query : codes.rest
      const type = status >= 500 ? 'Receiver' : 'Sender'
      return {
        status,
        headers: {'content-type': 'text/xml'},
        body: `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>local</RequestId></ErrorResponse>`,
      }
    }
  }
}
