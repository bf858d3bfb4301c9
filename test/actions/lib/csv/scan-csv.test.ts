import { describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import {
  scanCsv,
  type CsvRecord,
  type CsvScanError,
} from '../../../../actions/lib/csv/scan-csv.js';

function scan(text: string): { records: CsvRecord[]; errors: CsvScanError[] } {
  const records: CsvRecord[] = [];
  const errors: CsvScanError[] = [];
  scanCsv(
    text,
    (r) => records.push(r),
    (e) => errors.push(e),
  );
  return { records, errors };
}

const quote = (field: string): string => `"${field.replace(/"/g, '""')}"`;

/** Any field text, written quoted when it needs to be (or at random when it doesn't). */
const field = fc
  .tuple(
    fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', ',', '"', '\n', '\r\n', 'é') }),
    fc.boolean(),
  )
  .map(([s, forceQuote]) => (forceQuote || /[",\r\n]/.test(s) ? quote(s) : s));

const csvText = fc
  .tuple(
    fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([rows, eol, trailing]) =>
    rows
      .map((r) => r.join(','))
      .filter((line) => line !== '')
      .join(eol)
      .concat(trailing ? eol : ''),
  );

describe('scanCsv', () => {
  test('agrees with csv-parse on well-formed CSV, and record ranges cover the text', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        const expected = parse(text, {
          relax_column_count: true,
          skip_empty_lines: true,
        }) as string[][];
        const { records, errors } = scan(text);
        expect(errors).toEqual([]);
        expect(records.map((r) => r.fields)).toEqual(expected);
        // Each record's text, scanned on its own, gives the same fields; between records there are
        // only line breaks (blank lines), so nothing is lost when accepted records are re-joined.
        let previousEnd = 0;
        for (const r of records) {
          expect(text.slice(previousEnd, r.start)).toMatch(/^[\r\n]*$/);
          expect(scan(text.slice(r.start, r.end)).records.map((x) => x.fields)).toEqual([r.fields]);
          previousEnd = r.end;
        }
        expect(text.slice(previousEnd)).toMatch(/^[\r\n]*$/);
      }),
      { numRuns: 500 },
    );
  });

  test('line numbers count the lines of earlier multi-line fields and skipped blank lines', () => {
    const { records } = scan('a,b\n"x\ny",1\n\n\nlast,2\r\n"p\r\nq",3');
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['x\ny', '1']],
      [6, ['last', '2']],
      [7, ['p\r\nq', '3']],
    ]);
  });

  test('malformed records are reported with their line and skipped; later records still scan', () => {
    const { records, errors } = scan(
      'a,b\nx"y,1\n"ok",2\n"q"z,3\nend,4\n"never closed,5\nmore,6\n',
    );
    expect(errors.map((e) => [e.line, e.reason])).toEqual([
      [2, 'a quote inside an unquoted field'],
      [4, 'unexpected character after a closing quote'],
      [6, 'a quoted field is never closed'],
    ]);
    expect(records.map((r) => r.fields[0])).toEqual(['a', 'ok', 'end']);
  });

  test('empty fields and a final record without a line break', () => {
    expect(scan('a,,\n,"",x').records.map((r) => r.fields)).toEqual([
      ['a', '', ''],
      ['', '', 'x'],
    ]);
  });
});
