import { describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import {
  scanCsv,
  REREAD,
  UNCLOSED_QUOTE,
  type CsvRecord,
  type CsvScanError,
} from '../../../../actions/lib/csv/scan-csv.js';

function scan(text: string, strict = false): { records: CsvRecord[]; errors: CsvScanError[] } {
  const records: CsvRecord[] = [];
  const errors: CsvScanError[] = [];
  scanCsv(
    text,
    (r) => records.push(r),
    (e) => errors.push(e),
    { strict },
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
      [6, UNCLOSED_QUOTE],
    ]);
    // The row after the open quote is read on its own, not swallowed.
    expect(records.map((r) => r.fields[0])).toEqual(['a', 'ok', 'end', 'more']);
  });

  test('an open quote in row 5 of 3000: every row is a record or an error, the error at line 6', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i + 1},"name ${i + 1}",x`);
    rows[4] = '5,"name 5,x';
    const { records, errors } = scan(['id,name,flag', ...rows, ''].join('\n'), true);
    expect(errors.map((e) => [e.line, e.reason])).toEqual([[6, UNCLOSED_QUOTE]]);
    expect(records.length - 1 + errors.length).toBe(3000);
    expect(records.find((r) => r.line === 7)?.fields).toEqual(['6', 'name 6', 'x']);
  });

  test('strict: a quote that pairs with one on a later line into a record of the wrong width is reported', () => {
    const text = 'a,b,c\n1,"x,2\n3,y",4\n5,6,7\n';
    // Read loosely, line 2 swallows line 3 into one record of 3 fields: the header's width.
    expect(scan(text).records.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x,2\n3,y', '4'],
      ['5', '6', '7'],
    ]);
    const wrongWidth = scan('a,b\n1,"x,2\n3,y",4\n5,6\n', true);
    expect(wrongWidth.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(wrongWidth.errors[0]?.reason).toContain('the record has 3 fields, expected 2');
    expect(wrongWidth.records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [4, ['5', '6']],
    ]);
    // Line 3 on its own is malformed (a quote inside an unquoted field), and counted: the header
    // and the three rows.
    expect(wrongWidth.errors.length + wrongWidth.records.length).toBe(1 + 3);
  });

  test('a record that spans lines and that the caller rejects is read again from its second line', () => {
    const text = 'a,b\n1,"x\n2",y\n3,z\n';
    const seen: [number, string[]][] = [];
    const errors: number[] = [];
    scanCsv(
      text,
      (r) => {
        seen.push([r.line, r.fields]);
        return r.line === 2 ? REREAD : undefined;
      },
      (e) => errors.push(e.line),
    );
    expect(seen).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x\n2', 'y']],
      [4, ['3', 'z']],
    ]);
    // Line 3 on its own: `2",y` has a quote inside an unquoted field.
    expect(errors).toEqual([3]);
  });

  test('strict: a record ending in a bare CR is reported at its line; loosely it is a line break', () => {
    const text = 'a,b\n1,2\r3,4\r\n5,6\n';
    expect(scan(text).errors).toEqual([]);
    const { records, errors } = scan(text, true);
    expect(errors.map((e) => [e.line, e.reason.slice(0, 60)])).toEqual([
      [2, 'ends in a carriage return without a line feed (a bare CR); s'],
    ]);
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['3', '4']],
      [4, ['5', '6']],
    ]);
  });

  test('strict: whatever the text, records and errors cover it all but blank lines, in order', () => {
    const messy = fc
      .array(fc.constantFrom('a', '1', ',', '"', '\n', '\r', '\r\n', ' ', '""'), {
        maxLength: 60,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(messy, (text) => {
        const spans: [number, number][] = [];
        scanCsv(
          text,
          (r) => spans.push([r.start, r.end]),
          (e) => spans.push([e.start, e.end]),
          { strict: true },
        );
        spans.sort((x, y) => x[0] - y[0]);
        let previousEnd = 0;
        for (const [start, end] of spans) {
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          expect(text.slice(previousEnd, start)).toMatch(/^(\r?\n)*$/);
          expect(end).toBeGreaterThan(start);
          previousEnd = end;
        }
        expect(text.slice(previousEnd)).toMatch(/^(\r?\n)*$/);
      }),
      { numRuns: 2000, seed: 15 },
    );
  });

  test('empty fields and a final record without a line break', () => {
    expect(scan('a,,\n,"",x').records.map((r) => r.fields)).toEqual([
      ['a', '', ''],
      ['', '', 'x'],
    ]);
  });
});
