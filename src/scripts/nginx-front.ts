/**
 * `nginx_front` (hako section 7.2): wires the `front` sidecar to the app and publishes its nginx
 * configuration to S3. Unlike hako it writes only when the object differs, and puts the previous
 * configuration back when the deploy fails.
 */
// The SDK is loaded when a script first calls AWS: loading a definition (show-definition) needs none of it.
const s3Sdk = () => lazySdk(() => import('@aws-sdk/client-s3'))
import * as v from 'valibot'

import {lazySdk} from '../aws/lazy-sdk.js'

import type {Container} from '../definition/types.js'
import {awsCall, HakoError, isAwsError} from '../errors.js'
import {renderNginxConfig} from './nginx-config.js'
import type {PlanAction} from '../plan/types.js'
import {renderTextDiff} from '../ui/diff.js'
import type {Script, ScriptContext, ScriptPlanContext, ScriptPlugin} from './types.js'

const text = v.pipe(v.string(), v.minLength(1))

/** hako accepts nested lists (`['127.0.0.1', ['10.0.0.0/24']]`) and flattens them. */
const sourceList = v.pipe(
  v.array(v.unknown()),
  v.transform((items) => items.flat(Number.POSITIVE_INFINITY) as unknown[]),
  v.array(text),
)

/** `null` reads as absent, as hako's `fetch(key, nil)` does. */
const absentWhenNull = <T extends v.GenericSchema>(schema: T) =>
  v.pipe(
    v.nullable(schema),
    v.transform((value) => (value === null ? undefined : value) as Exclude<v.InferOutput<T>, null>),
  )

export const nginxFrontSchema = v.strictObject({
  type: v.literal('nginx_front'),
  s3: v.strictObject({
    region: text,
    bucket: text,
    prefix: v.optional(text),
  }),
  backend_port: v.union([v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)), v.pipe(v.string(), v.regex(/^\d+$/))]),
  backend: v.optional(text, 'app'),
  /** hako renders no allow list for a missing or null `allow_only_from`. */
  locations: v.optional(v.record(v.string(), v.strictObject({allow_only_from: v.optional(absentWhenNull(sourceList))})), {'/': {}}),
  /** nginx reads a bare number as bytes; hako writes whatever it is given, so `10485760` works as `'10m'`. */
  client_max_body_size: v.optional(absentWhenNull(v.union([text, v.pipe(v.number(), v.integer(), v.minValue(0), v.transform(String))]))),
})

export type NginxFrontOptions = v.InferOutput<typeof nginxFrontSchema>

export function frontConfigKey(options: NginxFrontOptions, appId: string): string {
  return options.s3.prefix === undefined ? `${appId}.conf` : `${options.s3.prefix}/${appId}.conf`
}

function findFront(containers: Container[]): Container {
  const front = containers.find((c) => c.name === 'front')
  if (!front) {
    throw new HakoError(`nginx_front needs a sidecar named "front", but the loaded containers are: ${containers.map((c) => c.name).join(', ')}`, {
      code: 'missing-front',
      hint: 'Add a `front` sidecar (an nginx image that fetches $S3_CONFIG_BUCKET/$S3_CONFIG_KEY), or remove the nginx_front script.',
    })
  }
  return front
}

/** Adds the front's env; pure apart from mutating `containers`. */
export function applyFrontEnv(containers: Container[], options: NginxFrontOptions, appId: string): void {
  Object.assign(findFront(containers).env, {
    AWS_DEFAULT_REGION: options.s3.region,
    S3_CONFIG_BUCKET: options.s3.bucket,
    S3_CONFIG_KEY: frontConfigKey(options, appId),
  })
}

/** Links the front to the backend and maps its port; returns the backend host. */
export function wireFront(containers: Container[], options: NginxFrontOptions, frontPort: number | null): string {
  const front = findFront(containers)
  // awsvpc has no links; nginx reaches the app on localhost instead.
  if (frontPort !== null) {
    const link = `${options.backend}:backend`
    if (!front.links.includes(link)) front.links.push(link)
  }
  const hostPort = frontPort ?? 80
  if (!front.port_mappings.some((m) => m.container_port === 80 && m.host_port === hostPort && m.protocol === 'tcp')) {
    front.port_mappings.push({container_port: 80, host_port: hostPort, protocol: 'tcp'})
  }
  return frontPort === null ? 'localhost' : 'backend'
}

