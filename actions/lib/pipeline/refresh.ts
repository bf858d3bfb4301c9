import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitStatements } from '../sql/split.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { SqlStatement } from '../sql/statement.js';
import { applyRunSettings, runSettingsUpdate } from './settings.js';

/**
 * Rebuilds the stored tables derived from the loaded data by running `dir/*.sql` in name order,
 * each file as one transaction. Returns the files run.
 */
export async function refreshDerivedTables(wh: Warehouse, dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  for (const name of names) {
    const file = join(dir, name);
    await wh.transaction(splitStatements(await readFile(file, 'utf8'), file));
  }
  return names;
}

/** After a load: store the environment's as-of date, then rebuild the derived tables. */
export async function deriveFeatures(
  wh: Warehouse,
  refreshDir: string,
  asOf: string | undefined,
): Promise<string[]> {
  await applyRunSettings(wh, asOf);
  return refreshDerivedTables(wh, refreshDir);
}

/**
 * The same work as {@link deriveFeatures} as statements, for a load to run in its own transaction
 * after the data: what is loaded and the features derived from it then commit together, so a run
 * stopped at any point never leaves features of another load.
 */
export async function featureStatements(
  refreshDir: string,
  asOf: string | undefined,
): Promise<{ files: string[]; statements: SqlStatement[] }> {
  const files = (await readdir(refreshDir)).filter((n) => n.endsWith('.sql')).sort();
  const statements: SqlStatement[] = [
    { sql: runSettingsUpdate(asOf), file: 'the as-of date (asOf)', line: 1 },
  ];
  for (const name of files) {
    const file = join(refreshDir, name);
    statements.push(...splitStatements(await readFile(file, 'utf8'), file));
  }
  return { files, statements };
}
