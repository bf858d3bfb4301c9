/**
 * DuckDB against PGlite on the project's SQL (outside `npm test`): for each size, a fresh database
 * per engine goes through migrate, load, features (sql/refresh), the scoring view with a fixed
 * model, and the scoring view to segments.csv. Each engine and size runs in its own process, so
 * the peak RSS is that run's alone.
 *
 *   npx tsx bench/duckdb-sql.ts [--sizes 99441,1000000] [--pglite-sizes 99441,1000000] [--repeats 1]
 *
 * Loads: DuckDB reads the files with its own CSV reader (DuckDbWarehouse.withLoadSession);
 * PGlite goes through today's local loader (JavaScript checks of every row, then COPY). The
 * JavaScript checks alone run too, in their own process (engine `js-checks`), as the cost of a
 * loader that keeps them in front of DuckDB. Tables give the median and the range of the repeats.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SOURCE_TABLES } from '../actions/lib/sources/olist-tables.js';
import { loadLocal } from '../actions/lib/load/local-loader.js';
import { checkSources } from '../actions/lib/load/sources.js';
import { timeBounds } from '../actions/lib/load/validate-field.js';
import { readMigrations } from '../actions/lib/migrations/files.js';
import { migrate } from '../actions/lib/migrations/runner.js';
import { writeSampleData } from '../actions/lib/sample-data/generate.js';
import { exportSegmentsCsv, SEGMENT_COLUMNS } from '../actions/lib/score/segments.js';
import { activateModel } from '../actions/lib/segmentation/activate.js';
import { scalingOrSeed } from '../actions/lib/segmentation/stored-scaling.js';
import { DuckDbWarehouse } from '../actions/lib/warehouse/duckdb.js';
import { PgliteWarehouse } from '../actions/lib/warehouse/pglite.js';
import type { Warehouse } from '../actions/lib/warehouse/warehouse.js';
import { deriveFeatures } from '../actions/lib/pipeline/refresh.js';
import { CACHE, REPO } from './lib/paths.js';

type Engine = 'duckdb' | 'pglite' | 'js-checks';
const STAGES = ['open', 'migrate', 'checks (JS)', 'load', 'features', 'score CSV'] as const;
type Stage = (typeof STAGES)[number];

interface Sample {
  readonly engine: Engine;
  readonly orders: number;
  readonly customers: number;
  readonly stagesMs: Partial<Record<Stage, number>>;
  /** DuckDB only: the scoring view straight to a file with COPY … TO. */
  readonly exportMs?: number;
  readonly peakRssMiB: number;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}
const numbers = (text: string): number[] => text.split(',').map(Number);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** The same generated folder `bench/run.ts` uses (same generator, same default seed). */
async function sampleData(orders: number): Promise<string> {
  const dir = join(CACHE, 'data', String(orders));
  if (!existsSync(join(dir, SOURCE_TABLES[2]?.file ?? ''))) {
    log(`generating ${orders} orders into ${dir}`);
    await writeSampleData(dir, { orders });
  }
  return dir;
}

/** Five fixed centroids on the 0-5 scale: the scoring view needs an active model. */
const MODEL = {
  version: 1,
  k: 5,
  source: 'local' as const,
  modelRef: 'bench',
  inertia: 0,
  msd: 0,
  dataFingerprint: 'bench',
  centroids: [
    [0.5, 0, 0.2],
    [2, 0, 0.2],
    [4, 0, 0.2],
    [1, 2.5, 0.5],
    [1, 5, 2],
  ],
};

