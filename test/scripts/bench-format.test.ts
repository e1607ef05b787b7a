/** The bench's pure helpers: statistics, ratio lines, RSS parsing and call-log readings. */
import {describe, expect, it} from 'vitest'

import {ecsCalls, waitPolls, writeCalls} from '../../scripts/bench/call-log.js'
import {fixedIntervalPolls, formatLine, formatRatio, formatValue, median, parseMaxRss, ratio} from '../../scripts/bench/stats.js'
import type {CallRecord} from '../../src/local/types.js'

const call = (operation: string, at: number, service = 'ecs'): CallRecord => ({service, operation, input: {}, at})

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5)
  })

  it('averages the middle two of an even count', () => {
    expect(median([4, 1, 3, 10])).toBe(3.5)
  })

  it('sorts numerically, not as strings, and leaves its input alone', () => {
    const samples = [100, 9, 20]
    expect(median(samples)).toBe(20)
    expect(samples).toEqual([100, 9, 20])
  })

  it('refuses an empty sample', () => {
    expect(() => median([])).toThrow('no samples')
  })
})

describe('ratio', () => {
  it('is ours divided by the baseline', () => {
    expect(ratio(3, 4)).toBe(0.75)
    expect(ratio(0, 3)).toBe(0)
  })

  it('is undefined for a zero or non-finite baseline', () => {
    expect(ratio(0, 0)).toBeUndefined()
    expect(ratio(5, 0)).toBeUndefined()
    expect(ratio(5, Number.NaN)).toBeUndefined()
  })
})

describe('formatting', () => {
  it('gives fewer decimals as numbers grow and names the unit', () => {
    expect(formatValue(2.604, 'ms')).toBe('2.60 ms')
    expect(formatValue(83.04, 'ms')).toBe('83.0 ms')
    expect(formatValue(1601.4, 'ms')).toBe('1601 ms')
    expect(formatValue(111108, 'KiB')).toBe('111108 KiB')
    expect(formatValue(7, '')).toBe('7')
  })

  it('singularises count units at one, but not ms', () => {
    expect(formatValue(1, 'calls')).toBe('1 call')
    expect(formatValue(2, 'calls')).toBe('2 calls')
    expect(formatValue(1, 'ms')).toBe('1 ms')
  })

  it('prints ratios with two decimals, three below 0.1, and n/a without one', () => {
    expect(formatRatio(27.2149)).toBe('27.21x')
    expect(formatRatio(0.0456)).toBe('0.046x')
    expect(formatRatio(0)).toBe('0.00x')
    expect(formatRatio(undefined)).toBe('n/a')
  })

  it('prints one line: name, ratio, then both raw numbers', () => {
    const line = formatLine({name: 'no-change deploy, ECS calls', ours: 2, baseline: 3, unit: 'calls', baselineLabel: 'hako-Ruby'})
    expect(line).toBe('no-change deploy, ECS calls: 0.67x (ours 2 calls / hako-Ruby 3 calls)')
  })

  it('says so when both sides are zero instead of inventing a ratio', () => {
    const line = formatLine({name: 'writes', ours: 0, baseline: 0, unit: 'calls', baselineLabel: 'hako-Ruby'})
    expect(line).toBe('writes: n/a (ours 0 calls / hako-Ruby 0 calls, both zero)')
  })
})

describe('fixedIntervalPolls', () => {
  it('counts one poll per started interval, at least one', () => {
    expect(fixedIntervalPolls(41_400, 1000)).toBe(42)
    expect(fixedIntervalPolls(3000, 1000)).toBe(3)
    expect(fixedIntervalPolls(0, 1000)).toBe(1)
  })

  it('refuses a non-positive interval', () => {
    expect(() => fixedIntervalPolls(1000, 0)).toThrow('positive')
  })
})

describe('parseMaxRss', () => {
  it('reads the last marker line among the child stderr', () => {
    expect(parseMaxRss('warning: x\nMAXRSS 1234\nMAXRSS 40236\n')).toBe(40236)
    expect(parseMaxRss('noise\nHAKO_BENCH_MAXRSS 512', 'HAKO_BENCH_MAXRSS')).toBe(512)
  })

  it('is undefined when the marker is missing', () => {
    expect(parseMaxRss('Command terminated by signal 9')).toBeUndefined()
  })
})

describe('call-log readings', () => {
  const calls = [
    call('DescribeLogGroups', 0, 'logs'),
    call('DescribeServices', 0),
    call('RegisterTaskDefinition', 0),
    call('CreateService', 1000),
    call('DescribeServices', 3000),
    call('DescribeTasks', 4000),
    call('DescribeServices', 6000),
  ]

  it('separates ECS calls and writes', () => {
    expect(ecsCalls(calls)).toHaveLength(6)
    expect(writeCalls(calls).map((c) => c.operation)).toEqual(['RegisterTaskDefinition', 'CreateService'])
  })

  it('counts only the DescribeServices after the service write, and the simulated time they span', () => {
    expect(waitPolls(calls)).toEqual({polls: 2, durationMs: 5000})
  })

  it('starts from the last service write when there were several', () => {
    const again = [...calls, call('UpdateService', 7000), call('DescribeServices', 9000)]
    expect(waitPolls(again)).toEqual({polls: 1, durationMs: 2000})
  })

  it('refuses a log without a service write', () => {
    expect(() => waitPolls([call('DescribeServices', 0)])).toThrow('no CreateService/UpdateService')
  })
})
