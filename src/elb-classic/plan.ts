/**
 * The app's classic load balancer (`scheduler.elb`) as plan actions: created when missing, each
 * part hako manages (subnets and security groups, every listener, the health check, attributes,
 * tags) brought up to date on its own, deleted by `remove`. Planning only reads; each action's
 * apply makes the writes for its own difference and nothing else.
 */
import {
  AddTagsCommand,
  ApplySecurityGroupsToLoadBalancerCommand,
  AttachLoadBalancerToSubnetsCommand,
  ConfigureHealthCheckCommand,
  CreateLoadBalancerCommand,
  CreateLoadBalancerListenersCommand,
  DeleteLoadBalancerCommand,
  DeleteLoadBalancerListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  DetachLoadBalancerFromSubnetsCommand,
  type ElasticLoadBalancingClient,
  type Listener,
  type LoadBalancerDescription,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing'

import type {AwsClients} from '../aws/clients.js'
import {awsCall, HakoError} from '../errors.js'
import type {ApplyOutputs, PlanAction, PlanContext} from '../plan/types.js'
import {renderDiff} from '../ui/diff.js'
import {
  type AttributesTree,
  attributesInput,
  currentAttributes,
  currentHealthCheck,
  currentListener,
  currentNetwork,
  currentTags,
  type HealthCheckTree,
  type ListenerTree,
  toTags,
  wantedAttributes,
  wantedHealthCheck,
  wantedListener,
  wantedNetwork,
} from './canonical.js'
import {findClassicLoadBalancer} from './lookup.js'
import {classicLoadBalancerName, classicNameProblem} from './names.js'
import type {ClassicElbOptions} from './schema.js'

export interface ClassicPlanOptions {
  /** `scheduler.elb`. */
  elb: ClassicElbOptions
  /** The front port: every listener forwards to it on the container instances. */
  instancePort: number
}

export interface ClassicPlan {
  actions: PlanAction[]
  loadBalancerName: string
}

const KIND = 'classic-load-balancer' as const

function toListener(tree: ListenerTree): Listener {
  return {
    Protocol: tree.protocol,
    LoadBalancerPort: tree.load_balancer_port,
    InstancePort: tree.instance_port,
    InstanceProtocol: tree.instance_protocol,
    SSLCertificateId: tree.ssl_certificate_id,
  }
}

function healthCheckInput(tree: HealthCheckTree) {
  return {
    Target: tree.target,
    Interval: tree.interval,
    Timeout: tree.timeout,
    HealthyThreshold: tree.healthy_threshold,
    UnhealthyThreshold: tree.unhealthy_threshold,
  }
}

/** One part compared: `none` when the trees agree, else `change` with the diff and the writes. */
function part(
  resource: string,
  current: unknown,
  wanted: unknown,
  change: 'create' | 'update' | 'delete',
  reason: string,
  apply: (outputs: ApplyOutputs) => Promise<void>,
): PlanAction {
  const diff = renderDiff(`${resource} (AWS)`, `${resource} (definition)`, current, wanted)
  if (diff === '') return {kind: KIND, resource, change: 'none', reason: 'unchanged', diff: '', compared: true}
  return {kind: KIND, resource, change, reason, diff, compared: true, summary: reason, apply}
}

export async function planClassicLoadBalancer(ctx: PlanContext, options: ClassicPlanOptions): Promise<ClassicPlan> {
  const name = classicLoadBalancerName(ctx.appId, options.elb)
  const problem = classicNameProblem(name)
  if (problem)
    throw new HakoError(`scheduler.elb: ${problem}`, {code: 'invalid-elb-name', hint: 'Set scheduler.elb.load_balancer_name, or use a shorter app id.'})
  const elb = ctx.clients.elb
  const current = ctx.live ? await findClassicLoadBalancer(elb, name) : undefined
  if (!current) return {actions: [createAction(ctx, name, options)], loadBalancerName: name}
  if (current.Scheme && current.Scheme !== options.elb.scheme) {
    ctx.reporter.warn(
      `classic load balancer ${name} is ${current.Scheme} but scheduler.elb.scheme says ${options.elb.scheme}; recreate it (hako remove) to change that`,
    )
  }
  const actions = [networkAction(ctx, name, options.elb, current), ...listenerActions(ctx, name, options, current)]
  const check = wantedHealthCheck(options.elb, options.instancePort)
  if (check) {
    actions.push(
      part(`${name} health check`, currentHealthCheck(current), check, 'update', `health check ${check.target}`, async (outputs) => {
        await awsCall('elb:ConfigureHealthCheck', name, () =>
          elb.send(new ConfigureHealthCheckCommand({LoadBalancerName: name, HealthCheck: healthCheckInput(check)})),
        )
        outputs.written.push(`health check of ${name}`)
        ctx.reporter.info(`Configured ELB ${name} health check ${check.target}`)
      }),
    )
  }
  const attributes = wantedAttributes(options.elb)
  if (attributes) actions.push(await attributesAction(ctx, name, attributes))
  if (options.elb.tags) actions.push(await tagsAction(ctx, name, options.elb.tags))
  return {actions, loadBalancerName: name}
}

function createAction(ctx: PlanContext, name: string, options: ClassicPlanOptions): PlanAction {
  const {elb: config, instancePort} = options
  const listeners = config.listeners.map((l) => wantedListener(l, instancePort))
  const check = wantedHealthCheck(config, instancePort)
  const attributes = wantedAttributes(config)
  const tree = {
    scheme: config.scheme,
    ...wantedNetwork(config),
    listeners,
    ...(check ? {health_check: check} : {}),
    ...(attributes ? {attributes} : {}),
    ...(config.tags ? {tags: config.tags} : {}),
  }
  const elb = ctx.clients.elb
  return {
    kind: KIND,
    resource: name,
    change: 'create',
    reason: 'missing',
    diff: renderDiff('(no load balancer)', name, undefined, tree),
    compared: ctx.live,
    summary: `created with ${listeners.length} listener${listeners.length === 1 ? '' : 's'} to instance port ${instancePort}`,
    apply: async (outputs) => {
      const created = await awsCall('elb:CreateLoadBalancer', name, () =>
        elb.send(
          new CreateLoadBalancerCommand({
            LoadBalancerName: name,
            Listeners: listeners.map(toListener),
            Subnets: config.subnets,
            SecurityGroups: config.security_groups,
            Scheme: config.scheme,
            Tags: toTags(config.tags),
          }),
        ),
      )
      outputs.written.push(`classic load balancer ${name}`)
      if (created.DNSName) outputs.loadBalancerDnsName = created.DNSName
      ctx.reporter.info(`Created ELB ${created.DNSName ?? name} with instance_port=${instancePort}`)
      if (check)
        await awsCall('elb:ConfigureHealthCheck', name, () =>
          elb.send(new ConfigureHealthCheckCommand({LoadBalancerName: name, HealthCheck: healthCheckInput(check)})),
        )
      if (attributes)
        await awsCall('elb:ModifyLoadBalancerAttributes', name, () => elb.send(new ModifyLoadBalancerAttributesCommand(attributesInput(name, attributes))))
    },
  }
}

function networkAction(ctx: PlanContext, name: string, config: ClassicElbOptions, lb: LoadBalancerDescription): PlanAction {
  const current = currentNetwork(lb)
  const wanted = wantedNetwork(config)
  const elb = ctx.clients.elb
  return part(name, current, wanted, 'update', 'subnets or security groups differ', async (outputs) => {
    const added = wanted.subnets.filter((s) => !current.subnets.includes(s))
    const removed = current.subnets.filter((s) => !wanted.subnets.includes(s))
    // Attach first, so the load balancer is never left without a subnet.
    if (added.length > 0)
      await awsCall('elb:AttachLoadBalancerToSubnets', name, () => elb.send(new AttachLoadBalancerToSubnetsCommand({LoadBalancerName: name, Subnets: added})))
    if (removed.length > 0)
      await awsCall('elb:DetachLoadBalancerFromSubnets', name, () =>
        elb.send(new DetachLoadBalancerFromSubnetsCommand({LoadBalancerName: name, Subnets: removed})),
      )
    if (added.length > 0 || removed.length > 0) ctx.reporter.info(`Updating ELB ${name} subnets to [${wanted.subnets.join(', ')}]`)
    if (JSON.stringify(current.security_groups) !== JSON.stringify(wanted.security_groups)) {
      await awsCall('elb:ApplySecurityGroupsToLoadBalancer', name, () =>
        elb.send(new ApplySecurityGroupsToLoadBalancerCommand({LoadBalancerName: name, SecurityGroups: wanted.security_groups})),
      )
      ctx.reporter.info(`Updating ELB ${name} security groups to [${wanted.security_groups.join(', ')}]`)
    }
    outputs.written.push(`subnets and security groups of ${name}`)
  })
}

/** One action per listener port: missing ones created, changed ones replaced, extra ones deleted. */
function listenerActions(ctx: PlanContext, name: string, options: ClassicPlanOptions, lb: LoadBalancerDescription): PlanAction[] {
  const elb = ctx.clients.elb
  const wanted = new Map(options.elb.listeners.map((l) => [l.load_balancer_port, wantedListener(l, options.instancePort)]))
  const existing = new Map((lb.ListenerDescriptions ?? []).map((d) => [d.Listener?.LoadBalancerPort ?? 0, d.Listener]))
  const ports = [...new Set([...wanted.keys(), ...existing.keys()])].sort((a, b) => a - b)
  return ports.map((port) => {
    const want = wanted.get(port)
    const has = existing.get(port)
    const current = has ? currentListener(has, want) : undefined
    const resource = `${name} listener ${port}`
    const remove = () =>
      awsCall('elb:DeleteLoadBalancerListeners', resource, () =>
        elb.send(new DeleteLoadBalancerListenersCommand({LoadBalancerName: name, LoadBalancerPorts: [port]})),
      )
    const create = (tree: ListenerTree) =>
      awsCall('elb:CreateLoadBalancerListeners', resource, () =>
        elb.send(new CreateLoadBalancerListenersCommand({LoadBalancerName: name, Listeners: [toListener(tree)]})),
      )
    if (!want) {
      return part(resource, current, undefined, 'delete', 'not in scheduler.elb.listeners', async (outputs) => {
        await remove()
        outputs.written.push(resource)
        ctx.reporter.info(`Deleted ELB ${name} listener ${port}`)
      })
    }
    return part(resource, current, want, current ? 'update' : 'create', current ? 'listener differs' : 'missing', async (outputs) => {
      // A classic listener cannot be modified in place: it is replaced.
      if (current) await remove()
      await create(want)
      outputs.written.push(resource)
      ctx.reporter.info(`${current ? 'Replaced' : 'Created'} ELB ${name} listener ${port} ${want.protocol} -> ${want.instance_port}`)
    })
  })
}

async function attributesAction(ctx: PlanContext, name: string, wanted: AttributesTree): Promise<PlanAction> {
  const elb = ctx.clients.elb
  const reply = await awsCall('elb:DescribeLoadBalancerAttributes', name, () => elb.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerName: name})))
  return part(`${name} attributes`, currentAttributes(reply.LoadBalancerAttributes, wanted), wanted, 'update', 'attributes differ', async (outputs) => {
    await awsCall('elb:ModifyLoadBalancerAttributes', name, () => elb.send(new ModifyLoadBalancerAttributesCommand(attributesInput(name, wanted))))
    outputs.written.push(`attributes of ${name}`)
    ctx.reporter.info(`Updating ELB ${name} attributes`)
  })
}