/** The object as it was before this deploy wrote it: absent, or its body. */
type Previous = {exists: false} | {exists: true; body: string}

class NginxFront implements Script {
  readonly type = 'nginx_front'
  private previous: Previous | undefined
  private restored = false

  constructor(
    private readonly options: NginxFrontOptions,
    private readonly context: ScriptContext,
  ) {}

  private get bucket(): string {
    return this.options.s3.bucket
  }

  private get key(): string {
    return frontConfigKey(this.options, this.context.appId)
  }

  private get location(): string {
    return `s3://${this.bucket}/${this.key}`
  }

  private s3() {
    return this.context.clients.s3(this.options.s3.region)
  }

  private backendHost = 'backend'

  transform(containers: Container[], info: {frontPort: number | null}): void {
    applyFrontEnv(containers, this.options, this.context.appId)
    this.backendHost = wireFront(containers, this.options, info.frontPort)
  }

  async planDeploy(_containers: Container[], plan: ScriptPlanContext): Promise<PlanAction[]> {
    const config = renderNginxConfig(this.options, this.backendHost)
    const current: Previous | undefined = plan.live ? await this.read() : undefined
    const base = {kind: 'front-config' as const, resource: this.location, compared: plan.live}
    if (current?.exists && current.body === config) {
      this.context.reporter.info(`Front configuration ${this.location} isn't changed`)
      return [{...base, change: 'none', reason: 'the same', diff: ''}]
    }
    const change = current?.exists ? 'update' : 'create'
    const diff = renderTextDiff(
      current?.exists ? this.location : '(no object)',
      `${this.location} (nginx_front)`,
      current?.exists ? current.body : undefined,
      config,
    )
    return [
      {
        ...base,
        change,
        reason: `${change === 'create' ? 'upload' : 'replace'} the front configuration ${this.location}`,
        diff,
        apply: async () => {
          this.previous = current ?? (await this.read())
          const {PutObjectCommand} = await s3Sdk()
          await awsCall('s3:PutObject', this.location, () =>
            this.s3().send(new PutObjectCommand({Bucket: this.bucket, Key: this.key, Body: config, ContentType: 'text/plain'})),
          )
          this.context.reporter.info(`Uploaded front configuration to ${this.location}`)
        },
      },
    ]
  }

  async deployFailed(): Promise<void> {
    await this.restore()
  }

  async rollbackStarting(): Promise<void> {
    await this.restore()
  }

  private async read(): Promise<Previous> {
    const {GetObjectCommand} = await s3Sdk()
    try {
      const object = await this.s3().send(new GetObjectCommand({Bucket: this.bucket, Key: this.key}))
      return {exists: true, body: (await object.Body?.transformToString('utf8')) ?? ''}
    } catch (error) {
      if (isAwsError(error, 'NoSuchKey')) return {exists: false}
      return awsCall('s3:GetObject', this.location, () => Promise.reject(error))
    }
  }

  /** Puts back what was there before this process uploaded; nothing when it uploaded nothing. */
  private async restore(): Promise<void> {
    const previous = this.previous
    if (!previous || this.restored || this.context.dryRun) return
    this.restored = true
    const {DeleteObjectCommand, PutObjectCommand} = await s3Sdk()
    if (previous.exists) {
      await awsCall('s3:PutObject', this.location, () =>
        this.s3().send(new PutObjectCommand({Bucket: this.bucket, Key: this.key, Body: previous.body, ContentType: 'text/plain'})),
      )
      this.context.reporter.info(`Restored the previous front configuration to ${this.location}`)
    } else {
      await awsCall('s3:DeleteObject', this.location, () => this.s3().send(new DeleteObjectCommand({Bucket: this.bucket, Key: this.key})))
      this.context.reporter.info(`Deleted front configuration ${this.location} (there was none before this deploy)`)
    }
  }
}

export const nginxFrontPlugin: ScriptPlugin<NginxFrontOptions> = {
  type: 'nginx_front',
  schema: nginxFrontSchema,
  create: (options, context) => new NginxFront(options, context),
}
