/**
 * Loading into the team's DuckDB file: the same row checks as every other loader (so a rejected
 * row is reported with its line whichever engine loads it), then DuckDB's own CSV reader copies
 * the accepted rows from disk, all tables in one transaction.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDbWarehouse } from '../warehouse/duckdb.js';
import type { LoadOptions } from './local-loader.js';
import type { Loader } from './loader.js';
import type { FileLoadReport } from './report.js';
import { checkForLoad } from './sources.js';

/** Runs `fn` with a fresh folder under `scratchDir`, removed afterwards. */
async function withScratch<T>(scratchDir: string, fn: (dir: string) => Promise<T>): Promise<T> {
  await mkdir(scratchDir, { recursive: true });
  const dir = await mkdtemp(join(scratchDir, 'load-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Replaces customers, orders and payments with the files of `dataDir`, or leaves them as they were. */
async function loadDuckDb(
  wh: DuckDbWarehouse,
  scratchDir: string,
  dataDir: string,
  options: LoadOptions,
): Promise<FileLoadReport[]> {
  const { checked, reports } = await checkForLoad(dataDir, options.maxErrors);
  await withScratch(scratchDir, async (dir) => {
    const files = await Promise.all(
      checked.map(async (c) => {
        const file = join(dir, c.spec.file);
        await writeFile(file, c.acceptedBytes);
        return file;
      }),
    );
    await wh.withLoadSession(async (session) => {
      for (const c of checked) await session.query(`delete from public.${c.spec.table}`);
      for (const [i, c] of checked.entries()) {
        const copied = await session.copyCsvFile({
          table: `public.${c.spec.table}`,
          columns: c.columns,
          file: files[i] as string,
        });
        if (copied.rowsLoaded !== c.rowsAccepted) {
          throw new Error(
            `${c.file}: copied ${copied.rowsLoaded} rows but ${c.rowsAccepted} were accepted; nothing was loaded`,
          );
        }
      }
    });
  });
  return reports;
}

/** The DuckDB loader; its scratch files go under `scratchDir` (the team's state folder). */
export const duckDbLoader = (wh: DuckDbWarehouse, scratchDir: string): Loader => ({
  load: (dataDir, options) => loadDuckDb(wh, scratchDir, dataDir, options),
  replaceTable: (table, columns, csv) =>
    withScratch(scratchDir, async (dir) => {
      const file = join(dir, `${table}.csv`);
      await writeFile(file, csv);
      return wh.withLoadSession(async (session) => {
        await session.query(`delete from public.${table}`);
        return (await session.copyCsvFile({ table: `public.${table}`, columns, file })).rowsLoaded;
      });
    }),
});
