/**
 * An up-front estimate of a large run's time and memory, from the size of its input: measured on
 * this project's benchmark machine (BENCHMARKS.md, 2 cores), so a laptop is usually faster.
 */
import { stat, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** Below this much input (about 500,000 Olist orders) no estimate is printed. */
export const ESTIMATE_FROM_BYTES = 150 * 1024 * 1024;
/** Wall seconds per MiB of input, and peak resident MiB per MiB of input plus a base. */
const SECONDS_PER_MIB = 0.19;
const PEAK_MIB_PER_MIB = 11;
const BASE_MIB = 350;

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

/** `estimate: 330 MiB of input; about 63 s and 2.9 GiB of memory …`, or undefined when small. */
export function describeEstimate(bytes: number): string | undefined {
  if (bytes < ESTIMATE_FROM_BYTES) return undefined;
  const mib = bytes / 1024 / 1024;
  const seconds = Math.round(mib * SECONDS_PER_MIB);
  const peakGib = (BASE_MIB + mib * PEAK_MIB_PER_MIB) / 1024;
  return `estimate: ${Math.round(mib)} MiB of input; about ${seconds} s and ${peakGib.toFixed(1)} GiB of memory on a 2-core machine (BENCHMARKS.md)`;
}
