/**
 * The copies the definition layer keeps (regions, Fargate sizes, task size units) held against
 * their sources: the installed SDK's endpoint partitions, and the local AWS's RegisterTaskDefinition
 * checks (which are themselves held against the ECS documentation).
 */
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {describe, expect, it} from 'vitest'

import {cpuUnits, fargateSizeProblem, memoryMiB} from '../../src/definition/fargate-sizes.js'
import {PARTITIONS, regionStatus} from '../../src/definition/regions.js'
import {fargateSizeValid, parseUnits} from '../../src/local/ecs/validate-task-definition.js'

// The SDK does not export its partition table; it is read from the file its endpoint resolver uses.
const sdkRoot = dirname(createRequire(import.meta.url).resolve('@aws-sdk/core/package.json'))
const partitionsFile = pathToFileURL(join(sdkRoot, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js')).href

describe('regions', () => {
  it('lists every region and partition pattern of the installed SDK', async () => {
    const {partitionsInfo} = (await import(partitionsFile)) as {partitionsInfo: unknown}
    const sdk = (partitionsInfo as {partitions: {id: string; regionRegex: string; regions: Record<string, unknown>}[]}).partitions
    expect(PARTITIONS.map((p) => p.id)).toEqual(sdk.map((p) => p.id))
    for (const partition of sdk) {
      const ours = PARTITIONS.find((p) => p.id === partition.id)
      expect(ours?.regions).toEqual(Object.keys(partition.regions).filter((r) => !r.endsWith('-global')))
      for (const region of Object.keys(partition.regions).filter((r) => !r.endsWith('-global'))) {
        expect(new RegExp(partition.regionRegex).test(region)).toBe(ours?.pattern.test(region))
      }
    }
  })

  it.each([
    ['ap-northeast-1', 'known'],
    ['cn-north-1', 'known'],
    ['us-gov-west-1', 'known'],
    ['eu-west-9', 'new'],
    ['aws-global', 'unknown'],
    ['local', 'unknown'],
    ['AP-NORTHEAST-1', 'unknown'],
  ])('%s is %s', (region, status) => {
    expect(regionStatus(region)).toBe(status)
  })
})

describe('task size units', () => {
  it.each([
    ['256', 256, 256],
    ['1 vCPU', 1024, undefined],
    ['0.25 vcpu', 256, undefined],
    ['2 GB', undefined, 2048],
    ['2gb', undefined, 2048],
    ['1.5 GB', undefined, 1536],
    ['0.3 vCPU', undefined, undefined],
    ['1.5', undefined, undefined],
    ['-256', undefined, undefined],
    ['0', undefined, undefined],
    ['', undefined, undefined],
  ])('%j → cpu %s, memory %s', (text, cpu, memory) => {
    expect(cpuUnits(text)).toBe(cpu)
    expect(memoryMiB(text)).toBe(memory)
  })

  it('reads the unit forms as the local AWS does', () => {
    for (const text of ['256', '1 vCPU', '4 vcpu', '2 GB', '30GB', '512']) {
      if (cpuUnits(text) !== undefined) expect(cpuUnits(text)).toBe(parseUnits(text, 'vcpu'))
      if (memoryMiB(text) !== undefined) expect(memoryMiB(text)).toBe(parseUnits(text, 'gb'))
    }
  })
})

describe('Fargate sizes', () => {
  it('agree with the local AWS on every cpu and memory in 512 MiB steps', () => {
    const cpus = [128, 256, 333, 512, 1024, 2048, 4096, 8192, 16384, 32768]
    let checked = 0
    for (const cpu of cpus) {
      for (let memory = 512; memory <= 131_072; memory += 512) {
        expect([cpu, memory, fargateSizeProblem(cpu, memory) === undefined]).toEqual([cpu, memory, fargateSizeValid(cpu, memory)])
        checked += 1
      }
    }
    expect(checked).toBe(cpus.length * 256)
  })
})
