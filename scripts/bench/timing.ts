/**
 * Wall-clock measurements, each set against a baseline taken in the same run and interleaved with
 * it, so machine speed and load cancel out of the ratio (the raw numbers do not compare).
 */
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'

import {DescribeServicesCommand} from '@aws-sdk/client-ecs'
import {Jsonnet} from '@hanazuki/node-jsonnet'

import {appIdOf, loadApp} from '../../src/definition/load.js'
import {median, type Measurement} from './stats.js'
import {deployCalls, startWorld} from './world.js'

export interface Repetitions {
  spawn: number
  inProcess: number
}

async function timed(fn: () => unknown): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

/** Runs ours and the baseline alternately, `n` times each after `warmup` untimed rounds; medians. */
async function paired(n: number, warmup: number, ours: () => unknown, baseline: () => unknown): Promise<{ours: number; baseline: number}> {
  for (let i = 0; i < warmup; i++) {
    await ours()
    await baseline()
  }
  const a: number[] = []
  const b: number[] = []
  for (let i = 0; i < n; i++) {
    a.push(await timed(ours))
    b.push(await timed(baseline))
  }
  return {ours: median(a), baseline: median(b)}
}

function runNode(root: string, args: string[]): void {
  const child = spawnSync(process.execPath, args, {cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'})
  if (child.status !== 0) throw new Error(`bench: node ${args.join(' ')} exited ${child.status}: ${child.stderr}`)
}

async function startup(root: string, n: number): Promise<Measurement> {
  const cli = join(root, 'bin', 'run.js')
  const times = await paired(
    n,
    1,
    () => runNode(root, [cli, '--version']),
    () => runNode(root, ['-e', '']),
  )
  return {name: 'CLI start-up (hako --version)', ...times, unit: 'ms', baselineLabel: "node -e ''"}
}

/**
 * The floor under show-definition: a node process that loads libjsonnet, evaluates the same file
 * (constant provider answers) and prints it, with nothing of ours: how much of the start-up ratio
 * no code of ours can remove.
 */
const FLOOR_SCRIPT = [
  "import {Jsonnet} from '@hanazuki/node-jsonnet'",
  "const vm = new Jsonnet().extString('appId', 'hello').nativeCallback('provide.file', (_options, name) => '${' + name + '}', 'options', 'name')",
  'process.stdout.write(await vm.evaluateFile(process.argv[1]))',
].join('\n')

/**
 * What every CI step that only reads a definition pays: the definition pipeline and libjsonnet.
 * Ours, the floor and `node -e ''` run in turn in each round, so the three ratios come from the
 * same moments of a shared machine.
 */
async function showDefinition(root: string, n: number): Promise<Measurement[]> {
  const file = join(root, 'examples', 'hello.jsonnet')
  const cli = join(root, 'bin', 'run.js')
  const runs: Record<'ours' | 'floor' | 'node', () => void> = {
    ours: () => runNode(root, [cli, 'show-definition', file]),
    floor: () => runNode(root, ['--input-type=module', '-e', FLOOR_SCRIPT, file]),
    node: () => runNode(root, ['-e', '']),
  }
  const samples = {ours: [] as number[], floor: [] as number[], node: [] as number[]}
  // Round -1 warms the page cache and is not counted.
  for (let round = -1; round < n; round++) {
    for (const key of ['ours', 'floor', 'node'] as const) {
      const ms = await timed(runs[key])
      if (round >= 0) samples[key].push(ms)
    }
  }
  const [ours, floor, node] = [median(samples.ours), median(samples.floor), median(samples.node)]
  const name = 'CLI start-up (hako show-definition examples/hello.jsonnet)'
  return [
    {name, ours, baseline: node, unit: 'ms', baselineLabel: "node -e ''"},
    {name: 'start-up floor (node + libjsonnet alone on examples/hello.jsonnet)', ours: floor, baseline: node, unit: 'ms', baselineLabel: "node -e ''"},
    {name: `${name} against that floor`, ours, baseline: floor, unit: 'ms', baselineLabel: 'node + libjsonnet alone'},
  ]
}

/** loadApp (evaluate, providers, schema, rules, containers) against libjsonnet alone on the same file. */
async function definitionLoading(root: string, n: number): Promise<Measurement> {
  const file = join(root, 'examples', 'hello.jsonnet')
  const bare = (): Promise<string> =>
    new Jsonnet()
      .extString('appId', appIdOf(file))
      // The definition calls std.native('provide.file'); a constant answer leaves only libjsonnet's cost.
      .nativeCallback('provide.file', (_options, name) => `value-of-${String(name)}`, 'options', 'name')
      .evaluateFile(file)
  const times = await paired(n, 2, () => loadApp(file, {mode: 'expand', containers: 'all'}), bare)
  return {name: 'definition loading (loadApp examples/hello.jsonnet)', ...times, unit: 'ms', baselineLabel: 'bare Jsonnet evaluation'}
}

/** A whole no-change deploy in round trips: what it costs beyond the unavoidable reads. */
async function noChangeDeploy(root: string, n: number): Promise<Measurement> {
  const file = join(root, 'examples', 'hello-fargate.jsonnet')
  const world = await startWorld()
  try {
    await deployCalls(world, file)
    const ecs = world.deps.aws('ap-northeast-1').ecs
    const describe = () => ecs.send(new DescribeServicesCommand({cluster: 'hello', services: ['hello-fargate']}))
    const times = await paired(n, 2, () => deployCalls(world, file), describe)
    return {name: 'no-change deploy in-process (local AWS)', ...times, unit: 'ms', baselineLabel: 'one DescribeServices round trip'}
  } finally {
    await world.close()
  }
}

export async function measureTimes(root: string, reps: Repetitions): Promise<Measurement[]> {
  return [
    await startup(root, reps.spawn),
    ...(await showDefinition(root, reps.spawn)),
    await definitionLoading(root, reps.inProcess),
    await noChangeDeploy(root, reps.inProcess),
  ]
}
