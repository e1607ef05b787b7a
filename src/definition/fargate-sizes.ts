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
 * Fargate task sizes (the ECS developer guide's task size table): for each cpu, the memory from
 * `from` to `to` MiB in steps of `step`.
 */
export const FARGATE_SIZES: readonly {cpu: number; from: number; to: number; step: number}[] = [
  {cpu: 256, from: 512, to: 2048, step: 512},
  {cpu: 512, from: 1024, to: 4096, step: 1024},
  {cpu: 1024, from: 2048, to: 8192, step: 1024},
  {cpu: 2048, from: 4096, to: 16_384, step: 1024},
  {cpu: 4096, from: 8192, to: 30_720, step: 1024},
  {cpu: 8192, from: 16_384, to: 61_440, step: 4096},
  {cpu: 16_384, from: 32_768, to: 122_880, step: 8192},
]

export function fargateMemoryChoices(cpu: number): string | undefined {
  const size = FARGATE_SIZES.find((s) => s.cpu === cpu)
  if (!size) return undefined
  return size.cpu === 256 ? '512, 1024 or 2048' : `${size.from} to ${size.to} in steps of ${size.step}`
}

/** Why Fargate has no task of this size, or undefined when it has. */
export function fargateSizeProblem(cpu: number, memory: number): {at: 'cpu' | 'memory'; message: string} | undefined {
  const size = FARGATE_SIZES.find((s) => s.cpu === cpu)
  if (!size) {
    return {at: 'cpu', message: `Fargate has no task size with cpu ${cpu}; use one of ${FARGATE_SIZES.map((s) => s.cpu).join(', ')}`}
  }
  const fits = memory >= size.from && memory <= size.to && (memory - size.from) % size.step === 0
  if (fits) return undefined
  return {at: 'memory', message: `Fargate has no task with cpu ${cpu} and memory ${memory}; with cpu ${cpu} use memory ${fargateMemoryChoices(cpu)} (MiB)`}
}
