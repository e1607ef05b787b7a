/**
 * Cross-field checks the schema cannot express (hako's validation errors and the ECS rules hako
 * left to fail at AWS). Pure: definition in, problems out; all run before any AWS call.
 */
import {classicElbProblems} from '../elb-classic/rules.js'
import {elbV2Problems} from '../elb/rules.js'
import {awsLimitRules} from './aws-limits.js'
import {cycleRules} from './cycles.js'
import {unlessInvalid} from './guard.js'
import {lenientRules} from './lenient.js'
import {portRules} from './port-rules.js'
import {referencesOf} from './references.js'
import {nginxFrontRule} from './script-rules.js'
import {error, isFargate, perContainer, type Rule, type RuleContext, sidecarNames, warning} from './rule-kit.js'
import type {Definition, Problem} from './types.js'

export {isFargate, type RuleContext} from './rule-kit.js'

export const loadBalancerRules: Rule = (d, c) => {
  const s = d.scheduler
  const problems: Problem[] = []
  if (s.elb && s.elb_v2) problems.push(error('scheduler.elb_v2', 'cannot be used together with scheduler.elb'))
  if (s.elb) problems.push(...classicElbProblems(s.elb, c.appId, s))
  if (s.elb_v2) problems.push(...elbV2Problems(s.elb_v2, c.appId, s.network_mode))
  return problems
}

export const desiredCountRule: Rule = (d, c) => {
  const s = d.scheduler
  if (c.oneshot) return []
  if (s.scheduling_strategy === 'DAEMON') {
    return s.desired_count === undefined ? [] : [warning('scheduler.desired_count', 'ignored: a DAEMON service runs one task per instance')]
  }
  return s.desired_count === undefined ? [error('scheduler.desired_count', 'must be set (unless scheduling_strategy is "DAEMON")')] : []
}

export const fargateRules: Rule = (d) => {
  if (!isFargate(d)) return []
  const s = d.scheduler
  const problems: Problem[] = []
  if (s.network_mode !== 'awsvpc') problems.push(error('scheduler.network_mode', 'must be "awsvpc" on Fargate'))
  if (s.cpu === undefined) problems.push(error('scheduler.cpu', 'must be set on Fargate (task cpu, e.g. "256")'))
  if (s.memory === undefined) problems.push(error('scheduler.memory', 'must be set on Fargate (task memory, e.g. "512")'))
  if (s.scheduling_strategy === 'DAEMON') problems.push(error('scheduler.scheduling_strategy', 'DAEMON is not supported on Fargate'))
  return problems
}

export const capacityRules: Rule = (d) => {
  const s = d.scheduler
  return s.launch_type !== undefined && s.capacity_provider_strategy !== undefined
    ? [error('scheduler.capacity_provider_strategy', 'cannot be used together with scheduler.launch_type')]
    : []
}

export const awsvpcRules: Rule = (d, c) => {
  const s = d.scheduler
  const problems: Problem[] = []
  if (s.network_mode === 'awsvpc' && s.network_configuration === undefined) {
    problems.push(error('scheduler.network_configuration', 'must be set when network_mode is "awsvpc" (awsvpc_configuration.subnets)'))
  }
  if (s.network_mode !== 'awsvpc' && s.network_configuration !== undefined) {
    problems.push(
      error(
        'scheduler.network_configuration',
        `is only for network_mode "awsvpc" (ECS refuses it under ${JSON.stringify(s.network_mode ?? 'bridge')}); set network_mode: 'awsvpc' or remove it`,
      ),
    )
  }
  // Without a bridge, a container's port is the task's port: ECS wants them equal.
  if (s.network_mode !== 'awsvpc' && s.network_mode !== 'host') return problems
  return [
    ...problems,
    ...perContainer(d, c, ({path, spec}) => {
      const found: Problem[] = []
      spec.port_mappings.forEach((m, i) => {
        if (m.host_port !== undefined && m.host_port !== m.container_port) {
          found.push(error(`${path}.port_mappings[${i}].host_port`, `must equal container_port (${m.container_port}) or be omitted under ${s.network_mode}`))
        }
      })
      if (s.network_mode === 'awsvpc' && spec.links.length > 0)
        found.push(error(`${path}.links`, 'links are not supported with network_mode "awsvpc" (containers share localhost)'))
      return found
    }),
  ]
}

export const memoryRules: Rule = (d, c) => {
  // Left undefined when the task memory itself is invalid: then no container is blamed for it.
  const taskMemory = unlessInvalid(() => [d.scheduler.memory ?? 'none'])[0]
  return perContainer(d, c, ({path, spec}) => {
    const problems: Problem[] = []
    if (taskMemory === 'none' && spec.memory === undefined && spec.memory_reservation === undefined) {
      problems.push(error(`${path}.memory`, 'memory or memory_reservation must be set when scheduler.memory (task memory) is not'))
    }
    if (spec.memory !== undefined && spec.memory_reservation !== undefined && spec.memory_reservation > spec.memory) {
      problems.push(error(`${path}.memory_reservation`, `must not exceed memory (${spec.memory})`))
    }
    return problems
  })
}

