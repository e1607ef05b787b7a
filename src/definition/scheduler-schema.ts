/** valibot schema of `scheduler` (EC2 and Fargate), snake_case as users write it. */
import * as v from 'valibot'

import {classicElbSchema} from '../elb-classic/schema.js'
import {elbV2Schema} from '../elb/schema.js'
import {cpuUnits, memoryMiB} from './fargate-sizes.js'
import {between, int, mapOf, nonNegative, port, strings} from './schema-parts.js'

/**
 * ECS takes task cpu/memory as numbers of units or with a unit (`'1 vCPU'`, `'2 GB'`) and returns
 * the units as a string; the same is done here so a definition compares equal to what ECS holds.
 */
const taskSize = (read: (value: string) => number | undefined, forms: string) =>
  v.pipe(
    v.union([v.string(), v.number()]),
    v.transform(String),
    v.check(
      (value) => read(value) !== undefined,
      (issue) => `must be ${forms} but got ${JSON.stringify(issue.input)}`,
    ),
    v.transform((value) => String(read(value))),
  )
/** Tag values are stringified as hako does. */
const tagValue = v.pipe(v.union([v.string(), v.number(), v.boolean()]), v.transform(String))
/** ECS cluster names (CreateCluster): 1 to 255 letters, digits, hyphens, underscores; or the cluster's ARN. */
const clusterName = v.pipe(
  v.string(),
  v.regex(
    /^(?:[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255})$/,
    (issue) => `must be a cluster name of 1 to 255 letters, digits, hyphens and underscores (or a cluster ARN) but got ${JSON.stringify(issue.input)}`,
  ),
)

const stepScalingSchema = v.strictObject({
  policy_type: v.literal('StepScaling'),
  alarms: v.pipe(strings(), v.minLength(1, 'must name at least one alarm')),
  cooldown: nonNegative(),
  adjustment_type: v.picklist(['ChangeInCapacity', 'ExactCapacity', 'PercentChangeInCapacity']),
  scaling_adjustment: int(),
  metric_aggregation_type: v.picklist(['Average', 'Minimum', 'Maximum']),
  metric_interval_lower_bound: v.optional(v.number()),
  metric_interval_upper_bound: v.optional(v.number()),
  min_adjustment_magnitude: v.optional(int()),
})

const targetTrackingSchema = v.strictObject({
  policy_type: v.literal('TargetTrackingScaling'),
  name: v.string(),
  target_value: v.number(),
  predefined_metric_type: v.picklist(['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget']),
  scale_out_cooldown: v.optional(nonNegative()),
  scale_in_cooldown: v.optional(nonNegative()),
  disable_scale_in: v.optional(v.boolean()),
})

/** `policy_type` defaults to StepScaling; filled in before the variant picks the branch. */
const scalingPolicySchema = v.pipe(
  v.unknown(),
  v.transform((input) =>
    typeof input === 'object' && input !== null && !Array.isArray(input) && !('policy_type' in input) ? {...input, policy_type: 'StepScaling'} : input,
  ),
  v.variant('policy_type', [stepScalingSchema, targetTrackingSchema]),
)

export const autoscalingSchema = v.strictObject({
  role_arn: v.optional(v.string()),
  min_capacity: nonNegative(),
  max_capacity: nonNegative(),
  policies: v.array(scalingPolicySchema),
})

export const serviceDiscoverySchema = v.strictObject({
  container_name: v.optional(v.string()),
  container_port: v.optional(port()),
  port: v.optional(port()),
  service: v.strictObject({
    name: v.string(),
    namespace_id: v.string(),
    description: v.optional(v.string()),
    dns_config: v.strictObject({
      dns_records: v.array(v.strictObject({type: v.picklist(['A', 'AAAA', 'SRV', 'CNAME']), ttl: nonNegative()})),
      routing_policy: v.optional(v.picklist(['MULTIVALUE', 'WEIGHTED']), 'MULTIVALUE'),
      namespace_id: v.optional(v.string()),
    }),
    health_check_custom_config: v.optional(v.strictObject({failure_threshold: v.optional(v.pipe(int(), v.minValue(1)))})),
  }),
})

