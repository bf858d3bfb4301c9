/** Measure 1: `workshop run` per stage, wall time and peak RSS, per data size and backend. */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runChild } from './lib/child.js';
import { CACHE, REPO, scratchRoot } from './lib/paths.js';

export interface WorkshopRunOptions {
  readonly sizes: readonly number[];
  /** A PostgreSQL server's URL maker (one database per run), or DuckDB when absent. */
  readonly createDatabase?: (name: string) => Promise<string>;
  /** Cold + warm pairs per size. */
  readonly repeats: number;
  /** A tree with dist/, sql/ and environments/ (the repository, or a copy of an older version). */
  readonly root?: string;
  readonly timeoutMs?: number;
  readonly log: (line: string) => void;
}

/** One `workshop run` process. */
export interface RunSample {
  readonly orders: number;
  readonly backend: 'duckdb' | 'postgres';
  /** cold: a fresh database (a new team); warm: the same database run again. */
  readonly start: 'cold' | 'warm';
  readonly ok: boolean;
  readonly wallMs: number;
  readonly maxRssMiB: number;
  /** run.json's stage timings (absent when the run failed). */
  readonly stagesMs?: Readonly<Record<string, number>>;
  /** Why it stopped, when it did: the last lines of stderr. */
  readonly failure?: string;
}

/** The generated Olist-shaped folder for `orders`, made once with `workshop sample-data`. */
export async function sampleData(orders: number, root = REPO): Promise<string> {
  const dir = join(CACHE, 'data', String(orders));
  if (existsSync(join(dir, 'olist_order_payments_dataset.csv'))) return dir;
  const made = await runChild(
    'node',
    [
      join(root, 'dist', 'actions', 'workshop.js'),
      'sample-data',
      '--out',
      dir,
      '--orders',
      String(orders),
    ],
    { cwd: root },
  );
  if (made.code !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`sample-data --orders ${orders} failed: ${tail(made.stderr)}`);
  }
  return dir;
}

const tail = (text: string, lines = 4): string => text.trim().split('\n').slice(-lines).join(' | ');

async function runOnce(
  cwd: string,
  root: string,
  data: string,
  orders: number,
  backend: RunSample['backend'],
  start: RunSample['start'],
  url: string | undefined,
  timeoutMs: number,
): Promise<RunSample> {
  const args = [join(root, 'dist', 'actions', 'workshop.js'), 'run', '--data', data];
  const env = url === undefined ? {} : { WORKSHOP_DATABASE_URL: url };
  const child = await runChild('node', args, { cwd, env, timeoutMs });
  const base = { orders, backend, start, wallMs: child.wallMs, maxRssMiB: child.maxRssMiB };
  if (child.code !== 0) {
    const why = child.timedOut ? `timed out after ${timeoutMs / 1000} s` : tail(child.stderr);
    return { ...base, ok: false, failure: why };
  }
  const runJson = JSON.parse(
    await readFile(join(cwd, 'out', 'retail-bank', 'run.json'), 'utf8'),
  ) as { timings_ms: Record<string, number> };
  return { ...base, ok: true, stagesMs: runJson.timings_ms };
}

/**
 * For each size: a run on a fresh database (`first` or `cold`) and a warm run on the same one,
 * `repeats` times.
 * Sizes run smallest first; once a size fails, larger ones on the same backend are skipped.
 */
export async function measureWorkshopRun(options: WorkshopRunOptions): Promise<RunSample[]> {
  const root = options.root ?? REPO;
  const backend = options.createDatabase === undefined ? 'duckdb' : 'postgres';
  const timeoutMs = options.timeoutMs ?? 20 * 60_000;
  const samples: RunSample[] = [];
  for (const orders of options.sizes) {
    let data: string;
    try {
      data = await sampleData(orders, root);
    } catch (error) {
      const failure = error instanceof Error ? error.message : String(error);
      options.log(`  ${backend} ${orders}: ${failure}`);
      samples.push({
        orders,
        backend,
        start: 'cold',
        ok: false,
        wallMs: NaN,
        maxRssMiB: NaN,
        failure,
      });
      break;
    }
    let failed = false;
    for (let r = 0; r < options.repeats && !failed; r++) {
      const cwd = await scratchRoot(`${backend}-${orders}`, root);
      const url = await options.createDatabase?.(`bench_${orders}_${r}_${Date.now() % 100000}`);
      try {
        for (const start of ['cold', 'warm'] as const) {
          const s = await runOnce(cwd, root, data, orders, backend, start, url, timeoutMs);
          samples.push(s);
          options.log(
            `  ${backend} ${orders} ${start}: ${s.ok ? `${(s.wallMs / 1000).toFixed(2)} s` : `FAILED ${s.failure}`}, ${Math.round(s.maxRssMiB)} MiB`,
          );
          if (!s.ok) {
            failed = true;
            break;
          }
        }
      } finally {
        await rm(cwd, { recursive: true, force: true });
      }
    }
    if (failed) break;
  }
  return samples;
}
