/**
 * Definition + containers → RegisterTaskDefinition input. snake_case → camelCase is spelled out
 * field by field so the compiler checks every name against the SDK.
 */
import type {ContainerDefinition, LinuxParameters, OSFamily, RegisterTaskDefinitionCommandInput, Tag, Volume} from '@aws-sdk/client-ecs'

import type {Container, Definition, VolumeSpec} from '../definition/types.js'
import {omitUndefined} from './omit-undefined.js'

/**
 * Task-definition tag recording the tool version, sent only beside the definition's own tags;
 * the canonicaliser ignores it for change detection.
 */
export const VERSION_TAG_KEY = 'hako:version'

export interface TaskDefinitionApp {
  appId: string
  definition: Definition
  containers: Container[]
}

export interface TaskDefinitionOptions {
  /** Default: the app id (oneshot passes `<app>-oneshot`). */
  family?: string
  toolVersion?: string
}

export function buildTaskDefinition(app: TaskDefinitionApp, options: TaskDefinitionOptions = {}): RegisterTaskDefinitionCommandInput {
  const s = app.definition.scheduler
  const tags = buildTags(s.tags, options.toolVersion)
  return omitUndefined({
    family: options.family ?? app.appId,
    taskRoleArn: s.task_role_arn,
    executionRoleArn: s.execution_role_arn,
    networkMode: s.network_mode,
    pidMode: s.pid_mode,
    ipcMode: s.ipc_mode,
    cpu: s.cpu,
    memory: s.memory,
    ephemeralStorage: s.ephemeral_storage && {sizeInGiB: s.ephemeral_storage.size_in_gi_b},
    requiresCompatibilities: s.requires_compatibilities,
    runtimePlatform: s.runtime_platform && {
      cpuArchitecture: s.runtime_platform.cpu_architecture,
      operatingSystemFamily: s.runtime_platform.operating_system_family as OSFamily | undefined,
    },
    volumes: buildVolumes(app.definition.volumes),
    containerDefinitions: app.containers.map(buildContainerDefinition),
    tags,
  })
}

/**
 * Tags on RegisterTaskDefinition make AWS authorise `ecs:TagResource` as well, which roles made
 * for hako lack; so a definition without `scheduler.tags` sends none at all, not even the version
 * tag (docs/hako-compatibility.md, "Deploy").
 */
export function buildTags(own: Record<string, string>, toolVersion: string | undefined): Tag[] | undefined {
  const tags: Tag[] = Object.entries(own).map(([key, value]) => ({key, value}))
  if (tags.length === 0) return undefined
  if (toolVersion !== undefined) tags.push({key: VERSION_TAG_KEY, value: toolVersion})
  return tags
}

/** As in hako: docker volume, else EFS, else a host volume (no source path = task-scoped). */
export function buildVolumes(volumes: Record<string, VolumeSpec>): Volume[] {
  return Object.entries(volumes).map(([name, spec]): Volume => {
    const docker = spec.docker_volume_configuration
    if (docker) {
      return {
        name,
        dockerVolumeConfiguration: {
          autoprovision: docker.autoprovision,
          driver: docker.driver,
          driverOpts: docker.driver_opts,
          labels: docker.labels,
          scope: docker.scope,
        },
      }
    }
    const efs = spec.efs_volume_configuration
    if (efs) {
      return {
        name,
        efsVolumeConfiguration: {
          fileSystemId: efs.file_system_id,
          rootDirectory: efs.root_directory,
          transitEncryption: efs.transit_encryption,
          transitEncryptionPort: efs.transit_encryption_port,
          authorizationConfig: efs.authorization_config && {
            accessPointId: efs.authorization_config.access_point_id,
            iam: efs.authorization_config.iam,
          },
        },
      }
    }
    return {name, host: spec.source_path === undefined ? {} : {sourcePath: spec.source_path}}
  })
}

