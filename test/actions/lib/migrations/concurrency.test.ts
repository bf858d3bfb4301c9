import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MigrationFile } from '../../../../actions/lib/migrations/files.js';
import { PostgresWarehouse } from '../../../../actions/lib/warehouse/postgres.js';
import type { SqlStatement } from '../../../../actions/lib/sql/statement.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { startPostgres, type PostgresServer } from '../../../support/postgres.js';
import { migrationsWithExtras, racing, runTogether as runAllTogether } from './runner-checks.js';

const RUNNERS = 4;
const EXTRA_FILES = 12;

let server: PostgresServer;
let files: MigrationFile[];

beforeAll(async () => {
  server = await startPostgres();
  // The project's migrations plus a dozen small ones, so that the runners overlap on many files.
  files = await migrationsWithExtras(
    await mkdtemp(join(tmpdir(), 'migrations-race-')),
    EXTRA_FILES,
  );
});
afterAll(async () => server?.stop());

/** The runners at once, each on its own connection to the database at `url`. */
const runTogether = (url: string, wrap: (wh: Warehouse) => Warehouse) =>
  runAllTogether(RUNNERS, () => PostgresWarehouse.connect(url), files, wrap);

async function historyOf(url: string): Promise<{ script: string; installed_rank: number }[]> {
  const wh = await PostgresWarehouse.connect(url);
  try {
    return await wh.query('select script, installed_rank from schema_migrations order by 2');
  } finally {
    await wh.close();
  }
}

describe('concurrent runners on a real PostgreSQL server', () => {
  test(`${RUNNERS} runners at once: every file is applied exactly once`, async () => {
    const url = await server.createDatabase('race');
    const { wrap, stats } = racing(RUNNERS);
    const results = await runTogether(url, wrap);

    const outcomes = results.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
    const appliedBy = outcomes.flatMap((o) => o.applied.map((a) => a.file.name)).sort();
    expect(appliedBy).toEqual(files.map((f) => f.name).sort());
    for (const o of outcomes) expect(o.applied.length + o.skipped.length).toBe(files.length);

    const history = await historyOf(url);
    expect(history.map((h) => h.script).sort()).toEqual(files.map((f) => f.name).sort());
    expect(history.map((h) => h.installed_rank)).toEqual(files.map((_, i) => i + 1));
    // All four planned V001 at once: the three that lost the lock failed their guard and re-planned.
    expect(stats.conflicts).toBeGreaterThanOrEqual(RUNNERS - 1);

    const again = await runTogether(url, (wh) => wh);
    for (const r of again) expect(r.status === 'fulfilled' && r.value.applied).toEqual([]);
  });

  test('control: without the lock and the guard the same race breaks', async () => {
    const url = await server.createDatabase('race_unguarded');
    const bookkeeping = (s: SqlStatement) =>
      s.file === 'migrations/history.ts' && /^(lock|select)\b/.test(s.sql);
    const results = await runTogether(url, racing(RUNNERS, bookkeeping).wrap);
    const failed = results.filter((r) => r.status === 'rejected').length;
    const history = await historyOf(url);
    const duplicated = history.length - new Set(history.map((h) => h.script)).size;
    expect(failed + duplicated).toBeGreaterThan(0);
  });
});
