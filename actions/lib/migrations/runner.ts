import type { Warehouse } from '../warehouse/warehouse.js';
import type { MigrationFile } from './files.js';
import { historyInsert, readHistory, type HistoryRow } from './history.js';

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
 * after any versioned file. Each file and its
 * history row commit in one transaction, so a failure mid-file leaves no trace of that file.
 */
export async function migrate(
  wh: Warehouse,
  files: readonly MigrationFile[],
  options: MigrateOptions = {},
): Promise<MigrationOutcome> {
  const history = await readHistory(wh);
  const plan = planMigrations(files, history);
  if (options.dryRun === true) {
    return { applied: plan.pending.map((file) => ({ file, ms: 0 })), skipped: plan.skipped };
  }
  let rank = history.reduce((max, row) => Math.max(max, row.installed_rank), 0);
  const applied: AppliedMigration[] = [];
  for (const file of plan.pending) {
    rank += 1;
    const started = performance.now();
    await wh.transaction([...file.statements, historyInsert(file, rank)]);
    const done = { file, ms: performance.now() - started };
    applied.push(done);
    options.onApplied?.(done);
  }
  return { applied, skipped: plan.skipped };
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
