import type { RejectedRow } from '../csv/rejected-row.js';
import type { CsvRecord } from '../csv/scan-csv.js';
import type { ColumnSpec, TableSpec } from '../sources/olist-tables.js';
import { CsvFileError, readCsvFile } from './read-csv-file.js';
import { fieldProblem, type TimeBounds } from './validate-field.js';

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
  /**
   * When rows were rejected, `acceptedBytes` is a filtered copy; entry i is the line of the
   * original file that its line i + 1 came from. Absent when `acceptedBytes` is the file itself.
   */
  readonly acceptedSourceLines?: readonly number[];
}

/** The line of the checked file that line `line` of `acceptedBytes` came from. */
export function sourceLine(checked: CheckedCsv, line: number): number {
  return checked.acceptedSourceLines?.[line - 1] ?? line;
}

export { CsvFileError };

/**
 * Checks `bytes` as CSV against `spec`: the file as a whole (readCsvFile.ts), then every row's
 * field count, types, lengths, required values and duplicate keys, so that the COPY that follows
 * cannot fail on data.
 */
export function checkCsv(
  bytes: Uint8Array,
  spec: TableSpec,
  file: string,
  bounds: TimeBounds,
): CheckedCsv {
  const seenKeys = new Map<string, number>();
  let columns: string[] = [];
  const read = readCsvFile(bytes, file, (header) => {
    columns = checkHeader(header.names, spec, header.where);
    const byName = new Map(spec.columns.map((c) => [c.name, c]));
    const fileColumns = columns.map((name) => byName.get(name) as ColumnSpec);
    const keyIndexes = spec.key.map((k) => columns.indexOf(k));
    return ({ fields, line }) => {
      if (fields.length !== columns.length) {
        return { reason: `has ${fields.length} fields, expected ${columns.length}` };
      }
      const problem = firstFieldProblem(fields, fileColumns, bounds);
      if (problem !== null) {
        return { reason: `${problem.column} ${problem.reason}`, column: problem.column };
      }
      const key =
        keyIndexes.length === 1
          ? (fields[keyIndexes[0] as number] as string)
          : keyIndexes.map((i) => fields[i]).join('\u0000');
      const firstLine = seenKeys.get(key);
      if (firstLine !== undefined) {
        return {
          reason: `duplicate ${spec.key.join(', ')} (first seen on line ${firstLine})`,
          column: spec.key[0] as string,
        };
      }
      seenKeys.set(key, line);
      return null;
    };
  });
  const { text, header, records: accepted, rejected } = read;
  return {
    spec,
    file,
    columns,
    rowsIn: accepted.length + rejected.length,
    rowsAccepted: accepted.length,
    rejected,
    ...(rejected.length === 0 && read.clean
      ? { acceptedBytes: bytes }
      : {
          acceptedBytes: encodeRecords(text, header, accepted),
          acceptedSourceLines: sourceLines(text, [header, ...accepted]),
        }),
  };
}

/** For each line `encodeRecords` writes, the line of `text` it comes from. */
function sourceLines(text: string, records: readonly CsvRecord[]): number[] {
  const lines: number[] = [];
  for (const r of records) {
    // A record's line breaks: the ones inside quoted fields plus its own (added when missing).
    let breaks = 0;
    let i = text.indexOf('\n', r.start);
    while (i !== -1 && i < r.end - 1) {
      breaks++;
      i = text.indexOf('\n', i + 1);
    }
    for (let k = 0; k <= breaks; k++) lines.push(r.line + k);
  }
  return lines;
}

/**
 * The header and accepted records as the bytes COPY reads, each ending in one LF: PostgreSQL's
 * COPY refuses a file whose line ends change from one line to the next.
 */
function encodeRecords(text: string, header: CsvRecord, records: readonly CsvRecord[]): Uint8Array {
  const parts = [header, ...records].map((r) => `${trimEol(text.slice(r.start, r.end))}\n`);
  return new TextEncoder().encode(parts.join(''));
}

const trimEol = (s: string): string => s.replace(/\r?\n$/, '');

/** The header's columns, each of the table's exactly once; `where` is `file:line`. */
function checkHeader(names: readonly string[], spec: TableSpec, where: string): string[] {
  const expected = spec.columns.map((c) => c.name);
  const missing = expected.filter((e) => !names.includes(e));
  const unknown = names.filter((n) => !expected.includes(n));
  const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unexpected ${unknown.join(', ')}` : '',
      repeated.length > 0 ? `repeated ${repeated.join(', ')}` : '',
    ].filter((p) => p !== '');
    throw new CsvFileError(
      `${where}: header does not match table ${spec.table} (${parts.join('; ')}); nothing was loaded. Expected the columns ${expected.join(', ')}`,
    );
  }
  return [...names];
}

function firstFieldProblem(
  record: readonly string[],
  columns: readonly ColumnSpec[],
  bounds: TimeBounds,
): { column: string; reason: string } | null {
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as ColumnSpec;
    const reason = fieldProblem(column, record[i] as string, bounds);
    if (reason !== null) return { column: column.name, reason };
  }
  return null;
}
