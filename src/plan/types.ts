/**
 * The plan: what a deploy would write, computed by reads alone (or from the definition alone,
 * offline). `deploy --dry-run` and `diff` print it, `deploy` applies it; the plan is the only
 * thing that decides "nothing to do" (see `isEmptyPlan`).
 */

export type Change = 'create' | 'update' | 'delete' | 'none'

/** In hako's order of the writes: the order of this list is the order `apply` runs actions in. */
export const ACTION_KINDS = [
  'log-group',
  'classic-load-balancer',
  'load-balancer',
  'target-group',
  'listener',
  'listener-rule',
  'front-config',
  'dns-record',
  'service-discovery',
  'task-definition',
  'service',
  'scalable-target',
  'scaling-policy',
] as const

export type ActionKind = (typeof ACTION_KINDS)[number]

/**
 * What earlier actions produced that later ones need: a target group created in this run has no
 * ARN at plan time, nor does a new task definition revision. Apply closures read and fill it.
 */
export interface ApplyOutputs {
  targetGroupArn?: string
  loadBalancerDnsName?: string
  /** The load balancer's canonical hosted zone, for alias records. */
  loadBalancerZoneId?: string
  taskDefinitionArn?: string
  /** Set only when this run registered a revision (a rollback may deregister it). */
  registeredTaskDefinitionArn?: string
  serviceRegistries?: {registryArn: string; containerName?: string; containerPort?: number; port?: number}[]
  serviceArn?: string
  /** Of the UpdateService/CreateService this run made; events older than it are not ours. */
  deploymentId?: string
  sinceEventId?: string
  /** The service write started a new deployment (false when e.g. only the desired count changed). */
  deploymentStarted?: boolean
  /** What this run wrote, for the message when a later write fails. */
  written: string[]
}

/** The outputs without the log of writes: what a plan knows before applying. */
export type KnownOutputs = Omit<ApplyOutputs, 'written'>

export interface PlanAction {
  kind: ActionKind
  /** A name a user recognises: `hako-hello` (load balancer), `hello:3` (task definition), an ARN. */
  resource: string
  change: Change
  /** Why: `missing`, `image changed`, `--force`, `listener 443 certificate differs`... */
  reason: string
  /** Unified diff or `would …` lines, already redacted; '' when there is nothing to show. */
  diff: string
  /** False when planned without reading AWS (offline): the action is the create case, not compared. */
  compared: boolean
  /** One clause for the summary line: `1 listener added`, `changed (app.image: a:1 → a:2)`. */
  summary?: string
  /** Performs the writes of this action; absent when `change` is `none`. */
  apply?: (outputs: ApplyOutputs) => Promise<void>
}

export interface Plan {
  app: string
  actions: PlanAction[]
  /** What the reads already know (an existing target group's ARN, the unchanged revision's). */
  known: KnownOutputs
  /** False when AWS was not read (offline, or no credentials): every action is a create. */
  compared: boolean
}

/** The one skip decision: nothing to write. */
export function isEmptyPlan(plan: Plan): boolean {
  return plan.actions.every((action) => action.change === 'none')
}

/** The actions that write, in apply order. */
export function pendingActions(plan: Plan): PlanAction[] {
  const order = (kind: ActionKind): number => ACTION_KINDS.indexOf(kind)
  return plan.actions
    .map((action, index) => ({action, index}))
    .filter(({action}) => action.change !== 'none')
    .sort((a, b) => order(a.action.kind) - order(b.action.kind) || a.index - b.index)
    .map(({action}) => action)
}

/** What a plan contributor (a script, autoscaling, a load balancer) gets to read with. */
export interface PlanContext {
  appId: string
  definition: import('../definition/types.js').Definition
  clients: import('../aws/clients.js').AwsClients
  reporter: import('../ui/reporter.js').Reporter
  clock: import('../clock.js').Clock
  /** False: plan from the definition alone, with no AWS call (every action a create, `compared: false`). */
  live: boolean
}
