/**
 * The hook interface of script plugins (hako section 7.1). Every hook is optional; the deployer
 * calls them in the definition's `scripts` order. Hooks run in dry-run too, where they must only
 * report what they would do.
 */
import type * as v from 'valibot'

import type {AwsClients} from '../aws/clients.js'
import type {Clock} from '../clock.js'
import type {Container, Definition} from '../definition/types.js'
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

export interface Script {
  readonly type: string
  /** Before anything touches ECS. May mutate containers (nginx_front adds env). Throwing stops the deploy with nothing changed. */
  deployStarting?(containers: Container[]): Promise<void>
  /** After the load balancer exists, before the task definition is built; `frontPort` null under awsvpc. */
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
