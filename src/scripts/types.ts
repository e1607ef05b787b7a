/**
 * The hook interface of script plugins (hako section 7.1). Every hook is optional; the deployer
 * calls them in the definition's `scripts` order. Hooks run in dry-run too, where they must only
 * report what they would do.
 */
import type * as v from 'valibot'

import type {AwsClients} from '../aws/clients.js'
import type {Clock} from '../clock.js'
import type {Container, Definition} from '../definition/types.js'
import type {KnownOutputs, PlanAction} from '../plan/types.js'
import type {Reporter} from '../ui/reporter.js'

export interface ScriptContext {
  appId: string
  /** Folder of the definition file (external plugins and relative paths resolve from here). */
  definitionDir: string
  definition: Definition
  /** Clients for the scheduler's region; `clients.forRegion(r)` for others. */
  clients: AwsClients
  reporter: Reporter
  dryRun: boolean
  /** For waits (route53 polls GetChange); the system clock when absent. */
  clock?: Clock
}

export interface OneshotStartedInfo {
  cluster: string
  taskArn: string
}

/** What a script plans with: whether AWS may be read, and what the earlier actions already know. */
export interface ScriptPlanContext {
  /** False: plan from the definition alone, no AWS call (every action a create, `compared: false`). */
  live: boolean
  /** The load balancer's DNS name and zone when it exists already; else they arrive in the outputs at apply time. */
  known: KnownOutputs
}

export interface Script {
  readonly type: string
  /**
   * Pure and synchronous: changes the containers the task definition is built from (nginx_front
   * wires its front). Runs in every mode, offline included, so a dry run shows what deploy registers.
   * `frontPort` is null under awsvpc.
   */
  transform?(containers: Container[], info: {frontPort: number | null}): void
  /** The writes this script contributes to the deploy's plan, read but not performed. */
  planDeploy?(containers: Container[], context: ScriptPlanContext): Promise<PlanAction[]>
  /**
   * Before anything touches ECS (for plugins that do not plan; built-ins use transform/planDeploy).
   * Runs while planning, dry runs included, where it must only report. Throwing stops the deploy
   * with nothing changed.
   */
  deployStarting?(containers: Container[]): Promise<void>
  /** After deployStarting, before the task definition is built; `frontPort` null under awsvpc. */
  deployStarted?(containers: Container[], frontPort: number | null): Promise<void>
  deployFinished?(containers: Container[]): Promise<void>
  /** The deployment failed; called before hako rolls back. */
  deployFailed?(containers: Container[], info: {taskIds: string[]}): Promise<void>
  rollbackStarting?(): Promise<void>
  rollbackStarted?(currentImage: string | undefined, targetImage: string | undefined): Promise<void>
  rollbackFinished?(): Promise<void>
  oneshotStarting?(containers: Container[]): Promise<void>
  oneshotStarted?(info: OneshotStartedInfo): Promise<void>
  oneshotFinished?(containers: Container[]): Promise<void>
  removeStarting?(): Promise<void>
  afterRemove?(): Promise<void>
}

/** A script type: its options schema (validated with the definition) and its factory. */
export interface ScriptPlugin<TOptions = unknown> {
  type: string
  /** valibot schema of the whole script entry, including `type: v.literal(<type>)`. */
  schema: v.GenericSchema<unknown, TOptions>
  create(options: TOptions, context: ScriptContext): Script
}
