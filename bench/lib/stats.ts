/**
 * Small statistics helpers for the benchmark: percentiles, rates, formatting.
 */

/** Percentile (nearest-rank) of an already sorted ascending array; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.ceil((p / 100) * n);
  return sorted[Math.min(n - 1, Math.max(0, rank - 1))];
}

/** Latency summary of samples given in milliseconds, reported in microseconds. */
export interface LatencySummary {
  samples: number;
  p50Us: number;
  p95Us: number;
  p99Us: number;
  meanUs: number;
  maxUs: number;
}

/** Summarise millisecond samples (e.g. `performance.now()` deltas) into µs percentiles. */
export function summariseLatency(samplesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const us = (v: number): number => Math.round(v * 1000 * 10) / 10;
  return {
    samples: sorted.length,
    p50Us: us(percentile(sorted, 50)),
    p95Us: us(percentile(sorted, 95)),
    p99Us: us(percentile(sorted, 99)),
    meanUs: us(sorted.length ? sum / sorted.length : NaN),
    maxUs: us(sorted.length ? sorted[sorted.length - 1] : NaN),
  };
}

/** Items per second given a count and a duration in milliseconds. */
export function ratePerSec(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 1000) / ms) : NaN;
}

/** Format a number with thousands separators (and `decimals` digits). */
export function fmtNum(v: number | undefined, decimals = 0): string {
  if (v === undefined || !Number.isFinite(v)) return "—";
  return v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Format a ratio like `25.3×` (two significant decimals under 10). */
export function fmtRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return "—";
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}
