/**
 * Reader for the CSV a warehouse writes with every non-NULL value quoted (PostgreSQL's
 * `COPY … WITH (FORMAT csv, FORCE_QUOTE *)`): a quoted field is a string, even when empty; an
 * unquoted empty field is NULL; an unquoted non-empty field (a header name) is taken as written.
 */

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** The header and the records of a fully quoted CSV text; NULL fields are `null`. */
export interface QuotedCsv {
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
}

/** Parses `text` (one record per line, a final line break optional); throws on a quote that is never closed or text after a closing quote. */
export function parseQuotedCsv(text: string): QuotedCsv {
  const records: (string | null)[][] = [];
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    const fields: (string | null)[] = [];
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        let value = '';
        let from = pos + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) throw new Error(`CSV: a quoted field starting at ${pos} is never closed`);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += text.slice(from, q);
          pos = q + 1;
          break;
        }
        fields.push(value);
      } else {
        let i = pos;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        fields.push(i === pos ? null : text.slice(pos, i));
        pos = i;
      }
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (c === CR) pos++;
      if (text.charCodeAt(pos) === LF) pos++;
      else if (pos < n) throw new Error(`CSV: unexpected text after a quote at ${pos}`);
      break;
    }
    records.push(fields);
  }
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h ?? ''), rows };
}
