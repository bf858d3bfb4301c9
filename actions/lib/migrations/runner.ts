import { StatementError, type Warehouse } from '../warehouse/warehouse.js';
import type { MigrationFile } from './files.js';
import {
  BOOKKEEPING_STATEMENTS,
  historyGuard,
  historyInsert,
  historyLock,
  readHistory,
  type HistoryRow,
} from './history.js';

export interface MigrationOutcome {
  readonly applied: readonly AppliedMigration[];
  /** Files already applied with the same checksum. */
  readonly skipped: readonly MigrationFile[];
}

export interface AppliedMigration {
  readonly file: MigrationFile;
  readonly ms: number;
}

export interface MigrateOptions {
  /** List what would run without running it. */
  readonly dryRun?: boolean;
  readonly onApplied?: (applied: AppliedMigration) => void;
}

/** A problem with the history or the files that must stop the run before anything is applied. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Applies pending versioned files in version order, then repeatable files from the first one whose
 * checksum changed onwards (later views may depend on it and a drop cascades), or all of them
 * after any versioned file. Each file and its history row commit in one transaction, so a failure
 * mid-file leaves no trace of that file.
 *
 * Runners may race on one warehouse: every transaction first locks the history table and checks
 * that the history is still what this run planned from. If another runner got there first, the
 * transaction fails before touching anything, and this run re-reads the history and re-plans.
 */
export async function migrate(
  wh: Warehouse,
  files: readonly MigrationFile[],
  options: MigrateOptions = {},
): Promise<MigrationOutcome> {
  let history = await readHistory(wh);
  let pending = planMigrations(files, history).pending;
  assertFitsOneTransaction(pending, wh);
  if (options.dryRun === true) {
    const waiting = new Set(pending);
    return {
      applied: pending.map((file) => ({ file, ms: 0 })),
      skipped: files.filter((f) => !waiting.has(f)),
    };
  }
  const applied: AppliedMigration[] = [];
  let conflicts = 0;
  while (pending[0] !== undefined) {
    const file = pending[0];
    const lastRank = history.reduce((max, row) => Math.max(max, row.installed_rank), 0);
    const guard = historyGuard(lastRank);
    const started = performance.now();
    try {
      await wh.transaction([
        historyLock(),
        guard,
        ...file.statements,
        historyInsert(file, lastRank + 1),
      ]);
    } catch (error) {
      if (!isConflict(error, guard)) throw error;
      conflicts += 1;
      if (conflicts > files.length + MAX_EXTRA_CONFLICTS) throw tooManyConflicts(conflicts);
      history = await readHistory(wh);
      pending = planMigrations(files, history).pending;
      continue;
    }
    const done = { file, ms: performance.now() - started };
    applied.push(done);
    options.onApplied?.(done);
    history = [...history, historyRow(file, lastRank + 1)];
    pending = pending.slice(1);
  }
  const mine = new Set(applied.map((a) => a.file));
  return { applied, skipped: files.filter((f) => !mine.has(f)) };
}

/**
 * Each conflict means another runner committed a file, so there can be at most one per file; the
 * margin covers a serialization failure or two on top.
 */
const MAX_EXTRA_CONFLICTS = 3;

/** Serialization failures that roll the whole transaction back and are safe to retry. */
const SERIALIZATION_FAILURE =
  /serializable isolation violation|could not serialize access|deadlock detected/i;

function isConflict(error: unknown, guard: unknown): boolean {
  if (error instanceof StatementError && error.statement === guard) return true;
  const cause = error instanceof StatementError ? error.cause : error;
  return cause instanceof Error && SERIALIZATION_FAILURE.test(cause.message);
}

function tooManyConflicts(conflicts: number): MigrationError {
  return new MigrationError(
    `schema_migrations changed under this run ${conflicts} times: another runner keeps migrating the same warehouse; wait for it to finish and run again`,
  );
}

function historyRow(file: MigrationFile, rank: number): HistoryRow {
  const { version, description, type, name: script, checksum } = file;
  return { installed_rank: rank, version, description, type, script, checksum };
}

/** Refuses, before anything runs, a file too long for the warehouse's transactions. */
function assertFitsOneTransaction(files: readonly MigrationFile[], wh: Warehouse): void {
  const max = wh.maxStatementsPerTransaction;
  if (max === undefined) return;
  const limit = max - BOOKKEEPING_STATEMENTS;
  const tooLong = files.find((f) => f.statements.length > limit);
  if (tooLong === undefined) return;
  throw new MigrationError(
    `${tooLong.script} has ${tooLong.statements.length} statements; on ${wh.kind} a file runs as one transaction of at most ${max} statements, ${BOOKKEEPING_STATEMENTS} of which lock and record the history, so a file may hold at most ${limit}: split it into several V### files`,
  );
}

export interface MigrationPlan {
  readonly pending: readonly MigrationFile[];
  readonly skipped: readonly MigrationFile[];
}

/** Pure: compares files with the history and decides what runs. Throws on drift. */
export function planMigrations(
  files: readonly MigrationFile[],
  history: readonly HistoryRow[],
): MigrationPlan {
  const versioned = files.filter((f) => f.type === 'versioned');
  const repeatable = files.filter((f) => f.type === 'repeatable');
  const appliedByVersion = new Map<number, HistoryRow>();
  const latestRepeatable = new Map<string, HistoryRow>();
  for (const row of history) {
    if (row.type === 'versioned' && row.version !== null)
      appliedByVersion.set(Number(row.version), row);
    else latestRepeatable.set(row.script, row);
  }

  const fileVersions = new Set(versioned.map((f) => f.version));
  for (const [version, row] of appliedByVersion) {
    if (!fileVersions.has(version)) {
      throw new MigrationError(
        `${row.script} (version ${version}) is recorded as applied but is missing from the migrations folder; restore the file (migrations are never deleted, add a new one that undoes it)`,
      );
    }
  }

  const pending: MigrationFile[] = [];
  const skipped: MigrationFile[] = [];
  const highestApplied = Math.max(0, ...appliedByVersion.keys());
  for (const file of versioned) {
    const row = appliedByVersion.get(file.version as number);
    if (row === undefined) {
      if ((file.version as number) < highestApplied) {
        throw new MigrationError(
          `${file.script}: version ${file.version} is older than the applied version ${highestApplied}; renumber it after ${highestApplied}`,
        );
      }
      pending.push(file);
    } else if (row.checksum.trim() !== file.checksum) {
      throw new MigrationError(
        `${file.script} was edited after it was applied (checksum ${row.checksum.trim().slice(0, 12)}… now ${file.checksum.slice(0, 12)}…); applied migrations are immutable: revert the edit and put the change in a new V###__ file`,
      );
    } else {
      skipped.push(file);
    }
  }

  const firstChanged = repeatable.findIndex(
    (f) => latestRepeatable.get(f.name)?.checksum.trim() !== f.checksum,
  );
  // A new table version may have dropped what the views stand on: then every view is re-created.
  const reapplyFrom =
    pending.length > 0 ? 0 : firstChanged === -1 ? repeatable.length : firstChanged;
  return {
    pending: [...pending, ...repeatable.slice(reapplyFrom)],
    skipped: [...skipped, ...repeatable.slice(0, reapplyFrom)],
  };
}
