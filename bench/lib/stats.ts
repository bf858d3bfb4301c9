/** Median and spread of repeated measurements. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

/** Median, min and max of `values` (at least one). */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('no measurements to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    runs: values,
  };
}

/** `1.23 s (1.20–1.31)`: median with the range of the runs. */
export function formatSeconds(s: Summary): string {
  const f = (ms: number) => (ms / 1000).toFixed(2);
  return s.runs.length === 1 ? `${f(s.median)} s` : `${f(s.median)} s (${f(s.min)}–${f(s.max)})`;
}

/** Milliseconds since `started` (a performance.now() value). */
export const since = (started: number): number => performance.now() - started;
