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
 * A new in-memory PGlite in the state `build` leaves one in, restored from a snapshot made once
 * per run under `name` (which must name what `build` does); without the global setup, once per
 * test file. The database that was built for the snapshot is handed to the first caller.
 */
export async function pgliteFrom(
  name: string,
  build: () => Promise<PgliteWarehouse>,
): Promise<PgliteWarehouse> {
  const known = snapshots.get(name);
  if (known !== undefined) return PgliteWarehouse.restore(await known);
  let built: PgliteWarehouse | undefined;
  const snapshot = readOrBuild(name, async () => (built = await build()));
  snapshots.set(name, snapshot);
  const blob = await snapshot.catch(async (error: unknown) => {
    await built?.close();
    throw error;
  });
  return built ?? PgliteWarehouse.restore(blob);
}

/** The snapshot `pgliteFrom` restores from, for a database other than a PgliteWarehouse. */
function pgliteSnapshot(name: string, build: () => Promise<PgliteWarehouse>): Promise<Blob> {
  let snapshot = snapshots.get(name);
  if (snapshot === undefined) {
    let built: PgliteWarehouse | undefined;
    snapshot = readOrBuild(name, async () => (built = await build())).finally(async () => {
      await built?.close();
    });
    snapshots.set(name, snapshot);
  }
  return snapshot;
}

/** Reads the run's saved snapshot, or builds and saves it, leaving the built database open. */
async function readOrBuild(name: string, build: () => Promise<PgliteWarehouse>): Promise<Blob> {
  const dir = process.env[SNAPSHOT_DIR_ENV];
  const file = dir === undefined || dir === '' ? undefined : join(dir, `${name}.tar`);
  const saved = file === undefined ? undefined : await readFile(file).catch(() => undefined);
  if (saved !== undefined) return new Blob([saved]);

  const wh = await build();
  // Flushed, so that a restore has no write-ahead log to replay.
  await wh.query('checkpoint');
  const snapshot = await wh.dumpDataDir();
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
  return pgliteFrom('initdb', () => PgliteWarehouse.open());
}

/** The same as a bare PGlite database, for fakes that answer with PostgreSQL itself. */
export async function freshPgliteDatabase(): Promise<PGlite> {
  const initdb = await pgliteSnapshot('initdb', () => PgliteWarehouse.open());
  return PGlite.create({ loadDataDir: initdb });
}
