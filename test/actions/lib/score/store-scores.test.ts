/**
 * The stored scores (customer_segments) are never those of other features or another model: a
 * refresh and an activation empty them, the score step and a publish that finds them empty fill
 * them from the scoring view, and a migrate that applied anything scores again.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TeamBackend } from '../../../../actions/lib/pipeline/backend.js';
import { deriveFeatures } from '../../../../actions/lib/pipeline/refresh.js';
import { migrateStep } from '../../../../actions/lib/pipeline/steps.js';
import { writeSampleData } from '../../../../actions/lib/sample-data/generate.js';
import { ensureScores, storeScores } from '../../../../actions/lib/score/store-scores.js';
import type { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import {
  activateCentroids,
  loadIntoDuckDb,
  migratedDuckDb,
  MIGRATIONS_DIR,
  REFRESH_DIR,
} from '../../../support/warehouse.js';

let wh: DuckDbWarehouse;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'store-scores-'));
  await writeSampleData(join(work, 'data'), { orders: 300, seed: 11 });
  wh = await migratedDuckDb();
  await loadIntoDuckDb(wh, join(work, 'data'));
  await deriveFeatures(wh, REFRESH_DIR, undefined);
}, 60_000);

afterAll(async () => {
  await wh.close();
  await rm(work, { recursive: true, force: true });
});

const activate = (version: number, centroids: number[][]): Promise<void> =>
  activateCentroids(wh, version, centroids, undefined, { storeScores: false });

const count = async (table: string): Promise<number> =>
  Number((await wh.query<{ n: unknown }>(`select count(*) as n from public.${table}`))[0]?.n);

/** Stored rows that differ from what the scoring view computes now. */
const stale = async (): Promise<number> =>
  Number(
    (
      await wh.query<{ n: unknown }>(`select count(*) as n from public.customer_segments as stored
left join public.scored_customers as now using (customer_unique_id)
where now.customer_unique_id is null
  or stored.cluster is distinct from now.cluster
  or stored.model_version is distinct from now.model_version
  or stored.segment <> now.segment`)
    )[0]?.n,
  );

describe('stored scores', () => {
  test('an activation empties them; ensureScores fills them once, equal to the view', async () => {
    await activate(1, [
      [1, 0, 1],
      [4, 1, 3],
    ]);
    expect(await count('customer_segments')).toBe(0);
    expect(await ensureScores(wh)).toBe(true);
    expect(await count('customer_segments')).toBe(await count('customer_features'));
    expect(await stale()).toBe(0);
    expect(await ensureScores(wh)).toBe(false);
  });

  test('a refresh of the features empties them in its own transaction', async () => {
    await storeScores(wh);
    expect(await count('customer_segments')).toBeGreaterThan(0);
    await deriveFeatures(wh, REFRESH_DIR, undefined);
    expect(await count('customer_segments')).toBe(0);
  });

  test('a migrate that applied anything scores again; one that applied nothing leaves them', async () => {
    await activate(2, [
      [0, 0, 0],
      [5, 5, 5],
      [2, 0, 2],
    ]);
    await storeScores(wh);
    await wh.query('update public.customer_segments set cluster = 99');
    const backend = { wh } as unknown as TeamBackend;

    const unchanged = await migrateStep(backend, { migrations: MIGRATIONS_DIR });
    expect(unchanged.applied).toHaveLength(0);
    expect(await stale()).toBe(await count('customer_segments'));

    // The scoring view's file changed (a comment is enough): every view is applied again.
    const dir = join(work, 'migrations');
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const view = join(dir, 'R__40_scored_customers.sql');
    await writeFile(view, `-- edited\n${await readFile(view, 'utf8')}`);
    const changed = await migrateStep(backend, { migrations: dir });
    expect(changed.applied.length).toBeGreaterThan(0);
    expect(await stale()).toBe(0);
    expect(await count('customer_segments')).toBe(await count('customer_features'));
  });
});
