/**
 * `scheduler.service_discovery`: the Cloud Map services an ECS service registers its
 * tasks in. Each is created when missing and updated (description, DNS records) when it differs;
 * what Cloud Map cannot change is reported. Dry-run only reads. `hako remove` deletes them once
 * the ECS service is gone (its tasks deregister as they stop, hence the ResourceInUse retries).
 */
import type {ServiceRegistry} from '@aws-sdk/client-ecs'
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  GetNamespaceCommand,
  GetOperationCommand,
  ListServicesCommand,
  type Namespace,
  type ServiceDiscoveryClient,
  type ServiceSummary,
  UpdateServiceCommand,
} from '@aws-sdk/client-servicediscovery'

import type {AwsClients} from '../aws/clients.js'
import type {Clock} from '../clock.js'
import type {Scheduler} from '../definition/types.js'
import {awsCall, HakoError, isAwsError, TimeoutError} from '../errors.js'
import type {Reporter} from '../ui/reporter.js'
import type {ApplyOutputs, PlanAction} from '../plan/types.js'
import {omitUndefined} from './omit-undefined.js'

/** One `scheduler.service_discovery[]` entry, as validated by serviceDiscoverySchema. */
export type ServiceDiscovery = NonNullable<Scheduler['service_discovery']>[number]

export interface ServiceDiscoveryContext {
  clients: AwsClients
  reporter: Reporter
  dryRun: boolean
  clock: Clock
  /** False: plan from the definition alone (no reads). */
  live?: boolean
}

export interface ServiceDiscoveryResult {
  /** For CreateService/UpdateService; a placeholder ARN in dry-run for a service not created yet. */
  registries: ServiceRegistry[]
  /** Changes made, or in dry-run `would …` lines. */
  plan: string[]
}

/** How often and how long an UpdateService operation is polled (Cloud Map takes seconds). */
export const OPERATION_POLL_MS = 5_000
export const OPERATION_POLL_LIMIT = 60
/** hako: up to 10 DeleteService attempts 10 s apart while tasks deregister. */
export const DELETE_ATTEMPTS = 10
export const DELETE_RETRY_MS = 10_000

export const placeholderRegistryArn = (name: string): string => `(new service discovery service ${name})`

async function getNamespace(sd: ServiceDiscoveryClient, id: string): Promise<Namespace> {
  try {
    const out = await awsCall('servicediscovery:GetNamespace', `namespace ${id}`, () => sd.send(new GetNamespaceCommand({Id: id})))
    if (out.Namespace) return out.Namespace
  } catch (error) {
    if (!isAwsError(error, 'NamespaceNotFound')) throw error
  }
  throw new HakoError(`Service discovery namespace ${id} not found`, {
    code: 'service-discovery-namespace-missing',
    hint: 'scheduler.service_discovery[].service.namespace_id must name an existing Cloud Map private DNS namespace in the scheduler region.',
  })
}

/** The namespace's service with that name (ListServices with a NAMESPACE_ID filter, every page). */
export async function findCloudMapService(sd: ServiceDiscoveryClient, namespaceId: string, name: string): Promise<ServiceSummary | undefined> {
  let NextToken: string | undefined
  do {
    const page = await awsCall('servicediscovery:ListServices', `services of namespace ${namespaceId}`, () =>
      sd.send(new ListServicesCommand({Filters: [{Name: 'NAMESPACE_ID', Values: [namespaceId], Condition: 'EQ'}], NextToken})),
    )
    const found = page.Services?.find((s) => s.Name === name)
    if (found) return found
    NextToken = page.NextToken
  } while (NextToken)
  return undefined
}

const recordKey = (records: readonly {Type?: string; TTL?: number}[] | undefined): string =>
  (records ?? [])
    .map((r) => `${r.Type}/${r.TTL}`)
    .sort()
    .join(',')

/** What UpdateService would change (description, DNS records compared unordered), as `old → new` phrases. */
export function serviceDiscoveryChanges(entry: ServiceDiscovery, current: ServiceSummary): string[] {
  const changes: string[] = []
  if ((current.Description ?? undefined) !== entry.service.description) {
    changes.push(`description ${JSON.stringify(current.Description ?? null)} → ${JSON.stringify(entry.service.description ?? null)}`)
  }
  const wanted = entry.service.dns_config.dns_records.map((r) => ({Type: r.type, TTL: r.ttl}))
  if (recordKey(current.DnsConfig?.DnsRecords) !== recordKey(wanted)) {
    changes.push(`dns_records [${recordKey(current.DnsConfig?.DnsRecords)}] → [${recordKey(wanted)}]`)
  }
  return changes
}

