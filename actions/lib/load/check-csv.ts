import { parse } from 'csv-parse/sync';
import type { TableSpec } from './tables.js';
import { fieldProblem } from './validate-field.js';

/** A row that will not be loaded, and why; `line` is where the row starts in the file. */
export interface RejectedRow {
  readonly file: string;
  readonly line: number;
  readonly column?: string;
  readonly reason: string;
  readonly raw: string;
}

/** A CSV file checked against its table: what will load, and every row that will not. */
export interface CheckedCsv {
  readonly spec: TableSpec;
  readonly file: string;
  /** Columns in the file's order, for the COPY column list. */
  readonly columns: readonly string[];
  /** Data rows in the file (blank lines excluded). */
  readonly rowsIn: number;
  readonly rowsAccepted: number;
  readonly rejected: readonly RejectedRow[];
  /** The header plus the accepted rows: the file itself when nothing was rejected. */
  readonly acceptedBytes: Uint8Array;
}

interface CsvRecord {
  record: string[];
  raw: string;
  info: { lines: number; error?: { message: string } };
}

/** A problem with the file as a whole (header, encoding): nothing of it can be loaded. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

/**
 * Parses `bytes` as CSV and checks every row against `spec`: field count, types, lengths, required
 * values and duplicate keys, so that the COPY that follows cannot fail on data.
 */
export function checkCsv(bytes: Uint8Array, spec: TableSpec, file: string): CheckedCsv {
  const rejected: RejectedRow[] = [];
  const records = parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    raw: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (
      error: { message: string; lines?: number; raw?: string } | undefined,
      raw?: string,
    ) => {
      rejected.push({
        file,
        line: error?.lines ?? 0,
        reason: (error?.message ?? 'unreadable row').replace(/ at line \d+$/, ''),
        raw: raw ?? error?.raw ?? '',
      });
    },
  }) as unknown as CsvRecord[];

  const header = records[0];
  if (header === undefined)
    throw new CsvFileError(`${file}: the file is empty; expected a header row`);
  const columns = checkHeader(header.record, spec, file);
  const byName = new Map(spec.columns.map((c) => [c.name, c]));
  const fileColumns = columns.map((name) => byName.get(name)!);
  const keyIndexes = spec.key.map((k) => columns.indexOf(k));
  const seenKeys = new Map<string, number>();
  const acceptedRaw: string[] = [header.raw];

  for (let r = 1; r < records.length; r++) {
    const { record, raw, info } = records[r] as CsvRecord;
    const line = info.lines - countNewlines(raw) + (raw.endsWith('\n') ? 1 : 0);
    const reject = (reason: string, column?: string): void => {
      rejected.push({
        file,
        line,
        reason,
        raw: raw.replace(/\r?\n$/, ''),
        ...(column ? { column } : {}),
      });
    };
    if (record.length !== columns.length) {
      reject(`has ${record.length} fields, expected ${columns.length}`);
      continue;
    }
    const problem = firstFieldProblem(record, fileColumns);
    if (problem !== null) {
      reject(`${problem.column} ${problem.reason}`, problem.column);
      continue;
    }
    const key = keyIndexes.map((i) => record[i]).join('\u0000');
    const firstLine = seenKeys.get(key);
    if (firstLine !== undefined) {
      reject(`duplicate ${spec.key.join(', ')} (first seen on line ${firstLine})`, spec.key[0]);
      continue;
    }
    seenKeys.set(key, line);
    acceptedRaw.push(raw.endsWith('\n') ? raw : `${raw}\n`);
  }

  rejected.sort((a, b) => a.line - b.line);
  const rowsAccepted = acceptedRaw.length - 1;
  return {
    spec,
    file,
    columns,
    rowsIn: rowsAccepted + rejected.length,
    rowsAccepted,
    rejected,
    acceptedBytes: rejected.length === 0 ? bytes : new TextEncoder().encode(acceptedRaw.join('')),
  };
}

function checkHeader(header: readonly string[], spec: TableSpec, file: string): string[] {
  const expected = spec.columns.map((c) => c.name);
  const names = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const missing = expected.filter((e) => !names.includes(e));
  const unknown = names.filter((n) => !expected.includes(n));
  if (missing.length > 0 || unknown.length > 0 || names.length !== expected.length) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unexpected ${unknown.join(', ')}` : '',
    ].filter((p) => p !== '');
    throw new CsvFileError(
      `${file}:1: header does not match table ${spec.table} (${parts.join('; ') || 'repeated column'}); expected the columns ${expected.join(', ')}`,
    );
  }
  return names;
}

function firstFieldProblem(
  record: readonly string[],
  columns: readonly { name: string; type: string; required: boolean }[],
): { column: string; reason: string } | null {
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as Parameters<typeof fieldProblem>[0];
    const reason = fieldProblem(column, record[i] as string);
    if (reason !== null) return { column: column.name, reason };
  }
  return null;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
