import type { CopySessionWarehouse } from '../warehouse/copy-session.js';
import { withoutPrimaryKey } from './primary-key.js';
import type { FileLoadReport } from './report.js';
import { checkForLoad } from './sources.js';
import { SOURCE_TABLES } from '../sources/olist-tables.js';

export interface LoadOptions {
  /** Rejected rows tolerated per file (Redshift's MAXERROR); more fails the whole load. */
  readonly maxErrors: number;
}

/**
 * Loads the three Olist files from `dataDir` into customers, orders and payments, replacing their
 * contents in one transaction. Rows that cannot be stored are reported with their line; when a
 * file has more than `maxErrors` of them, nothing at all is loaded.
 */
export async function loadLocal(
  wh: CopySessionWarehouse,
  dataDir: string,
  options: LoadOptions,
): Promise<FileLoadReport[]> {
  const { checked, reports } = await checkForLoad(dataDir, options.maxErrors);

  await wh.withCopySession(async (session) => {
    await session.query(`truncate table ${SOURCE_TABLES.map((t) => t.table).join(', ')}`);
    for (const c of checked) {
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
      // Fresh statistics, or the planner guesses 200 rows and picks nested loops for every join.
      await session.query(`analyze ${c.spec.table}`);
    }
  });
  return reports;
}