export const referenceRules: Rule = (d, c) => {
  const problems: Problem[] = []
  // Unknown when `sidecars` itself is invalid: then no reference is called unknown.
  const sidecars = unlessInvalid(() => [sidecarNames(d)])[0]
  const names = new Set(['app', ...(sidecars ?? [])])
  if (sidecars?.includes('app')) problems.push(error(`${c.sidecarsKey}.app`, 'the name "app" is reserved for the app container'))
  problems.push(
    ...perContainer(d, c, ({name, path, spec}) => {
      const found: Problem[] = []
      for (const ref of sidecars ? referencesOf(spec) : []) {
        if (!names.has(ref.target)) found.push(error(`${path}.${ref.at}`, `unknown container "${ref.target}"`))
        else if (ref.target === name) found.push(error(`${path}.${ref.at}`, 'a container cannot refer to itself'))
      }
      spec.mount_points.forEach((m, i) => {
        if (!(m.source_volume in d.volumes)) {
          found.push(error(`${path}.mount_points[${i}].source_volume`, `unknown volume "${m.source_volume}" (declare it under volumes)`))
        }
      })
      return found
    }),
  )
  if (!sidecars) return problems
  problems.push(
    ...unlessInvalid(() => {
      const lb = d.scheduler.elb_v2
      const lbContainer = lb?.container_name ?? d.scheduler.elb?.container_name
      if ((lb || d.scheduler.elb) && !names.has(lbContainer ?? 'front')) {
        const at = lb ? 'scheduler.elb_v2.container_name' : 'scheduler.elb.container_name'
        return [error(at, `unknown container "${lbContainer ?? 'front'}"`)]
      }
      return []
    }),
  )
  problems.push(
    ...unlessInvalid(() =>
      (d.scheduler.service_discovery ?? []).flatMap((entry, i) =>
        entry.container_name !== undefined && !names.has(entry.container_name)
          ? [error(`scheduler.service_discovery[${i}].container_name`, `unknown container "${entry.container_name}"`)]
          : [],
      ),
    ),
  )
  return problems
}

export const containerRules: Rule = (d, c) => {
  const problems = perContainer(d, c, ({path, spec}) => {
    const found: Problem[] = []
    const kind = spec.health_check?.command[0]
    if (kind !== undefined && !['CMD', 'CMD-SHELL', 'NONE'].includes(kind)) {
      found.push(error(`${path}.health_check.command[0]`, `must be "CMD", "CMD-SHELL" or "NONE" but got ${JSON.stringify(kind)}`))
    }
    if (spec.secrets?.length && d.scheduler.execution_role_arn === undefined) {
      found.push(
        error(
          `${path}.secrets`,
          'secrets need scheduler.execution_role_arn (ECS fetches them with the execution role): set it to a role that may read them (ssm:GetParameters, secretsmanager:GetSecretValue)',
        ),
      )
    }
    if (spec.log_configuration?.log_driver === 'awslogs' && isFargate(d) && d.scheduler.execution_role_arn === undefined) {
      found.push(error(`${path}.log_configuration`, 'awslogs on Fargate needs scheduler.execution_role_arn (a role that may write to CloudWatch Logs)'))
    }
    return found
  })
  problems.push(
    ...unlessInvalid(() => (d.app.essential ? [] : [warning('app.essential', 'the app container is not essential: the task keeps running when it stops')])),
  )
  return problems
}

export const oneshotRules: Rule = (d) => {
  const s = d.scheduler
  return s.autoscaling_topic_for_oneshot !== undefined && s.autoscaling_group_for_oneshot === undefined
    ? [error('scheduler.autoscaling_group_for_oneshot', 'must be set when autoscaling_topic_for_oneshot is set')]
    : []
}

export const autoscalingRules: Rule = (d) => {
  const a = d.scheduler.autoscaling
  if (!a) return []
  const problems: Problem[] = []
  if (a.min_capacity > a.max_capacity) problems.push(error('scheduler.autoscaling.min_capacity', `must not exceed max_capacity (${a.max_capacity})`))
  if (d.scheduler.scheduling_strategy === 'DAEMON') problems.push(error('scheduler.autoscaling', 'cannot scale a DAEMON service'))
  const seen = new Map<string, number>()
  a.policies.forEach((p, i) => {
    if (p.policy_type === 'TargetTrackingScaling' && p.predefined_metric_type === 'ALBRequestCountPerTarget' && !d.scheduler.elb_v2) {
      problems.push(error(`scheduler.autoscaling.policies[${i}].predefined_metric_type`, 'ALBRequestCountPerTarget needs scheduler.elb_v2'))
    }
    // A step scaling policy is named after its alarms (as hako-Ruby named it), a target tracking one by `name`.
    const name = p.policy_type === 'StepScaling' ? p.alarms.join('-and-') : p.name
    const first = seen.get(name)
    if (first !== undefined) problems.push(error(`scheduler.autoscaling.policies[${i}]`, `has the same policy name as policies[${first}]: ${name}`))
    else seen.set(name, i)
  })
  // hako marks each policy it manages with a tag on the scalable target, which holds 50 tags with its own.
  if (a.policies.length > 49) problems.push(error('scheduler.autoscaling.policies', `has ${a.policies.length} policies; at most 49 are supported`))
  return problems
}

export const rules: readonly Rule[] = [
  loadBalancerRules,
  desiredCountRule,
  fargateRules,
  capacityRules,
  awsvpcRules,
  memoryRules,
  referenceRules,
  containerRules,
  oneshotRules,
  autoscalingRules,
  ...awsLimitRules,
  portRules,
  cycleRules,
  lenientRules,
  nginxFrontRule,
]

/** Every rule; one that reads a value the schema refused is skipped (that value has its problem). */
export function checkRules(definition: Definition, context: RuleContext): Problem[] {
  return rules.flatMap((rule) => unlessInvalid(() => rule(definition, context)))
}