export function buildContainerDefinition(c: Container): ContainerDefinition {
  return {
    name: c.name,
    image: c.image,
    cpu: c.cpu,
    memory: c.memory,
    memoryReservation: c.memory_reservation,
    essential: c.essential,
    links: c.links,
    portMappings: c.port_mappings.map((m) => ({
      containerPort: m.container_port,
      hostPort: m.host_port,
      protocol: m.protocol,
      name: m.name,
      appProtocol: m.app_protocol,
      containerPortRange: m.container_port_range,
    })),
    environment: Object.entries(c.env).map(([name, value]) => ({name, value})),
    environmentFiles: c.environment_files?.map((f) => ({value: f.value, type: f.type})),
    secrets: c.secrets?.map((s) => ({name: s.name, valueFrom: s.value_from})),
    dockerLabels: c.docker_labels,
    mountPoints: c.mount_points.map((m) => ({sourceVolume: m.source_volume, containerPath: m.container_path, readOnly: m.read_only})),
    volumesFrom: c.volumes_from.map((f) => ({sourceContainer: f.source_container, readOnly: f.read_only})),
    dependsOn: c.depends_on?.map((d) => ({containerName: d.container_name, condition: d.condition})),
    command: c.command,
    entryPoint: c.entry_point,
    user: c.user,
    privileged: c.privileged,
    logConfiguration: c.log_configuration && {
      logDriver: c.log_configuration.log_driver as NonNullable<ContainerDefinition['logConfiguration']>['logDriver'],
      options: c.log_configuration.options,
      secretOptions: c.log_configuration.secret_options?.map((s) => ({name: s.name, valueFrom: s.value_from})),
    },
    healthCheck: c.health_check && {
      command: c.health_check.command,
      interval: c.health_check.interval,
      retries: c.health_check.retries,
      timeout: c.health_check.timeout,
      startPeriod: c.health_check.start_period,
    },
    ulimits: c.ulimits?.map((u) => ({
      name: u.name as NonNullable<ContainerDefinition['ulimits']>[number]['name'],
      softLimit: u.soft_limit,
      hardLimit: u.hard_limit,
    })),
    extraHosts: c.extra_hosts?.map((h) => ({hostname: h.hostname, ipAddress: h.ip_address})),
    linuxParameters: c.linux_parameters && buildLinuxParameters(c.linux_parameters),
    readonlyRootFilesystem: c.readonly_root_filesystem,
    dockerSecurityOptions: c.docker_security_options,
    systemControls: c.system_controls?.map((s) => ({namespace: s.namespace, value: s.value})),
    repositoryCredentials: c.repository_credentials && {credentialsParameter: c.repository_credentials.credentials_parameter},
    resourceRequirements: c.resource_requirements?.map((r) => ({type: r.type, value: r.value})),
    firelensConfiguration: c.firelens_configuration && {type: c.firelens_configuration.type, options: c.firelens_configuration.options},
    workingDirectory: c.working_directory,
    hostname: c.hostname,
    startTimeout: c.start_timeout,
    stopTimeout: c.stop_timeout,
    dnsServers: c.dns_servers,
    dnsSearchDomains: c.dns_search_domains,
    disableNetworking: c.disable_networking,
    interactive: c.interactive,
    pseudoTerminal: c.pseudo_terminal,
    credentialSpecs: c.credential_specs,
    versionConsistency: c.version_consistency,
    restartPolicy: c.restart_policy && {
      enabled: c.restart_policy.enabled,
      ignoredExitCodes: c.restart_policy.ignored_exit_codes,
      restartAttemptPeriod: c.restart_policy.restart_attempt_period,
    },
  }
}

function buildLinuxParameters(p: NonNullable<Container['linux_parameters']>): LinuxParameters {
  return {
    capabilities: p.capabilities && {add: p.capabilities.add, drop: p.capabilities.drop},
    devices: p.devices?.map((d) => ({hostPath: d.host_path, containerPath: d.container_path, permissions: d.permissions})),
    initProcessEnabled: p.init_process_enabled,
    sharedMemorySize: p.shared_memory_size,
    tmpfs: p.tmpfs?.map((t) => ({containerPath: t.container_path, size: t.size, mountOptions: t.mount_options})),
    maxSwap: p.max_swap,
    swappiness: p.swappiness,
  }
}
