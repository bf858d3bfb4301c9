/**
 * Migration drift: what the warehouse's history says was applied, against the files in
 * `sql/migrations`, without applying anything. Where the runner (runner.ts) refuses to go on,
 * this lists every difference instead.
 */
import type { Warehouse } from '../warehouse/warehouse.js';
import type { MigrationFile } from './files.js';
import { HISTORY_TABLE, readHistoryIfExists, type HistoryRow } from './history.js';

/** One difference between the files and the history. */
export type MigrationFindingKind =
  /** No history table: the warehouse was never migrated. */
  | 'never-migrated'
  /** A versioned file not applied yet: the next deploy applies it. */
  | 'pending'
  /** A versioned file older than the applied ones and not applied: the runner refuses it. */
  | 'out-of-order'
  /** An applied versioned file whose checksum changed: the runner refuses to go on. */
  | 'edited'
  /** A repeatable file whose checksum differs from the last one applied, or never applied. */
  | 'repeatable-changed'
  /** A history row with no file: applied outside the repository, or its file was deleted. */
  | 'no-file';

export interface MigrationFinding {
  readonly kind: MigrationFindingKind;
  /** The file name (or the history's script name), e.g. `V004__create_customer_features.sql`. */
  readonly script: string;
  /** What differs and what to do, in one sentence. */
  readonly detail: string;
}

export interface MigrationDrift {
  readonly findings: readonly MigrationFinding[];
  /** History rows read (0 when the table does not exist). */
  readonly historyRows: number;
  /** Migration files compared. */
  readonly files: number;
}

const short = (checksum: string): string => `${checksum.trim().slice(0, 12)}…`;

/** Pure: every difference between `files` and `history` (undefined: no history table). */
export function migrationDrift(
  files: readonly MigrationFile[],
  history: readonly HistoryRow[] | undefined,
): MigrationDrift {
  if (history === undefined) {
    return {
      findings: [
        {
          kind: 'never-migrated',
          script: HISTORY_TABLE,
          detail: `the warehouse has no ${HISTORY_TABLE} table: it was never migrated; the next deploy applies all ${files.length} files`,
        },
      ],
      historyRows: 0,
      files: files.length,
    };
  }
  const findings: MigrationFinding[] = [];
  const versionRows = new Map<number, HistoryRow>();
  const repeatableRows = new Map<string, HistoryRow>();
  for (const row of history) {
    if (row.type === 'versioned' && row.version !== null) versionRows.set(Number(row.version), row);
    else repeatableRows.set(row.script, row);
  }
  const highest = Math.max(0, ...versionRows.keys());
  const versions = new Set<number>();
  const repeatables = new Set<string>();
  for (const file of files) {
    if (file.type === 'repeatable') {
      repeatables.add(file.name);
      const row = repeatableRows.get(file.name);
      if (row?.checksum.trim() !== file.checksum)
        findings.push({
          kind: 'repeatable-changed',
          script: file.name,
          detail:
            row === undefined
              ? 'never applied; the next deploy applies it'
              : `the warehouse has checksum ${short(row.checksum)}, the file ${short(file.checksum)}; the next deploy re-applies it`,
        });
      continue;
    }
    const version = file.version as number;
    versions.add(version);
    const row = versionRows.get(version);
    if (row === undefined) {
      findings.push(
        version < highest
          ? {
              kind: 'out-of-order',
              script: file.name,
              detail: `not applied, and older than the applied version ${highest}: the deploy refuses it; renumber it after ${highest}`,
            }
          : {
              kind: 'pending',
              script: file.name,
              detail: 'not applied; the next deploy applies it',
            },
      );
    } else if (row.checksum.trim() !== file.checksum) {
      findings.push({
        kind: 'edited',
        script: file.name,
        detail: `applied with checksum ${short(row.checksum)}, the file now has ${short(file.checksum)}: the deploy refuses to go on; revert the edit and put the change in a new V### file`,
      });
    }
  }
  for (const [version, row] of versionRows) {
    if (!versions.has(version))
      findings.push({
        kind: 'no-file',
        script: row.script,
        detail: `version ${version} is in the warehouse's history but has no file in sql/migrations: applied outside the repository, or the file was deleted; restore the file`,
      });
  }
  for (const [script] of repeatableRows) {
    if (!repeatables.has(script))
      findings.push({
        kind: 'no-file',
        script,
        detail:
          'applied, but its file is gone from sql/migrations; what it created stays in the warehouse until a migration drops it',
      });
  }
  return { findings, historyRows: history.length, files: files.length };
}

/**
 * Reads the warehouse's history (one query, never a write) and compares it with `files`. A
 * history the identity may not read fails naming the grant that lets it.
 */
export async function checkMigrations(
  wh: Warehouse,
  files: readonly MigrationFile[],
): Promise<MigrationDrift> {
  let history: HistoryRow[] | undefined;
  try {
    history = await readHistoryIfExists(wh);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/permission denied/i.test(message)) throw error;
    throw new Error(
      `cannot read ${HISTORY_TABLE} (${message}); every AWS migrate grants SELECT on it to PUBLIC (actions/lib/migrations/history-access.ts): run the team's deploy once, then check again`,
      { cause: error },
    );
  }
  return migrationDrift(files, history);
}
