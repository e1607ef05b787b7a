/**
 * Peak resident memory of a child process, read from `/usr/bin/time -f %M` (KiB) when the machine
 * has GNU time, otherwise from the child's own process.resourceUsage().maxRSS (also KiB) at exit.
 */
import {existsSync} from 'node:fs'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {median, parseMaxRss, type Measurement} from './stats.js'

const GNU_TIME = '/usr/bin/time'
const MARKER = 'HAKO_BENCH_MAXRSS'

/** Preloaded into the child when GNU time is absent: report the peak at exit, whatever the exit path. */
const REPORT_AT_EXIT = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n${MARKER} '+process.resourceUsage().maxRSS+'\\n'))`

function peakRssKiB(root: string, args: string[]): number {
  const useTime = existsSync(GNU_TIME)
  const [command, argv] = useTime ? [GNU_TIME, ['-f', `${MARKER} %M`, process.execPath, ...args]] : [process.execPath, ['--import', REPORT_AT_EXIT, ...args]]
  const child = spawnSync(command, argv, {cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'})
  const kib = parseMaxRss(child.stderr, MARKER)
  if (child.status !== 0 || kib === undefined) throw new Error(`bench: ${command} ${argv.join(' ')} exited ${child.status}: ${child.stderr}`)
  return kib
}

export function measureMemory(root: string, n: number): Measurement[] {
  const cli = [join(root, 'bin', 'run.js'), 'deploy', join('examples', 'hello.jsonnet'), '--dry-run', '--offline']
  const ours: number[] = []
  const baseline: number[] = []
  for (let i = 0; i < n; i++) {
    ours.push(peakRssKiB(root, cli))
    baseline.push(peakRssKiB(root, ['-e', '']))
  }
  const source = existsSync(GNU_TIME) ? '/usr/bin/time %M' : 'resourceUsage().maxRSS'
  return [
    {
      name: `peak RSS, deploy examples/hello.jsonnet --dry-run --offline (${source})`,
      ours: median(ours),
      baseline: median(baseline),
      unit: 'KiB',
      baselineLabel: "node -e ''",
    },
  ]
}
