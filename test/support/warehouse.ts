import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrations } from '../../actions/lib/migrations/files.js';
import { migrate } from '../../actions/lib/migrations/runner.js';
import { PgliteWarehouse } from '../../actions/lib/warehouse/pglite.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const MIGRATIONS_DIR = join(REPO_ROOT, 'sql', 'migrations');
export const CHECKS_DIR = join(REPO_ROOT, 'sql', 'checks');
export const REFRESH_DIR = join(REPO_ROOT, 'sql', 'refresh');

/** An in-memory PGlite with the project's migrations applied. */
export async function migratedWarehouse(): Promise<PgliteWarehouse> {
  const wh = await PgliteWarehouse.open();
  await migrate(wh, await readMigrations(MIGRATIONS_DIR));
  return wh;
}