async function tagsAction(ctx: PlanContext, name: string, wanted: Record<string, string>): Promise<PlanAction> {
  const elb = ctx.clients.elb
  const reply = await awsCall('elb:DescribeTags', name, () => elb.send(new DescribeTagsCommand({LoadBalancerNames: [name]})))
  const current = currentTags(reply.TagDescriptions?.[0]?.Tags ?? [], wanted)
  return part(`${name} tags`, current, wanted, 'update', 'tags differ', async (outputs) => {
    const changed = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key] !== value))
    await awsCall('elb:AddTags', name, () => elb.send(new AddTagsCommand({LoadBalancerNames: [name], Tags: toTags(changed) ?? []})))
    outputs.written.push(`tags of ${name}`)
    ctx.reporter.info(
      `Tagged ELB ${name} with ${Object.entries(changed)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    )
  })
}

/**
 * `hako remove`: deletes the app's classic load balancer. The message is hako's log line
 * (`Deleted ELB <name>` / `ELB <name> doesn't exist`) for the caller to report; a dry run only
 * reads and says `would delete ELB <name>`.
 */
export async function removeClassicLoadBalancer(
  clients: Pick<AwsClients, 'elb'>,
  name: string,
  options: {dryRun?: boolean} = {},
): Promise<{deleted: boolean; message: string}> {
  const elb: ElasticLoadBalancingClient = clients.elb
  if (!(await findClassicLoadBalancer(elb, name))) return {deleted: false, message: `ELB ${name} doesn't exist`}
  if (options.dryRun) return {deleted: false, message: `would delete ELB ${name}`}
  await awsCall('elb:DeleteLoadBalancer', name, () => elb.send(new DeleteLoadBalancerCommand({LoadBalancerName: name})))
  return {deleted: true, message: `Deleted ELB ${name}`}
}
