/**
 * Collects the ELBv2 actions of a plan. Reads happen while planning; each write is recorded with
 * the closure that performs it, so a dry run and `diff` show exactly what `deploy` would run.
 * Resources created in this run are known to later closures through the shared `ElbState`.
 */
import type {LoadBalancer, Tag, TargetGroup} from '@aws-sdk/client-elastic-load-balancing-v2'

import type {AwsClients} from '../aws/clients.js'
import type {Clock} from '../clock.js'
import {HakoError} from '../errors.js'
import type {ActionKind, ApplyOutputs, Change, PlanAction} from '../plan/types.js'
import type {Reporter} from '../ui/reporter.js'

export interface ElbContext {
  clients: AwsClients
  reporter: Reporter
  /** Wrappers that plan and apply at once (tests, `remove`) stop after planning. */
  dryRun: boolean
  /** For the DeleteTargetGroup retries; the system clock when absent. */
  clock?: Clock
  /** False: plan from the definition alone, every resource a create (no reads). */
  live?: boolean
}

/** What exists, or will once earlier actions of this run have been applied. */
export interface ElbState {
  lb?: LoadBalancer
  group?: TargetGroup
}

export class ActionPlanner {
  readonly actions: PlanAction[] = []
  constructor(readonly live: boolean) {}

  add(kind: ActionKind, resource: string, change: Exclude<Change, 'none'>, reason: string, apply: (outputs: ApplyOutputs) => Promise<void>): void {
    this.actions.push({kind, resource, change, reason, diff: '', compared: this.live, apply})
  }
}

export const toTags = (tags: Record<string, string> | undefined): Tag[] | undefined =>
  tags && Object.keys(tags).length > 0 ? Object.entries(tags).map(([Key, Value]) => ({Key, Value})) : undefined

export function requireArn(arn: string | undefined, what: string): string {
  if (!arn) throw new HakoError(`${what} has no ARN (ELBv2 returned none)`)
  return arn
}
