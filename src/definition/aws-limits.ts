/**
 * Limits ECS puts on names, sizes and regions, checked from the definition alone so a deploy does
 * not stop at RegisterTaskDefinition or CreateService after earlier writes. Each limit is the one
 * the ECS API reference states for the field named beside it.
 */
import {formatPath} from './format-issues.js'
import {unlessInvalid} from './guard.js'
import {cpuUnits, EC2_TASK_CPU, fargateSizeProblem, memoryMiB} from './fargate-sizes.js'
import {KNOWN_REGIONS, regionStatus} from './regions.js'
import {containersOf, error, isFargate, perContainer, type Rule, sidecarNames, warning} from './rule-kit.js'
import {suggest} from './suggest.js'
import type {Problem} from './types.js'

/** ECS names of services, families, containers: 1 to 255 letters, digits, hyphens, underscores. */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/
/** RegisterTaskDefinition: at most 10 container definitions. */
export const MAX_CONTAINERS = 10
/** oneshot registers its task definition in the family `<app>-oneshot`. */
export const ONESHOT_FAMILY_SUFFIX = '-oneshot'

/** The app id (the file name) is the service name and the task family (CreateService, RegisterTaskDefinition). */
export const appIdRule: Rule = (_d, c) => {
  const family = c.oneshot ? `${c.appId}${ONESHOT_FAMILY_SUFFIX}` : c.appId
  if (ECS_NAME.test(family)) return []
  const what = c.oneshot ? `the oneshot task family "${family}"` : `the app id "${c.appId}"`
  const limit = c.oneshot ? 255 - ONESHOT_FAMILY_SUFFIX.length : 255
  return [
    error(
      '',
      `${what} comes from the file name and ECS allows only letters, digits, hyphens and underscores, at most ${limit} of them in the app id: rename the file`,
    ),
  ]
}

export const containerNameRule: Rule = (d, c) => {
  const names = sidecarNames(d)
  const problems: Problem[] = names
    .filter((name) => !ECS_NAME.test(name))
    .map((name) =>
      error(
        formatPath([c.sidecarsKey, name]),
        'a container name may hold only letters, digits, hyphens and underscores, at most 255 of them: rename the sidecar',
      ),
    )
  if (names.length + 1 > MAX_CONTAINERS) {
    problems.push(error(c.sidecarsKey, `a task definition holds at most ${MAX_CONTAINERS} containers, but app and these sidecars make ${names.length + 1}`))
  }
  return problems
}

export const regionRule: Rule = (d) => {
  const region = d.scheduler.region
  const status = regionStatus(region)
  if (status === 'known') return []
  if (status === 'new') return [warning('scheduler.region', `"${region}" is not a region this version knows; if it is a new region, ignore this`)]
  const guess = suggest(region, KNOWN_REGIONS)
  return [error('scheduler.region', `unknown region "${region}"${guess ? ` (did you mean "${guess}"?)` : ''}: use a region code such as "ap-northeast-1"`)]
}

/** Task cpu/memory: the Fargate size table, or the EC2 cpu range; containers within the task. */
export const taskSizeRule: Rule = (d, c) => {
  const s = d.scheduler
  const cpu = s.cpu === undefined ? undefined : cpuUnits(s.cpu)
  const memory = s.memory === undefined ? undefined : memoryMiB(s.memory)
  const problems: Problem[] = []
  if (isFargate(d)) {
    const problem = cpu !== undefined && memory !== undefined ? fargateSizeProblem(cpu, memory) : undefined
    if (problem) problems.push(error(`scheduler.${problem.at}`, problem.message))
  } else if (cpu !== undefined && (cpu < EC2_TASK_CPU.min || cpu > EC2_TASK_CPU.max)) {
    problems.push(error('scheduler.cpu', `must be between ${EC2_TASK_CPU.min} and ${EC2_TASK_CPU.max} CPU units (0.125 to 192 vCPU) but got ${cpu}`))
  }
  problems.push(
    ...perContainer(d, c, ({path, spec}) => {
      const found: Problem[] = []
      if (memory !== undefined && spec.memory !== undefined && spec.memory > memory) {
        found.push(error(`${path}.memory`, `must not exceed the task memory (scheduler.memory: ${memory} MiB) but is ${spec.memory}`))
      }
      if (memory !== undefined && spec.memory_reservation !== undefined && spec.memory_reservation > memory) {
        found.push(error(`${path}.memory_reservation`, `must not exceed the task memory (scheduler.memory: ${memory} MiB) but is ${spec.memory_reservation}`))
      }
      if (cpu !== undefined && spec.cpu > cpu) found.push(error(`${path}.cpu`, `must not exceed the task cpu (scheduler.cpu: ${cpu} units) but is ${spec.cpu}`))
      return found
    }),
  )
  return problems
}

/** RegisterTaskDefinition refuses a task whose containers are all non-essential. */
export const essentialRule: Rule = (d, c) => {
  const entries = containersOf(d, c)
  const flags = entries.map((e) => unlessInvalid(() => [e.spec.essential]))
  // Unknown when a container is invalid as a whole or in its `essential`.
  if (entries.length < sidecarNames(d).length + 1 || flags.some((f) => f.length === 0)) return []
  return flags.every((f) => f[0] === false) ? [error('app.essential', 'no container is essential: ECS needs at least one; set essential: true on app')] : []
}

export const awsLimitRules: readonly Rule[] = [appIdRule, containerNameRule, regionRule, taskSizeRule, essentialRule]
