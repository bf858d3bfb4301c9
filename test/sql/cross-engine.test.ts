import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readDashboardData, type DashboardData } from '../../actions/lib/dashboards/data.js';
import { loadLocal } from '../../actions/lib/load/local-loader.js';
import { SAMPLE_FILES, writeSampleData } from '../../actions/lib/sample-data/generate.js';
import { exportSegmentsCsv } from '../../actions/lib/score/segments.js';
import { storeScores } from '../../actions/lib/score/store-scores.js';
import { readFeatures } from '../../actions/lib/segmentation/features.js';
import { runChecks } from '../../actions/lib/pipeline/checks.js';
import { deriveFeatures } from '../../actions/lib/pipeline/refresh.js';
import { readMigrations } from '../../actions/lib/migrations/files.js';
import { migrate } from '../../actions/lib/migrations/runner.js';
import { PostgresWarehouse } from '../../actions/lib/warehouse/postgres.js';
import type { Row, Warehouse } from '../../actions/lib/warehouse/warehouse.js';
import { customer, order, payment, writeOlistFiles } from '../support/olist-fixture.js';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import {
  activateCentroids,
  CHECKS_DIR,
  LOAD_CHECKS_DIR,
  loadIntoDuckDb,
  migratedDuckDb,
  migratedWarehouse,
  MIGRATIONS_DIR,
  REFRESH_DIR,
} from '../support/warehouse.js';

/*
 * The same data through each local engine, each loading it its own way (DuckDB's CSV reader,
 * COPY on PGlite, batched INSERTs on a PostgreSQL server): the loaded tables, every view, the
 * stored features, the checks, the KMeans input and the scoring view's CSV must agree row by row,
 * floats to 1e-9 (relative beyond 1). DuckDB is compared with PGlite and with the server.
 */

const SAMPLE_ORDERS = 3_000;
const TOLERANCE = 1e-9;

/** Every relation the pipeline reads, with the order that makes its rows comparable. */
const RELATIONS: readonly (readonly [string, string])[] = [
  ['customers', 'customer_id'],
  ['orders', 'order_id'],
  ['payments', 'order_id, payment_sequential'],
  ['transactions', 'customer_id, transaction_id'],
  ['excluded_statuses', 'status'],
  ['transaction_totals', 'customer_id, transaction_id'],
  ['eligible_transactions', 'customer_unique_id, transaction_id'],
  ['transaction_exclusions', 'customer_id, transaction_id'],
  ['customer_rfm', 'customer_unique_id'],
  ['customer_rfm_scores', 'customer_unique_id'],
  ['customer_features', 'customer_unique_id'],
  ['scored_customers', 'customer_unique_id'],
  ['customer_segments', 'customer_unique_id'],
  ['segment_summary', 'segment'],
  ['cluster_profiles', 'cluster'],
  ['cluster_centroid_features', 'cluster, feature_order'],
  ['dashboard_kpis', 'as_of_date'],
  ['rfm_segment_rules', 'r_score, f_score'],
  ['segment_grid', 'r_score, f_score'],
];

/**
 * Read after two segment snapshots (an earlier as-of date, then the default) and lifetime values
 * derived from total spend: the views over snapshots and customer_clv.
 */
const SNAPSHOT_RELATIONS: readonly (readonly [string, string])[] = [
  ['segment_snapshots', 'as_of_date, customer_unique_id'],
  ['segment_migration', 'from_segment, to_segment'],
  ['segment_summary', 'segment'],
  ['clv_distribution', 'bin_order'],
  ['top_customers_by_clv', 'clv_rank'],
];

/** Before the latest purchase of both fixtures, so the two snapshots differ. */
const EARLIER_AS_OF = '2018-01-03';

/**
 * Fixed centroids on the seed's 0-5 scale of the loaded features: version 2 is active. Every
 * customer with frequency_n = 2.5 is exactly as far from cluster 0 as from cluster 1, so the tie
 * rule (lower id) decides.
 */
async function activateFixedCentroids(wh: Warehouse): Promise<void> {
  await activateCentroids(wh, 1, [
    [9, 9, 9],
    [8, 8, 8],
  ]);
  await activateCentroids(wh, 2, [
    [0, 0, 0],
    [0, 5, 0],
    [5, 5, 5],
  ]);
}

/**
 * Forty people with few distinct values, so every RANK() sees long ties: four purchase days,
 * one to three orders, order values of 10 or 20 (some paid in two parts), a few canceled orders,
 * an order without payments, and people with two customer ids.
 */
