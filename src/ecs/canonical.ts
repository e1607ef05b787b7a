/**
 * The one canonicaliser. What hako would register (or send to Create/UpdateService) and what AWS
 * describes back are reduced to the same plain JSON tree: registrable fields only, AWS's defaults
 * filled in, null ≡ absent ≡ empty, unordered lists sorted, object keys sorted. "Changed?" is deep
 * equality of two trees and the diff is the text diff of the same two trees, so they cannot
 * disagree. Every default here once caused a perpetual diff in hako or ecspresso.
 */
import {isDeepStrictEqual} from 'node:util'

import {redactionDigest} from '../redaction/redactor.js'
import type {CreateServiceCommandInput, RegisterTaskDefinitionCommandInput, Service, Tag, TaskDefinition, UpdateServiceCommandInput} from '@aws-sdk/client-ecs'

/** A canonical tree: JSON values only, keys sorted, no null/undefined/empty members. */
export type Canonical = string | number | boolean | Canonical[] | {[key: string]: Canonical}
export type CanonicalObject = {[key: string]: Canonical}

/** The tag hako writes on each revision; it changes with every hako release, so it never counts. */
export const VERSION_TAG = 'hako:version'

type Obj = Record<string, unknown>

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

function asObj(value: unknown): Obj | undefined {
  return isObj(value) ? value : undefined
}

function asList(value: unknown): Obj[] {
  return Array.isArray(value) ? value.filter(isObj) : []
}

/** Drops null/undefined/empty arrays/empty objects, sorts object keys, turns Dates into ISO text. */
export function prune(value: unknown): Canonical | undefined {
  if (value === null || value === undefined) return undefined
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v): v is Canonical => v !== undefined)
    return items.length > 0 ? items : undefined
  }
  if (isObj(value)) {
    const out: CanonicalObject = {}
    for (const key of Object.keys(value).sort()) {
      const member = prune(value[key])
      if (member !== undefined) out[key] = member
    }
    return Object.keys(out).length > 0 ? out : undefined
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return String(value)
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Sorts by a text key computed per element (stable; ties keep input order). */
function sortBy<T>(list: T[], key: (item: T) => string): T[] {
  return [...list].sort((a, b) => compareKeys(key(a), key(b)))
}

function sortStrings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  return [...value].map(String).sort(compareKeys)
}

/** `false` and the given default are dropped so an absent flag and an explicit default compare equal. */
function unlessDefault<T>(value: T | undefined | null, defaultValue: T): T | undefined {
  return value === null || value === undefined || value === defaultValue ? undefined : value
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value)
}

// ---------------------------------------------------------------- task definition

const NOT_REGISTRABLE = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
  'tags',
]

/**
 * Task cpu/memory: ECS answers with strings of integers ('256', '512') whatever form was
 * registered (256, '0.25 vCPU', '1 GB'), so every form becomes that string.
 */
export function canonicalTaskSize(value: unknown, unit: 'cpu' | 'memory'): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'number') return String(value)
  const raw = String(value).trim()
  if (/^\d+$/.test(raw)) return String(Number(raw))
  const match = /^(\d+(?:\.\d+)?)\s*(vcpu|gb)$/i.exec(raw)
  if (match && match[2]!.toLowerCase() === (unit === 'cpu' ? 'vcpu' : 'gb')) {
    return String(Math.round(Number(match[1]) * 1024))
  }
  return raw
}

function canonicalPortMappings(value: unknown, networkMode: string): Obj[] {
  const mappings = asList(value).map((m): Obj => {
    const containerPort = m.containerPort as number | undefined
    // awsvpc and host networking force hostPort = containerPort; bridge without one means dynamic (0).
    const hostPort = m.hostPort ?? (containerPort === undefined || m.containerPortRange ? undefined : networkMode === 'bridge' ? 0 : containerPort)
    return {...m, hostPort, protocol: m.protocol ?? 'tcp'}
  })
  return sortBy(mappings, (m) => `${String(m.containerPort ?? m.containerPortRange).padStart(8, '0')}/${text(m.protocol)}/${text(m.hostPort)}`)
}

function canonicalHealthCheck(value: unknown): Obj | undefined {
  const hc = asObj(value)
  if (!hc) return undefined
  return {
    ...hc,
    interval: hc.interval ?? 30,
    timeout: hc.timeout ?? 5,
    retries: hc.retries ?? 3,
    startPeriod: unlessDefault(hc.startPeriod as number | undefined, 0),
  }
}

