/** valibot schema of `scheduler` (hako §3, EC2 and Fargate), snake_case as users write it. */
import * as v from 'valibot'

import {classicElbSchema} from '../elb-classic/schema.js'
import {elbV2Schema} from '../elb/schema.js'

const int = () => v.pipe(v.number(), v.integer())
const nonNegative = () => v.pipe(v.number(), v.integer(), v.minValue(0))
const strings = () => v.array(v.string())

/** ECS returns task cpu/memory as strings; numbers are accepted and normalised so they compare equal. */
const cpuOrMemory = () => v.pipe(v.union([v.string(), v.number()]), v.transform(String))
/** Tag values are stringified as hako does. */
const tagValue = v.pipe(v.union([v.string(), v.number(), v.boolean()]), v.transform(String))

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
  predefined_metric_type: v.picklist([
    'ECSServiceAverageCPUUtilization',
    'ECSServiceAverageMemoryUtilization',
    'ALBRequestCountPerTarget',
  ]),
  scale_out_cooldown: v.optional(nonNegative()),
  scale_in_cooldown: v.optional(nonNegative()),
  disable_scale_in: v.optional(v.boolean()),
})

/** `policy_type` defaults to StepScaling (hako §8.1); filled in before the variant picks the branch. */
const scalingPolicySchema = v.pipe(
  v.unknown(),
  v.transform((input) =>
    typeof input === 'object' && input !== null && !Array.isArray(input) && !('policy_type' in input)
      ? {...input, policy_type: 'StepScaling'}
      : input,
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
  container_port: v.optional(int()),
  port: v.optional(int()),
  service: v.strictObject({
    name: v.string(),
    namespace_id: v.string(),
    description: v.optional(v.string()),
    dns_config: v.strictObject({
      dns_records: v.array(
        v.strictObject({type: v.picklist(['A', 'AAAA', 'SRV', 'CNAME']), ttl: nonNegative()}),
      ),
      routing_policy: v.optional(v.picklist(['MULTIVALUE', 'WEIGHTED']), 'MULTIVALUE'),
      namespace_id: v.optional(v.string()),
    }),
    health_check_custom_config: v.optional(
      v.strictObject({failure_threshold: v.optional(v.pipe(int(), v.minValue(1)))}),
    ),
  }),
})

export const deploymentConfigurationSchema = v.strictObject({
  maximum_percent: v.optional(nonNegative()),
  minimum_healthy_percent: v.optional(nonNegative()),
  deployment_circuit_breaker: v.optional(
    v.strictObject({enable: v.boolean(), rollback: v.optional(v.boolean(), false)}),
  ),
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
  cluster: v.optional(v.string(), 'default'),
  desired_count: v.optional(nonNegative()),
  role: v.optional(v.string()),
  task_role_arn: v.optional(v.string()),
  execution_role_arn: v.optional(v.string()),
  network_mode: v.optional(v.picklist(['bridge', 'host', 'awsvpc', 'none'])),
  pid_mode: v.optional(v.picklist(['host', 'task'])),
  ipc_mode: v.optional(v.picklist(['host', 'task', 'none'])),
  cpu: v.optional(cpuOrMemory()),
  memory: v.optional(cpuOrMemory()),
  ephemeral_storage: v.optional(v.strictObject({size_in_gi_b: v.pipe(int(), v.minValue(21), v.maxValue(200))})),
  requires_compatibilities: v.optional(v.array(v.picklist(['EC2', 'FARGATE', 'EXTERNAL']))),
  runtime_platform: v.optional(
    v.strictObject({
      cpu_architecture: v.optional(v.picklist(['X86_64', 'ARM64'])),
      operating_system_family: v.optional(v.string()),
    }),
  ),
  tags: v.optional(v.record(v.string(), tagValue), {}),
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
  placement_constraints: v.optional(
    v.array(
      v.strictObject({type: v.picklist(['distinctInstance', 'memberOf']), expression: v.optional(v.string())}),
    ),
    [],
  ),
  placement_strategy: v.optional(
    v.array(v.strictObject({type: v.picklist(['random', 'spread', 'binpack']), field: v.optional(v.string())})),
    [],
  ),
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
