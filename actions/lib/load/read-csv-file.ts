/**
 * A CSV file a team gives to a load, read up to its rows: the checks every format shares. A
 * problem with the file as a whole (encoding, separator, header, no rows) refuses it before
 * anything is loaded; a row that no warehouse could read (a quote left open, a bare CR, bytes
 * that are not UTF-8, a NUL) is rejected with its line, so that it never reaches the engine to
 * fail there without one.
 */
import type { RejectedRow } from '../csv/rejected-row.js';
import { decodeUtf8, overlapsInvalid } from '../csv/decode-utf8.js';
import { scanCsv, type CsvRecord } from '../csv/scan-csv.js';

/** A problem with the file as a whole (header, encoding): nothing of it can be loaded. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

export interface CsvFileRows {
  readonly text: string;
  readonly header: CsvRecord;
  /** The header's names, trimmed. */
  readonly names: readonly string[];
  /** Data rows that read cleanly, in order. */
  readonly records: readonly CsvRecord[];
  /** Data rows that could not be read, in order of their line. */
  readonly rejected: readonly RejectedRow[];
  /** Whether `text` is exactly the header and `records`, all ending in LF: loadable as it is. */
  readonly clean: boolean;
}

const SEPARATORS: readonly [string, string][] = [
  ['\t', 'tab'],
  [';', 'semicolon'],
  ['|', 'pipe'],
];

const NOT_UTF8 =
  'is not valid UTF-8 (bytes of another encoding, such as Latin-1 or Windows-1252); save the file as UTF-8';
const HOLDS_NUL = 'holds a NUL byte (0x00), which no warehouse stores; remove it';

/** Reads `bytes` (the file `file`) as comma-separated UTF-8 with a header and at least one row. */
export function readCsvFile(bytes: Uint8Array, file: string): CsvFileRows {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CsvFileError(
      `${file}: the file is UTF-16 (it starts with a UTF-16 byte order mark); nothing was loaded. Save it as UTF-8 CSV and load again`,
    );
  }
  const decoded = decodeUtf8(bytes);
  const { text } = decoded;
  const raw = (start: number, end: number): string => text.slice(start, end).replace(/\r?\n$/, '');

  let header: CsvRecord | undefined;
  let headerError: { line: number; reason: string; start: number; end: number } | undefined;
  const records: CsvRecord[] = [];
  const rejected: RejectedRow[] = [];
  let clean = true;
  let previousEnd = 0;
  const hasNul = text.includes('\u0000');
  scanCsv(
    text,
    (record) => {
      clean &&= record.start === previousEnd && text.charCodeAt(record.end - 1) === 10;
      previousEnd = record.end;
      if (header === undefined && headerError === undefined) {
        header = record;
        return;
      }
      const reason = overlapsInvalid(decoded, record.start, record.end)
        ? NOT_UTF8
        : hasNul && text.slice(record.start, record.end).includes('\u0000')
          ? HOLDS_NUL
          : undefined;
      if (reason === undefined) records.push(record);
      else rejected.push({ file, line: record.line, reason, raw: raw(record.start, record.end) });
    },
    (error) => {
      clean = false;
      if (header === undefined && headerError === undefined) {
        headerError = error;
        return;
      }
      rejected.push({
        file,
        line: error.line,
        reason: error.reason,
        raw: raw(error.start, error.end),
      });
    },
    { strict: true },
  );
  clean &&= previousEnd === text.length && !text.includes('\r');

  if (headerError !== undefined) {
    const line = text.slice(headerError.start, headerError.end);
    throw new CsvFileError(
      separatorProblem(file, headerError.line, line) ??
        `${file}:${headerError.line}: the header cannot be read: ${headerError.reason}; nothing was loaded`,
    );
  }
  if (header === undefined) {
    throw new CsvFileError(
      `${file}: the file is empty; nothing was loaded. Expected a header row, then the data rows`,
    );
  }
  const headerText = text.slice(header.start, header.end);
  if (overlapsInvalid(decoded, header.start, header.end) || headerText.includes('\u0000')) {
    throw new CsvFileError(
      `${file}:${header.line}: the header is not UTF-8 text${headerText.includes('\u0000') ? ' (it holds NUL bytes, as UTF-16 does)' : ''}; nothing was loaded. Save the file as UTF-8 CSV and load again`,
    );
  }
  if (header.fields.length === 1) {
    const problem = separatorProblem(file, header.line, headerText);
    if (problem !== undefined) throw new CsvFileError(problem);
  }
  if (records.length + rejected.length === 0) {
    throw new CsvFileError(
      `${file}: no data rows; nothing was loaded, and the tables keep what they hold. The file has a header only: add its rows, or load without it`,
    );
  }
  rejected.sort((a, b) => a.line - b.line);
  return {
    text,
    header,
    names: header.fields.map((h) => h.trim()),
    records,
    rejected,
    clean,
  };
}

/** Why a header line with no comma is not CSV: it uses another separator. */
function separatorProblem(file: string, line: number, text: string): string | undefined {
  const unquoted = text.replace(/"[^"]*"/g, '');
  if (unquoted.includes(',')) return undefined;
  for (const [char, name] of SEPARATORS) {
    const count = unquoted.split(char).length - 1;
    if (count > 0) {
      return `${file}:${line}: the header has no comma but ${count} ${name} character${count === 1 ? '' : 's'}: the file looks ${name}-separated; nothing was loaded. The file must be comma-separated CSV: save or export it as CSV (comma-delimited)`;
    }
  }
  return undefined;
}
