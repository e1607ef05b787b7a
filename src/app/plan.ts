/**
 * `plan(app, live) → Plan`: what `deploy` would write, read from AWS (or, offline, from the
 * definition alone). `deploy`, `deploy --dry-run` and `diff` all start here; only `deploy` goes on
 * to apply the plan, so what a dry run prints is exactly what a deploy does.
 *
 * Order of the actions (and so of the writes): log groups, load balancer / target group /
 * listeners / rules, front configuration, DNS records, Cloud Map, task definition, service, as the
 * Ruby hako does them (docs/hako-compatibility.md, "Deploy").
 */
import type {RegisterTaskDefinitionCommandInput, Service, ServiceRegistry} from '@aws-sdk/client-ecs'

import {planAutoscaling} from '../autoscaling/plan.js'
import {withRetries} from '../aws/retry.js'
import type {Container} from '../definition/types.js'
import {loadApp} from '../definition/load.js'
import {describeLatestTaskDefinition, type LatestTaskDefinition, newRevisionArn, planTaskDefinition} from '../ecs/register.js'
import {buildCreateService, buildUpdateService} from '../ecs/service.js'
import {describeService, planService} from '../ecs/service-apply.js'
import {planServiceDiscovery} from '../ecs/service-discovery.js'
import {buildTaskDefinition} from '../ecs/task-definition.js'
import {placeholderTargetGroupArn, planLoadBalancer, type LoadBalancerPlan} from '../elb/elb-v2.js'
import {classicInstancePort, FIRST_FRONT_PORT, fixedFrontPort} from '../elb-classic/front-port.js'
import {planClassicLoadBalancer} from '../elb-classic/plan.js'
import {classicServiceLoadBalancer} from '../elb-classic/service.js'
import type {KnownOutputs, Plan, PlanAction, PlanContext} from '../plan/types.js'
import {runHook, runTransforms} from '../scripts/hooks.js'
import type {Redactor} from '../redaction/redactor.js'
import {requireSecrets} from '../secrets/check.js'
import type {Reporter} from '../ui/reporter.js'
import {type AppContext, type DefinitionInput, ecsNames} from './app-context.js'
import type {Deps} from './deps.js'
import {providerValuedEnv} from './redaction.js'

/** How long the reads before the first write keep retrying passing failures. */
const READ_RETRY_BUDGET_MS = 60_000

export interface PlanDeployOptions {
  /** False: no AWS call at all; every resource is planned as created (`compared: false`). */
  live: boolean
  force?: boolean
  toolVersion?: string
  /**
   * The containers loaded with `${NAME}` placeholders instead of provider values (dry run and
   * diff); the env variables they differ in are redacted from the diffs.
   */
  placeholders?: readonly Container[]
}

export interface DeployPlan {
  plan: Plan
  /** The service before this run (undefined when it does not exist, or was not read). */
  current: Service | undefined
  /** What the task-definition action registers (or found unchanged). */
  taskDefinition: RegisterTaskDefinitionCommandInput
  /** Env variables filled by providers (never shown). */
  hidden: Set<string>
}

/**
 * The front's host port: none under awsvpc (host port = container port); dynamic (0) unless
 * `dynamic_port_mapping: false` or a classic load balancer, which forwards to one fixed port per
 * instance (docs/hako-compatibility.md, "Deploy").
 */
async function frontPort(planContext: PlanContext, current: Service | undefined): Promise<number | null> {
  const scheduler = planContext.definition.scheduler
  if (scheduler.network_mode === 'awsvpc') return null
  const dynamic = scheduler.dynamic_port_mapping ?? scheduler.elb === undefined
  if (dynamic) return 0
  if (scheduler.elb) return classicInstancePort(planContext, {service: current})
  return fixedFrontPort(planContext, {name: 'front', port: 80}, undefined, {service: current})
}

