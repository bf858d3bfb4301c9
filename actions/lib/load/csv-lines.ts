/**
 * Byte-level finds of csv-shape.ts in a file's lines, without decoding them: the lines DuckDB's
 * reader may read otherwise than the JavaScript reader (stage-reread.ts reads them again).
 */
import { isUtf8 } from 'node:buffer';

const LF = 0x0a;
const COMMA = 0x2c;
const QUOTE = 0x22;
const COMMA_END = Buffer.from(',\n');

/** The 1-based lines of `chunk` (its first is `firstLine`) holding one of `pairs`, or one spanning from `previous`. */
export function linesWith(
  chunk: Buffer,
  firstLine: number,
  previous: number,
  pairs: readonly Buffer[],
): number[] {
  const offsets: number[] = [];
  if (previous !== -1) {
    const boundary = Buffer.from([previous, chunk[0] as number]);
    if (pairs.some((p) => boundary.equals(p))) offsets.push(0);
  }
  for (const pair of pairs) {
    for (let i = chunk.indexOf(pair); i !== -1; i = chunk.indexOf(pair, i + 1)) offsets.push(i);
  }
  offsets.sort((a, b) => a - b);
  const lines: number[] = [];
  let line = firstLine;
  let from = 0;
  for (const offset of offsets) {
    for (let lf = chunk.indexOf(LF, from); lf !== -1 && lf < offset; lf = chunk.indexOf(LF, from)) {
      line++;
      from = lf + 1;
    }
    if (lines[lines.length - 1] !== line) lines.push(line);
  }
  return lines;
}

/** The lines of `lines` (whole lines, the first numbered `firstLine`) that are not UTF-8. */
export function notUtf8(lines: Buffer, firstLine: number): number[] {
  const found: number[] = [];
  let line = firstLine;
  for (let from = 0; from < lines.length; line++) {
    const lf = lines.indexOf(LF, from);
    const end = lf === -1 ? lines.length : lf;
    if (!isUtf8(lines.subarray(from, end))) found.push(line);
    from = end + 1;
  }
  return found;
}

/** LFs in `chunk`. */
export function lineFeeds(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) n++;
  return n;
}

/**
 * The lines of `lines` (whole lines, the first numbered `firstLine`; the last may lack its LF)
 * that end in a comma and are not `width` fields: DuckDB's reader drops a last empty field from
 * a row one field too wide. A line with a quote is named whatever its commas (they may be quoted).
 */
export function commaEnded(lines: Buffer, firstLine: number, width: number): number[] {
  const found: number[] = [];
  const ends: number[] = [];
  for (let i = lines.indexOf(COMMA_END); i !== -1; i = lines.indexOf(COMMA_END, i + 1))
    ends.push(i);
  if (lines.length > 0 && lines[lines.length - 1] === COMMA) ends.push(lines.length - 1);
  let line = firstLine;
  let counted = 0;
  for (const end of ends) {
    const start = lines.lastIndexOf(LF, end) + 1;
    for (
      let lf = lines.indexOf(LF, counted);
      lf !== -1 && lf < start;
      lf = lines.indexOf(LF, lf + 1)
    ) {
      line++;
      counted = lf + 1;
    }
    const text = lines.subarray(start, end + 1);
    let fields = 1;
    for (let c = text.indexOf(COMMA); c !== -1; c = text.indexOf(COMMA, c + 1)) fields++;
    if (text.indexOf(QUOTE) !== -1 || fields !== width) found.push(line);
  }
  return found;
}
