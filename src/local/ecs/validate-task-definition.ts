/**
 * RegisterTaskDefinition's checks, with the exception type and wording real ECS uses, so a
 * definition that AWS would reject fails locally too.
 */
import type {RegisterTaskDefinitionRequest} from '@aws-sdk/client-ecs'
import {clientException} from './errors.js'
import type {Wire} from './state.js'

type Input = Wire<RegisterTaskDefinitionRequest>

const NAME = /^[A-Za-z0-9_-]+$/

/** `"1 vCPU"` → 1024, `"512"` → 512, `"2 GB"` → 2048 (ECS accepts both forms). */
export function parseUnits(value: string | undefined, unit: 'vcpu' | 'gb'): number | undefined {
  if (value === undefined) return undefined
  const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(value)
  if (!match) return Number.NaN
  const amount = Number(match[1])
  const suffix = (match[2] ?? '').toLowerCase()
  if (suffix === '') return amount
  if (unit === 'vcpu' && suffix === 'vcpu') return amount * 1024
  if (unit === 'gb' && suffix === 'gb') return amount * 1024
  return Number.NaN
}

/** The task-size combinations Fargate offers (cpu units → memory MiB). */
export function fargateSizeValid(cpu: number, memory: number): boolean {
  const range = (from: number, to: number, step: number): boolean => memory >= from && memory <= to && (memory - from) % step === 0
  switch (cpu) {
    case 256:
      return [512, 1024, 2048].includes(memory)
    case 512:
      return range(1024, 4096, 1024)
    case 1024:
      return range(2048, 8192, 1024)
    case 2048:
      return range(4096, 16384, 1024)
    case 4096:
      return range(8192, 30720, 1024)
    case 8192:
      return range(16384, 61440, 4096)
    case 16384:
      return range(32768, 122880, 8192)
    default:
      return false
  }
}

export function validateTaskDefinition(input: Input): void {
  const family = input.family
  if (!family) throw clientException('Family cannot be blank.')
  if (family.length > 255 || !NAME.test(family)) {
    throw clientException('Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.')
  }
  const containers = input.containerDefinitions ?? []
  if (containers.length === 0) throw clientException('Container list cannot be empty.')
  if (containers.length > 10) throw clientException('Too many containers. A task definition can have at most 10 containers.')

  const fargate = input.requiresCompatibilities?.includes('FARGATE') ?? false
  const networkMode = input.networkMode ?? 'bridge'
  if (!['bridge', 'host', 'awsvpc', 'none'].includes(networkMode)) {
    throw clientException(`Network mode '${networkMode}' is not valid. Valid values are bridge, host, awsvpc and none.`)
  }
  const taskCpu = parseUnits(input.cpu, 'vcpu')
  const taskMemory = parseUnits(input.memory, 'gb')
  if (taskCpu !== undefined && Number.isNaN(taskCpu)) throw clientException(`Invalid 'cpu' setting for task: ${input.cpu}.`)
  if (taskMemory !== undefined && Number.isNaN(taskMemory)) throw clientException(`Invalid 'memory' setting for task: ${input.memory}.`)

  if (fargate) {
    if (networkMode !== 'awsvpc') throw clientException("Fargate only supports network mode 'awsvpc'.")
    if (taskCpu === undefined) throw clientException("Fargate requires that 'cpu' be defined at the task level.")
    if (taskMemory === undefined) throw clientException("Fargate requires that 'memory' be defined at the task level.")
    if (!fargateSizeValid(taskCpu, taskMemory)) {
      throw clientException(
        `No Fargate configuration exists for given values: ${taskCpu} CPU, ${taskMemory} memory. See the Amazon ECS documentation for the valid values.`,
      )
    }
  }

  const names = new Set<string>()
  let essentials = 0
  for (const container of containers) {
    const name = container.name
    if (!name) throw clientException('Container.name should not be null or empty.')
    if (name.length > 255 || !NAME.test(name)) {
      throw clientException(`Container name '${name}' is invalid. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.`)
    }
    if (names.has(name)) throw clientException(`Duplicate container name '${name}' found. Container names must be unique within a task definition.`)
    names.add(name)
    if (!container.image) throw clientException('Container.image should not be null or empty.')
    if (container.essential !== false) essentials += 1

    const memory = container.memory
    const reservation = container.memoryReservation
    if (memory === undefined && reservation === undefined && taskMemory === undefined) {
      throw clientException(`Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`)
    }
    if (memory !== undefined && memory < 6) throw clientException(`Invalid setting for container '${name}'. The 'memory' must be at least 6 MiB.`)
    if (memory !== undefined && reservation !== undefined && reservation > memory) {
      throw clientException(`Invalid setting for container '${name}'. 'memoryReservation' must be less than or equal to 'memory'.`)
    }
    if (taskMemory !== undefined && memory !== undefined && memory > taskMemory) {
      throw clientException(`Invalid setting for container '${name}'. The container memory ${memory} is greater than the task memory ${taskMemory}.`)
    }

    for (const mapping of container.portMappings ?? []) {
      if (mapping.containerPort === undefined && mapping.containerPortRange === undefined) {
        throw clientException(`Invalid setting for container '${name}'. A port mapping must have a containerPort.`)
      }
      if ((networkMode === 'awsvpc' || networkMode === 'host') && mapping.hostPort !== undefined && mapping.hostPort !== mapping.containerPort) {
        throw clientException(`When networkMode=${networkMode}, the host ports and container ports in port mappings must match.`)
      }
    }

    const log = container.logConfiguration
    if (fargate && log?.logDriver === 'awslogs' && !input.executionRoleArn) {
      throw clientException('Fargate requires task definition to have execution role ARN to support log driver awslogs.')
    }
    if (container.secrets?.length && !input.executionRoleArn) {
      throw clientException(`Invalid setting for container '${name}'. Secrets require an execution role ARN in the task definition.`)
    }
    for (const dependency of container.dependsOn ?? []) {
      if (!containers.some((other) => other.name === dependency.containerName)) {
        throw clientException(`Invalid setting for container '${name}'. dependsOn container '${dependency.containerName}' does not exist.`)
      }
    }
  }
  if (essentials === 0) throw clientException('Task definition does not have any essential container.')
}
