/**
 * What every definition-driven use case does first: load the definition, report its warnings,
 * prepare the local AWS when asked, and build the scripts with their context.
 */
import {loadApp} from '../definition/load.js'
import type {LoadOptions} from '../definition/types.js'
import type {LoadedApp} from '../definition/loaded-app.js'
import {createScripts} from '../scripts/registry.js'
import type {Script} from '../scripts/types.js'
import type {AwsClients} from '../aws/clients.js'
import type {Deps} from './deps.js'
import {prepareLocal} from './local-prepare.js'

export interface DefinitionInput {
  file: string
  extStr?: Record<string, string>
  jpath?: string[]
}

export interface AppContext {
  app: LoadedApp
  clients: AwsClients
  scripts: Script[]
}

export async function openApp(
  deps: Deps,
  input: DefinitionInput,
  load: Omit<LoadOptions, 'extStr' | 'jpath'>,
  options: {dryRun: boolean; prepareLocal?: boolean},
): Promise<AppContext> {
  const app = await loadApp(input.file, {...load, extStr: input.extStr, jpath: input.jpath, redactor: deps.redactor})
  deps.redactor.exempt([app.appId, ...definitionNames(app)])
  for (const warning of app.warnings) deps.reporter.warn(warning)
  const clients = deps.aws(app.definition.scheduler.region)
  if (deps.local && options.prepareLocal !== false) await prepareLocal(deps.local, app, deps.reporter)
  const scripts = createScripts(app.scripts, {
    appId: app.appId,
    definitionDir: app.dir,
    definition: app.definition,
    clients,
    reporter: deps.reporter,
    dryRun: options.dryRun,
    clock: deps.clock,
  })
  return {app, clients, scripts}
}

/** The names a run prints in ARNs and messages: the scheduler's strings (cluster, region, load balancer and group names). */
function definitionNames(app: LoadedApp): string[] {
  const names: string[] = []
  const walk = (value: unknown): void => {
    if (typeof value === 'string') names.push(value)
    else if (Array.isArray(value)) value.forEach(walk)
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk)
  }
  const {cluster, region, elb_v2: elbV2, elb} = app.definition.scheduler
  walk([cluster, region, elbV2?.load_balancer_name, elbV2?.target_group_name, elb?.load_balancer_name])
  return names
}

/** The ECS names every command uses: the service and family are the app id. */
export function ecsNames(app: LoadedApp): {cluster: string; service: string} {
  return {cluster: app.definition.scheduler.cluster, service: app.appId}
}
