/**
 * Loading into the team's DuckDB file: the same row checks as every other loader (so a rejected
 * row is reported with its line and reason whichever engine loads it), all tables in one
 * transaction. Each file (the three Olist files, or a team's transactions files) is read by
 * DuckDB's own reader and checked in SQL (duckdb-stage.ts), so that no file passes whole through
 * JavaScript; a file whose lines DuckDB's reader cannot number goes through the JavaScript checks
 * instead, and DuckDB's reader copies its accepted rows from disk.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { TransactionColumns } from '../../../contracts/environment/schema.js';
import { SOURCE_TABLES } from '../sources/olist-tables.js';
import type { DuckDbLoadSession, DuckDbWarehouse } from '../warehouse/duckdb.js';
import type { RunDuckDb } from '../warehouse/duckdb-csv.js';
import { parquetToCsv } from '../warehouse/parquet-to-csv.js';
import { checkCsv, type CheckedCsv } from './check-csv.js';
import { plainCsv } from './csv-shape.js';
import { stageCsv, type StagedCsv } from './duckdb-stage.js';
import type { LoadOptions } from './local-loader.js';
import type { Loader } from './loader.js';
import { mapTransactionsCsv } from './map-transactions.js';
import { LoadError, type FileLoadReport } from './report.js';
import { runLoadChecks } from './load-checks.js';
import {
  asParquetRows,
  checkedReport,
  isParquet,
  LOADED_TABLES,
  loadHistoryInsert,
  mappingStatements,
  OLIST_SOURCE,
  readSourceFile,
  transactionFiles,
} from './sources.js';
import { olistPlan } from './stage-olist.js';
import { transactionsPlan } from './stage-transactions.js';
import { timeBounds, type TimeBounds } from './validate-field.js';

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

/** One file of a load, the two ways it can be read. */
interface FileWays {
  /** Staged and checked by DuckDB, or undefined when the JavaScript reader must read it. */
  readonly stage: () => Promise<StagedCsv | undefined>;
  /** Read whole and checked by the JavaScript reader. */
  readonly check: () => Promise<CheckedCsv>;
}

/**
 * The files of a load, each handed to `load` in turn; `run` runs SQL in the load's transaction,
 * `dir` is a scratch folder.
 */
type EachFile = (
  run: RunDuckDb,
  dir: string,
  load: (ways: FileWays) => Promise<void>,
) => Promise<void>;

/** The three Olist files of `dataDir`. */
const olistFiles =
  (dataDir: string, bounds: TimeBounds): EachFile =>
  async (run, _dir, load) => {
    for (const spec of SOURCE_TABLES) {
      const path = join(dataDir, spec.file);
      await load({
        stage: async () => {
          const plain = await plainCsv(path).catch(() => undefined);
          const plan = plain === undefined ? undefined : olistPlan(spec, plain.header, bounds);
          return plan === undefined || plain === undefined
            ? undefined
            : stageCsv(run, path, plain, plan);
        },
        check: async () => checkCsv(await readSourceFile(dataDir, path), spec, path, bounds),
      });
    }
  };

/**
 * A team's transactions `files`; a Parquet file is read through the CSV DuckDB writes of its
 * rows into the scratch folder, and its rows are numbered as rows.
 */
const transactionsFiles =
  (files: readonly string[], mapping: TransactionColumns, bounds: TimeBounds): EachFile =>
  async (run, dir, load) => {
    for (const file of files) {
      const parquet = isParquet(file);
      const csv = parquet ? join(dir, 'parquet-rows.csv') : file;
      if (parquet) await parquetToCsv(file, csv);
      await load({
        stage: async () => {
          const plain = await plainCsv(csv).catch(() => undefined);
          const plan =
            plain === undefined
              ? undefined
              : transactionsPlan(mapping, plain.header, `${file}:1`, basename(file), bounds);
          const staged =
            plan === undefined || plain === undefined
              ? undefined
              : await stageCsv(run, csv, plain, plan);
          return staged === undefined || !parquet ? staged : parquetStaged(staged, file);
        },
        check: async () => {
          const checked = mapTransactionsCsv(await readFile(csv), mapping, file, bounds);
          return parquet ? asParquetRows(checked) : checked;
        },
      });
      if (parquet) await rm(csv);
    }
  };

/** A Parquet file's staged scratch CSV, reported as the Parquet file, its rows numbered as rows. */
const parquetStaged = (staged: StagedCsv, parquet: string): StagedCsv => ({
  ...staged,
  file: parquet,
  rejected: staged.rejected.map((r) => ({ ...r, file: parquet, line: r.line - 1 })),
});

/**
 * Replaces the source tables with the files of `dataPath`, or leaves them as they were. Each file
 * is checked and loaded by DuckDB's reader and SQL (duckdb-stage.ts) when it can number the
 * file's lines, else by the JavaScript reader, as the other loaders do; either way every
 * rejected row is reported at its line with the same reason. The checks of all files run before
 * the transaction ends, so that a file over `maxErrors` is reported beside the others, and
 * nothing is loaded.
 */
async function loadDuckDb(
  wh: DuckDbWarehouse,
  scratchDir: string,
  dataPath: string,
  options: LoadOptions,
): Promise<FileLoadReport[]> {
  const source = options.source ?? OLIST_SOURCE;
  const now = (options.now ?? (() => new Date()))();
  const bounds = timeBounds(now);
  const origin = options.origin ?? { kind: 'files', detail: dataPath };
  // A missing path is reported before the load's transaction starts.
  const eachFile =
    source.format === 'olist'
      ? olistFiles(dataPath, bounds)
      : transactionsFiles(await transactionFiles(dataPath), source.columns, bounds);
  const reports: FileLoadReport[] = [];
  await withScratch(scratchDir, (dir) =>
    wh.withLoadSession(async (session) => {
      for (const table of LOADED_TABLES) await session.query(`delete from public.${table}`);
      let over = false;
      await eachFile(session.run, dir, async (ways) => {
        const staged = await ways.stage();
        if (staged !== undefined) {
          const report = stagedReport(staged);
          options.onFileRead?.(staged.file, 'duckdb');
          reports.push(report);
          over ||= report.rowsRejected > options.maxErrors;
          if (over) return staged.discard();
          const inserted = await staged.insert();
          if (inserted !== report.rowsLoaded) {
            throw new Error(
              `${staged.file}: inserted ${inserted} rows but ${report.rowsLoaded} were accepted; nothing was loaded`,
            );
          }
          return;
        }
        const checked = await ways.check();
        options.onFileRead?.(checked.file, 'javascript');
        reports.push(checkedReport(checked));
        over ||= checked.rejected.length > options.maxErrors;
        if (over) return;
        const file = join(dir, 'accepted.csv');
        await writeFile(file, checked.acceptedBytes);
        await copyChecked(session, checked, file);
        await rm(file);
      });
      if (over) throw new LoadError(reports, options.maxErrors);
      const statements = [...mappingStatements(source), loadHistoryInsert(origin, now)];
      await finishLoad(session, statements, dataPath, options);
    }),
  );
  return reports;
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

function stagedReport(s: StagedCsv): FileLoadReport {
  return {
    table: s.table,
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
