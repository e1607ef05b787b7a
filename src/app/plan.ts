/**
 * The part of a deploy that brings the load balancer, the task definition and the service to the
 * definition (hako §4.3 steps 1–9), shared by `deploy` (for real or `--dry-run`) and `diff`, so
 * both answer "what would change?" with the same canonicaliser and the same calls.
 */
import type {Service} from '@aws-sdk/client-ecs'

import type {Container} from '../definition/types.js'
import {ensureLoadBalancer, type EnsuredLoadBalancer} from '../elb/elb-v2.js'
import {registerIfChanged, type RegisterResult} from '../ecs/register.js'
import {buildCreateService, buildUpdateService} from '../ecs/service.js'
import {applyServiceDiscovery, type ServiceDiscoveryResult} from '../ecs/service-discovery.js'
import {applyService, describeService, type ApplyServiceResult} from '../ecs/service-apply.js'
import {buildTaskDefinition} from '../ecs/task-definition.js'
import {runHook} from '../scripts/hooks.js'
import type {Reporter} from '../ui/reporter.js'
import {loadApp} from '../definition/load.js'
import {type AppContext, type DefinitionInput, ecsNames} from './app-context.js'
import type {Deps} from './deps.js'
import {providerValuedEnv} from './redaction.js'

export interface ApplyDefinitionOptions {
  dryRun: boolean
  force?: boolean
  toolVersion?: string
  /**
   * The containers loaded with `${NAME}` placeholders instead of provider values (dry run and
   * diff); the env variables they differ in are redacted from the diffs.
   */
  placeholders?: readonly Container[]
}

export interface AppliedDefinition {
  /** Undefined when the definition has no `scheduler.elb_v2`. */
  loadBalancer?: EnsuredLoadBalancer
  /** The service before this run (undefined when it did not exist). */
  current: Service | undefined
  registered: RegisterResult
  applied: ApplyServiceResult
  /** Undefined when the definition has no `scheduler.service_discovery`. */
  serviceDiscovery?: ServiceDiscoveryResult
  /** Env variables filled by providers (never shown). */
  hidden: Set<string>
  /** Something was, or in a dry run would be, written. */
  changed: boolean
}

/**
 * deployStarting → load balancer → deployStarted → task definition → service. In a dry run every
 * step only reads and reports what it would do.
 */
export async function applyDefinition(deps: Deps, ctx: AppContext, options: ApplyDefinitionOptions): Promise<AppliedDefinition> {
  const {app, clients, scripts} = ctx
  const {reporter} = deps
  const {dryRun} = options
  const scheduler = app.definition.scheduler
  const {cluster, service} = ecsNames(app)
  const ecs = clients.ecs

  await runHook(scripts, 'deployStarting', app.containers)
  const frontPort = scheduler.network_mode === 'awsvpc' ? null : 0
  const loadBalancer = scheduler.elb_v2
    ? await ensureLoadBalancer({clients, reporter, dryRun, clock: deps.clock}, app.appId, scheduler.elb_v2, scheduler.network_mode)
    : undefined
  await runHook(scripts, 'deployStarted', app.containers, frontPort)

  const hidden = options.placeholders ? providerValuedEnv(app.containers, options.placeholders) : new Set<string>()
  const taskDefinition = buildTaskDefinition(app, {toolVersion: options.toolVersion})
  const current = await describeService(ecs, cluster, service)
  const registered = await registerIfChanged(ecs, taskDefinition, {
    reporter,
    force: options.force,
    dryRun,
    label: app.file,
    clock: deps.clock,
    redactEnvironment: hidden,
  })
  // hako §4.3 step 9: the Cloud Map services first, for the registry ARNs the service carries.
  const serviceDiscovery = scheduler.service_discovery?.length
    ? await applyServiceDiscovery({clients, reporter, dryRun, clock: deps.clock}, scheduler.service_discovery)
    : undefined
  const serviceRegistries = serviceDiscovery?.registries
  const loadBalancers = loadBalancer
    ? [{targetGroupArn: loadBalancer.targetGroupArn, containerName: loadBalancer.containerName, containerPort: loadBalancer.containerPort}]
    : undefined
  warnUnchangeable(reporter, current, loadBalancers)
  const applied = await applyService(ecs, {
    cluster,
    current,
    create: buildCreateService(scheduler, {serviceName: service, taskDefinitionArn: registered.arn, loadBalancers, serviceRegistries}),
    update: buildUpdateService(scheduler, {serviceName: service, taskDefinitionArn: registered.arn, current, serviceRegistries}),
    reporter,
    dryRun,
    label: app.file,
  })
  const changed = registered.changed || applied.changed || (loadBalancer?.plan.length ?? 0) > 0 || (serviceDiscovery?.plan.length ?? 0) > 0
  return {loadBalancer, current, registered, applied, serviceDiscovery, hidden, changed}
}

/**
 * The containers with `${NAME}` placeholders for provider values: dry runs and `diff` load the
 * definition a second time this way, to know which env values to hide.
 */
export async function placeholderContainers(input: DefinitionInput & {tag?: string}): Promise<Container[]> {
  const app = await loadApp(input.file, {mode: 'check', tag: input.tag, extStr: input.extStr, jpath: input.jpath, containers: 'all'})
  return app.containers
}

/** What a dry run prints after the docker run lines: the load balancer plan, then both diffs. */
export function planLines(result: AppliedDefinition): string[] {
  return [...(result.loadBalancer?.plan ?? []), ...(result.serviceDiscovery?.plan ?? []), result.registered.diff, result.applied.diff].filter((line) => line !== '')
}

/** ECS keeps a service's load balancers unless told otherwise; hako never changed them, so say so. */
function warnUnchangeable(reporter: Reporter, current: Service | undefined, wanted: {targetGroupArn: string}[] | undefined): void {
  if (!current) return
  const have = (current.loadBalancers ?? []).map((l) => l.targetGroupArn).sort()
  const want = (wanted ?? []).map((l) => l.targetGroupArn).filter((arn) => !arn.startsWith('(')).sort()
  if (have.join() !== want.join()) {
    reporter.warn(
      `The service's load balancers (${have.join(', ') || 'none'}) differ from the definition's (${want.join(', ') || 'none'}); hako does not change them on an existing service: \`hako remove\` and deploy to recreate it`,
    )
  }
}