function canonicalLinuxParameters(value: unknown): Obj | undefined {
  const lp = asObj(value)
  if (!lp) return undefined
  const capabilities = asObj(lp.capabilities)
  return {
    ...lp,
    capabilities: capabilities && {add: sortStrings(capabilities.add), drop: sortStrings(capabilities.drop)},
    devices: sortBy(
      asList(lp.devices).map((d): Obj => ({...d, permissions: sortStrings(d.permissions)})),
      (d) => text(d.hostPath),
    ),
    tmpfs: sortBy(
      asList(lp.tmpfs).map((t): Obj => ({...t, mountOptions: sortStrings(t.mountOptions)})),
      (t) => text(t.containerPath),
    ),
    initProcessEnabled: unlessDefault(lp.initProcessEnabled as boolean | undefined, false),
  }
}

function canonicalLogConfiguration(value: unknown): Obj | undefined {
  const lc = asObj(value)
  if (!lc) return undefined
  return {...lc, secretOptions: sortBy(asList(lc.secretOptions), (s) => text(s.name))}
}

function canonicalRestartPolicy(value: unknown): Obj | undefined {
  const rp = asObj(value)
  if (!rp || rp.enabled !== true) return undefined
  const codes = Array.isArray(rp.ignoredExitCodes) ? [...(rp.ignoredExitCodes as number[])].sort((a, b) => a - b) : undefined
  return {...rp, ignoredExitCodes: codes}
}

function canonicalContainer(container: Obj, networkMode: string): Obj {
  return {
    ...container,
    cpu: container.cpu ?? 0,
    essential: container.essential ?? true,
    links: sortStrings(container.links),
    portMappings: canonicalPortMappings(container.portMappings, networkMode),
    environment: sortBy(asList(container.environment), (e) => text(e.name)),
    secrets: sortBy(asList(container.secrets), (s) => text(s.name)),
    mountPoints: sortBy(
      asList(container.mountPoints).map((m): Obj => ({...m, readOnly: unlessDefault(m.readOnly as boolean | undefined, false)})),
      (m) => `${text(m.containerPath)}\u0000${text(m.sourceVolume)}`,
    ),
    volumesFrom: sortBy(
      asList(container.volumesFrom).map((v): Obj => ({...v, readOnly: unlessDefault(v.readOnly as boolean | undefined, false)})),
      (v) => text(v.sourceContainer),
    ),
    dependsOn: sortBy(asList(container.dependsOn), (d) => text(d.containerName)),
    extraHosts: sortBy(asList(container.extraHosts), (h) => `${text(h.hostname)}\u0000${text(h.ipAddress)}`),
    ulimits: sortBy(asList(container.ulimits), (u) => text(u.name)),
    systemControls: sortBy(asList(container.systemControls), (s) => text(s.namespace)),
    resourceRequirements: sortBy(asList(container.resourceRequirements), (r) => text(r.type)),
    healthCheck: canonicalHealthCheck(container.healthCheck),
    linuxParameters: canonicalLinuxParameters(container.linuxParameters),
    logConfiguration: canonicalLogConfiguration(container.logConfiguration),
    restartPolicy: canonicalRestartPolicy(container.restartPolicy),
    privileged: unlessDefault(container.privileged as boolean | undefined, false),
    readonlyRootFilesystem: unlessDefault(container.readonlyRootFilesystem as boolean | undefined, false),
    disableNetworking: unlessDefault(container.disableNetworking as boolean | undefined, false),
    interactive: unlessDefault(container.interactive as boolean | undefined, false),
    pseudoTerminal: unlessDefault(container.pseudoTerminal as boolean | undefined, false),
    versionConsistency: unlessDefault(container.versionConsistency as string | undefined, 'enabled'),
  }
}

function canonicalVolume(volume: Obj): Obj {
  const docker = asObj(volume.dockerVolumeConfiguration)
  const efs = asObj(volume.efsVolumeConfiguration)
  const auth = asObj(efs?.authorizationConfig)
  return {
    ...volume,
    configuredAtLaunch: unlessDefault(volume.configuredAtLaunch as boolean | undefined, false),
    dockerVolumeConfiguration: docker && {
      ...docker,
      driver: docker.driver ?? 'local',
      scope: docker.scope ?? 'task',
      autoprovision: unlessDefault(docker.autoprovision as boolean | undefined, false),
    },
    efsVolumeConfiguration: efs && {
      ...efs,
      rootDirectory: efs.rootDirectory ?? '/',
      transitEncryption: efs.transitEncryption ?? 'DISABLED',
      authorizationConfig: auth && {...auth, iam: auth.iam ?? 'DISABLED'},
    },
  }
}

