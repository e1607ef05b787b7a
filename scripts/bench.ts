/**
 * `npm run bench`: hako against its baselines, measured in one run and printed as ratios. Not a
 * test: nothing here asserts a time (these machines are shared and noisy); it reports and exits 0.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {cpus} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {measureAwsCalls} from './bench/aws-calls.js'
import {measureDetection, measureFleet} from './bench/detection.js'
import {measureMemory} from './bench/memory.js'
import {formatLine, formatRatio, formatValue, type Measurement, ratio, resultOf} from './bench/stats.js'
import {measureTimes} from './bench/timing.js'

/** Small enough that the whole bench takes well under 5 minutes on two shared cores. */
const REPETITIONS = {spawn: 21, inProcess: 15, memory: 3, latencyRuns: 20, fleetApps: 50}

/** The repository root, from dist/scripts/bench.js (built) or scripts/bench.ts (source). */
function repositoryRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  return resolve(here, here.endsWith('/dist/scripts') ? '../..' : '..')
}

const HEADER = [
  'hako bench: ratio = ours / baseline, raw numbers beside it.',
  'Only the ratios compare between machines; raw times and memory depend on the machine and its load.',
  `Times and memory are medians of ${REPETITIONS.spawn} (process start-up), ${REPETITIONS.inProcess} (in-process) and ${REPETITIONS.memory} (memory) runs.`,
  '',
  'AWS calls: counted in the local AWS call log (exact, machine-independent). hako-Ruby figures follow',
  '  hako-Ruby: the calls of its deploy and its 1 s poll loop (docs/hako-compatibility.md); below 1.00x = fewer calls than hako.',
  '  Polls: DescribeServices after the service write until steady; hako-Ruby polls once per simulated second.',
  'Time: CLI start-up against a bare node; loadApp against bare libjsonnet on the same file (our overhead);',
  '  a no-change deploy against one DescribeServices round trip (how many round trips it costs).',
  "Memory: peak RSS of an offline dry-run deploy against `node -e ''`.",
  'Detection latency: simulated time from the moment the local AWS reaches the state (steady, failing past',
  '  our threshold, rolled back) to the verdict; ours against the SDK waiter (its real code, its sleeps on the',
  "  virtual clock) and hako's 1 s loop, same seeded runs (pull time, crash time and deploy moment vary).",
  'Fifty apps: one deployMany with ECS rate limits on, on an EventClock; peak RSS in child processes.',
]

const all: {section: string; measurement: Measurement}[] = []

async function section(title: string, measure: () => Promise<Measurement[]> | Measurement[]): Promise<void> {
  const started = Date.now()
  const measurements = await measure()
  console.log(`\n## ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  for (const m of measurements) {
    console.log(formatLine(m))
    all.push({section: title, measurement: m})
  }
}

/** Every figure in one table: name, ours, baseline, ratio. */
function printTable(): void {
  const rows = all.map(({measurement: m}) => [
    m.name,
    formatValue(m.ours, m.unit),
    `${Number.isFinite(m.baseline) ? formatValue(m.baseline, m.unit) : 'none'} (${m.baselineLabel})`,
    formatRatio(ratio(m.ours, m.baseline)),
  ])
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0), ['figure', 'ours', 'baseline', 'ratio'][i]?.length ?? 0))
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  console.log(`\n${line(['figure', 'ours', 'baseline', 'ratio'])}`)
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const row of rows) console.log(line(row))
}

async function main(): Promise<void> {
  const root = repositoryRoot()
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const started = Date.now()
  console.log(HEADER.join('\n'))
  await section('AWS calls', () => measureAwsCalls(root))
  await section('Time', () => measureTimes(root, REPETITIONS))
  await section('Memory', () => measureMemory(root, REPETITIONS.memory))
  await section('Detection latency (simulated time)', () => measureDetection(REPETITIONS.latencyRuns))
  await section(`${REPETITIONS.fleetApps} apps at once`, () => measureFleet(root, REPETITIONS.fleetApps))
  printTable()
  const results = {
    date: new Date().toISOString(),
    machine: {nproc: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}`},
    durationSec: Math.round((Date.now() - started) / 100) / 10,
    figures: all.map(({section: name, measurement}) => ({section: name, ...resultOf(measurement)})),
  }
  mkdirSync(join(root, 'bench'), {recursive: true})
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\nWrote bench/results.json (${results.durationSec} s)`)
}

await main()
