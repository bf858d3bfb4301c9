/**
 * An up-front estimate of a large run's time and memory, from the size of its input: measured on
 * this project's benchmark machine (BENCHMARKS.md, 2 cores), so a laptop is usually faster.
 */
import { stat, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { limitMiB, memoryLimit } from '../warehouse/duckdb-settings.js';

/** Below this much input (about 500,000 Olist orders) no estimate is printed. */
export const ESTIMATE_FROM_BYTES = 150 * 1024 * 1024;

/**
 * Wall seconds of whole runs by MiB of input (BENCHMARKS.md: 1M and 10M Olist orders), in between
 * and beyond on the line through them: time grows faster than the input once DuckDB spills.
 */
const MEASURED_SECONDS: readonly (readonly [mib: number, seconds: number])[] = [
  [311, 20],
  [3110, 273],
];
/**
 * Peak resident MiB: a base, what DuckDB holds per MiB of input up to its memory limit, and what
 * the JavaScript side holds per MiB of input (features, KMeans, the page's rows).
 */
const BASE_MIB = 350;
const DUCKDB_MIB_PER_MIB = 6.5;
const JS_MIB_PER_MIB = 0.2;

function secondsFor(mib: number): number {
  const [[x0, y0], [x1, y1]] = MEASURED_SECONDS as [[number, number], [number, number]];
  const slope = (y1 - y0) / (x1 - x0);
  return mib <= x0 ? (y0 * mib) / x0 : y0 + slope * (mib - x0);
}

/** Bytes of the CSV and Parquet files at `path` (a file, or the files of a folder). */
export async function inputBytes(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(path)) {
    if (!['.csv', '.parquet'].includes(extname(name).toLowerCase())) continue;
    total += (await stat(join(path, name))).size;
  }
  return total;
}

/**
 * `estimate: 330 MiB of input; about 21 s and 2.4 GiB of memory …`, or undefined when small.
 * `memoryLimitMiB` is DuckDB's memory limit (Infinity when it is not in units this reads).
 */
export function describeEstimate(
  bytes: number,
  memoryLimitMiB: number = limitMiB(memoryLimit()) ?? Infinity,
): string | undefined {
  if (bytes < ESTIMATE_FROM_BYTES) return undefined;
  const mib = bytes / 1024 / 1024;
  const seconds = Math.round(secondsFor(mib));
  const duckDb = Math.min(mib * DUCKDB_MIB_PER_MIB, memoryLimitMiB);
  const peakGib = (BASE_MIB + duckDb + mib * JS_MIB_PER_MIB) / 1024;
  return `estimate: ${Math.round(mib)} MiB of input; about ${seconds} s and ${peakGib.toFixed(1)} GiB of memory on a 2-core machine (BENCHMARKS.md)`;
}
