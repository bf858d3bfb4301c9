import { isUtf8 } from 'node:buffer';

/** A file's bytes as text, and where the bytes were not UTF-8. */
export interface DecodedText {
  readonly text: string;
  /**
   * Offsets into `text`, [start, end), of each line (up to and including its LF) that held bytes
   * that are not UTF-8; in them, each bad sequence reads as U+FFFD. Empty for a valid file.
   */
  readonly invalid: readonly (readonly [number, number])[];
}

const LF = 0x0a;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Decodes UTF-8 (a leading byte order mark dropped) without ever failing, and says which lines
 * were not UTF-8, so that the rows on them can be rejected with their line instead of reaching
 * the warehouse as replacement characters. An LF byte is never part of a multi-byte sequence, so
 * a bad sequence is always within one line.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const body = BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(BOM.length) : bytes;
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  if (isUtf8(body)) return { text: decoder.decode(body), invalid: [] };

  const parts: string[] = [];
  const invalid: (readonly [number, number])[] = [];
  let offset = 0;
  for (let start = 0; start < body.length;) {
    const lf = body.indexOf(LF, start);
    const end = lf === -1 ? body.length : lf + 1;
    const line = body.subarray(start, end);
    const text = decoder.decode(line);
    if (!isUtf8(line)) invalid.push([offset, offset + text.length]);
    parts.push(text);
    offset += text.length;
    start = end;
  }
  return { text: parts.join(''), invalid };
}

/** Whether [start, end) of the decoded text touches a line that was not UTF-8. */
export function overlapsInvalid(decoded: DecodedText, start: number, end: number): boolean {
  const ranges = decoded.invalid;
  // The first range ending after `start` (ranges are in order and do not overlap).
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ranges[mid] as readonly [number, number])[1] <= start) lo = mid + 1;
    else hi = mid;
  }
  const range = ranges[lo];
  return range !== undefined && range[0] < end;
}
