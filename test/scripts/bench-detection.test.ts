/** The detection and fifty-app bench's pure parts: seeded runs, summaries, the rate-limit bound. */
import {describe, expect, it} from 'vitest'

import {rateLimitBound} from '../../scripts/bench/fleet.js'
import {runParams, seeded, summarise} from '../../scripts/bench/latency.js'
import {formatLine, resultOf} from '../../scripts/bench/stats.js'

describe('seeded runs', () => {
  it('gives every waiter the same runs: same seed, same parameters', () => {
    expect(runParams(5)).toEqual(runParams(5))
    expect(runParams(5, 1)).not.toEqual(runParams(5, 2))
  })

  it('varies within the documented ranges', () => {
    for (const run of runParams(50)) {
      expect(run.pullSeconds).toBeGreaterThanOrEqual(8)
      expect(run.pullSeconds).toBeLessThanOrEqual(38)
      expect(run.stopSeconds).toBeGreaterThanOrEqual(2)
      expect(run.stopSeconds).toBeLessThanOrEqual(15)
      expect(run.crashAfterSeconds).toBeGreaterThanOrEqual(0.5)
      expect(run.crashAfterSeconds).toBeLessThanOrEqual(4.5)
      expect(run.idleMs).toBeLessThan(10_000)
    }
    const random = seeded(7)
    expect(random()).not.toBe(random())
  })
})

describe('summarise', () => {
  it('takes median and worst over runs with a verdict, and counts the others', () => {
    const sample = (latencyMs: number | undefined, correct = true) => ({
      ...(latencyMs === undefined ? {} : {latencyMs}),
      correct,
      describeServices: 5,
      durationMs: 30_000,
    })
    const summary = summarise('crash loop', 'sdk', [sample(100), sample(300), sample(200), sample(undefined, false)])
    expect(summary).toMatchObject({runs: 4, medianMs: 200, worstMs: 300, noVerdict: 1, wrong: 1})
    expect(summary.describeServicesPerMinute).toBe(10)
  })
})

describe('rateLimitBound', () => {
  it("is the busiest write's calls beyond its burst at its sustained rate, then one app's deploy", () => {
    const calls = {'ecs:RegisterTaskDefinition': 50, 'ecs:CreateService': 50, 'ecs:DescribeServices': 5000}
    expect(rateLimitBound(calls, 35_000)).toEqual({boundMs: 30_000 + 35_000, operation: 'RegisterTaskDefinition'})
  })

  it('is one deploy when every write fits in its burst', () => {
    expect(rateLimitBound({'ecs:RegisterTaskDefinition': 3}, 10_000)).toEqual({boundMs: 10_000, operation: 'none'})
  })
})

describe('results.json entries', () => {
  it('keep the figure, its baseline, the ratio and the unit, and say when there is no baseline', () => {
    expect(resultOf({name: 'x', ours: 1, baseline: 4, unit: 's', baselineLabel: 'hako 1 s loop'})).toEqual({
      name: 'x',
      value: 1,
      baseline: 4,
      baselineLabel: 'hako 1 s loop',
      ratio: 0.25,
      unit: 's',
    })
    expect(resultOf({name: 'y', ours: 1, baseline: NaN, unit: 's', baselineLabel: 'SDK', note: 'no verdict'})).toMatchObject({
      baseline: null,
      ratio: null,
      note: 'no verdict',
    })
    expect(formatLine({name: 'y', ours: 1, baseline: NaN, unit: 's', baselineLabel: 'SDK', note: 'no verdict'})).toBe(
      'y: n/a (ours 1 s / SDK none, no verdict)',
    )
  })
})