export async function planDeploy(deps: Deps, ctx: AppContext, options: PlanDeployOptions): Promise<DeployPlan> {
  const {app, clients, scripts} = ctx
  const {reporter} = deps
  const {live} = options
  const scheduler = app.definition.scheduler
  const {cluster, service} = ecsNames(app)
  const ecs = live ? clients.ecs : undefined

  const planContext: PlanContext = {appId: app.appId, definition: app.definition, clients, reporter, clock: deps.clock, live}
  // Every secret the task would be started with must exist before anything is written.
  if (live) await requireSecrets(clients, app.containers, scheduler.region)
  else if (app.containers.some((c) => (c.secrets?.length ?? 0) > 0 || (c.log_configuration?.secret_options?.length ?? 0) > 0)) {
    reporter.info('Secrets were not checked: AWS is not read')
  }
  // Plugins that do not plan keep hako's hooks; the built-in scripts only transform and plan.
  await runHook(scripts, 'deployStarting', app.containers)
  // Nothing is written yet: a throttled or failing read is waited out rather than ending the deploy.
  const read = <T>(what: string, call: () => Promise<T>): Promise<T> => withRetries(call, {clock: deps.clock, budgetMs: READ_RETRY_BUDGET_MS, reporter, what})
  const current = ecs ? await read(`DescribeServices of ${service}`, () => describeService(ecs, cluster, service)) : undefined
  const front = await frontPort(planContext, current)
  runTransforms(scripts, app.containers, {frontPort: front})
  await runHook(scripts, 'deployStarted', app.containers, front)

  const actions: PlanAction[] = []
  const known: KnownOutputs = {}
  const classic = scheduler.elb ? await planClassicLoadBalancer(planContext, {elb: scheduler.elb, instancePort: front ?? FIRST_FRONT_PORT}) : undefined
  if (classic) actions.push(...classic.actions)
  let loadBalancer: LoadBalancerPlan | undefined
  if (scheduler.elb_v2) {
    loadBalancer = await planLoadBalancer({clients, reporter, dryRun: true, clock: deps.clock, live}, app.appId, scheduler.elb_v2, scheduler.network_mode)
    actions.push(...loadBalancer.actions)
    Object.assign(known, loadBalancer.known)
  }
  for (const script of scripts) {
    if (script.planDeploy) actions.push(...(await script.planDeploy(app.containers, {live, known: {...known}})))
  }

  let registries: ServiceRegistry[] | undefined
  if (scheduler.service_discovery?.length) {
    const discovery = await planServiceDiscovery({clients, reporter, dryRun: true, clock: deps.clock, live}, scheduler.service_discovery)
    actions.push(...discovery.actions)
    registries = discovery.registries
    known.serviceRegistries = registries.map((r) => ({...r, registryArn: String(r.registryArn)}))
  }

  const hidden = options.placeholders ? providerValuedEnv(app.containers, options.placeholders) : new Set<string>()
  const taskDefinition = buildTaskDefinition(app, {toolVersion: options.toolVersion})
  const family = String(taskDefinition.family)
  const latest = ecs ? ((await read(`DescribeTaskDefinition of ${family}`, () => describeLatestTaskDefinition(ecs, family))) ?? null) : undefined
  const pastHidden = options.placeholders ? pastProviderEnv(latest, app.containers, options.placeholders, deps.redactor) : new Set<string>()
  const taskAction = planTaskDefinition(ecs, taskDefinition, {
    reporter,
    force: options.force,
    label: app.file,
    clock: deps.clock,
    redactEnvironment: hidden,
    redactOldEnvironment: new Set([...hidden, ...pastHidden]),
    latest,
  })
  actions.push(taskAction)
  if (taskAction.change === 'none') {
    known.taskDefinitionArn = taskAction.resource
    reporter.info(`Task definition isn't changed: ${taskAction.resource}`)
  }
  if (current && !classic) warnUnchangeable(reporter, current, known.targetGroupArn)

  const planned: KnownOutputs = {
    ...known,
    taskDefinitionArn: known.taskDefinitionArn ?? newRevisionArn(String(taskDefinition.family)),
    ...(loadBalancer ? {targetGroupArn: known.targetGroupArn ?? placeholderTargetGroupArn(loadBalancer.targetGroupName)} : {}),
  }
  const serviceAction = planService(ecs, {
    cluster,
    name: service,
    current,
    live,
    planned,
    reporter,
    label: app.file,
    inputs: (outputs) => {
      const taskDefinitionArn = String(outputs.taskDefinitionArn)
      const serviceRegistries = outputs.serviceRegistries
      const classicEntry = classicServiceLoadBalancer(app.appId, app.definition)
      const loadBalancers =
        loadBalancer && outputs.targetGroupArn
          ? [{targetGroupArn: outputs.targetGroupArn, containerName: loadBalancer.containerName, containerPort: loadBalancer.containerPort}]
          : classicEntry
            ? [classicEntry]
            : undefined
      return {
        // Under autoscaling the service starts at its minimum; the scaler moves it from there.
        create: buildCreateService(scheduler, {
          serviceName: service,
          taskDefinitionArn,
          loadBalancers,
          serviceRegistries,
          desiredCount: scheduler.autoscaling?.min_capacity,
        }),
        update: buildUpdateService(scheduler, {serviceName: service, taskDefinitionArn, current, serviceRegistries}),
      }
    },
  })
  if (serviceAction.change === 'none') reporter.info("Service isn't changed")
  actions.push(serviceAction)
  // After the service: a scalable target needs the service to exist.
  actions.push(...(await planAutoscaling(planContext, {cluster, service, targetGroupArn: known.targetGroupArn})))
  return {plan: {app: app.appId, actions, known, compared: live}, current, taskDefinition, hidden}
}

