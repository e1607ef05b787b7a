/**
 * A local AWS on a virtual clock with Deps pointed at it: deploys run in-process, their simulated
 * waits cost no real time, and every call they make is in the call log.
 */
import {copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {createDeps, type Deps} from '../../src/app/deps.js'
import {deploy, type DeployResult} from '../../src/app/deploy.js'
import {VirtualClock} from '../../src/clock.js'
import {startLocalAws, type LocalAws} from '../../src/local/index.js'
import type {CallRecord} from '../../src/local/types.js'
import {MemoryReporter} from '../../src/ui/reporter.js'

export interface BenchWorld {
  clock: VirtualClock
  local: LocalAws
  deps: Deps
  reporter: MemoryReporter
  close(): Promise<void>
}

export async function startWorld(): Promise<BenchWorld> {
  const clock = new VirtualClock()
  const local = await startLocalAws({clock})
  const reporter = new MemoryReporter()
  const deps = await createDeps({reporter, local, clock, maxAttempts: 1})
  return {
    clock,
    local,
    deps,
    reporter,
    async close() {
      await deps.close()
      await local.close()
    },
  }
}

/** A deploy that must succeed; returns the calls it made (the log is reset first). */
export async function deployCalls(world: BenchWorld, file: string, tag?: string): Promise<{result: DeployResult; calls: CallRecord[]}> {
  world.local.resetCalls()
  const result = await deploy(world.deps, {file, timeoutSec: 1800, toolVersion: 'bench', ...(tag ? {tag} : {})})
  if (result.exitCode !== 0) {
    throw new Error(`bench: deploy ${file} exited ${result.exitCode}:\n${world.reporter.messages().slice(-20).join('\n')}`)
  }
  return {result, calls: world.local.calls()}
}

/**
 * A copy of an example (with the env file it reads) whose desired count is replaced; the file
 * name, hence the app id, stays the same.
 */
export function exampleWithDesired(examplesDir: string, name: string, desired: number): {file: string; dispose(): void} {
  const dir = mkdtempSync(join(tmpdir(), 'hako-bench-'))
  const source = readFileSync(join(examplesDir, name), 'utf8')
  const changed = source.replace(/desired_count: *\d+/, `desired_count: ${desired}`)
  if (changed === source) throw new Error(`bench: ${name} has no desired_count to replace`)
  writeFileSync(join(dir, name), changed)
  copyFileSync(join(examplesDir, 'hello.env'), join(dir, 'hello.env'))
  return {file: join(dir, name), dispose: () => rmSync(dir, {recursive: true, force: true})}
}
