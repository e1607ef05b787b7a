/**
 * `--local` only: what a real account already has before hako runs (the cluster, the nginx
 * configuration bucket, the hosted zones, the Cloud Map namespaces, the oneshot Auto Scaling group, the
 * shared load balancer `elb_v2.load_balancer_name` names, the alarms step scaling policies are bound
 * to) is created in the local AWS and announced once.
 * `hako local serve` does not do this: there the simulator stays as strict as AWS.
 */
import type {LoadedApp} from '../definition/loaded-app.js'
import {ensureAutoScalingGroup, findGroup} from '../local/autoscaling/state.js'
import {ensureSharedLoadBalancer} from '../local/elbv2/shared-load-balancer.js'
import {ensureAlarm} from '../local/cloudwatch/state.js'
import type {LocalAws} from '../local/index.js'
import {ensureHostedZone} from '../local/route53/state.js'
import {ensureBucket} from '../local/s3/state.js'
import {ensureNamespace} from '../local/servicediscovery/state.js'
import {prepareLocalOneshot} from './local-prepare-oneshot.js'
import {LOCAL_ACCOUNT_ID} from '../local/types.js'
import type {Reporter} from '../ui/reporter.js'

/** The MaxSize of the Auto Scaling group made for `autoscaling_group_for_oneshot`. */
const LOCAL_GROUP_MAX = 10

interface ScriptEntry {
  type?: unknown
  s3?: {bucket?: unknown; region?: unknown}
  hosted_zone?: unknown
}

export async function prepareLocal(local: LocalAws, app: LoadedApp, reporter: Reporter): Promise<void> {
  const {region, cluster} = app.definition.scheduler
  const group = app.definition.scheduler.autoscaling_group_for_oneshot
  // A group that does not exist yet is created empty, and then it alone provides the capacity.
  const createGroup = group ? await local.read((world) => findGroup(world, region, group) === undefined) : false
  const ensured = await local.ensureCluster(cluster, region, createGroup ? {instances: 0} : {})
  if (ensured.created) reporter.info(`local: created cluster ${cluster} with ${ensured.instances} container instances`)
  if (group && createGroup) {
    // The group is then the cluster's only capacity: an account running this definition as a
    // service has an instance per task in it (one per task always fits), a batch-only one none.
    const desired = Math.min(LOCAL_GROUP_MAX, app.definition.scheduler.desired_count ?? 0)
    await local.mutate((world) => {
      ensureAutoScalingGroup(world, group, {cluster, region, min: 0, max: LOCAL_GROUP_MAX, desired, now: local.clock.now()})
    })
    reporter.info(`local: created Auto Scaling group ${group} for cluster ${cluster}${desired > 0 ? ` with ${desired} instances` : ''}`)
  }
  await prepareLocalOneshot(local, app, reporter)

  await prepareSharedLoadBalancer(local, app, reporter)

  const entries = app.scripts.map((s) => s.options as ScriptEntry)
  const buckets = entries.filter((e) => e.type === 'nginx_front' && typeof e.s3?.bucket === 'string')
  const zones = entries.filter((e) => e.type === 'route53' && typeof e.hosted_zone === 'string')
  const namespaces = (app.definition.scheduler.service_discovery ?? []).map((entry) => entry.service.namespace_id)
  const alarms = (app.definition.scheduler.autoscaling?.policies ?? []).flatMap((p) => (p.policy_type === 'StepScaling' ? p.alarms : []))
  if (buckets.length === 0 && zones.length === 0 && namespaces.length === 0 && alarms.length === 0) return
  const created: string[] = []
  await local.mutate((world) => {
    for (const id of namespaces) {
      if (ensureNamespace(world, id, region, local.clock.now())) created.push(`Cloud Map namespace ${id}`)
    }
    for (const entry of buckets) {
      const bucket = String(entry.s3?.bucket)
      const bucketRegion = typeof entry.s3?.region === 'string' ? entry.s3.region : region
      if (ensureBucket(world, bucket, bucketRegion, local.clock.now())) created.push(`bucket ${bucket}`)
    }
    for (const entry of zones) {
      const zone = String(entry.hosted_zone)
      if (ensureHostedZone(world, zone).created) created.push(`hosted zone ${zone}`)
    }
    for (const name of alarms) {
      const where = {region, accountId: LOCAL_ACCOUNT_ID, cluster, service: app.appId, now: local.clock.now()}
      if (ensureAlarm(world, name, where)) created.push(`CloudWatch alarm ${name}`)
    }
  })
  for (const what of created) reporter.info(`local: created ${what}`)
}

/** Shared-ALB mode: the load balancer, with a listener on every port the app's rules go to. */
async function prepareSharedLoadBalancer(local: LocalAws, app: LoadedApp, reporter: Reporter): Promise<void> {
  const {region, elb_v2: options} = app.definition.scheduler
  const name = options?.load_balancer_name
  if (!options || name === undefined || options.type === 'network') return
  const ports = [...new Set(options.listener_rules.map((rule) => rule.listener_port))].sort((a, b) => a - b)
  let created = false
  await local.mutate((world) => {
    const spec = {name, region, listenerPorts: ports, now: local.clock.now(), faults: local.faults}
    created = ensureSharedLoadBalancer(world, {
      ...spec,
      ...(options.subnets ? {subnets: options.subnets} : {}),
      ...(options.security_groups ? {securityGroups: options.security_groups} : {}),
    })
  })
  if (created) reporter.info(`local: created load balancer ${name}${ports.length > 0 ? ` with HTTP listeners on ${ports.join(', ')}` : ''}`)
}
