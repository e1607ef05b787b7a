/**
 * Pure helpers of the benchmark: medians, ratios and the printed lines. Only ratios are compared
 * between machines, so every line carries both raw numbers beside its ratio.
 */

/** The median of the samples (mean of the middle two for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median: no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = sorted[middle] as number
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2
}

/** ours ÷ baseline; undefined when the baseline is zero (no meaningful ratio). */
export function ratio(ours: number, baseline: number): number | undefined {
  if (baseline === 0 || !Number.isFinite(ours) || !Number.isFinite(baseline)) return undefined
  return ours / baseline
}

/** A raw measurement in its unit, with as many digits as the magnitude deserves. */
export function formatValue(value: number, unit: string): string {
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2
  const number = value.toFixed(digits)
  // "1 call", "2 calls"; short units (ms) are not plurals.
  const shown = value === 1 && unit.length > 2 && unit.endsWith('s') ? unit.slice(0, -1) : unit
  return shown === '' ? number : `${number} ${shown}`
}

export function formatRatio(value: number | undefined): string {
  if (value === undefined) return 'n/a'
  return `${value.toFixed(value !== 0 && Math.abs(value) < 0.1 ? 3 : 2)}x`
}

export interface Measurement {
  name: string
  ours: number
  baseline: number
  /** `ms`, `KiB`, `calls`, ...; '' for bare counts. */
  unit: string
  /** What the baseline is, e.g. `hako-Ruby` or `node -e ''`. */
  baselineLabel: string
  /** Said after the numbers, e.g. that the baseline gave no verdict in some runs. */
  note?: string
}

/** `name: ratio (ours X / baseline-label Y)`, the one line format of the bench. */
export function formatLine(m: Measurement): string {
  const notes = [...(m.ours === 0 && m.baseline === 0 ? ['both zero'] : []), ...(m.note ? [m.note] : [])]
  const baseline = Number.isFinite(m.baseline) ? formatValue(m.baseline, m.unit) : 'none'
  return `${m.name}: ${formatRatio(ratio(m.ours, m.baseline))} (ours ${formatValue(m.ours, m.unit)} / ${m.baselineLabel} ${baseline}${notes.map((n) => `, ${n}`).join('')})`
}

/** A measurement as results.json keeps it: every figure with its baseline, ratio and unit. */
export function resultOf(m: Measurement): Record<string, unknown> {
  const value = ratio(m.ours, m.baseline)
  return {
    name: m.name,
    value: m.ours,
    baseline: Number.isFinite(m.baseline) ? m.baseline : null,
    baselineLabel: m.baselineLabel,
    ratio: value === undefined ? null : Math.round(value * 1000) / 1000,
    unit: m.unit,
    ...(m.note ? {note: m.note} : {}),
  }
}

/** Simulated polls of a fixed-interval poller over a duration: one per started interval, at least one. */
export function fixedIntervalPolls(durationMs: number, intervalMs: number): number {
  if (intervalMs <= 0) throw new Error('fixedIntervalPolls: the interval must be positive')
  return Math.max(1, Math.ceil(durationMs / intervalMs))
}

/** Parses `/usr/bin/time -f 'MAXRSS %M'` (KiB) out of a child's stderr; the last match wins. */
export function parseMaxRss(stderr: string, marker = 'MAXRSS'): number | undefined {
  const matches = [...stderr.matchAll(new RegExp(`${marker} (\\d+)`, 'g'))]
  const last = matches.at(-1)
  return last?.[1] === undefined ? undefined : Number(last[1])
}
