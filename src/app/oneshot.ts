/**
 * `hako oneshot FILE COMMAND...`: runs one command as an ECS task of the family `<app>-oneshot`
 * and returns the app container's exit code, so CI gets the command's own result (docs/hako-compatibility.md, "Oneshot").
 */
import {renderDockerRun} from '../ecs/docker-run.js'
import {runOneshotTask} from '../ecs/oneshot.js'
import type {AppOverrides} from '../ecs/oneshot-run.js'
import {registerIfChanged} from '../ecs/register.js'
import {buildTaskDefinition} from '../ecs/task-definition.js'
import {ExitCode, HakoError} from '../errors.js'
import {runHook} from '../scripts/hooks.js'
import {requireSecrets} from '../secrets/check.js'
import {openApp} from './app-context.js'
import type {Deps} from './deps.js'

/** Without --timeout, how long a oneshot waits for an Auto Scaling group to make room (hako deploy's default). */
export const DEFAULT_ONESHOT_TIMEOUT_SECONDS = 1200

export interface OneshotParams {
  file: string
  command: string[]
  /** `-c`: sidecars to start with app (their links, depends_on and volumes_from come along). */
  containers: string[]
  /** `-e NAME=VALUE`: environment overrides of the app container. */
  env: Record<string, string>
  tag?: string
  appCpu?: number
  appMemory?: number
  appMemoryReservation?: number
  dryRun: boolean
  noWait: boolean
  /** `--no-logs` → false: do not stream the app's awslogs output. */
  logs: boolean
  extStr?: Record<string, string>
  jpath?: string[]
  /** Seconds to wait for capacity when the cluster must grow (scheduler.autoscaling_group_for_oneshot). */
  timeout?: number
  /** SIGINT/SIGTERM: the task is stopped and waited for. */
  signal?: AbortSignal
  toolVersion: string
}

export interface OneshotResult {
  exitCode: number
  taskArn?: string
  cluster?: string
  /** Every container of the stopped task, with its exit code (null when it has none). */
  containers?: {name: string; exitCode: number | null}[]
}

export function oneshotFamily(appId: string): string {
  return `${appId}-oneshot`
}

function overridesOf(p: OneshotParams): AppOverrides {
  return {
    command: p.command,
    env: p.env,
    ...(p.appCpu === undefined ? {} : {appCpu: p.appCpu}),
    ...(p.appMemory === undefined ? {} : {appMemory: p.appMemory}),
    ...(p.appMemoryReservation === undefined ? {} : {appMemoryReservation: p.appMemoryReservation}),
  }
}

export async function oneshot(deps: Deps, p: OneshotParams): Promise<OneshotResult> {
  if (p.command.length === 0) {
    throw new HakoError(`${p.file}: oneshot needs a command to run`, {code: 'usage', hint: 'hako oneshot FILE COMMAND [ARG...]'})
  }
  const {reporter} = deps
  const {app, clients, scripts} = await openApp(
    deps,
    p,
    {mode: p.dryRun ? 'check' : 'expand', tag: p.tag, containers: {with: p.containers}},
    {dryRun: p.dryRun},
  )
  const {definition, containers} = app
  const scheduler = definition.scheduler
  const overrides = overridesOf(p)

  await requireSecrets(clients, containers, scheduler.region)
  await runHook(scripts, 'oneshotStarting', containers)
  // Built after the hooks: scripts may add env, links or ports to the containers.
  const taskDefinition = buildTaskDefinition({appId: app.appId, definition, containers}, {family: oneshotFamily(app.appId), toolVersion: p.toolVersion})

  if (p.dryRun) {
    reporter.output(JSON.stringify(taskDefinition, null, 2))
    const lines = renderDockerRun(containers, definition.volumes, {
      command: p.command,
      env: p.env,
      appCpu: p.appCpu,
      appMemory: p.appMemory,
      appMemoryReservation: p.appMemoryReservation,
    })
    for (const line of Array.isArray(lines) ? lines : [lines]) reporter.output(line)
    await runHook(scripts, 'oneshotFinished', containers)
    return {exitCode: ExitCode.ok}
  }

  if (p.signal?.aborted) {
    reporter.warn('Interrupted before the task started; nothing runs')
    return {exitCode: ExitCode.interrupted}
  }
  const registered = await registerIfChanged(clients.ecs, taskDefinition, {reporter, clock: deps.clock, label: app.file})
  const appContainer = containers.find((c) => c.name === 'app')
  if (!appContainer) throw new HakoError(`${app.file}: the definition has no app container`)
  const outcome = await runOneshotTask(
    {clients, clock: deps.clock, reporter, signal: p.signal},
    {
      scheduler,
      taskDefinitionArn: registered.arn,
      taskDefinition,
      app: appContainer,
      overrides,
      wait: !p.noWait,
      logs: p.logs,
      capacityTimeoutMs: (p.timeout ?? DEFAULT_ONESHOT_TIMEOUT_SECONDS) * 1000,
      onStarted: (info) => runHook(scripts, 'oneshotStarted', info),
    },
  )
  await runHook(scripts, 'oneshotFinished', containers)
  const exitCodes = outcome.task?.containers?.map((c) => ({name: String(c.name), exitCode: c.exitCode ?? null}))
  return {exitCode: outcome.exitCode, taskArn: outcome.taskArn, cluster: outcome.cluster, containers: exitCodes}
}
