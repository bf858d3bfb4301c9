import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkCsv, type CheckedCsv } from './check-csv.js';
import { LoadError, type FileLoadReport } from './report.js';
import { SOURCE_TABLES } from '../sources/olist-tables.js';

/**
 * Reads the three Olist files from `dataDir` and checks every row against its table. Both loaders
 * start here, so a row rejected locally is rejected on AWS too, for the same reason.
 */
export async function checkSources(dataDir: string): Promise<CheckedCsv[]> {
  const checked: CheckedCsv[] = [];
  for (const spec of SOURCE_TABLES) {
    const path = join(dataDir, spec.file);
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      throw new Error(
        `${path} is missing; a data folder holds ${SOURCE_TABLES.map((t) => t.file).join(', ')} (generate them with: workshop sample-data --out ${dataDir})`,
      );
    });
    checked.push(checkCsv(bytes, spec, path));
  }
  return checked;
}

/** What the local checks found in one file, before anything is loaded. */
export function checkedReport(c: CheckedCsv): FileLoadReport {
  return {
    table: c.spec.table,
    file: c.file,
    rowsIn: c.rowsIn,
    rowsLoaded: c.rowsAccepted,
    rowsRejected: c.rejected.length,
    rejected: c.rejected,
  };
}

/**
 * The checks every local load starts with: each file checked, and a {@link LoadError} before
 * anything is loaded when a file has more rejected rows than `maxErrors`.
 */
export async function checkForLoad(
  dataDir: string,
  maxErrors: number,
): Promise<{ checked: CheckedCsv[]; reports: FileLoadReport[] }> {
  const checked = await checkSources(dataDir);
  const reports = checked.map(checkedReport);
  if (checked.some((c) => c.rejected.length > maxErrors)) throw new LoadError(reports, maxErrors);
  return { checked, reports };
}
