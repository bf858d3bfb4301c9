import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrations, type MigrationFile } from '../../../../actions/lib/migrations/files.js';
import { migrate } from '../../../../actions/lib/migrations/runner.js';
import type { SqlStatement } from '../../../../actions/lib/sql/statement.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import {
  migrationsWithExtras,
  racing,
  runTogether as runAllTogether,
  schemaSnapshot,
} from './runner-checks.js';

/*
 * The runner on DuckDB: the project's migrations apply unchanged, the history lock (a no-op check
 * there) and guard (a division by zero, which the DuckDB dialect makes raise) keep racing runners
 * from applying a file twice, and a failing statement undoes its whole file.
 */

const RUNNERS = 4;
let dir: string;
let files: MigrationFile[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duckdb-migrations-'));
  files = await migrationsWithExtras(join(dir, 'migrations'), 6);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function history(wh: Warehouse): Promise<{ script: string; installed_rank: number }[]> {
  return wh.query('select script, installed_rank from schema_migrations order by 2');
}

/** The runners at once, each on its own warehouse on the DuckDB `file`. */
const runTogether = (file: string, wrap: (wh: Warehouse) => Warehouse) =>
  runAllTogether(RUNNERS, () => DuckDbWarehouse.open(file), files, wrap);

describe('the migration runner on DuckDB', () => {
  test('applies every file once; a second run applies nothing', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      const first = await migrate(wh, files);
      expect(first.applied.map((a) => a.file.name)).toEqual(files.map((f) => f.name));
      const second = await migrate(wh, files);
      expect(second.applied).toEqual([]);
      expect((await history(wh)).map((h) => h.script)).toEqual(files.map((f) => f.name));
    } finally {
      await wh.close();
    }
  });

  test(`${RUNNERS} runners on one file at once: every file is applied exactly once`, async () => {
    const file = join(dir, 'race.duckdb');
    const { wrap, stats } = racing(RUNNERS);
    const outcomes = (await runTogether(file, wrap)).map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
    const appliedBy = outcomes.flatMap((o) => o.applied.map((a) => a.file.name)).sort();
    expect(appliedBy).toEqual(files.map((f) => f.name).sort());
    // All planned V001 at once: the three that queued behind the first failed their guard.
    expect(stats.conflicts).toBeGreaterThanOrEqual(RUNNERS - 1);
    const wh = await DuckDbWarehouse.open(file);
    try {
      const rows = await history(wh);
      expect(rows.map((h) => h.script).sort()).toEqual(files.map((f) => f.name).sort());
      expect(rows.map((h) => h.installed_rank)).toEqual(files.map((_, i) => i + 1));
    } finally {
      await wh.close();
    }
  });

  test('control: without the lock and the guard the same race breaks', async () => {
    const bookkeeping = (s: SqlStatement) =>
      s.file === 'migrations/history.ts' && /^(lock|select)\b/.test(s.sql);
    const results = await runTogether(
      join(dir, 'race-unguarded.duckdb'),
      racing(RUNNERS, bookkeeping).wrap,
    );
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
  });

  test('a failure at any statement of a file leaves no trace of it', async () => {
    const faults = join(dir, 'faults');
    await cp(join(dir, 'migrations'), faults, { recursive: true });
    await writeFile(
      join(faults, 'V099__change.sql'),
      `create table ledger (id integer not null, amount decimal(12, 2));
insert into ledger values (1, 10.00), (2, 20.50);
alter table extra_50 add column note varchar(20);
update extra_50 set note = 'changed';
create view ledger_total as select sum(amount) as total from ledger;
delete from extra_51;
`,
    );
    const all = await readMigrations(faults);
    const change = all.at(-1) as MigrationFile;
    const wh = await DuckDbWarehouse.open();
    try {
      await migrate(
        wh,
        all.filter((f) => f !== change),
      );
      const before = await schemaSnapshot(wh);
      // The transaction is lock, guard, the file's statements, the history insert.
      const total = change.statements.length + 3;
      for (let position = 1; position <= total; position += 1) {
        const failing: Warehouse = {
          kind: wh.kind,
          query: (sql, params) => wh.query(sql, params),
          close: async () => undefined,
          transaction: (statements) =>
            wh.transaction(
              statements.map((s, i) =>
                i === position - 1 ? { ...s, sql: 'select * from injected_fault' } : s,
              ),
            ),
        };
        await expect(migrate(failing, [...all])).rejects.toThrow(/injected_fault/);
        expect([position, await schemaSnapshot(wh)]).toEqual([position, before]);
      }
      await migrate(wh, all);
      expect(await wh.query('select count(*) as n from extra_51')).toEqual([{ n: 0 }]);
    } finally {
      await wh.close();
    }
  });
});
