/**
 * Loading into the team's DuckDB file: the same row checks as every other loader (so a rejected
 * row is reported with its line and reason whichever engine loads it), all tables in one
 * transaction. The Olist files are read by DuckDB's own reader and checked in SQL, so that no
 * file passes whole through JavaScript; a team's transactions files go through the JavaScript
 * checks (sources.ts), then DuckDB's reader copies the accepted rows from disk.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceConfig } from '../../../contracts/environment/schema.js';
import { SOURCE_TABLES } from '../sources/olist-tables.js';
import type { DuckDbLoadSession, DuckDbWarehouse } from '../warehouse/duckdb.js';
import { checkCsv, type CheckedCsv } from './check-csv.js';
import { plainCsv } from './csv-shape.js';
import { stageCsv, type StagedCsv } from './duckdb-stage.js';
import type { LoadOptions } from './local-loader.js';
import type { Loader } from './loader.js';
import { LoadError, type FileLoadReport } from './report.js';
import { runLoadChecks } from './load-checks.js';
import {
  checkedReport,
  LOADED_TABLES,
  loadHistoryInsert,
  mappingStatements,
  OLIST_SOURCE,
  prepareLoad,
  readSourceFile,
} from './sources.js';
import { timeBounds } from './validate-field.js';

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
  const source = options.source ?? OLIST_SOURCE;
  if (source.format === 'olist') return loadOlist(wh, scratchDir, dataPath, options, source);
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
        await copyChecked(session, c, files[i] as string);
      }
      await finishLoad(session, load.statements, dataPath, options);
    });
  });
  return [...load.reports];
}

/** Copies the accepted rows of a file the JavaScript reader checked, from `file`. */
async function copyChecked(session: DuckDbLoadSession, c: CheckedCsv, file: string): Promise<void> {
  const copied = await session.copyCsvFile({
    table: `public.${c.spec.table}`,
    columns: c.columns,
    file,
  });
  if (copied.rowsLoaded !== c.rowsAccepted) {
    throw new Error(
      `${c.file}: copied ${copied.rowsLoaded} rows but ${c.rowsAccepted} were accepted; nothing was loaded`,
    );
  }
}

/** After the copies, in the same transaction: the mapping, the load checks, the caller's statements. */
async function finishLoad(
  session: DuckDbLoadSession,
  statements: readonly string[],
  dataPath: string,
  options: LoadOptions,
): Promise<void> {
  for (const sql of statements) await session.query(sql);
  await runLoadChecks((sql) => session.query(sql), options.checks ?? [], dataPath);
  for (const statement of options.after ?? []) await session.query(statement);
}

/**
 * The three Olist files, each checked and loaded by DuckDB's reader and SQL (duckdb-stage.ts)
 * when it can number the file's lines, else by the JavaScript reader, as the other loaders do;
 * either way every rejected row is reported at its line with the same reason. The checks of all
 * files run before the transaction ends, so that a file over `maxErrors` is reported beside the
 * others, and nothing is loaded.
 */
async function loadOlist(
  wh: DuckDbWarehouse,
  scratchDir: string,
  dataDir: string,
  options: LoadOptions,
  source: SourceConfig,
): Promise<FileLoadReport[]> {
  const now = (options.now ?? (() => new Date()))();
  const bounds = timeBounds(now);
  const origin = options.origin ?? { kind: 'files', detail: dataDir };
  const reports: FileLoadReport[] = [];
  await withScratch(scratchDir, (dir) =>
    wh.withLoadSession(async (session) => {
      for (const table of LOADED_TABLES) await session.query(`delete from public.${table}`);
      let over = false;
      for (const spec of SOURCE_TABLES) {
        const path = join(dataDir, spec.file);
        const plain = await plainCsv(path).catch(() => undefined);
        const staged =
          plain === undefined
            ? undefined
            : await stageCsv(session.run, path, spec, plain.header, bounds);
        if (staged !== undefined) {
          const report = stagedReport(staged);
          reports.push(report);
          over ||= report.rowsRejected > options.maxErrors;
          if (over) {
            await staged.discard();
            continue;
          }
          const inserted = await staged.insert();
          if (inserted !== report.rowsLoaded) {
            throw new Error(
              `${path}: inserted ${inserted} rows but ${report.rowsLoaded} were accepted; nothing was loaded`,
            );
          }
          continue;
        }
        const checked = checkCsv(await readSourceFile(dataDir, path), spec, path, bounds);
        reports.push(checkedReport(checked));
        over ||= checked.rejected.length > options.maxErrors;
        if (over) continue;
        const file = join(dir, `${spec.table}.csv`);
        await writeFile(file, checked.acceptedBytes);
        await copyChecked(session, checked, file);
        await rm(file);
      }
      if (over) throw new LoadError(reports, options.maxErrors);
      const statements = [...mappingStatements(source), loadHistoryInsert(origin, now)];
      await finishLoad(session, statements, dataDir, options);
    }),
  );
  return reports;
}

function stagedReport(s: StagedCsv): FileLoadReport {
  return {
    table: s.spec.table,
    file: s.file,
    rowsIn: s.rowsIn,
    rowsLoaded: s.rowsIn - s.rejected.length,
    rowsRejected: s.rejected.length,
    rejected: s.rejected,
  };
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
