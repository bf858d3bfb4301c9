import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** What {@link openPglite} did to get the database. */
export type PgliteStart = 'reopened' | 'restored' | 'initialised';

/**
 * Opens the PGlite database in `dataDir`. A folder that holds no database yet is filled from
 * `snapshot`, a gzipped tar of a freshly initialised data folder, instead of running initdb (the
 * bulk of a first start); when there is no snapshot yet, initdb runs and its result becomes the
 * snapshot. A snapshot that cannot be restored (another PGlite version) is replaced.
 */
export async function openPglite(
  dataDir: string,
  snapshot: string,
): Promise<{ db: PGlite; start: PgliteStart }> {
  await mkdir(dataDir, { recursive: true });
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    return { db: await PGlite.create(dataDir), start: 'reopened' };
  }
  const bytes = await readFile(snapshot).catch(() => undefined);
  if (bytes !== undefined) {
    try {
      const db = await PGlite.create(dataDir, { loadDataDir: new Blob([bytes]) });
      return { db, start: 'restored' };
    } catch {
      await rm(dataDir, { recursive: true, force: true });
      await mkdir(dataDir, { recursive: true });
    }
  }
  const db = await PGlite.create(dataDir);
  await saveSnapshot(db, snapshot);
  return { db, start: 'initialised' };
}

/** Writes the data folder of a just-initialised `db` to `file`, atomically. */
async function saveSnapshot(db: PGlite, file: string): Promise<void> {
  const tar = await db.dumpDataDir('gzip');
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, new Uint8Array(await tar.arrayBuffer()));
  await rename(partial, file);
}
