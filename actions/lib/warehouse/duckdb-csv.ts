import { open } from 'node:fs/promises';
import type { DuckDBResultReader } from '@duckdb/node-api';
import type { RejectedRow } from '../csv/rejected-row.js';
import { scanCsv } from '../csv/scan-csv.js';
import { toRows } from './duckdb-values.js';

/** One CSV file (header row first) to copy into `table`; `columns` name the file's columns in order. */
export interface CsvFileLoad {
  readonly table: string;
  readonly columns: readonly string[];
  readonly file: string;
}

export interface CsvLoadOptions {
  /** Rows the reader may reject before the whole load fails, as Redshift's MAXERROR; default 0. */
  readonly maxErrors?: number;
}

/** What one file's copy stored, and the rows DuckDB's reader rejected (at most `maxErrors`). */
export interface CsvLoadResult {
  readonly rowsLoaded: number;
  readonly rejected: readonly RejectedRow[];
}

/** More rows of a file were rejected than allowed; the load's transaction rolls back. */
export class CsvLoadError extends Error {
  override readonly name = 'CsvLoadError';

  constructor(
    readonly file: string,
    readonly rejected: readonly RejectedRow[],
    readonly maxErrors: number,
  ) {
    const shown = rejected.slice(0, SHOWN_REJECTS).map((r) => `\n  ${describeReject(r)}`);
    const more =
      rejected.length > SHOWN_REJECTS ? `\n  … and ${rejected.length - SHOWN_REJECTS} more` : '';
    super(
      `${file}: ${rejected.length} row(s) cannot be loaded, more than the ${maxErrors} allowed; ` +
        `nothing was loaded. Fix the rows or raise the error limit:${shown.join('')}${more}`,
    );
  }
}

const SHOWN_REJECTS = 10;
const REJECTS_TABLE = 'csv_load_rejects';
const REJECTS_SCAN = 'csv_load_scans';
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/i;
const HEADER_BYTES = 65_536;

/** Runs DuckDB SQL (not Redshift's) on the load's connection, inside its transaction. */
export type RunDuckDb = (sql: string) => Promise<DuckDBResultReader>;

/**
 * Copies `load.file` into `load.table` with DuckDB's own CSV reader, which streams the file from
 * disk (it never passes through JavaScript). The CSV dialect is fixed rather than sniffed: comma,
 * double quotes doubled to escape, a header row, an unquoted empty field is NULL and `""` an empty
 * string (PostgreSQL's COPY … CSV). Rows the reader cannot store (field count, types, quotes) are
 * returned with their line; more than `maxErrors` of them throws CsvLoadError. Run it inside a
 * transaction: a throw leaves the caller to roll back.
 */
export async function copyCsvFile(
  run: RunDuckDb,
  load: CsvFileLoad,
  options: CsvLoadOptions = {},
): Promise<CsvLoadResult> {
  assertIdentifiers(load);
  await checkHeader(load);
  const maxErrors = options.maxErrors ?? 0;
  let rowsLoaded: number;
  try {
    rowsLoaded = (await run(copyStatement(load))).rowsChanged;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${load.file}: ${reason}; nothing was loaded`, { cause: error });
  }
  const rejected = await readRejects(run, load.file);
  if (rejected.length > maxErrors) throw new CsvLoadError(load.file, rejected, maxErrors);
  return { rowsLoaded, rejected };
}

function copyStatement(load: CsvFileLoad): string {
  const options = [
    'format csv',
    'header true',
    'auto_detect false',
    "delim ','",
    `quote '"'`,
    `escape '"'`,
    'allow_quoted_nulls false',
    'store_rejects true',
    `rejects_table '${REJECTS_TABLE}'`,
    `rejects_scan '${REJECTS_SCAN}'`,
  ];
  return `copy ${load.table} (${load.columns.join(', ')}) from ${literal(load.file)} (${options.join(', ')})`;
}

interface RejectRow extends Record<string, unknown> {
  line: number;
  column_name: string | null;
  error_message: string;
  csv_line: string | null;
}

/** One entry per rejected row (the reader reports every bad field); the tables are dropped. */
async function readRejects(run: RunDuckDb, file: string): Promise<RejectedRow[]> {
  const rows = toRows<RejectRow>(
    await run(
      `select line, column_name, error_message, csv_line from ${REJECTS_TABLE} order by line, column_idx`,
    ),
  );
  await run(`drop table ${REJECTS_TABLE}`);
  await run(`drop table ${REJECTS_SCAN}`);
  const byLine = new Map<number, RejectedRow>();
  for (const r of rows) {
    if (byLine.has(r.line)) continue;
    const raw = (r.csv_line ?? '').replace(/\r?\n$/, '');
    const column = r.column_name ?? undefined;
    byLine.set(r.line, {
      file,
      line: r.line,
      reason: r.error_message,
      raw,
      ...(column === undefined ? {} : { column }),
    });
  }
  return [...byLine.values()];
}

function describeReject(r: RejectedRow): string {
  const column = r.column === undefined ? '' : ` (column ${r.column})`;
  return `${r.file}:${r.line}${column}: ${r.reason}`;
}

function assertIdentifiers(load: CsvFileLoad): void {
  const names = [...load.table.split('.'), ...load.columns];
  const bad = names.find((n) => !IDENTIFIER.test(n));
  if (bad !== undefined || load.columns.length === 0) {
    throw new Error(
      `cannot load ${load.file} into ${load.table} (${load.columns.join(', ')}): ` +
        `"${bad ?? ''}" is not a plain table or column name; use names of letters, digits and _`,
    );
  }
}

/** DuckDB's reader maps columns by position, so the file's header must name them in order. */
async function checkHeader(load: CsvFileLoad): Promise<void> {
  const header = await readHeader(load.file);
  const expected = load.columns.join(',');
  if (header.join(',') !== expected) {
    throw new Error(
      `${load.file}:1: the header is "${header.join(',')}", expected "${expected}"; ` +
        'list the columns in the order of the file',
    );
  }
}

async function readHeader(file: string): Promise<string[]> {
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(
        Buffer.alloc(HEADER_BYTES),
        0,
        HEADER_BYTES,
        0,
      );
      text = buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    } finally {
      await handle.close();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${file}: cannot read the file (${reason})`, { cause: error });
  }
  const end = text.search(/\r?\n/);
  let fields: string[] = [];
  scanCsv(
    end < 0 ? text : text.slice(0, end),
    (record) => {
      if (record.line === 1) fields = record.fields;
    },
    (error) => {
      throw new Error(`${file}:1: the header is not valid CSV (${error.reason})`);
    },
  );
  return fields;
}

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
