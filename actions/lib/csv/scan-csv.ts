/** One CSV record: its fields, where its text starts and ends, and the line it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  /** Offsets into the text: [start, end) covers the record and its line break. */
  readonly start: number;
  readonly end: number;
  /** 1-based line where the record starts. */
  readonly line: number;
}

/** A record that could not be read: an unterminated quote or a stray character after one. */
export interface CsvScanError {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly reason: string;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export interface ScanOptions {
  /**
   * For files people write: a record must end in LF or CRLF (one ending in a bare CR is
   * reported), and a record whose quoted field runs over lines but whose field count differs
   * from the first record's is reported like any quote that does not end a record.
   */
  readonly strict?: boolean;
}

/** Returned by `onRecord`: read the lines after the record's first line again, as records. */
export const REREAD: unique symbol = Symbol('reread');

/** What a quote that runs past its line and does not end a record is reported as. */
export const UNCLOSED_QUOTE =
  'a quote opened on this line is not closed on it; close it, or write a quote inside a quoted field as ""';

/**
 * Splits RFC 4180 CSV text into records: comma-separated, fields optionally in double quotes with
 * `""` for a quote, quoted fields may span lines, LF or CRLF line ends, blank lines skipped.
 * A malformed record is reported and skipped; scanning goes on at the next line. When the record
 * spans lines because of a quoted field (a quote left open swallows the rows after it), it is
 * reported at its first line and scanning goes on at the line after that, so that no row of
 * the file goes uncounted. `onRecord` may ask for the same of a record that spans lines and that
 * it rejects, by returning {@link REREAD}: a quote that pairs with one on a later line can make a
 * record of the right width whose fields are nonsense.
 */
export function scanCsv(
  text: string,
  onRecord: (record: CsvRecord) => unknown,
  onError: (error: CsvScanError) => void,
  options: ScanOptions = {},
): void {
  const strict = options.strict === true;
  const n = text.length;
  let pos = 0;
  let line = 1;
  let width: number | undefined;
  while (pos < n) {
    const start = pos;
    const startLine = line;
    const c0 = text.charCodeAt(pos);
    if (c0 === LF || (c0 === CR && text.charCodeAt(pos + 1) === LF)) {
      pos += c0 === LF ? 1 : 2;
      line++;
      continue;
    }
    const fields: string[] = [];
    let error: string | null = null;
    /** A quoted field held a line break: the record spans lines. */
    let spans = false;
    let bareCr = false;
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        let value = '';
        let from = pos + 1;
        let i = from;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            error = 'a quoted field is never closed';
            spans ||= text.indexOf('\n', i) !== -1;
            pos = n;
            break;
          }
          for (let k = text.indexOf('\n', i); k !== -1 && k < q; k = text.indexOf('\n', k + 1)) {
            line++;
            spans = true;
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1);
            from = i = q + 2;
            continue;
          }
          value += text.slice(from, q);
          pos = q + 1;
          break;
        }
        if (error !== null) break;
        fields.push(value);
        const next = text.charCodeAt(pos);
        if (next !== COMMA && next !== LF && next !== CR && pos < n) {
          error = 'unexpected character after a closing quote';
          break;
        }
      } else {
        let i = pos;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) {
            error = 'a quote inside an unquoted field';
            break;
          }
          i++;
        }
        if (error !== null) break;
        fields.push(text.slice(pos, i));
        pos = i;
      }
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (c === CR && text.charCodeAt(pos + 1) === LF) pos += 2;
      else if (c === LF || c === CR) {
        bareCr = c === CR;
        pos++;
      }
      if (pos <= n && (c === LF || c === CR)) line++;
      break;
    }
    if (error === null && spans && strict && width !== undefined && fields.length !== width) {
      error = `${UNCLOSED_QUOTE} (read as running over lines ${startLine}-${line - 1}, the record has ${fields.length} fields, expected ${width})`;
    }
    if (error !== null && spans) {
      // Back to the line after the quote's: the rows the open quote swallowed are read again.
      const eol = text.indexOf('\n', start);
      const end = eol + 1;
      onError({
        line: startLine,
        start,
        end,
        reason: error.startsWith(UNCLOSED_QUOTE) ? error : UNCLOSED_QUOTE,
      });
      pos = end;
      line = startLine + 1;
      continue;
    }
    if (error !== null) {
      const eol = text.indexOf('\n', pos);
      const end = eol === -1 ? n : eol + 1;
      if (eol !== -1) line++;
      onError({ line: startLine, start, end, reason: error });
      pos = end;
      continue;
    }
    if (strict && bareCr) {
      onError({
        line: startLine,
        start,
        end: pos,
        reason:
          'ends in a carriage return without a line feed (a bare CR); save the file with LF or CRLF line ends',
      });
      width ??= fields.length;
      continue;
    }
    width ??= fields.length;
    if (onRecord({ fields, start, end: pos, line: startLine }) === REREAD && spans) {
      pos = text.indexOf('\n', start) + 1;
      line = startLine + 1;
    }
  }
}
