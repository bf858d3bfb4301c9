/**
 * A CSV file a team gives to a load, read up to its rows: the checks every format shares. A
 * problem with the file as a whole (encoding, separator, header, no rows) refuses it before
 * anything is loaded; a row that no warehouse could read (a quote left open, a bare CR, bytes
 * that are not UTF-8, a NUL) is rejected with its line, so that it never reaches the engine to
 * fail there without one.
 */
import type { RejectedRow } from '../csv/rejected-row.js';
import { decodeUtf8, overlapsInvalid, type DecodedText } from '../csv/decode-utf8.js';
import { REREAD, scanCsv, type CsvRecord } from '../csv/scan-csv.js';

/** A problem with the file as a whole (header, encoding): nothing of it can be loaded. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

export interface CsvFileRows {
  readonly text: string;
  readonly header: CsvRecord;
  /** The header's names, trimmed. */
  readonly names: readonly string[];
  /** Data rows that read cleanly and passed the caller's checks, in order. */
  readonly records: readonly CsvRecord[];
  /** Data rows that could not be read or failed the caller's checks, in order of their line. */
  readonly rejected: readonly RejectedRow[];
  /** Whether `text` is exactly the header and `records`, all ending in LF: loadable as it is. */
  readonly clean: boolean;
}

/** Why a row cannot be loaded, and the column at fault when one is. */
export interface RowProblem {
  readonly reason: string;
  readonly column?: string;
}

/** The caller's checks of one data row: its problem, or null to accept it. */
export type RowJudge = (record: CsvRecord) => RowProblem | null;

/** The header as read: its names, trimmed, and `file:line` for messages about it. */
export interface CsvHeader {
  readonly names: readonly string[];
  readonly where: string;
}

const SEPARATORS: readonly [string, string][] = [
  ['\t', 'tab'],
  [';', 'semicolon'],
  ['|', 'pipe'],
];

/** Why a row holding bytes that are not UTF-8 is rejected. */
export const NOT_UTF8 =
  'is not valid UTF-8 (bytes of another encoding, such as Latin-1 or Windows-1252); save the file as UTF-8';
const HOLDS_NUL = 'holds a NUL byte (0x00), which no warehouse stores; remove it';

/**
 * Reads `bytes` (the file `file`) as comma-separated UTF-8 with a header and at least one row.
 * Once the header is read, `judgeFor` checks it (throwing CsvFileError to refuse the file) and
 * returns the checks of each data row. A rejected row that spans lines (a quoted field with a
 * line break) is reported at its first line, and the lines after that are read again as rows:
 * a quote left open must not swallow the rows that follow it.
 */
export function readCsvFile(
  bytes: Uint8Array,
  file: string,
  judgeFor: (header: CsvHeader) => RowJudge,
): CsvFileRows {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CsvFileError(
      `${file}: the file is UTF-16 (it starts with a UTF-16 byte order mark); nothing was loaded. Save it as UTF-8 CSV and load again`,
    );
  }
  const decoded = decodeUtf8(bytes);
  const { text } = decoded;
  const firstLine = (start: number, end: number): string => {
    const lf = text.indexOf('\n', start);
    return text.slice(start, lf === -1 || lf >= end ? end : lf).replace(/\r$/, '');
  };
  const spansLines = (record: CsvRecord): boolean => {
    const lf = text.indexOf('\n', record.start);
    return lf !== -1 && lf < record.end - 1;
  };

  let header: CsvRecord | undefined;
  let judge: RowJudge = () => null;
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
      if (header === undefined) {
        header = checkHeaderLine(record, decoded, text, file);
        judge = judgeFor({
          names: record.fields.map((h) => h.trim()),
          where: `${file}:${record.line}`,
        });
        return undefined;
      }
      const problem: RowProblem | null = overlapsInvalid(decoded, record.start, record.end)
        ? { reason: NOT_UTF8 }
        : hasNul && text.slice(record.start, record.end).includes('\u0000')
          ? { reason: HOLDS_NUL }
          : judge(record);
      if (problem === null) {
        records.push(record);
        return undefined;
      }
      clean = false;
      const spans = spansLines(record);
      rejected.push({
        file,
        line: record.line,
        reason: spans
          ? `${problem.reason} (a quoted field runs on from this line: the lines after it are read as rows of their own)`
          : problem.reason,
        raw: firstLine(record.start, record.end),
        ...(problem.column === undefined ? {} : { column: problem.column }),
      });
      return REREAD;
    },
    (error) => {
      clean = false;
      if (header === undefined) {
        throw new CsvFileError(
          separatorProblem(file, error.line, text.slice(error.start, error.end)) ??
            `${file}:${error.line}: the header cannot be read: ${error.reason}; nothing was loaded`,
        );
      }
      rejected.push({
        file,
        line: error.line,
        reason: error.reason,
        raw: firstLine(error.start, error.end),
      });
    },
    { strict: true },
  );
  clean &&= previousEnd === text.length && !text.includes('\r');

  if (header === undefined) {
    throw new CsvFileError(
      `${file}: the file is empty; nothing was loaded. Expected a header row, then the data rows`,
    );
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

/** The header record when it is UTF-8 text with commas; else the CsvFileError saying what it is. */
function checkHeaderLine(
  header: CsvRecord,
  decoded: DecodedText,
  text: string,
  file: string,
): CsvRecord {
  const headerText = text.slice(header.start, header.end);
  const nul = headerText.includes('\u0000');
  if (nul || overlapsInvalid(decoded, header.start, header.end)) {
    throw new CsvFileError(
      `${file}:${header.line}: the header is not UTF-8 text${nul ? ' (it holds NUL bytes, as UTF-16 does)' : ''}; nothing was loaded. Save the file as UTF-8 CSV and load again`,
    );
  }
  if (header.fields.length === 1) {
    const problem = separatorProblem(file, header.line, headerText);
    if (problem !== undefined) throw new CsvFileError(problem);
  }
  return header;
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
