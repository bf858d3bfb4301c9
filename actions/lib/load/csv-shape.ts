/**
 * One streaming pass over a CSV file's bytes (never the whole file in memory) that tells whether
 * DuckDB's reader can take it with every row's line known: line n + 1 holds data row n. Anything
 * that could move a line or that the JavaScript reader reports more precisely (a byte order
 * mark, CR, NUL, bytes that are not UTF-8, blank lines, a header spanning lines, a space beside a
 * quote) sends the file to the JavaScript reader (read-csv-file.ts) instead.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { scanCsv } from '../csv/scan-csv.js';

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const QUOTE = 0x22;
/**
 * A blank line; a space beside a quote, which DuckDB's reader drops (`"a" ,b` reads as a) where
 * the JavaScript reader reports the row.
 */
const PAIRS = ['\n\n', '" ', ' "'].map((p) => Buffer.from(p));

/** A file DuckDB's reader may take: its header's names as written (trimmed). */
export interface PlainCsv {
  readonly header: readonly string[];
}

/** The header line's fields, or undefined when it is not one plain line of CSV. */
function headerFields(line: Buffer): string[] | undefined {
  if (!isUtf8(line)) return undefined;
  let fields: string[] | undefined;
  let failed = false;
  scanCsv(
    line.toString('utf8'),
    (record) => {
      fields ??= record.fields.map((f) => f.trim());
    },
    () => {
      failed = true;
    },
  );
  return failed ? undefined : fields;
}

/** `file`'s header when every line of it is a plain UTF-8 line ending in LF; else undefined. */
export async function plainCsv(file: string): Promise<PlainCsv | undefined> {
  let header: string[] | undefined;
  /** Bytes after the last LF seen, carried to the next chunk (a line is checked whole). */
  let carry = Buffer.alloc(0);
  let previous = -1;
  let plain = true;
  const stream = createReadStream(file, { highWaterMark: 1 << 22 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const boundary = Buffer.from([previous === -1 ? LF : previous, chunk[0] as number]);
    if (chunk.indexOf(CR) !== -1 || chunk.indexOf(NUL) !== -1) plain = false;
    else if (previous !== -1 && PAIRS.some((p) => boundary.equals(p))) plain = false;
    else if (PAIRS.some((p) => chunk.indexOf(p) !== -1)) plain = false;
    if (!plain) break;
    previous = chunk[chunk.length - 1] as number;
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf === -1) {
      carry = Buffer.concat([carry, chunk]);
      continue;
    }
    let lines = Buffer.concat([carry, chunk.subarray(0, lastLf + 1)]);
    carry = Buffer.from(chunk.subarray(lastLf + 1));
    if (header === undefined) {
      const end = lines.indexOf(LF);
      const first = lines.subarray(0, end);
      const quotes = first.filter((b) => b === QUOTE).length;
      if (end === 0 || quotes % 2 !== 0 || (first[0] === 0xef && first[1] === 0xbb)) {
        plain = false;
        break;
      }
      header = headerFields(first);
      if (header === undefined) {
        plain = false;
        break;
      }
      lines = lines.subarray(end + 1);
    }
    if (!isUtf8(lines)) {
      plain = false;
      break;
    }
  }
  stream.destroy();
  if (!plain || header === undefined || !isUtf8(carry)) return undefined;
  return { header };
}

/** The text of the given lines of `file` (1-based), without their line ends. */
export async function pickLines(
  file: string,
  wanted: ReadonlySet<number>,
): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (wanted.size === 0) return found;
  const last = Math.max(...wanted);
  let line = 1;
  let partial: Buffer[] = [];
  const stream = createReadStream(file, { highWaterMark: 1 << 22 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0;
    for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, from)) {
      if (wanted.has(line)) {
        found.set(line, Buffer.concat([...partial, chunk.subarray(from, lf)]).toString('utf8'));
      }
      partial = [];
      line++;
      from = lf + 1;
    }
    if (wanted.has(line)) partial.push(Buffer.from(chunk.subarray(from)));
    if (line > last) break;
  }
  stream.destroy();
  if (wanted.has(line) && !found.has(line))
    found.set(line, Buffer.concat(partial).toString('utf8'));
  return found;
}
