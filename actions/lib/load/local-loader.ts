import type { SourceConfig } from '../../../contracts/environment/schema.js';
import type { SqlStatement } from '../sql/statement.js';
import type { CopySessionWarehouse } from '../warehouse/copy-session.js';
import type { DataCheck } from '../sql/data-checks.js';
import { runLoadChecks } from './load-checks.js';
import { withoutPrimaryKey } from './primary-key.js';
import type { FileLoadReport } from './report.js';
import { prepareLoad, type LoadOrigin } from './sources.js';

export interface LoadOptions {
  /** Rejected rows tolerated per file (Redshift's MAXERROR); more fails the whole load. */
  readonly maxErrors: number;
  /** What the files hold and how they map onto transactions; the Olist files by default. */
  readonly source?: SourceConfig;
  /** Recorded in `load_history`; by default files, described by their path. */
  readonly origin?: LoadOrigin;
  /** The load's time (events dated after it plus a day are rejected); the system clock by default. */
  readonly now?: () => Date;
  /**
   * Data checks run inside the load's transaction before it commits (`sql/checks/load`; the
   * pipeline's load step always passes them): offending rows roll the load back.
   */
  readonly checks?: readonly DataCheck[];
  /**
   * Statements the load's transaction runs last, after the checks (the pipeline's feature
   * rebuild), so that the data and what is derived from it commit together or not at all.
   */
  readonly after?: readonly SqlStatement[];
  /**
   * Told by the DuckDB loader which reader read each file: DuckDB's, which streams it from disk,
   * or the JavaScript one, which holds it whole in memory (every file, on the other loaders,
   * which do not call it).
   */
  readonly onFileRead?: (file: string, reader: 'duckdb' | 'javascript') => void;
}

/**
 * Loads the source files of `dataPath` and maps them onto the transactions table, replacing every
 * source table's contents in one transaction. Rows that cannot be stored are reported with their
 * line; when a file has more than `maxErrors` of them, nothing at all is loaded.
 */
export async function loadLocal(
  wh: CopySessionWarehouse,
  dataPath: string,
  options: LoadOptions,
): Promise<FileLoadReport[]> {
  const load = await prepareLoad(dataPath, options);

  await wh.withCopySession(async (session) => {
    await session.query(`truncate table ${load.tables.join(', ')}`);
    for (const c of load.files) {
      const copied = await withoutPrimaryKey(session, c.spec.table, () =>
        session.copyFrom(
          `copy ${c.spec.table} (${c.columns.join(', ')}) from '/dev/blob' with (format csv, header true)`,
          c.acceptedBytes,
        ),
      );
      if (copied !== c.rowsAccepted) {
        throw new Error(
          `${c.file}: copied ${copied} rows but ${c.rowsAccepted} were accepted; nothing was loaded`,
        );
      }
    }
    for (const sql of load.statements) await session.query(sql);
    await runLoadChecks((sql) => session.query(sql), options.checks ?? [], dataPath);
    for (const statement of options.after ?? []) await session.query(statement.sql);
    // Fresh statistics, or the planner guesses 200 rows and picks nested loops for every join.
    for (const table of load.tables) await session.query(`analyze ${table}`);
  });
  return [...load.reports];
}
