/** Percentiles of a sample, nearest-rank, in the sample's unit. */
export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** Takes a plain array or a Float64Array (large samples: sorted natively, without a comparator). */
export function percentiles(sample: readonly number[] | Float64Array): Percentiles {
  if (sample.length === 0) return { p50: 0, p99: 0, p999: 0, max: 0 };
  const sorted = sample instanceof Float64Array ? sample.slice().sort() : [...sample].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted[sorted.length - 1] };
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/**
 * Median cost in ns of one `process.hrtime.bigint()` read, from back-to-back reads: a sample timed
 * between two reads includes about this much of the clock itself.
 */
export function hrtimeOverheadNs(reads = 100_000): number {
  const gaps = new Float64Array(reads);
  let previous = process.hrtime.bigint();
  for (let i = 0; i < reads; i += 1) {
    const now = process.hrtime.bigint();
    gaps[i] = Number(now - previous);
    previous = now;
  }
  return percentiles(Array.from(gaps)).p50;
}
