/**
 * One streaming pass over a CSV file's bytes (never the whole file in memory) that tells whether
 * DuckDB's reader can take it with every row's line known: line n + 1 holds data row n. Anything
 * that could move a line or that the JavaScript reader reports more precisely (a byte order
 * mark, CR, NUL, blank lines, a header spanning lines or not UTF-8) sends the file to the
 * JavaScript reader (read-csv-file.ts) instead. A line that DuckDB's reader may read otherwise
 * (a space beside a quote, a comma at its end, bytes that are not UTF-8) is named, for the stage
 * to compare with the JavaScript reader's reading of it (stage-reread.ts).
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { scanCsv } from '../csv/scan-csv.js';
import { commaEnded, lineFeeds, linesWith, notUtf8 } from './csv-lines.js';

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const QUOTE = 0x22;
const BLANK_LINE = Buffer.from('\n\n');
/**
 * A space beside a quote, which DuckDB's reader drops (`"a" ,b` reads as a) where the JavaScript
 * reader reports the row (inside a quoted field, `"say ""hi"""`, both read it alike).
 */
const SPACED_QUOTES = ['" ', ' "'].map((p) => Buffer.from(p));
/** More lines to compare than this, and the JavaScript reader reads the file. */
const MAX_COMPARE_LINES = 10_000;

/** A file DuckDB's reader may take: its header's names as written (trimmed). */
export interface PlainCsv {
  readonly header: readonly string[];
  /** Data lines DuckDB's reader may read otherwise than the JavaScript one, in order. */
  readonly compareLines: readonly number[];
  /** The data lines (among `compareLines`) holding bytes that are not UTF-8. */
  readonly notUtf8Lines: ReadonlySet<number>;
  /** Lines after the header (a last line without LF counts). */
  readonly dataLines: number;
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
  /** The line the next chunk starts on. */
  let line = 1;
  const compare: number[] = [];
  const invalid: number[] = [];
  const stream = createReadStream(file, { highWaterMark: 1 << 22 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const boundary = Buffer.from([previous === -1 ? LF : previous, chunk[0] as number]);
    if (chunk.indexOf(CR) !== -1 || chunk.indexOf(NUL) !== -1) plain = false;
    else if (boundary.equals(BLANK_LINE) || chunk.indexOf(BLANK_LINE) !== -1) plain = false;
    else compare.push(...linesWith(chunk, line, previous, SPACED_QUOTES));
    if (compare.length + invalid.length > MAX_COMPARE_LINES) plain = false;
    if (!plain) break;
    /** The line `carry` is part of (the chunk's first, when `carry` is empty). */
    let firstLine = line;
    line += lineFeeds(chunk);
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
      firstLine++;
    }
    if (!isUtf8(lines)) invalid.push(...notUtf8(lines, firstLine));
    compare.push(...commaEnded(lines, firstLine, header.length));
  }
  stream.destroy();
  // A header with a space beside a quote is left to the JavaScript reader, which reports it.
  if (!plain || header === undefined || compare[0] === 1) return undefined;
  // `line` is the line after the last LF: a line only when bytes follow that LF.
  const lines = carry.length > 0 ? line : line - 1;
  compare.push(...commaEnded(carry, line, header.length));
  if (!isUtf8(carry)) invalid.push(line);
  if (compare.length + invalid.length > MAX_COMPARE_LINES) return undefined;
  return {
    header,
    compareLines: [...new Set([...compare, ...invalid])].sort((a, b) => a - b),
    notUtf8Lines: new Set(invalid),
    dataLines: lines - 1,
  };
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
