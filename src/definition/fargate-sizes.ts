/**
 * Task cpu and memory as ECS reads them, and the task sizes Fargate offers. ECS takes cpu as CPU
 * units (`'1024'`) or vCPUs (`'1 vCPU'`) and memory as MiB (`'2048'`) or GB (`'2 GB'`), and stores
 * the units; the schema normalises to units so a definition compares equal to what ECS returns.
 */

/** `'1 vCPU'` → 1024, `'512'` → 512; undefined when it is neither form or not whole units. */
export function cpuUnits(value: string): number | undefined {
  return units(value, /^vcpus?$/i)
}

/** `'2 GB'` → 2048, `'512'` → 512 (MiB); undefined when it is neither form. */
export function memoryMiB(value: string): number | undefined {
  return units(value, /^gb$/i)
}

/** A bare whole number, or an amount with the unit worth 1024 of them. */
function units(value: string, unit: RegExp): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z]*)\s*$/.exec(value)
  if (!match) return undefined
  const amount = Number(match[1])
  const suffix = match[2] ?? ''
  const result = suffix === '' ? amount : unit.test(suffix) ? amount * 1024 : Number.NaN
  return Number.isInteger(result) && result > 0 ? result : undefined
}

/** Task cpu range on EC2 and external instances (the RegisterTaskDefinition `cpu` reference). */
export const EC2_TASK_CPU = {min: 128, max: 196_608}

/**
 * Fargate task sizes (the ECS developer guide's task size table): for each cpu, the memory (MiB)
 * it may have, listed or as a range with a step.
 */
type FargateSize = {cpu: number} & ({memory: readonly number[]} | {from: number; to: number; step: number})

export const FARGATE_SIZES: readonly FargateSize[] = [
  {cpu: 256, memory: [512, 1024, 2048]},
  {cpu: 512, from: 1024, to: 4096, step: 1024},
  {cpu: 1024, from: 2048, to: 8192, step: 1024},
  {cpu: 2048, from: 4096, to: 16_384, step: 1024},
  {cpu: 4096, from: 8192, to: 30_720, step: 1024},
  {cpu: 8192, from: 16_384, to: 61_440, step: 4096},
  {cpu: 16_384, from: 32_768, to: 122_880, step: 8192},
]

const choices = (size: FargateSize): string =>
  'memory' in size ? `${size.memory.slice(0, -1).join(', ')} or ${size.memory.at(-1)}` : `${size.from} to ${size.to} in steps of ${size.step}`

const fits = (size: FargateSize, memory: number): boolean =>
  'memory' in size ? size.memory.includes(memory) : memory >= size.from && memory <= size.to && (memory - size.from) % size.step === 0

/** Why Fargate has no task of this size, or undefined when it has. */
export function fargateSizeProblem(cpu: number, memory: number): {at: 'cpu' | 'memory'; message: string} | undefined {
  const size = FARGATE_SIZES.find((s) => s.cpu === cpu)
  if (!size) {
    return {at: 'cpu', message: `Fargate has no task size with cpu ${cpu}; use one of ${FARGATE_SIZES.map((s) => s.cpu).join(', ')}`}
  }
  if (fits(size, memory)) return undefined
  return {at: 'memory', message: `Fargate has no task with cpu ${cpu} and memory ${memory}; with cpu ${cpu} use memory ${choices(size)} (MiB)`}
}
