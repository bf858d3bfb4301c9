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
import { runLoadChecks } from './load-checks.js';
import { prepareLoad } from './sources.js';

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

/** Replaces the source tables with the files of `dataPath`, or leaves them as they were. */
async function loadDuckDb(
  wh: DuckDbWarehouse,
  scratchDir: string,
  dataPath: string,
  options: LoadOptions,
): Promise<FileLoadReport[]> {
  const load = await prepareLoad(dataPath, options);
  await withScratch(scratchDir, async (dir) => {
    const files = await Promise.all(
      load.files.map(async (c, i) => {
        const file = join(dir, `${i}-${c.spec.table}.csv`);
        await writeFile(file, c.acceptedBytes);
        return file;
      }),
    );
    await wh.withLoadSession(async (session) => {
      for (const table of load.tables) await session.query(`delete from public.${table}`);
      for (const [i, c] of load.files.entries()) {
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
      for (const sql of load.statements) await session.query(sql);
      await runLoadChecks((sql) => session.query(sql), options.checks ?? [], dataPath);
      for (const statement of options.after ?? []) await session.query(statement);
    });
  });
  return [...load.reports];
}

/** The DuckDB loader; its scratch files go under `scratchDir` (the team's state folder). */
export const duckDbLoader = (wh: DuckDbWarehouse, scratchDir: string): Loader => ({
  load: (dataPath, options) => loadDuckDb(wh, scratchDir, dataPath, options),
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
