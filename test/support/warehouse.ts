import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrations } from '../../actions/lib/migrations/files.js';
import { migrate } from '../../actions/lib/migrations/runner.js';
import { duckDbLoader } from '../../actions/lib/load/duckdb-loader.js';
import { localLoader, type Loader } from '../../actions/lib/load/loader.js';
import { loadLocal } from '../../actions/lib/load/local-loader.js';
import { mappingStatements, OLIST_SOURCE } from '../../actions/lib/load/sources.js';
import { SOURCE_TABLES } from '../../actions/lib/sources/olist-tables.js';
import { DuckDbWarehouse } from '../../actions/lib/warehouse/duckdb.js';
import { PgliteWarehouse } from '../../actions/lib/warehouse/pglite.js';
import { storeScores } from '../../actions/lib/score/store-scores.js';
import { activateModel } from '../../actions/lib/segmentation/activate.js';
import type { ScalingParameters } from '../../actions/lib/segmentation/scaling.js';
import { scalingOrSeed } from '../../actions/lib/segmentation/stored-scaling.js';
import type { Warehouse } from '../../actions/lib/warehouse/warehouse.js';
import { pgliteFrom } from './pglite.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const MIGRATIONS_DIR = join(REPO_ROOT, 'sql', 'migrations');
export const CHECKS_DIR = join(REPO_ROOT, 'sql', 'checks');
export const LOAD_CHECKS_DIR = join(CHECKS_DIR, 'load');
export const REFRESH_DIR = join(REPO_ROOT, 'sql', 'refresh');

/**
 * An in-memory PGlite with the project's migrations applied: restored from the state the
 * migration runner left once per run (see test/support/pglite.ts).
 */
export async function migratedWarehouse(): Promise<PgliteWarehouse> {
  return pgliteFrom('migrated', async () => {
    const wh = await PgliteWarehouse.open();
    await migrate(wh, await readMigrations(MIGRATIONS_DIR));
    return wh;
  });
}

/** An in-memory DuckDB with the project's migrations applied. */
export async function migratedDuckDb(): Promise<DuckDbWarehouse> {
  const wh = await DuckDbWarehouse.open();
  await migrate(wh, await readMigrations(MIGRATIONS_DIR));
  return wh;
}

/**
 * Replaces the source tables' rows with the Olist files in `dataDir`, read by DuckDB's own CSV
 * reader in one transaction (the files' columns in the order of SOURCE_TABLES), then maps them onto
 * transactions as every loader does.
 */
export async function loadIntoDuckDb(wh: DuckDbWarehouse, dataDir: string): Promise<void> {
  await wh.withLoadSession(async (session) => {
    for (const spec of SOURCE_TABLES) {
      await session.query(`delete from public.${spec.table}`);
      await session.copyCsvFile({
        table: `public.${spec.table}`,
        columns: spec.columns.map((c) => c.name),
        file: join(dataDir, spec.file),
      });
    }
    await session.query('delete from public.transactions');
    await session.query('delete from public.excluded_statuses');
    for (const sql of mappingStatements(OLIST_SOURCE)) await session.query(sql);
  });
}

export const LOCAL_ENGINE_NAMES = ['pglite', 'duckdb'] as const;
export type LocalEngine = (typeof LOCAL_ENGINE_NAMES)[number];

/** Each local engine: migrated, then loaded with the Olist files in a folder its own way. */
export const LOCAL_ENGINES: Readonly<Record<LocalEngine, (dataDir: string) => Promise<Warehouse>>> =
  {
    pglite: async (dataDir) => {
      const wh = await migratedWarehouse();
      await loadLocal(wh, dataDir, { maxErrors: 0 });
      return wh;
    },
    duckdb: async (dataDir) => {
      const wh = await migratedDuckDb();
      await loadIntoDuckDb(wh, dataDir);
      return wh;
    },
  };

/**
 * Registers and activates local model `version` with `centroids` (k is their number) and
 * placeholder metrics, then stores the scores as the pipeline's score step does (unless
 * `storeScores` is false): for tests that need the scoring views and customer_segments to have an
 * active model. Without
 * `scaling`, the centroids are on the seed's 0-5 scale of the features loaded now (recency_n,
 * frequency_n, monetary_n).
 */
export async function activateCentroids(
  wh: Warehouse,
  version: number,
  centroids: number[][],
  scaling?: ScalingParameters,
  options: { readonly storeScores?: boolean } = {},
): Promise<void> {
  await activateModel(wh, {
    scaling: await scalingOrSeed(wh, scaling),
    version,
    k: centroids.length,
    source: 'local',
    modelRef: 'test',
    inertia: 1,
    msd: 1,
    dataFingerprint: 'test',
    centroids,
  });
  if (options.storeScores !== false) await storeScores(wh);
}

/** A migrated local engine and the loader the backend gives it, for tests run on both. */
export const LOCAL_LOADERS: readonly [string, () => Promise<{ wh: Warehouse; loader: Loader }>][] =
  [
    ['PGlite', async () => migratedWarehouse().then((wh) => ({ wh, loader: localLoader(wh) }))],
    [
      'DuckDB',
      async () => {
        const wh = await migratedDuckDb();
        return { wh, loader: duckDbLoader(wh, await mkdtemp(join(tmpdir(), 'duck-scratch-'))) };
      },
    ],
  ];
