import { sqlString } from '../sql/literal.js';
import type { SqlStatement } from '../sql/statement.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { MigrationFile } from './files.js';

export const HISTORY_TABLE = 'schema_migrations';

/** One row of the history table: what was applied, when, and with which checksum. */
export interface HistoryRow {
  readonly installed_rank: number;
  readonly version: number | null;
  readonly description: string;
  readonly type: 'versioned' | 'repeatable';
  readonly script: string;
  readonly checksum: string;
}

const CREATE_HISTORY: SqlStatement = {
  file: 'migrations/history.ts',
  line: 1,
  sql: `create table if not exists ${HISTORY_TABLE} (
    installed_rank integer not null,
    version integer,
    description varchar(200) not null,
    type varchar(20) not null,
    script varchar(1000) not null,
    checksum char(64) not null,
    installed_at timestamp not null default getdate()
) diststyle all`,
};

const SELECT_HISTORY = `select installed_rank, version, description, type, script, checksum
from ${HISTORY_TABLE} order by installed_rank`;

/**
 * Reads the history in one query; a warehouse that has never been migrated gets the table first.
 * That keeps a no-op run at a single round trip.
 */
export async function readHistory(wh: Warehouse): Promise<HistoryRow[]> {
  try {
    return await selectHistory(wh);
  } catch (error) {
    if (!/does not exist/i.test(error instanceof Error ? error.message : '')) throw error;
  }
  try {
    await wh.query(CREATE_HISTORY);
    return [];
  } catch (error) {
    // Two first runs racing: the other one's CREATE won (PostgreSQL reports a duplicate type).
    return selectHistory(wh).catch(() => {
      throw error;
    });
  }
}

/**
 * Reads the history without changing anything: undefined when the table does not exist (the
 * warehouse was never migrated). For checks that may only read, such as the drift check.
 */
export async function readHistoryIfExists(wh: Warehouse): Promise<HistoryRow[] | undefined> {
  try {
    return await selectHistory(wh);
  } catch (error) {
    if (/does not exist/i.test(error instanceof Error ? error.message : '')) return undefined;
    throw error;
  }
}

function selectHistory(wh: Warehouse): Promise<HistoryRow[]> {
  return wh.query<HistoryRow & Record<string, unknown>>(SELECT_HISTORY);
}

/** Statements the runner adds to every file's transaction: lock, guard and record. */
export const BOOKKEEPING_STATEMENTS = 3;

/**
 * First statement of every migration transaction. Redshift's LOCK (ACCESS EXCLUSIVE on PostgreSQL)
 * makes concurrent runners queue here, so each one sees the others' committed history rows.
 */
export function historyLock(): SqlStatement {
  return { file: 'migrations/history.ts', line: 1, sql: `lock ${HISTORY_TABLE}` };
}

/**
 * Second statement: fails with a division by zero unless the history still ends at
 * `lastRank`, i.e. nobody applied anything since this run read it. The divisor comes from a
 * subquery so that no engine can fold it to a constant error at planning time.
 */
export function historyGuard(lastRank: number): SqlStatement {
  return {
    file: 'migrations/history.ts',
    line: 1,
    sql: `select 1 / (select case when coalesce(max(installed_rank), 0) = ${lastRank} then 1 else 0 end
  from ${HISTORY_TABLE}) as history_unchanged`,
  };
}

/** The insert that records `file`; it runs in the same transaction as the file's statements. */
export function historyInsert(file: MigrationFile, rank: number): SqlStatement {
  return {
    file: 'migrations/history.ts',
    line: 1,
    sql: `insert into ${HISTORY_TABLE}
  (installed_rank, version, description, type, script, checksum)
values (${rank}, ${file.version ?? 'null'}, ${sqlString(file.description, `${file.name}: description`)}, ${sqlString(file.type, `${file.name}: type`)},
  ${sqlString(file.name, 'migration file name')}, ${sqlString(file.checksum, `${file.name}: checksum`)})`,
  };
}