export const deploymentConfigurationSchema = v.strictObject({
  /** ECS DeploymentConfiguration: a rolling deployment may not go below the desired count's 100%. */
  maximum_percent: v.optional(
    v.pipe(
      int(),
      v.minValue(100, (issue) => `must be at least 100 but got ${issue.input as number} (lower minimum_healthy_percent to replace tasks in place)`),
    ),
  ),
  minimum_healthy_percent: v.optional(between(0, 100)),
  deployment_circuit_breaker: v.optional(v.strictObject({enable: v.boolean(), rollback: v.optional(v.boolean(), false)})),
  alarms: v.optional(
    v.strictObject({
      alarm_names: strings(),
      enable: v.optional(v.boolean(), true),
      rollback: v.optional(v.boolean(), false),
    }),
  ),
})

export const ecsSchedulerSchema = v.strictObject({
  type: v.literal('ecs'),
  region: v.pipe(v.string(), v.minLength(1, 'must be set')),
  cluster: v.optional(clusterName, 'default'),
  desired_count: v.optional(nonNegative()),
  role: v.optional(v.string()),
  task_role_arn: v.optional(v.string()),
  execution_role_arn: v.optional(v.string()),
  network_mode: v.optional(v.picklist(['bridge', 'host', 'awsvpc', 'none'])),
  pid_mode: v.optional(v.picklist(['host', 'task'])),
  ipc_mode: v.optional(v.picklist(['host', 'task', 'none'])),
  cpu: v.optional(taskSize(cpuUnits, "CPU units ('256', 1024) or vCPUs ('1 vCPU')")),
  memory: v.optional(taskSize(memoryMiB, "MiB ('512', 2048) or GB ('2 GB')")),
  /** RegisterTaskDefinition EphemeralStorage: 21 to 200 GiB. */
  ephemeral_storage: v.optional(v.strictObject({size_in_gi_b: between(21, 200)})),
  requires_compatibilities: v.optional(v.array(v.picklist(['EC2', 'FARGATE', 'EXTERNAL']))),
  runtime_platform: v.optional(
    v.strictObject({
      cpu_architecture: v.optional(v.picklist(['X86_64', 'ARM64'])),
      operating_system_family: v.optional(v.string()),
    }),
  ),
  tags: v.optional(mapOf(tagValue, "{team: 'web'}"), {}),
  launch_type: v.optional(v.picklist(['EC2', 'FARGATE', 'EXTERNAL'])),
  capacity_provider_strategy: v.optional(
    v.array(
      v.strictObject({
        capacity_provider: v.string(),
        weight: v.optional(nonNegative()),
        base: v.optional(nonNegative()),
      }),
    ),
  ),
  platform_version: v.optional(v.string()),
  network_configuration: v.optional(
    v.strictObject({
      awsvpc_configuration: v.strictObject({
        subnets: v.pipe(strings(), v.minLength(1, 'must name at least one subnet')),
        security_groups: v.optional(strings()),
        assign_public_ip: v.optional(v.picklist(['ENABLED', 'DISABLED'])),
      }),
    }),
  ),
  deployment_configuration: v.optional(deploymentConfigurationSchema),
  placement_constraints: v.optional(v.array(v.strictObject({type: v.picklist(['distinctInstance', 'memberOf']), expression: v.optional(v.string())})), []),
  placement_strategy: v.optional(v.array(v.strictObject({type: v.picklist(['random', 'spread', 'binpack']), field: v.optional(v.string())})), []),
  scheduling_strategy: v.optional(v.picklist(['REPLICA', 'DAEMON'])),
  health_check_grace_period_seconds: v.optional(nonNegative()),
  dynamic_port_mapping: v.optional(v.boolean()),
  elb: v.optional(classicElbSchema),
  elb_v2: v.optional(elbV2Schema),
  autoscaling: v.optional(autoscalingSchema),
  service_discovery: v.optional(v.array(serviceDiscoverySchema)),
  enable_execute_command: v.optional(v.boolean(), false),
  autoscaling_group_for_oneshot: v.optional(v.string()),
  autoscaling_topic_for_oneshot: v.optional(v.string()),
  oneshot_notification_prefix: v.optional(v.pipe(v.string(), v.startsWith('s3://', 'must start with s3://'))),
})

/** `type` selects the scheduler; `ecs` is the only one. */
export const schedulerSchema = v.variant('type', [ecsSchedulerSchema])
