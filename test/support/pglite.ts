import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PgliteWarehouse } from '../../actions/lib/warehouse/pglite.js';

/**
 * Starting PGlite runs initdb (seconds of WebAssembly), and applying the migrations takes as long
 * again, in every test that needs a warehouse. Each is done once per jest run instead: the
 * resulting data folder is kept (in memory, and as a file in the folder the global setup made for
 * the run, so that the other test files reuse it) and every new database is restored from it.
 */

/** Set by test/support/global-setup.js: this jest run's folder for PGlite snapshots. */
const SNAPSHOT_DIR_ENV = 'RFM_TEST_PGLITE_SNAPSHOTS';

const snapshots = new Map<string, Promise<Blob>>();

/**
 * The data folder of the database `build` makes, built once per run under `name` (which must
 * name what `build` does). Without the global setup, once per test file.
 */
export function pgliteSnapshot(name: string, build: () => Promise<PgliteWarehouse>): Promise<Blob> {
  let snapshot = snapshots.get(name);
  if (snapshot === undefined) {
    snapshot = readOrBuild(name, build);
    snapshots.set(name, snapshot);
  }
  return snapshot;
}

async function readOrBuild(name: string, build: () => Promise<PgliteWarehouse>): Promise<Blob> {
  const dir = process.env[SNAPSHOT_DIR_ENV];
  const file = dir === undefined || dir === '' ? undefined : join(dir, `${name}.tar`);
  const saved = file === undefined ? undefined : await readFile(file).catch(() => undefined);
  if (saved !== undefined) return new Blob([saved]);

  const wh = await build();
  let snapshot: Blob;
  try {
    // Flushed, so that a restore has no write-ahead log to replay.
    await wh.query('checkpoint');
    snapshot = await wh.dumpDataDir();
  } finally {
    await wh.close();
  }
  if (file !== undefined) {
    await mkdir(join(file, '..'), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, new Uint8Array(await snapshot.arrayBuffer()));
    await rename(partial, file);
  }
  return snapshot;
}

/** A new in-memory PGlite as initdb leaves it: nothing created in it yet. */
export async function freshPglite(): Promise<PgliteWarehouse> {
  return PgliteWarehouse.restore(await initdbSnapshot());
}

const initdbSnapshot = () => pgliteSnapshot('initdb', () => PgliteWarehouse.open());

/** The same as a bare PGlite database, for fakes that answer with PostgreSQL itself. */
export async function freshPgliteDatabase(): Promise<PGlite> {
  return PGlite.create({ loadDataDir: await initdbSnapshot() });
}