function tieHeavyFixture() {
  const customers: string[] = [];
  const orders: string[] = [];
  const payments: string[] = [];
  for (let i = 0; i < 40; i += 1) {
    const person = `u${i}`;
    const ids = i % 5 === 0 ? [`c${i}a`, `c${i}b`] : [`c${i}`];
    for (const id of ids) customers.push(customer(id, person));
    const count = 1 + (i % 3);
    for (let k = 0; k < count; k += 1) {
      const id = `o${i}x${k}`;
      const day = 1 + ((i + k) % 4);
      const status = (i + k) % 11 === 0 ? 'canceled' : 'delivered';
      orders.push(order(id, ids[k % ids.length] as string, status, `2018-01-0${day} 1${k}:00:00`));
      if (i === 7 && k === 0) continue;
      if ((i + k) % 4 === 0) {
        payments.push(payment(id, 1, 'voucher', '5.00'), payment(id, 2, 'credit_card', '15.00'));
      } else {
        payments.push(payment(id, 1, 'credit_card', (i + k) % 2 === 0 ? '10.00' : '20.00'));
      }
    }
  }
  return { customers, orders, payments };
}

type Engine = 'pglite' | 'duckdb' | 'postgres';

interface Outcome {
  readonly relations: Readonly<Record<string, Row[]>>;
  readonly features: number[];
  readonly segmentsCsv: Record<string, string>[];
  readonly dashboard: DashboardData;
  readonly checks: readonly string[];
}

let server: PostgresServer | undefined;
let serverProblem = '';
const work: string[] = [];

beforeAll(async () => {
  try {
    server = await startPostgres();
  } catch (error) {
    serverProblem = error instanceof Error ? error.message : String(error);
  }
});

afterAll(async () => {
  await server?.stop();
  for (const dir of work) await rm(dir, { recursive: true, force: true });
});

let databases = 0;

async function open(engine: Engine, dataDir: string): Promise<Warehouse> {
  if (engine === 'duckdb') {
    const wh = await migratedDuckDb();
    await loadIntoDuckDb(wh, dataDir);
    return wh;
  }
  let wh;
  if (engine === 'pglite') wh = await migratedWarehouse();
  else {
    if (server === undefined) throw new Error(`no PostgreSQL server: ${serverProblem}`);
    databases += 1;
    wh = await PostgresWarehouse.connect(await server.createDatabase(`cross_${databases}`));
    await migrate(wh, await readMigrations(MIGRATIONS_DIR));
  }
  await loadLocal(wh, dataDir, { maxErrors: 0 });
  return wh;
}

