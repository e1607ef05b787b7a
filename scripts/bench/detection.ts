/**
 * The bench's detection-latency and fifty-app figures, as Measurements: latency in simulated time
 * (scripts/bench/latency.ts) for ours beside the SDK waiter and hako's 1 s loop; the fifty-app run
 * and single deploy in child processes (scripts/bench/fleet-run.ts), so their peak RSS is theirs.
 */
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {type FleetResult, rateLimitBound} from './fleet.js'
import {type Summary, measureLatency} from './latency.js'
import {parseMaxRss, type Measurement} from './stats.js'

const LABEL = {sdk: 'SDK waitUntilServicesStable', hako: 'hako 1 s loop'} as const

function peerNote(peer: Summary): string | undefined {
  const notes: string[] = []
  if (peer.noVerdict) notes.push(`no verdict in ${peer.noVerdict}/${peer.runs} runs`)
  if (peer.wrong) notes.push(`wrong verdict in ${peer.wrong}/${peer.runs} runs`)
  if ((peer.medianMs ?? 0) < 0) notes.push('answers before the rollout completes')
  return notes.length ? notes.join('; ') : undefined
}

export async function measureDetection(runs: number): Promise<Measurement[]> {
  const summaries = await measureLatency(runs)
  const out: Measurement[] = []
  for (const ours of summaries.filter((s) => s.waiter === 'ours')) {
    for (const peer of summaries.filter((s) => s.scenario === ours.scenario && s.waiter !== 'ours')) {
      const label = LABEL[peer.waiter as 'sdk' | 'hako']
      const note = peerNote(peer)
      const wrong = ours.wrong ? `ours wrong in ${ours.wrong}/${ours.runs}` : undefined
      const both = [wrong, note].filter(Boolean).join('; ') || undefined
      out.push(
        {
          name: `${ours.scenario}: median detection latency (${runs} runs)`,
          ours: (ours.medianMs ?? NaN) / 1000,
          baseline: (peer.medianMs ?? NaN) / 1000,
          unit: 's',
          baselineLabel: label,
          ...(both ? {note: both} : {}),
        },
        {
          name: `${ours.scenario}: worst detection latency`,
          ours: (ours.worstMs ?? NaN) / 1000,
          baseline: (peer.worstMs ?? NaN) / 1000,
          unit: 's',
          baselineLabel: label,
        },
        {
          name: `${ours.scenario}: DescribeServices per minute`,
          ours: ours.describeServicesPerMinute,
          baseline: peer.describeServicesPerMinute,
          unit: 'calls/min',
          baselineLabel: label,
        },
      )
    }
  }
  return out
}

function peakRssOf(root: string, args: string[]): {kib: number; stdout: string} {
  const gnu = existsSync('/usr/bin/time')
  const marker = 'HAKO_BENCH_MAXRSS'
  const [command, argv] = gnu
    ? ['/usr/bin/time', ['-f', `${marker} %M`, process.execPath, ...args]]
    : [
        process.execPath,
        ['--import', `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n${marker} '+process.resourceUsage().maxRSS+'\\n'))`, ...args],
      ]
  const child = spawnSync(command, argv, {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024})
  const kib = parseMaxRss(child.stderr, marker)
  if (child.status !== 0 || kib === undefined) throw new Error(`bench: ${args.join(' ')} exited ${child.status}: ${child.stderr}`)
  return {kib, stdout: child.stdout}
}

function fleet(root: string, apps: number): {result: FleetResult; rssKiB: number} {
  const {kib, stdout} = peakRssOf(root, [join(root, 'dist', 'scripts', 'bench', 'fleet-run.js'), String(apps)])
  return {result: JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as FleetResult, rssKiB: kib}
}

export function measureFleet(root: string, apps: number): Measurement[] {
  const one = fleet(root, 1)
  const many = fleet(root, apps)
  const bound = rateLimitBound(many.result.callsByOperation, one.result.simulatedMs)
  const out: Measurement[] = [
    {
      name: `${apps} apps at once: simulated time, ECS rate limits on`,
      ours: many.result.simulatedMs / 1000,
      baseline: bound.boundMs / 1000,
      unit: 's',
      baselineLabel: `lower bound (${bound.operation} bucket + one app's deploy)`,
      note: `${many.result.completed}/${apps} completed`,
    },
    {
      name: `${apps} apps at once: throttling errors shown to the user`,
      ours: many.result.throttlingErrorsShown,
      baseline: 0,
      unit: 'errors',
      baselineLabel: 'goal',
      note: `${many.result.throttledCalls} throttled calls absorbed`,
    },
    {name: `${apps} apps at once: apps failed`, ours: many.result.failedApps, baseline: 0, unit: 'apps', baselineLabel: 'goal'},
    {name: 'peak RSS, one deploy with the local AWS in-process', ours: one.rssKiB, baseline: 150 * 1024, unit: 'KiB', baselineLabel: 'goal'},
    {name: `peak RSS, ${apps} apps in one deploy with the local AWS in-process`, ours: many.rssKiB, baseline: 300 * 1024, unit: 'KiB', baselineLabel: 'goal'},
  ]
  for (const [operation, count] of Object.entries(many.result.callsByOperation).sort()) {
    out.push({
      name: `${apps} apps at once: ${operation} calls`,
      ours: count,
      baseline: (one.result.callsByOperation[operation] ?? 0) * apps,
      unit: 'calls',
      baselineLabel: `${apps} separate deploys`,
    })
  }
  return out
}