function warnUnchangeable(reporter: Reporter, entry: ServiceDiscovery, current: ServiceSummary): void {
  const label = `${entry.service.name} (${current.Id})`
  const routing = entry.service.dns_config.routing_policy
  if (current.DnsConfig?.RoutingPolicy !== undefined && current.DnsConfig.RoutingPolicy !== routing) {
    reporter.warn(
      `Ignoring updated service_discovery.dns_config.routing_policy of ${label}: ${current.DnsConfig.RoutingPolicy} → ${routing}; Cloud Map cannot change it (delete the service to recreate it)`,
    )
  }
  const wanted = entry.service.health_check_custom_config
  const have = current.HealthCheckCustomConfig
  const differs =
    (wanted === undefined) !== (have === undefined) || (wanted?.failure_threshold !== undefined && wanted.failure_threshold !== have?.FailureThreshold)
  if (differs) {
    reporter.warn(
      `Ignoring updated service_discovery.health_check_custom_config of ${label}: ${JSON.stringify(have ?? null)} → ${JSON.stringify(wanted ?? null)}; Cloud Map cannot change it`,
    )
  }
}

/** Polls GetOperation on the clock until SUCCESS; FAIL or no end in sight is an error naming the operation. */
async function waitForOperation(sd: ServiceDiscoveryClient, clock: Clock, operationId: string, what: string): Promise<void> {
  for (let attempt = 0; attempt < OPERATION_POLL_LIMIT; attempt += 1) {
    const out = await awsCall('servicediscovery:GetOperation', `operation ${operationId} (${what})`, () =>
      sd.send(new GetOperationCommand({OperationId: operationId})),
    )
    const operation = out.Operation
    if (operation?.Status === 'SUCCESS') return
    if (operation?.Status === 'FAIL') {
      throw new HakoError(`Cloud Map operation ${operationId} (${what}) failed: ${operation.ErrorCode ?? '?'}: ${operation.ErrorMessage ?? ''}`, {
        code: 'service-discovery-operation-failed',
      })
    }
    await clock.sleep(OPERATION_POLL_MS)
  }
  throw new TimeoutError(`Cloud Map operation ${operationId} (${what}) did not finish within ${(OPERATION_POLL_LIMIT * OPERATION_POLL_MS) / 1000} s`)
}

function createInput(entry: ServiceDiscovery) {
  return omitUndefined({
    Name: entry.service.name,
    NamespaceId: entry.service.namespace_id,
    Description: entry.service.description,
    DnsConfig: {
      NamespaceId: entry.service.dns_config.namespace_id,
      RoutingPolicy: entry.service.dns_config.routing_policy,
      DnsRecords: entry.service.dns_config.dns_records.map((r) => ({Type: r.type, TTL: r.ttl})),
    },
    HealthCheckCustomConfig: entry.service.health_check_custom_config && {FailureThreshold: entry.service.health_check_custom_config.failure_threshold},
  })
}

/** The registry ARN this run will know once the action ran: placeholders are replaced in the outputs. */
function replaceRegistry(outputs: ApplyOutputs, placeholder: string, arn: string): void {
  outputs.serviceRegistries = (outputs.serviceRegistries ?? []).map((r) => (r.registryArn === placeholder ? {...r, registryArn: arn} : r))
}

async function planOne(ctx: ServiceDiscoveryContext, entry: ServiceDiscovery): Promise<{action: PlanAction; registryArn: string}> {
  const sd = ctx.clients.serviceDiscovery
  const {name, namespace_id: namespaceId} = entry.service
  const live = ctx.live ?? true
  const namespace = live ? await getNamespace(sd, namespaceId) : undefined
  if (namespace && namespace.Type !== 'DNS_PRIVATE') {
    throw new HakoError(`ECS only supports registering a service into a private DNS namespace: ${namespace.Name} (${namespaceId})`, {
      code: 'service-discovery-namespace-type',
    })
  }
  const current = live ? await findCloudMapService(sd, namespaceId, name) : undefined
  const base = {kind: 'service-discovery' as const, compared: live, diff: ''}
  if (!current) {
    const placeholder = placeholderRegistryArn(name)
    const action: PlanAction = {
      ...base,
      resource: `${name} in namespace ${namespace?.Name ?? namespaceId}`,
      change: 'create',
      reason: `create service discovery service ${name} in namespace ${namespace?.Name ?? namespaceId} (${namespaceId})`,
      apply: async (outputs) => {
        const input = createInput(entry)
        const created = await awsCall('servicediscovery:CreateService', `service ${name} in namespace ${namespaceId}`, () =>
          sd.send(new CreateServiceCommand(input)),
        ).then(
          (out) => out.Service,
          async (error: unknown) => {
            // A concurrent first deploy created it since we looked: that one is ours too.
            if (!isAwsError(error, 'ServiceAlreadyExists')) throw error
            return findCloudMapService(sd, namespaceId, name)
          },
        )
        if (!created?.Arn) throw new HakoError(`servicediscovery:CreateService service ${name} in namespace ${namespaceId}: the reply has no service ARN`)
        ctx.reporter.info(`Created service discovery service ${name} (${created.Id})`)
        replaceRegistry(outputs, placeholder, created.Arn)
      },
    }
    return {action, registryArn: placeholder}
  }

  warnUnchangeable(ctx.reporter, entry, current)
  const changes = serviceDiscoveryChanges(entry, current)
  const arn = current.Arn ?? ''
  const label = `${name} (${current.Id})`
  if (changes.length === 0) return {action: {...base, resource: label, change: 'none', reason: 'the same'}, registryArn: arn}
  const id = current.Id ?? ''
  const action: PlanAction = {
    ...base,
    resource: label,
    change: 'update',
    reason: `update service discovery service ${label}: ${changes.join(', ')}`,
    apply: async () => {
      const out = await awsCall('servicediscovery:UpdateService', `service ${label}`, () =>
        sd.send(
          new UpdateServiceCommand({
            Id: id,
            Service: omitUndefined({
              Description: entry.service.description,
              DnsConfig: {DnsRecords: entry.service.dns_config.dns_records.map((r) => ({Type: r.type, TTL: r.ttl}))},
            }),
          }),
        ),
      )
      if (out.OperationId) await waitForOperation(sd, ctx.clock, out.OperationId, `update of service discovery service ${label}`)
      ctx.reporter.info(`Updated service discovery service ${label}`)
    },
  }
  return {action, registryArn: arn}
}

