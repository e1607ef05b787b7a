/**
 * The only place that constructs AWS SDK clients. Endpoint precedence: the explicit `endpoint`
 * option (the local AWS), then the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL`,
 * then AWS itself.
 */
import {ApplicationAutoScalingClient} from '@aws-sdk/client-application-auto-scaling'
import {AutoScalingClient} from '@aws-sdk/client-auto-scaling'
import {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs'
import type {EC2Client} from '@aws-sdk/client-ec2'
import {ECSClient} from '@aws-sdk/client-ecs'
import {ElasticLoadBalancingClient} from '@aws-sdk/client-elastic-load-balancing'
import {ElasticLoadBalancingV2Client} from '@aws-sdk/client-elastic-load-balancing-v2'
import {Route53Client} from '@aws-sdk/client-route-53'
import {S3Client} from '@aws-sdk/client-s3'
import {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import {ServiceDiscoveryClient} from '@aws-sdk/client-servicediscovery'
import {SNSClient} from '@aws-sdk/client-sns'
import {SSMClient} from '@aws-sdk/client-ssm'
import {unexpectedReplyMiddleware, unexpectedReplyOptions} from './unexpected-reply.js'

import {type Clock, systemClock} from '../clock.js'
import {lazySdk} from './lazy-sdk.js'
import {RateLimiter, rateLimitMiddleware} from './rate-limit.js'

// EC2's package is larger than all the others together; only `status` needs it.
const ec2Sdk = () => lazySdk(() => import('@aws-sdk/client-ec2'))

export interface AwsClientOptions {
  region: string
  endpoint?: string
  credentials?: {accessKeyId: string; secretAccessKey: string; sessionToken?: string}
  maxAttempts?: number
  /** The clock the ECS rate limiter waits on (the virtual clock in tests and on the local AWS). */
  clock?: Clock
}

export interface AwsClients {
  readonly region: string
  /** Paces this region's ECS calls by ECS's per-account buckets (shared by every app of the run). */
  readonly rateLimiter: RateLimiter
  readonly ecs: ECSClient
  readonly elbv2: ElasticLoadBalancingV2Client
  /** Classic load balancers (`scheduler.elb`). */
  readonly elb: ElasticLoadBalancingClient
  readonly applicationAutoScaling: ApplicationAutoScalingClient
  readonly cloudWatch: CloudWatchClient
  readonly sns: SNSClient
  readonly route53: Route53Client
  readonly autoScaling: AutoScalingClient
  /** Cloud Map, in the scheduler's region. */
  readonly serviceDiscovery: ServiceDiscoveryClient
  /** S3 and CloudWatch Logs are regional per bucket / log group, so they are asked for by region. */
  s3(region?: string): S3Client
  logs(region?: string): CloudWatchLogsClient
  /** Secrets live where their ARN says, so SSM and Secrets Manager are asked for by region too. */
  ssm(region?: string): SSMClient
  secretsManager(region?: string): SecretsManagerClient
  /** EC2 (the instances' Name tags), its SDK package loaded on first use. */
  ec2(): Promise<EC2Client>
  /** The same clients for another region (the scheduler's region is the default). */
  forRegion(region: string): AwsClients
  destroy(): void
}

interface Destroyable {
  destroy(): void
  middlewareStack: {addRelativeTo(middleware: never, options: typeof unexpectedReplyOptions): void}
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const cache = new Map<string, Destroyable>()
  const regions = new Map<string, AwsClients>()
  const rateLimiter = new RateLimiter({clock: options.clock ?? systemClock})

  function config(region: string): Record<string, unknown> {
    return {
      region,
      ...(options.endpoint ? {endpoint: options.endpoint} : {}),
      ...(options.credentials ? {credentials: options.credentials} : {}),
      ...(options.maxAttempts ? {maxAttempts: options.maxAttempts} : {}),
    }
  }

  function memo<T extends Destroyable>(key: string, make: () => T): T {
    let client = cache.get(key) as T | undefined
    if (!client) {
      client = make()
      client.middlewareStack.addRelativeTo(unexpectedReplyMiddleware as never, unexpectedReplyOptions)
      cache.set(key, client)
    }
    return client
  }

  const clients: AwsClients = {
    region: options.region,
    rateLimiter,
    get ecs() {
      return memo('ecs', () => {
        const client = new ECSClient(config(options.region))
        client.middlewareStack.use(rateLimitMiddleware(rateLimiter) as Parameters<typeof client.middlewareStack.use>[0])
        return client
      })
    },
    get elbv2() {
      return memo('elbv2', () => new ElasticLoadBalancingV2Client(config(options.region)))
    },
    get elb() {
      return memo('elb', () => new ElasticLoadBalancingClient(config(options.region)))
    },
    get applicationAutoScaling() {
      return memo('application-autoscaling', () => new ApplicationAutoScalingClient(config(options.region)))
    },
    get cloudWatch() {
      return memo('cloudwatch', () => new CloudWatchClient(config(options.region)))
    },
    get sns() {
      return memo('sns', () => new SNSClient(config(options.region)))
    },
    get route53() {
      // Route 53 is global; its API lives in us-east-1.
      return memo('route53', () => new Route53Client(config('us-east-1')))
    },
    get autoScaling() {
      return memo('autoscaling', () => new AutoScalingClient(config(options.region)))
    },
    get serviceDiscovery() {
      return memo('servicediscovery', () => new ServiceDiscoveryClient(config(options.region)))
    },
    s3(region = options.region) {
      // Path-style, so a local endpoint on 127.0.0.1 is not turned into <bucket>.127.0.0.1.
      return memo(`s3:${region}`, () => new S3Client({...config(region), forcePathStyle: Boolean(options.endpoint) || undefined}))
    },
    logs(region = options.region) {
      return memo(`logs:${region}`, () => new CloudWatchLogsClient(config(region)))
    },
    ssm(region = options.region) {
      return memo(`ssm:${region}`, () => new SSMClient(config(region)))
    },
    secretsManager(region = options.region) {
      return memo(`secretsmanager:${region}`, () => new SecretsManagerClient(config(region)))
    },
    async ec2() {
      const {EC2Client} = await ec2Sdk()
      return memo('ec2', () => new EC2Client(config(options.region)))
    },
    forRegion(region: string) {
      if (region === options.region) return clients
      let other = regions.get(region)
      if (!other) {
        other = createAwsClients({...options, region})
        regions.set(region, other)
      }
      return other
    },
    destroy() {
      for (const client of cache.values()) client.destroy()
      cache.clear()
      for (const other of regions.values()) other.destroy()
      regions.clear()
    },
  }
  return clients
}
