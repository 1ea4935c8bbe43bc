/** A median with the spread of the runs it came from. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Median, min and max of repeated measurements. */
export function spread(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new Error('BENCH_NO_SAMPLES: a measurement produced no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** The q-quantile (0..1) of unsorted samples, nearest-rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Formats a number with a fixed count of significant decimals and thousands separators. */
export function num(value: number, decimals = 0): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** `median (min–max)` with a unit. */
export function fmtSpread(s: Spread, decimals = 0, unit = ''): string {
  const u = unit ? ` ${unit}` : '';
  if (s.runs === 1) return `${num(s.median, decimals)}${u}`;
  return `${num(s.median, decimals)}${u} (${num(s.min, decimals)}–${num(s.max, decimals)})`;
}

/** A ratio as a percentage string. */
export function pct(ratio: number): string {
  return `${num(ratio * 100, 0)} %`;
}

/** A ratio as `1.23×`. */
export function times(ratio: number): string {
  return `${num(ratio, 2)}×`;
}