export interface ServiceDiscoveryPlan {
  actions: PlanAction[]
  /** For CreateService/UpdateService, with placeholder ARNs for the services this plan creates. */
  registries: ServiceRegistry[]
}

/** Reads each entry's Cloud Map service and plans its creation or update. */
export async function planServiceDiscovery(ctx: ServiceDiscoveryContext, entries: readonly ServiceDiscovery[]): Promise<ServiceDiscoveryPlan> {
  const actions: PlanAction[] = []
  const registries: ServiceRegistry[] = []
  for (const entry of entries) {
    const {action, registryArn} = await planOne(ctx, entry)
    actions.push(action)
    registries.push(omitUndefined({registryArn, containerName: entry.container_name, containerPort: entry.container_port, port: entry.port}))
  }
  return {actions, registries}
}

/** Plan and, unless a dry run, apply at once; returns the ECS `serviceRegistries` (tests, `remove`). */
export async function applyServiceDiscovery(ctx: ServiceDiscoveryContext, entries: readonly ServiceDiscovery[]): Promise<ServiceDiscoveryResult> {
  const planned = await planServiceDiscovery(ctx, entries)
  const plan: string[] = []
  const outputs: ApplyOutputs = {written: [], serviceRegistries: planned.registries.map((r) => ({...r, registryArn: String(r.registryArn)}))}
  for (const action of planned.actions) {
    if (action.change === 'none') continue
    if (ctx.dryRun) {
      plan.push(`would ${action.reason}`)
      continue
    }
    await action.apply?.(outputs)
    plan.push(action.reason.replace(/^create/, 'created').replace(/^update/, 'updated'))
  }
  return {registries: ctx.dryRun ? planned.registries : (outputs.serviceRegistries ?? []), plan}
}

/**
 * Deletes each entry's Cloud Map service. Its instances go as the ECS tasks stop, so
 * ResourceInUse is retried DELETE_ATTEMPTS times, DELETE_RETRY_MS apart on the clock.
 */
export async function removeServiceDiscovery(ctx: ServiceDiscoveryContext, entries: readonly ServiceDiscovery[]): Promise<string[]> {
  const sd = ctx.clients.serviceDiscovery
  const plan: string[] = []
  for (const entry of entries) {
    const {name, namespace_id: namespaceId} = entry.service
    const current = await findCloudMapService(sd, namespaceId, name)
    if (!current?.Id) {
      ctx.reporter.info(`Service discovery service ${name} doesn't exist in namespace ${namespaceId}`)
      continue
    }
    const id = current.Id
    const label = `${name} (${id})`
    if (ctx.dryRun) {
      plan.push(`would delete service discovery service ${label}`)
      continue
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await sd.send(new DeleteServiceCommand({Id: id}))
        break
      } catch (error) {
        if (isAwsError(error, 'ServiceNotFound')) break
        if (!isAwsError(error, 'ResourceInUse') || attempt >= DELETE_ATTEMPTS) {
          throw new HakoError(`Unable to delete service discovery service ${label}: ${(error as Error).name}: ${(error as Error).message}`, {
            code: 'service-discovery-delete-failed',
            cause: error,
            hint: 'Its instances are deregistered as the ECS tasks stop; run `hako remove` again once they have.',
          })
        }
        ctx.reporter.warn(`ResourceInUse: ${(error as Error).message} (attempt ${attempt} of ${DELETE_ATTEMPTS}; retrying in ${DELETE_RETRY_MS / 1000} s)`)
        await ctx.clock.sleep(DELETE_RETRY_MS)
      }
    }
    ctx.reporter.info(`Deleted service discovery service ${label}`)
    plan.push(`deleted service discovery service ${label}`)
  }
  return plan
}
