import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitStatements } from '../sql/split.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { applyRunSettings } from './settings.js';

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