/** Tags as a sorted map, without hako's own version tag. */
export function canonicalTags(tags: Tag[] | undefined): Obj | undefined {
  if (!tags) return undefined
  const out: Obj = {}
  for (const tag of sortBy(tags, (t) => text(t.key))) {
    if (tag.key === undefined || tag.key === VERSION_TAG) continue
    out[tag.key] = text(tag.value)
  }
  return out
}

/**
 * The comparable tree of a task definition: what we would register, or what
 * DescribeTaskDefinition returned (pass its `tags` alongside, as DescribeTaskDefinition returns
 * them beside the definition).
 */
export function canonicalTaskDefinition(definition: RegisterTaskDefinitionCommandInput | TaskDefinition, tags?: Tag[]): CanonicalObject {
  const source: Obj = {...(definition as Obj)}
  const ownTags = (definition as RegisterTaskDefinitionCommandInput).tags
  for (const key of NOT_REGISTRABLE) delete source[key]
  const networkMode = text(source.networkMode) || 'bridge'
  const runtime = asObj(source.runtimePlatform)
  const proxy = asObj(source.proxyConfiguration)
  const storage = asObj(source.ephemeralStorage)
  const tree: Obj = {
    ...source,
    networkMode,
    cpu: canonicalTaskSize(source.cpu, 'cpu'),
    memory: canonicalTaskSize(source.memory, 'memory'),
    containerDefinitions: sortBy(
      asList(source.containerDefinitions).map((c) => canonicalContainer(c, networkMode)),
      (c) => text(c.name),
    ),
    volumes: sortBy(asList(source.volumes).map(canonicalVolume), (v) => text(v.name)),
    placementConstraints: sortBy(asList(source.placementConstraints), (p) => `${text(p.type)}\u0000${text(p.expression)}`),
    requiresCompatibilities: sortStrings(source.requiresCompatibilities),
    inferenceAccelerators: sortBy(asList(source.inferenceAccelerators), (i) => text(i.deviceName)),
    proxyConfiguration: proxy && {
      ...proxy,
      type: proxy.type ?? 'APPMESH',
      properties: sortBy(asList(proxy.properties), (p) => text(p.name)),
    },
    // Absent means Linux on x86-64 and 20 GiB of ephemeral storage; spelling them out changes nothing.
    runtimePlatform: {
      operatingSystemFamily: runtime?.operatingSystemFamily ?? 'LINUX',
      cpuArchitecture: runtime?.cpuArchitecture ?? 'X86_64',
    },
    ephemeralStorage: {sizeInGiB: storage?.sizeInGiB ?? 20},
    enableFaultInjection: unlessDefault(source.enableFaultInjection as boolean | undefined, false),
    tags: canonicalTags(tags ?? ownTags),
  }
  return (prune(tree) ?? {}) as CanonicalObject
}

export function isSameTaskDefinition(
  a: RegisterTaskDefinitionCommandInput | TaskDefinition,
  b: RegisterTaskDefinitionCommandInput | TaskDefinition,
  tags: {a?: Tag[]; b?: Tag[]} = {},
): boolean {
  return isDeepStrictEqual(canonicalTaskDefinition(a, tags.a), canonicalTaskDefinition(b, tags.b))
}

// ---------------------------------------------------------------- service

export type ServiceShape = CreateServiceCommandInput | UpdateServiceCommandInput | Service

export interface CanonicalServiceOptions {
  /**
   * DAEMON services default to 100 % / 0 % instead of 200 % / 100 %. Taken from the input's
   * `schedulingStrategy` when it has one (an UpdateService input has none).
   */
  daemon?: boolean
}

function canonicalDeploymentConfiguration(value: unknown, daemon: boolean): Obj {
  const dc = asObj(value) ?? {}
  const breaker = asObj(dc.deploymentCircuitBreaker)
  const alarms = asObj(dc.alarms)
  const alarmNames = sortStrings(alarms?.alarmNames)
  return {
    maximumPercent: dc.maximumPercent ?? (daemon ? 100 : 200),
    minimumHealthyPercent: dc.minimumHealthyPercent ?? (daemon ? 0 : 100),
    deploymentCircuitBreaker: {enable: breaker?.enable ?? false, rollback: breaker?.rollback ?? false},
    alarms:
      alarms && (alarms.enable === true || (alarmNames?.length ?? 0) > 0)
        ? {alarmNames, enable: alarms.enable ?? false, rollback: alarms.rollback ?? false}
        : undefined,
  }
}