/** One engine, one size, in this process. */
async function measureOne(engine: Engine, orders: number): Promise<Sample> {
  const dataDir = await sampleData(orders);
  const scratch = join(CACHE, 'duckdb-sql', `${engine}-${orders}-${process.pid}`);
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const stagesMs: Partial<Record<Stage, number>> = {};
  const timed = async <T>(stage: Stage, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await fn();
    stagesMs[stage] = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage().rss);
    return result;
  };
  let exportMs: number | undefined;
  let wh: Warehouse | undefined;
  if (engine === 'js-checks') {
    const checked = await timed('checks (JS)', () => checkSources(dataDir, timeBounds(new Date())));
    clearInterval(sampler);
    const customers = checked[0]?.rowsAccepted ?? 0;
    return { engine, orders, customers, stagesMs, peakRssMiB: Math.round(peak / 2 ** 20) };
  }
  try {
    wh = await timed<Warehouse>('open', () =>
      engine === 'duckdb'
        ? DuckDbWarehouse.open(join(scratch, 'warehouse.duckdb'))
        : PgliteWarehouse.open(join(scratch, 'pglite'), {
            initSnapshot: PGLITE_SNAPSHOT,
          }),
    );
    const open = wh;
    await timed('migrate', async () =>
      migrate(open, await readMigrations(join(REPO, 'sql', 'migrations'))),
    );
    if (open instanceof DuckDbWarehouse) {
      await timed('load', () => loadDuckDb(open, dataDir));
    } else if (open instanceof PgliteWarehouse) {
      await timed('load', () => loadLocal(open, dataDir, { maxErrors: 10 }));
    }
    await timed('features', () => deriveFeatures(open, join(REPO, 'sql', 'refresh'), undefined));
    await activateModel(open, { ...MODEL, scaling: await scalingOrSeed(open, undefined) });
    const customers = await timed('score CSV', () =>
      exportSegmentsCsv(open, join(scratch, 'segments.csv')),
    );
    if (open instanceof DuckDbWarehouse) {
      const started = performance.now();
      await open.exportCsv(
        `select ${SEGMENT_COLUMNS.join(', ')} from public.customer_segments order by customer_unique_id`,
        join(scratch, 'segments-copy.csv'),
      );
      exportMs = performance.now() - started;
    }
    return {
      engine,
      orders,
      customers,
      stagesMs,
      ...(exportMs === undefined ? {} : { exportMs }),
      peakRssMiB: Math.round(peak / 2 ** 20),
    };
  } finally {
    clearInterval(sampler);
    await wh?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

async function loadDuckDb(wh: DuckDbWarehouse, dataDir: string): Promise<void> {
  await wh.withLoadSession(async (session) => {
    for (const spec of SOURCE_TABLES) {
      await session.query(`delete from public.${spec.table}`);
      await session.copyCsvFile(
        {
          table: `public.${spec.table}`,
          columns: spec.columns.map((c) => c.name),
          file: join(dataDir, spec.file),
        },
        { maxErrors: 10 },
      );
    }
  });
}

/** Runs `measureOne` in a child process (this script with --one) and reads its JSON line. */
async function inChild(engine: Engine, orders: number): Promise<Sample> {
  const script = process.argv[1] as string;
  const child = spawn(
    process.execPath,
    [...process.execArgv, script, '--one', `${engine}:${orders}`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`${engine} at ${orders} orders exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Sample;
}

const seconds = (ms: number | undefined): string =>
  ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`;

/** Median and, over several repeats, the range. */
function spread(values: readonly (number | undefined)[], show: (x: number) => string): string {
  const xs = values.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  if (xs.length === 0) return '–';
  const mid = Math.floor(xs.length / 2);
  const median =
    xs.length % 2 === 1 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
  const range = xs.length > 1 ? ` (${show(xs[0] as number)}–${show(xs.at(-1) as number)})` : '';
  return `${show(median)}${range}`;
}

function table(samples: readonly Sample[]): string {
  const head = ['engine', 'orders', 'customers', ...STAGES, 'COPY TO file', 'peak RSS'];
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = `${s.engine}:${s.orders}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const secs = (ms: number): string => seconds(ms);
  const rows = [...groups.values()].map((runs) => {
    const first = runs[0] as Sample;
    return [
      first.engine,
      first.orders.toLocaleString('en-US'),
      first.engine === 'js-checks' ? '–' : first.customers.toLocaleString('en-US'),
      ...STAGES.map((stage) =>
        spread(
          runs.map((r) => r.stagesMs[stage]),
          secs,
        ),
      ),
      spread(
        runs.map((r) => r.exportMs),
        secs,
      ),
      spread(
        runs.map((r) => r.peakRssMiB),
        (x) => `${Math.round(x)} MiB`,
      ),
    ];
  });
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const PGLITE_SNAPSHOT = join(CACHE, 'pglite-initdb.tar.gz');

/** PGlite's initdb runs once per machine (its snapshot is reused): not part of a measured open. */
async function warmPgliteSnapshot(): Promise<void> {
  if (existsSync(PGLITE_SNAPSHOT)) return;
  const dir = join(CACHE, 'duckdb-sql', 'snapshot');
  const wh = await PgliteWarehouse.open(dir, { initSnapshot: PGLITE_SNAPSHOT });
  await wh.close();
  await rm(dir, { recursive: true, force: true });
}

const one = flag('one');
if (one !== undefined) {
  const [engine, orders] = one.split(':');
  const sample = await measureOne(engine as Engine, Number(orders));
  process.stdout.write(`${JSON.stringify(sample)}\n`);
} else {
  const sizes = numbers(flag('sizes') ?? '99441,1000000');
  const pgliteSizes = numbers(flag('pglite-sizes') ?? '99441,1000000');
  const repeats = Number(flag('repeats') ?? 1);
  const samples: Sample[] = [];
  await warmPgliteSnapshot();
  for (const orders of sizes) {
    await sampleData(orders);
    for (let run = 1; run <= repeats; run += 1) {
      for (const engine of ['duckdb', 'pglite', 'js-checks'] as const) {
        if (engine === 'pglite' && !pgliteSizes.includes(orders)) continue;
        log(`${engine}, ${orders} orders, run ${run} of ${repeats}`);
        samples.push(await inChild(engine, orders));
      }
    }
  }
  process.stdout.write(`${table(samples)}\n\n${JSON.stringify(samples)}\n`);
}
