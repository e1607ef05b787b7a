/**
 * `npm run bench`: hako against its baselines, measured in one run and printed as ratios. Not a
 * test: nothing here asserts a time (these machines are shared and noisy); it reports and exits 0.
 */
import {dirname, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {measureAwsCalls} from './bench/aws-calls.js'
import {measureMemory} from './bench/memory.js'
import {formatLine, type Measurement} from './bench/stats.js'
import {measureTimes} from './bench/timing.js'

/** Small enough that the whole bench takes well under 90 s on two shared cores. */
const REPETITIONS = {spawn: 5, inProcess: 15, memory: 3}

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
  '  reference/hako-behaviour.md §4.3 (deploy) and §4.7 (1 s poll loop); below 1.00x = fewer calls than hako.',
  '  Polls: DescribeServices after the service write until steady; hako-Ruby polls once per simulated second.',
  'Time: CLI start-up against a bare node; loadApp against bare libjsonnet on the same file (our overhead);',
  '  a no-change deploy against one DescribeServices round trip (how many round trips it costs).',
  "Memory: peak RSS of an offline dry-run deploy against `node -e ''`.",
]

async function section(title: string, measure: () => Promise<Measurement[]> | Measurement[]): Promise<void> {
  const started = Date.now()
  const lines = (await measure()).map(formatLine)
  console.log(`\n## ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  for (const line of lines) console.log(line)
}

async function main(): Promise<void> {
  const root = repositoryRoot()
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  console.log(HEADER.join('\n'))
  await section('AWS calls', () => measureAwsCalls(root))
  await section('Time', () => measureTimes(root, REPETITIONS))
  await section('Memory', () => measureMemory(root, REPETITIONS.memory))
}

await main()
