/**
 * `scheduler.elb`: a classic load balancer (hako's options, section "Classic ELB" of
 * docs/hako-compatibility.md), plus its health check and the attributes besides cross-zone load
 * balancing, which hako left alone. Keys stay snake_case as users write them; plan.ts maps them.
 */
import * as v from 'valibot'

const int = () => v.pipe(v.number(), v.integer())
const port = () => v.pipe(int(), v.minValue(1), v.maxValue(65535))
const name = v.pipe(v.string(), v.minLength(1))
/** AWS takes the protocols in any case and answers in upper case. */
const protocol = v.pipe(v.string(), v.toUpperCase(), v.picklist(['HTTP', 'HTTPS', 'TCP', 'SSL']))
/** Tag values are stringified as hako does. */
const tagValue = v.pipe(v.union([v.string(), v.number(), v.boolean()]), v.transform(String))

export const classicListenerSchema = v.strictObject({
  protocol,
  load_balancer_port: port(),
  /** How the load balancer talks to the instances; AWS's default is the listener's layer in plain text. */
  instance_protocol: v.optional(protocol),
  ssl_certificate_id: v.optional(name),
})

export const classicHealthCheckSchema = v.strictObject({
  /** Default HTTP when a path is given, else TCP. */
  protocol: v.optional(protocol),
  /** Default the instance port (the front port every listener forwards to). */
  port: v.optional(port()),
  /** The ping path of an HTTP or HTTPS check; default `/`. */
  path: v.optional(v.pipe(v.string(), v.startsWith('/', 'must start with /'))),
  interval: v.optional(v.pipe(int(), v.minValue(5), v.maxValue(300)), 30),
  timeout: v.optional(v.pipe(int(), v.minValue(2), v.maxValue(60)), 5),
  healthy_threshold: v.optional(v.pipe(int(), v.minValue(2), v.maxValue(10)), 10),
  unhealthy_threshold: v.optional(v.pipe(int(), v.minValue(2), v.maxValue(10)), 2),
})

export const classicElbSchema = v.strictObject({
  listeners: v.array(classicListenerSchema),
  subnets: v.optional(v.array(name)),
  security_groups: v.optional(v.array(name)),
  scheme: v.optional(v.picklist(['internet-facing', 'internal']), 'internet-facing'),
  tags: v.optional(v.record(v.string(), tagValue)),
  /** Default `hako-<app>`. The load balancer is this app's either way: created, updated and removed with it. */
  load_balancer_name: v.optional(name),
  container_name: v.optional(name, 'front'),
  container_port: v.optional(port(), 80),
  health_check: v.optional(classicHealthCheckSchema),
  cross_zone_load_balancing: v.optional(v.boolean()),
  connection_draining: v.optional(v.strictObject({enabled: v.boolean(), timeout: v.optional(v.pipe(int(), v.minValue(1), v.maxValue(3600)))})),
  idle_timeout: v.optional(v.pipe(int(), v.minValue(1), v.maxValue(4000))),
  access_log: v.optional(
    v.strictObject({
      enabled: v.boolean(),
      s3_bucket_name: v.optional(name),
      s3_bucket_prefix: v.optional(v.string()),
      emit_interval: v.optional(v.picklist([5, 60])),
    }),
  ),
})

export type ClassicElbOptions = v.InferOutput<typeof classicElbSchema>
export type ClassicListener = v.InferOutput<typeof classicListenerSchema>