/**
 * The containers with `${NAME}` placeholders for provider values: dry runs and `diff` load the
 * definition a second time this way, to know which env values to hide.
 */
export async function placeholderContainers(input: DefinitionInput & {tag?: string}, redactor?: Redactor): Promise<Container[]> {
  const app = await loadApp(input.file, {mode: 'check', tag: input.tag, extStr: input.extStr, jpath: input.jpath, containers: 'all', redactor})
  return app.containers
}

/**
 * The live revision's env values a provider may have filled in the past: every entry whose name
 * is not a literal of the definition now, or whose value differs from that literal (a variable
 * renamed, removed, or turned into a literal). Their values join the redactor, their names are
 * hidden in the old side of the diff.
 */
function pastProviderEnv(
  latest: LatestTaskDefinition | null | undefined,
  real: readonly Container[],
  placeholders: readonly Container[],
  redactor: Redactor,
): Set<string> {
  const names = new Set<string>()
  for (const live of latest?.taskDefinition.containerDefinitions ?? []) {
    const shown = placeholders.find((p) => p.name === live.name)
    const current = real.find((c) => c.name === live.name)
    for (const entry of live.environment ?? []) {
      const name = entry.name ?? ''
      const literal = shown && current && name in shown.env && shown.env[name] === current.env[name] ? shown.env[name] : undefined
      if (literal !== undefined && literal === entry.value) continue
      // Keys only the real load has were added by scripts (nginx_front): they are not providers' either.
      if (current && name in current.env && !(shown && name in shown.env) && current.env[name] === entry.value) continue
      names.add(name)
      if (entry.value !== undefined) redactor.add([entry.value])
    }
  }
  return names
}

/** ECS keeps a service's load balancers unless told otherwise; hako never changed them, so say so. */
function warnUnchangeable(reporter: Reporter, current: Service, targetGroupArn: string | undefined): void {
  const have = (current.loadBalancers ?? []).map((l) => l.targetGroupArn).sort()
  const want = targetGroupArn ? [targetGroupArn] : []
  if (have.join() !== want.join()) {
    reporter.warn(
      `The service's load balancers (${have.join(', ') || 'none'}) differ from the definition's (${want.join(', ') || 'none'}); hako does not change them on an existing service: \`hako remove\` and deploy to recreate it`,
    )
  }
}
