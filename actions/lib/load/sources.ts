import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { SourceConfig } from '../../../contracts/environment/schema.js';
import { sqlString } from '../sql/literal.js';
import { SOURCE_TABLES } from '../sources/olist-tables.js';
import {
  EXCLUDED_STATUSES_TABLE,
  OLIST_TO_TRANSACTIONS,
  TRANSACTIONS_TABLE,
} from '../sources/transactions.js';
import { parquetToCsv } from '../warehouse/parquet-to-csv.js';
import { checkCsv, type CheckedCsv } from './check-csv.js';
import { mapTransactionsCsv } from './map-transactions.js';
import { LoadError, type FileLoadReport } from './report.js';
import { timeBounds, type TimeBounds } from './validate-field.js';

/** The source when an environment names none: the three Olist files. */
export const OLIST_SOURCE: SourceConfig = {
  format: 'olist',
  data: 'sample',
  excludeStatuses: ['canceled', 'unavailable'],
  zeroAmounts: 'purchase',
};

/**
 * What one load does, whatever the backend: empty `tables`, COPY each of `files` (accepted rows
 * only) into its table, then run `statements` (Redshift's dialect), all in one transaction.
 */
export interface PreparedLoad {
  readonly tables: readonly string[];
  readonly files: readonly CheckedCsv[];
  /** The mapping onto the canonical transactions table, after the copies. */
  readonly statements: readonly string[];
  readonly reports: readonly FileLoadReport[];
}

/** Every table a load replaces, whatever the format, so no other format's rows stay behind. */
export const LOADED_TABLES = [
  ...SOURCE_TABLES.map((t) => t.table),
  TRANSACTIONS_TABLE,
  EXCLUDED_STATUSES_TABLE,
];

/**
 * Reads the three Olist files from `dataDir` and checks every row against its table. Both loaders
 * start here, so a row rejected locally is rejected on AWS too, for the same reason.
 */
export async function checkSources(dataDir: string, bounds: TimeBounds): Promise<CheckedCsv[]> {
  const checked: CheckedCsv[] = [];
  for (const spec of SOURCE_TABLES) {
    const path = join(dataDir, spec.file);
    checked.push(checkCsv(await readSourceFile(dataDir, path), spec, path, bounds));
  }
  return checked;
}

/** The bytes of the Olist file `path` in `dataDir`, or an error saying what a data folder holds. */
export function readSourceFile(dataDir: string, path: string): Promise<Buffer> {
  return readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') throw error;
    throw new Error(
      `${path} is missing; a data folder holds ${SOURCE_TABLES.map((t) => t.file).join(', ')} (generate them with: workshop sample-data --out ${dataDir}), or set source.format: transactions in the environment file for a file of transactions`,
    );
  });
}

const DATA_EXTENSIONS = ['.csv', '.parquet'];

/** The files of a transactions source: `path` itself, or every CSV and Parquet file in the folder. */
export async function transactionFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new Error(
      `${path} does not exist; --data takes a CSV or Parquet file of transactions, or a folder of them`,
    );
  });
  if (!info.isDirectory()) return [path];
  const files = (await readdir(path))
    .filter((f) => DATA_EXTENSIONS.includes(extname(f).toLowerCase()))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) {
    throw new Error(
      `${path} holds no .csv or .parquet file; --data takes a CSV or Parquet file of transactions, or a folder of them`,
    );
  }
  return files;
}

/** Whether a transactions file is read as Parquet (by its extension). */
export const isParquet = (file: string): boolean => extname(file).toLowerCase() === '.parquet';

/**
 * The check of a Parquet file's rows from the CSV DuckDB wrote of them (header on line 1): its
 * rejected rows are numbered by row (1 = the first row), as a Parquet file has no lines.
 */
export function asParquetRows(checked: CheckedCsv): CheckedCsv {
  return {
    ...checked,
    rejected: checked.rejected.map((r) => ({ ...r, line: r.line - 1 })),
    ...(checked.acceptedSourceLines === undefined
      ? {}
      : { acceptedSourceLines: checked.acceptedSourceLines.map((line) => line - 1) }),
  };
}

/**
 * A Parquet file goes through DuckDB's reader into a scratch CSV and then the same checks as a
 * CSV file, its rows numbered by row.
 */