function canonicalNetworkConfiguration(value: unknown): Obj | undefined {
  const awsvpc = asObj(asObj(value)?.awsvpcConfiguration)
  if (!awsvpc) return undefined
  return {
    awsvpcConfiguration: {
      subnets: sortStrings(awsvpc.subnets),
      securityGroups: sortStrings(awsvpc.securityGroups),
      assignPublicIp: awsvpc.assignPublicIp ?? 'DISABLED',
    },
  }
}

/** The service parameters hako compares, plus the circuit breaker and the load balancers. */
export function canonicalService(service: ServiceShape, options: CanonicalServiceOptions = {}): CanonicalObject {
  const s = service as Obj
  const daemon = options.daemon ?? s.schedulingStrategy === 'DAEMON'
  const tree: Obj = {
    taskDefinition: s.taskDefinition,
    desiredCount: s.desiredCount,
    deploymentConfiguration: canonicalDeploymentConfiguration(s.deploymentConfiguration, daemon),
    capacityProviderStrategy: sortBy(
      asList(s.capacityProviderStrategy).map((c) => ({capacityProvider: c.capacityProvider, weight: c.weight ?? 0, base: c.base ?? 0})),
      (c) => text(c.capacityProvider),
    ),
    platformVersion: s.platformVersion ?? 'LATEST',
    networkConfiguration: canonicalNetworkConfiguration(s.networkConfiguration),
    healthCheckGracePeriodSeconds: unlessDefault(s.healthCheckGracePeriodSeconds as number | undefined, 0),
    enableExecuteCommand: s.enableExecuteCommand ?? false,
    placementConstraints: sortBy(
      asList(s.placementConstraints).map((p) => ({type: p.type, expression: p.expression})),
      (p) => `${text(p.type)}\u0000${text(p.expression)}`,
    ),
    // Order matters: ECS applies the strategies in sequence.
    placementStrategy: asList(s.placementStrategy).map((p) => ({type: p.type, field: p.field})),
    serviceRegistries: sortBy(
      asList(s.serviceRegistries).map((r) => ({registryArn: r.registryArn, port: r.port, containerName: r.containerName, containerPort: r.containerPort})),
      (r) => `${text(r.registryArn)}\u0000${text(r.containerName)}\u0000${text(r.containerPort)}`,
    ),
    loadBalancers: sortBy(
      asList(s.loadBalancers).map((l) => ({
        targetGroupArn: l.targetGroupArn,
        loadBalancerName: l.loadBalancerName,
        containerName: l.containerName,
        containerPort: l.containerPort,
      })),
      (l) => `${text(l.targetGroupArn ?? l.loadBalancerName)}\u0000${text(l.containerName)}\u0000${text(l.containerPort)}`,
    ),
  }
  return (prune(tree) ?? {}) as CanonicalObject
}

export function isSameService(a: ServiceShape, b: ServiceShape, options: CanonicalServiceOptions = {}): boolean {
  return isDeepStrictEqual(canonicalService(a, options), canonicalService(b, options))
}

// ---------------------------------------------------------------- redaction for display

/**
 * Replaces the values of the named environment variables (those filled from env providers, which
 * often hold credentials) by a short digest, so a diff still shows *that* they changed without
 * showing them. Equal values give equal digests, so the diff stays empty exactly when equal.
 */
export function redactEnvironment(tree: CanonicalObject, names: ReadonlySet<string>): CanonicalObject {
  if (names.size === 0) return tree
  const containers = tree.containerDefinitions
  if (!Array.isArray(containers)) return tree
  return {
    ...tree,
    containerDefinitions: containers.map((c) => {
      if (!isObj(c) || !Array.isArray(c.environment)) return c
      const environment = (c.environment as CanonicalObject[]).map((e) =>
        typeof e.name === 'string' && names.has(e.name) && e.value !== undefined ? {...e, value: `(redacted ${digest(String(e.value))})`} : e,
      )
      return {...(c as CanonicalObject), environment}
    }),
  }
}

// The run's key (src/redaction): a value hidden here and in a message gets the same digest.
const digest = (value: string): string => redactionDigest(value)
