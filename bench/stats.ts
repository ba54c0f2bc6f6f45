/** Percentiles of a sample, nearest-rank, in the sample's unit. */
export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export function percentiles(sample: readonly number[]): Percentiles {
  if (sample.length === 0) return { p50: 0, p99: 0, p999: 0, max: 0 };
  const sorted = [...sample].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted[sorted.length - 1] };
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