async function checkParquet(
  file: string,
  columns: Extract<SourceConfig, { format: 'transactions' }>['columns'],
  bounds: TimeBounds,
): Promise<CheckedCsv> {
  const dir = await mkdtemp(join(tmpdir(), 'workshop-parquet-'));
  try {
    const csv = join(dir, 'rows.csv');
    await parquetToCsv(file, csv);
    return asParquetRows(mapTransactionsCsv(await readFile(csv), columns, file, bounds));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function checkTransactions(
  source: Extract<SourceConfig, { format: 'transactions' }>,
  path: string,
  bounds: TimeBounds,
): Promise<CheckedCsv[]> {
  const checked: CheckedCsv[] = [];
  for (const file of await transactionFiles(path)) {
    checked.push(
      isParquet(file)
        ? await checkParquet(file, source.columns, bounds)
        : mapTransactionsCsv(await readFile(file), source.columns, file, bounds),
    );
  }
  return checked;
}

/** The statement that records which statuses are not purchases; none when the list is empty. */
function excludedStatusesInsert(statuses: readonly string[]): string[] {
  const unique = [...new Set(statuses)];
  if (unique.length === 0) return [];
  const values = unique.map((s) => `(${sqlString(s, 'source.excludeStatuses')})`).join(', ');
  return [`insert into ${EXCLUDED_STATUSES_TABLE} (status) values ${values}`];
}

/** The statements that follow the copies: the source's rows onto transactions. */
export function mappingStatements(source: SourceConfig): string[] {
  return [
    ...(source.format === 'olist' ? [OLIST_TO_TRANSACTIONS] : []),
    ...excludedStatusesInsert(source.excludeStatuses),
    `update source_settings set zero_amount_purchases = ${source.zeroAmounts === 'purchase'}`,
  ];
}

/** What the local checks found in one file, before anything is loaded. */
export function checkedReport(c: CheckedCsv): FileLoadReport {
  return {
    table: c.spec.table,
    file: c.file,
    rowsIn: c.rowsIn,
    rowsLoaded: c.rowsAccepted,
    rowsRejected: c.rejected.length,
    rejected: c.rejected,
  };
}

/** Where a load's data came from, as `load_history` records it. */
export interface LoadOrigin {
  readonly kind: 'sample' | 'files';
  /** Which sample (kind, size, seed), or the path loaded. */
  readonly detail: string;
}

/**
 * The row a load adds to `load_history`, in its own transaction, after the mapping: the rows of
 * `transactions` it left (what the warehouse stored, after any rejects of its own); time in UTC.
 */
export function loadHistoryInsert(origin: LoadOrigin, now: Date): string {
  // A path may hold characters no SQL literal of both engines can carry (literal.ts).
  const detail = origin.detail.replace(/[\\\p{Cc}]/gu, '?').slice(0, 512);
  const at = now.toISOString().slice(0, 19).replace('T', ' ');
  return `insert into load_history (loaded_at, origin, detail, rows_loaded)
select cast('${at}' as timestamp), ${sqlString(origin.kind, 'origin')}, ${sqlString(detail, 'detail')}, count(*)
from ${TRANSACTIONS_TABLE}`;
}

/**
 * The checks every load starts with: each file of `dataPath` read as `options.source` says (the
 * Olist files by default) and checked, and a {@link LoadError} before anything is loaded when a
 * file has more rejected rows than `options.maxErrors`.
 */
export async function prepareLoad(
  dataPath: string,
  options: {
    readonly maxErrors: number;
    readonly source?: SourceConfig;
    readonly origin?: LoadOrigin;
    /** The load's time: events after it plus a day are rejected. The system clock by default. */
    readonly now?: () => Date;
  },
): Promise<PreparedLoad> {
  const { maxErrors } = options;
  const source = options.source ?? OLIST_SOURCE;
  const origin = options.origin ?? { kind: 'files', detail: dataPath };
  const now = (options.now ?? (() => new Date()))();
  const bounds = timeBounds(now);
  const files =
    source.format === 'olist'
      ? await checkSources(dataPath, bounds)
      : await checkTransactions(source, dataPath, bounds);
  const reports = files.map(checkedReport);
  if (files.some((c) => c.rejected.length > maxErrors)) throw new LoadError(reports, maxErrors);
  return {
    tables: LOADED_TABLES,
    files,
    statements: [...mappingStatements(source), loadHistoryInsert(origin, now)],
    reports,
  };
}
