/**
 * valibot schema of one container (`app`, each sidecar): every hako field plus the ECS container
 * fields hako drops, in the snake_case users write. Defaults live here so builders need none.
 */
import * as v from 'valibot'

import {between, envMap, int, mapOf, nonNegative, port, strings} from './schema-parts.js'

/** Docker keeps 6 MiB for a container; ECS refuses less (ContainerDefinition `memory`). */
const containerMemory = () => v.pipe(int(), v.minValue(6, 'must be at least 6 (MiB): Docker reserves 6 MiB for a container'))
/** hako's own examples write `TCP`: any case is taken and sent in the lower case ECS documents (lenient.ts warns). */
const protocol = v.pipe(
  v.string(),
  v.transform((value) => value.toLowerCase()),
  v.picklist(['tcp', 'udp']),
)
const nonEmpty = () => v.pipe(v.string(), v.minLength(1, 'must not be empty'))

/** As in hako, env values must be strings (numbers are the usual mistake). */
const envValue = v.string((issue) => `must be a string but got ${issue.input === null ? 'null' : typeof issue.input} ${JSON.stringify(issue.input)}`)

export const secretSchema = v.strictObject({name: v.string(), value_from: v.string()})

export const portMappingSchema = v.strictObject({
  container_port: port(),
  /** 0 (or none) under bridge: a dynamic host port. */
  host_port: v.optional(between(0, 65535)),
  protocol: v.optional(protocol, 'tcp'),
  name: v.optional(v.string()),
  app_protocol: v.optional(v.picklist(['http', 'http2', 'grpc'])),
  container_port_range: v.optional(v.string()),
})

export const mountPointSchema = v.strictObject({
  source_volume: v.string(),
  container_path: v.string(),
  read_only: v.optional(v.boolean(), false),
})

export const volumeFromSchema = v.strictObject({
  source_container: v.string(),
  read_only: v.optional(v.boolean(), false),
})

export const dependsOnSchema = v.strictObject({
  container_name: v.string(),
  condition: v.picklist(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']),
})

export const logConfigurationSchema = v.strictObject({
  log_driver: v.string(),
  options: v.optional(mapOf(v.string(), "{'awslogs-group': 'app'}")),
  secret_options: v.optional(v.array(secretSchema)),
})

/** Ranges of the ECS HealthCheck API reference (seconds, and retries). */
export const healthCheckSchema = v.strictObject({
  command: v.pipe(strings(), v.minLength(1, 'must not be empty')),
  interval: v.optional(between(5, 300), 30),
  retries: v.optional(between(1, 10), 3),
  timeout: v.optional(between(2, 60), 5),
  start_period: v.optional(between(0, 300)),
})

export const linuxParametersSchema = v.strictObject({
  capabilities: v.optional(v.strictObject({add: v.optional(strings(), []), drop: v.optional(strings(), [])})),
  devices: v.optional(
    v.array(
      v.strictObject({
        host_path: v.string(),
        container_path: v.optional(v.string()),
        permissions: v.optional(v.array(v.picklist(['read', 'write', 'mknod'])), []),
      }),
    ),
  ),
  init_process_enabled: v.optional(v.boolean()),
  shared_memory_size: v.optional(nonNegative()),
  tmpfs: v.optional(
    v.array(
      v.strictObject({
        container_path: v.string(),
        mount_options: v.optional(strings(), []),
        size: nonNegative(),
      }),
    ),
  ),
  max_swap: v.optional(nonNegative()),
  swappiness: v.optional(v.pipe(int(), v.minValue(0), v.maxValue(100))),
})

export const containerSchema = v.strictObject({
  /** app: repository, the tag comes from `tag` / `--tag`. */
  image: v.optional(nonEmpty()),
  tag: v.optional(nonEmpty()),
  /** sidecars: the full image reference, used verbatim. */
  image_tag: v.optional(nonEmpty()),
  cpu: v.optional(nonNegative(), 0),
  memory: v.optional(containerMemory()),
  memory_reservation: v.optional(containerMemory()),
  essential: v.optional(v.boolean(), true),
  links: v.optional(strings(), []),
  env: v.optional(envMap(envValue), {}),
  secrets: v.optional(v.array(secretSchema)),
  port_mappings: v.optional(v.array(portMappingSchema), []),
  docker_labels: v.optional(mapOf(v.string(), "{'com.example.team': 'web'}"), {}),
  mount_points: v.optional(v.array(mountPointSchema), []),
  volumes_from: v.optional(v.array(volumeFromSchema), []),
  depends_on: v.optional(v.array(dependsOnSchema)),
  command: v.optional(strings()),
  entry_point: v.optional(strings()),
  user: v.optional(v.string()),
  privileged: v.optional(v.boolean(), false),
  log_configuration: v.optional(logConfigurationSchema),
  health_check: v.optional(healthCheckSchema),
  ulimits: v.optional(v.array(v.strictObject({name: v.string(), soft_limit: int(), hard_limit: int()}))),
  extra_hosts: v.optional(v.array(v.strictObject({hostname: v.string(), ip_address: v.string()}))),
  linux_parameters: v.optional(linuxParametersSchema),
  readonly_root_filesystem: v.optional(v.boolean()),
  docker_security_options: v.optional(strings()),
  system_controls: v.optional(v.array(v.strictObject({namespace: v.string(), value: v.string()}))),
  repository_credentials: v.optional(v.strictObject({credentials_parameter: v.string()})),
  resource_requirements: v.optional(v.array(v.strictObject({type: v.picklist(['GPU', 'InferenceAccelerator']), value: v.string()}))),
  firelens_configuration: v.optional(
    v.strictObject({
      type: v.picklist(['fluentd', 'fluentbit']),
      options: v.optional(mapOf(v.string(), "{Name: 'cloudwatch'}")),
    }),
  ),
  // ECS container fields hako silently drops; accepted and sent here.
  working_directory: v.optional(v.string()),
  hostname: v.optional(v.string()),
  start_timeout: v.optional(nonNegative()),
  stop_timeout: v.optional(nonNegative()),
  environment_files: v.optional(v.array(v.strictObject({value: v.string(), type: v.literal('s3')}))),
  dns_servers: v.optional(strings()),
  dns_search_domains: v.optional(strings()),
  disable_networking: v.optional(v.boolean()),
  interactive: v.optional(v.boolean()),
  pseudo_terminal: v.optional(v.boolean()),
  credential_specs: v.optional(strings()),
  version_consistency: v.optional(v.picklist(['enabled', 'disabled'])),
  restart_policy: v.optional(
    v.strictObject({
      enabled: v.boolean(),
      ignored_exit_codes: v.optional(v.array(int())),
      restart_attempt_period: v.optional(v.pipe(int(), v.minValue(60), v.maxValue(1800))),
    }),
  ),
})

export type ContainerSpec = v.InferOutput<typeof containerSchema>
