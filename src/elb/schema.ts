/**
 * `scheduler.elb_v2` (hako section 6.1), plus health check settings and a shared-ALB mode
 * (`listener_rules`) that hako lacks. Keys stay snake_case as users write them; elb-v2.ts maps them.
 */
import * as v from 'valibot'

import {between, mapOf} from '../definition/schema-parts.js'

/** Attribute values are strings at AWS; Jsonnet users often write `true` or `60`, so accept those. */
const attributeValue = v.pipe(
  v.union([v.string(), v.number(), v.boolean()]),
  v.transform((value) => String(value)),
)
const attributeMap = mapOf(attributeValue, "{'idle_timeout.timeout_seconds': 60}")

const name = v.pipe(v.string(), v.minLength(1))
const port = () => between(1, 65535)

export const listenerSchema = v.strictObject({
  port: port(),
  protocol: v.picklist(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP']),
  certificate_arn: v.optional(name),
  ssl_policy: v.optional(name),
})

export const listenerRuleSchema = v.strictObject({
  /** Port of the shared load balancer's listener that gets the rule. */
  listener_port: port(),
  priority: between(1, 50000),
  host_header: v.optional(v.array(name), []),
  path_pattern: v.optional(v.array(name), []),
})

export const elbV2Schema = v.strictObject({
  /** Given: the load balancer is shared and not managed by this app. Default `hako-<app>`. */
  load_balancer_name: v.optional(name),
  /** Given: the target group is external. Default `hako-<app>`. */
  target_group_name: v.optional(name),
  type: v.optional(v.picklist(['application', 'network']), 'application'),
  scheme: v.optional(v.picklist(['internet-facing', 'internal']), 'internet-facing'),
  subnets: v.optional(v.array(name)),
  security_groups: v.optional(v.array(name)),
  vpc_id: v.optional(name),
  health_check_path: v.optional(name),
  health_check_interval_seconds: v.optional(between(5, 300)),
  health_check_timeout_seconds: v.optional(between(2, 120)),
  healthy_threshold_count: v.optional(between(2, 10)),
  unhealthy_threshold_count: v.optional(between(2, 10)),
  /** Forced to `ip` under `network_mode: awsvpc`. */
  target_type: v.optional(v.picklist(['instance', 'ip'])),
  protocol_version: v.optional(v.picklist(['HTTP1', 'HTTP2', 'GRPC']), 'HTTP1'),
  matcher: v.optional(
    v.strictObject({
      http_code: v.optional(name),
      grpc_code: v.optional(name),
    }),
  ),
  listeners: v.optional(v.array(listenerSchema), []),
  /** Shared-ALB mode: rules this app owns on the shared load balancer's listeners. */
  listener_rules: v.optional(v.array(listenerRuleSchema), []),
  load_balancer_attributes: v.optional(attributeMap),
  target_group_attributes: v.optional(attributeMap),
  /** Tags of the load balancer and the target group. */
  tags: v.optional(attributeMap),
  container_name: v.optional(name, 'front'),
  container_port: v.optional(port(), 80),
})

export type ElbV2Options = v.InferOutput<typeof elbV2Schema>
export type ElbV2Listener = v.InferOutput<typeof listenerSchema>
export type ElbV2ListenerRule = v.InferOutput<typeof listenerRuleSchema>
