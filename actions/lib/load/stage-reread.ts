/**
 * Lines of a staged file read again by the JavaScript reader (scan-csv.ts), one at a time, where
 * DuckDB's reader may read them otherwise: a row DuckDB's reader refused, a value holding a
 * quote, a line csv-shape.ts names. The stage goes on when the JavaScript reader reads each such
 * line alike, or rejects it for a reason of that line alone (a stray quote, bytes that are not
 * UTF-8, the wrong number of fields), with that reason; else the file is left to it.
 */
import { scanCsv, UNCLOSED_QUOTE } from '../csv/scan-csv.js';
import { pickLines } from './csv-shape.js';
import { NOT_UTF8 } from './read-csv-file.js';

/** A line as the JavaScript reader reads it: a record's fields, or why it reports the line. */
type LineRead = { readonly fields: readonly string[] } | { readonly error: string };

/**
 * `line` as the JavaScript reader reads it, or undefined when it would read on past it (a quote
 * left open may close on a later line).
 */
function readLine(line: string): LineRead | undefined {
  const records: string[][] = [];
  const errors: string[] = [];
  scanCsv(
    `${line}\n`,
    (record) => void records.push(record.fields),
    (error) => void errors.push(error.reason),
    { strict: true },
  );
  const [error] = errors;
  if (error !== undefined) {
    return errors.length === 1 && records.length === 0 && !error.startsWith(UNCLOSED_QUOTE)
      ? { error }
      : undefined;
  }
  return records.length === 1 ? { fields: records[0] as string[] } : undefined;
}

/** One line to read again: as DuckDB's reader read it (`fields`), or refused (no `fields`). */
export interface RereadLine {
  readonly line: number;
  readonly fields?: readonly (string | null)[];
}

/**
 * Why the JavaScript reader rejects each of `lines` of `file` (a file of `width` fields a row;
 * `notUtf8` its lines that are not UTF-8) that it rejects: the lines it reads as DuckDB's reader
 * did are left out. Undefined when it reads any line otherwise.
 */
export async function rereadLines(
  file: string,
  lines: readonly RereadLine[],
  width: number,
  notUtf8: ReadonlySet<number>,
): Promise<Map<number, string> | undefined> {
  const raw = await pickLines(file, new Set(lines.map((l) => l.line)));
  const reasons = new Map<number, string>();
  for (const { line, fields } of lines) {
    const read = readLine(raw.get(line) ?? '');
    if (read === undefined) return undefined;
    // The JavaScript reader's order: the record, its bytes, its width, its fields.
    if ('error' in read) reasons.set(line, read.error);
    else if (notUtf8.has(line)) reasons.set(line, NOT_UTF8);
    else if (read.fields.length !== width) {
      reasons.set(line, `has ${read.fields.length} fields, expected ${width}`);
    } else if (fields === undefined || fields.some((f, i) => (f ?? '') !== read.fields[i])) {
      return undefined;
    }
  }
  return reasons;
}