async function runPipeline(engine: Engine, dataDir: string): Promise<Outcome> {
  const wh = await open(engine, dataDir);
  try {
    await deriveFeatures(wh, REFRESH_DIR, undefined);
    await activateFixedCentroids(wh);
    await storeScores(wh);
    const relations: Record<string, Row[]> = {};
    for (const [name, orderBy] of RELATIONS) {
      relations[name] = await wh.query(`select * from public.${name} order by ${orderBy}`);
    }
    const checks = (await runChecks(wh, [LOAD_CHECKS_DIR, CHECKS_DIR])).map((c) => c.check);
    const csvDir = await mkdtemp(join(tmpdir(), `segments-${engine}-`));
    work.push(csvDir);
    const csvFile = join(csvDir, 'segments.csv');
    const exported = await exportSegmentsCsv(wh, csvFile);
    const segmentsCsv = parse(await readFile(csvFile, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(segmentsCsv).toHaveLength(exported);
    const features = [...(await readFeatures(wh)).points];
    const dashboard = await readDashboardData(wh, 'team');
    await deriveFeatures(wh, REFRESH_DIR, EARLIER_AS_OF);
    await storeScores(wh);
    await deriveFeatures(wh, REFRESH_DIR, undefined);
    await storeScores(wh);
    await wh.transaction([
      {
        sql: `insert into public.customer_clv
          select customer_unique_id, 0.5, 1.0, total_spend, total_spend * 0.37
          from public.customer_features`,
        line: 1,
      },
    ]);
    for (const [name, orderBy] of SNAPSHOT_RELATIONS) {
      relations[`${name} (snapshots)`] = await wh.query(
        `select * from public.${name} order by ${orderBy}`,
      );
    }
    return { relations, features, segmentsCsv, dashboard, checks };
  } finally {
    await wh.close();
  }
}

/** Numbers equal to TOLERANCE, relative beyond 1. */
function close(a: number, b: number): boolean {
  return Object.is(a, b) || Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

const NUMERIC_TEXT = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/**
 * The first difference between two outcomes, as a path and both values; undefined if none.
 * Values must have the same JavaScript type; numbers (and numbers as CSV text) may differ by the
 * tolerance.
 */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  const differ = `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} rows vs ${b.length}`;
    for (let i = 0; i < a.length; i += 1) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (a instanceof Date && b instanceof Date)
    return a.getTime() === b.getTime() ? undefined : differ;
  if (isRecord(a) && isRecord(b) && !(a instanceof Date) && !(b instanceof Date)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      if (!(k in a) || !(k in b)) return `${path}.${k}: present on one side only`;
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (typeof a === 'number' && typeof b === 'number') return close(a, b) ? undefined : differ;
  if (
    typeof a === 'string' &&
    typeof b === 'string' &&
    NUMERIC_TEXT.test(a) &&
    NUMERIC_TEXT.test(b)
  ) {
    return close(Number(a), Number(b)) ? undefined : differ;
  }
  return Object.is(a, b) ? undefined : differ;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

describe.each([
  ['a generated sample', false, (dir: string) => writeSampleData(dir, { orders: SAMPLE_ORDERS })],
  ['a tie-heavy fixture', true, async (dir: string) => void (await copyFixture(dir))],
])('%s through every local engine', (_name, ties, write) => {
  const outcomes = new Map<Engine, Outcome>();

  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cross-engine-'));
    work.push(dataDir);
    await write(dataDir);
    outcomes.set('duckdb', await runPipeline('duckdb', dataDir));
    outcomes.set('pglite', await runPipeline('pglite', dataDir));
    if (server !== undefined) outcomes.set('postgres', await runPipeline('postgres', dataDir));
  });

  const get = (engine: Engine): Outcome => {
    const outcome = outcomes.get(engine);
    if (outcome === undefined) throw new Error(`no outcome for ${engine}`);
    return outcome;
  };

  test('the pipeline produced something to compare', () => {
    const duck = get('duckdb');
    const customers = duck.relations.customer_features?.length ?? 0;
    expect(customers).toBeGreaterThan(20);
    expect(duck.relations.customer_segments).toHaveLength(customers);
    expect(duck.segmentsCsv).toHaveLength(customers);
    expect(duck.features).toHaveLength(3 * customers);
    const segments = duck.relations.customer_segments ?? [];
    expect(new Set(segments.map((r) => r.cluster)).size).toBeGreaterThanOrEqual(2);
    // Equidistant from clusters 0 and 1: the lower id wins.
    const tied = segments.filter((r) => r.frequency_n === 2.5 && r.cluster !== 2);
    if (ties) expect(tied.length).toBeGreaterThan(5);
    expect(tied.every((r) => r.cluster === 0 && r.model_version === 2)).toBe(true);
    expect(duck.checks).toHaveLength(7);
    expect(duck.dashboard.kpis.customers).toBe(customers);
    expect(Object.keys(duck.dashboard.datasets).length).toBeGreaterThan(3);
    // Two snapshots, so the migration has rows; the synthetic lifetime values fill some ranges.
    expect(duck.relations['segment_migration (snapshots)']?.length).toBeGreaterThan(0);
    expect(duck.relations['clv_distribution (snapshots)']?.length).toBeGreaterThan(0);
    expect(duck.relations['top_customers_by_clv (snapshots)']).toHaveLength(20);
  });

  test.each([
    ...RELATIONS.map(([name]) => name),
    ...SNAPSHOT_RELATIONS.map(([name]) => `${name} (snapshots)`),
  ])('%s: DuckDB equals PGlite row by row', (name) => {
    const duck = get('duckdb').relations[name];
    expect(firstDifference(duck, get('pglite').relations[name])).toBeUndefined();
  });

  test('the KMeans input, the scoring CSV and the dashboard data: DuckDB equals PGlite', () => {
    const [duck, pglite] = [get('duckdb'), get('pglite')];
    expect(firstDifference(duck.features, pglite.features)).toBeUndefined();
    expect(firstDifference(duck.segmentsCsv, pglite.segmentsCsv)).toBeUndefined();
    expect(firstDifference(duck.dashboard, pglite.dashboard)).toBeUndefined();
  });

  test('DuckDB equals the PostgreSQL server everywhere', () => {
    if (server === undefined) {
      console.warn(`skipped the PostgreSQL server comparison: ${serverProblem}`);
      return;
    }
    const [duck, postgres] = [get('duckdb'), get('postgres')];
    expect(firstDifference(duck.relations, postgres.relations)).toBeUndefined();
    expect(firstDifference(duck.features, postgres.features)).toBeUndefined();
    expect(firstDifference(duck.segmentsCsv, postgres.segmentsCsv)).toBeUndefined();
    expect(firstDifference(duck.dashboard, postgres.dashboard)).toBeUndefined();
  });
});

async function copyFixture(dir: string): Promise<void> {
  const written = await writeOlistFiles(tieHeavyFixture());
  work.push(written);
  for (const name of Object.values(SAMPLE_FILES)) {
    await copyFile(join(written, name), join(dir, name));
  }
}
