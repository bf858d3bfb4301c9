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

/**
 * Splits RFC 4180 CSV text into records: comma-separated, fields optionally in double quotes with
 * `""` for a quote, quoted fields may span lines, LF or CRLF line ends, blank lines skipped.
 * A malformed record is reported and skipped; scanning goes on at the next line.
 */
export function scanCsv(
  text: string,
  onRecord: (record: CsvRecord) => void,
  onError: (error: CsvScanError) => void,
): void {
  const n = text.length;
  let pos = 0;
  let line = 1;
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
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        let value = '';
        let from = pos + 1;
        let i = from;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            error = 'a quoted field is never closed';
            pos = n;
            break;
          }
          for (let k = text.indexOf('\n', i); k !== -1 && k < q; k = text.indexOf('\n', k + 1))
            line++;
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
      else if (c === LF || c === CR) pos++;
      if (pos <= n && (c === LF || c === CR)) line++;
      break;
    }
    if (error !== null) {
      const eol = text.indexOf('\n', pos);
      const end = eol === -1 ? n : eol + 1;
      if (eol !== -1) line++;
      onError({ line: startLine, start, end, reason: error });
      pos = end;
      continue;
    }
    onRecord({ fields, start, end: pos, line: startLine });
  }
}
