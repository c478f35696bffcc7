/** Mean and percentiles of a sample, in the sample's unit (milliseconds here), rounded. */
export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
function rank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Summarises a sample; an empty one gives NaN statistics with n = 0. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    n: sorted.length,
    mean: round(mean),
    p50: round(rank(sorted, 50)),
    p95: round(rank(sorted, 95)),
    max: round(rank(sorted, 100)),
  };
}
