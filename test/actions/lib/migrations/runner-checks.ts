/** What the migration runner's tests do the same way on every engine: races and schema snapshots. */
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readMigrations, type MigrationFile } from '../../../../actions/lib/migrations/files.js';
import { migrate, type MigrationOutcome } from '../../../../actions/lib/migrations/runner.js';
import type { SqlStatement } from '../../../../actions/lib/sql/statement.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { MIGRATIONS_DIR } from '../../../support/warehouse.js';

/**
 * The project's migrations copied into `dir`, plus `extra` small ones (V050, V051, …, after every
 * project migration and before the tests' own V099), so that
 * racing runners overlap on many files.
 */
/** The first extra version: well after the project's own. */
export const FIRST_EXTRA = 50;

export async function migrationsWithExtras(dir: string, extra: number): Promise<MigrationFile[]> {
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  for (let v = FIRST_EXTRA; v < FIRST_EXTRA + extra; v += 1) {
    await writeFile(
      join(dir, `V0${v}__extra_${v}.sql`),
      `create table extra_${v} (id integer not null);\ninsert into extra_${v} values (${v});\n`,
    );
  }
  return readMigrations(dir);
}

/**
 * Holds every runner's first transaction until all `count` runners have planned from the same
 * (empty) history, so the race is certain rather than a matter of timing. Counts the runs' guard
 * failures. `strip` drops statements from every transaction (the control without lock and guard).
 */
export function racing(count: number, strip: (s: SqlStatement) => boolean = () => false) {
  let arrived = 0;
  let release: () => void = () => undefined;
  const everyoneReady = new Promise<void>((resolve) => (release = resolve));
  const stats = { conflicts: 0 };
  const wrap = (wh: Warehouse): Warehouse => {
    let first = true;
    return {
      kind: wh.kind,
      query: (sql, params) => wh.query(sql, params),
      close: () => wh.close(),
      async transaction(statements) {
        if (first) {
          first = false;
          arrived += 1;
          if (arrived === count) release();
          await everyoneReady;
        }
        try {
          await wh.transaction(statements.filter((s) => !strip(s)));
        } catch (error) {
          if (String(error).includes('division by zero')) stats.conflicts += 1;
          throw error;
        }
      },
    };
  };
  return { wrap, stats };
}

/** `runners` runners, each on its own warehouse from `open`, migrate `files` at once. */
export async function runTogether(
  runners: number,
  open: () => Promise<Warehouse>,
  files: readonly MigrationFile[],
  wrap: (wh: Warehouse) => Warehouse,
): Promise<PromiseSettledResult<MigrationOutcome>[]> {
  const warehouses = await Promise.all(Array.from({ length: runners }, open));
  try {
    return await Promise.allSettled(warehouses.map((wh) => migrate(wrap(wh), files)));
  } finally {
    await Promise.all(warehouses.map((wh) => wh.close()));
  }
}

/** Everything a migration could change: relations, columns, every table's rows, as text. */
export async function schemaSnapshot(wh: Warehouse): Promise<string> {
  const relations = await wh.query<{ table_name: string; table_type: string }>(
    `select table_name, table_type from information_schema.tables
     where table_schema = 'public' order by 1`,
  );
  const columns = await wh.query(
    `select table_name, column_name, data_type from information_schema.columns
     where table_schema = 'public' order by 1, 2`,
  );
  const rows: Record<string, unknown> = {};
  for (const r of relations) {
    [rows[r.table_name]] = await wh.query(
      `select count(*) as n, coalesce(string_agg(cast(t as varchar), '|' order by cast(t as varchar)), '') as text
       from ${r.table_name} t`,
    );
  }
  return JSON.stringify({ relations, columns, rows });
}
