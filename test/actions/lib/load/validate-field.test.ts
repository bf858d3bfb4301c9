import { describe, expect, test } from '@jest/globals';
import { fieldProblem } from '../../../../actions/lib/load/validate-field.js';
import { timeBounds } from '../../../../actions/lib/load/validate-field.js';
import type { ColumnSpec } from '../../../../actions/lib/sources/olist-tables.js';

const BOUNDS = timeBounds(new Date('2026-01-01T12:00:00Z'));
const ts: ColumnSpec = { name: 'at', type: 'timestamp', required: false };
const money: ColumnSpec = { name: 'v', type: 'decimal', required: true, decimal: [12, 2] };
const int: ColumnSpec = { name: 'n', type: 'integer', required: true };
const id: ColumnSpec = { name: 'id', type: 'id', required: true, length: 32 };

/** `value`'s problem as `field` mentions `expected`, or there is none when it is null. */
function expectProblem(field: ColumnSpec, value: string, expected: string | null): void {
  const problem = fieldProblem(field, value, BOUNDS);
  if (expected === null) expect(problem).toBeNull();
  else expect(problem).toContain(expected);
}

/** Values of a field type, each with its problem (contained in the message) or null for none. */
const VALUE_CASES: [string, ColumnSpec, [string, string | null][]][] = [
  [
    'timestamp',
    ts,
    [
      ['2018-01-31 23:59:59', null],
      ['2016-02-29 00:00:00', null],
      ['2000-02-29', null],
      ['2018-01-01 10:00', null],
      ['2018-01-01 10:00:00.123456', null],
      ['', null],
      ['2017-02-29 00:00:00', 'not a real date and time'],
      ['1900-02-29 00:00:00', 'not a real date and time'],
      ['2018-04-31 00:00:00', 'not a real date and time'],
      ['2018-00-10 00:00:00', 'not a real date and time'],
      ['2018-13-10 00:00:00', 'not a real date and time'],
      ['2018-01-10 24:00:00', 'not a real date and time'],
      ['2018-01-10 10:60:00', 'not a real date and time'],
      ['2018-01-10T10:00:00', 'is not a timestamp'],
      ['10/01/2018', 'is not a timestamp'],
    ],
  ],
  [
    'decimal',
    money,
    [
      ['0.00', null],
      ['99999999.99', null],
      ['-5', null],
      ['1.234', 'more than 2 decimal places'],
      ['123456789012', 'too large for decimal(12,2)'],
      ['1e5', 'is not a number'],
      ['', 'is empty but required'],
    ],
  ],
];

describe.each(VALUE_CASES)('fieldProblem %s', (_type, field, cases) => {
  test.each(cases)('%j', (value, expected) => {
    expectProblem(field, value, expected);
  });
});

describe('fieldProblem', () => {
  test('integers, ids', () => {
    expect(fieldProblem(int, '2147483647', BOUNDS)).toBeNull();
    expect(fieldProblem(int, '2147483648', BOUNDS)).toContain('not a whole number');
    expect(fieldProblem(int, '1.0', BOUNDS)).toContain('not a whole number');
    expect(fieldProblem(id, 'a'.repeat(32), BOUNDS)).toBeNull();
    expect(fieldProblem(id, 'a'.repeat(33), BOUNDS)).toBe('is 33 characters long, more than 32');
  });
});

describe('lengths as Redshift counts them', () => {
  const city: ColumnSpec = { name: 'city', type: 'text', required: false, length: 64 };
  const state: ColumnSpec = {
    name: 'state',
    type: 'text',
    required: false,
    length: 2,
    fixed: true,
  };

  test('varchar(n) counts UTF-8 bytes: 40 emoji are 160 bytes', () => {
    const emoji = '😀'.repeat(40);
    expect(emoji.length).toBe(80); // UTF-16 units: what a check by .length would count
    expect(fieldProblem(city, emoji, BOUNDS)).toBe(
      "is 160 bytes long in UTF-8 (40 characters), more than 64: Redshift counts a varchar's length in bytes",
    );
    expect(fieldProblem(city, '😀'.repeat(16), BOUNDS)).toBeNull(); // 64 bytes
    expect(fieldProblem(city, 'é'.repeat(33), BOUNDS)).toContain('66 bytes');
    expect(fieldProblem(city, 'é'.repeat(32), BOUNDS)).toBeNull();
  });

  test('char(n) takes single-byte characters only', () => {
    expect(fieldProblem(state, 'SP', BOUNDS)).toBeNull();
    expect(fieldProblem(state, 'SÃ', BOUNDS)).toBe(
      `holds "Ã", a character of more than one byte; Redshift's char(2) takes single-byte characters only`,
    );
  });
});

describe('timestamps in range', () => {
  const event: ColumnSpec = { name: 'bought', type: 'timestamp', required: true, event: true };
  const estimate: ColumnSpec = { name: 'expected', type: 'timestamp', required: false };

  test('an event after the load time plus one day is refused; an estimate may be in the future', () => {
    // BOUNDS: a load at 2026-01-01 12:00 UTC.
    expect(fieldProblem(event, '2026-01-02 12:00:00', BOUNDS)).toBeNull();
    expect(fieldProblem(event, '2026-01-02 12:00:01', BOUNDS)).toBe(
      `"2026-01-02 12:00:01" is after 2026-01-02 12:00:00 UTC, more than a day after the load's time; check the row's date`,
    );
    expect(fieldProblem(event, '2999-01-01', BOUNDS)).toContain('more than a day after');
    expect(fieldProblem(estimate, '2999-01-01 00:00:00', BOUNDS)).toBeNull();
  });

  test('nothing before 1900-01-01', () => {
    expect(fieldProblem(estimate, '1900-01-01 00:00:00', BOUNDS)).toBeNull();
    expect(fieldProblem(estimate, '1899-12-31 23:59:59', BOUNDS)).toBe(
      `"1899-12-31 23:59:59" is before 1900-01-01; check the row's date`,
    );
    expect(fieldProblem(event, '0001-01-01', BOUNDS)).toContain('before 1900-01-01');
  });

  test('the bounds follow the clock they are given', () => {
    expect(timeBounds(new Date('2030-06-30T23:30:00Z'))).toEqual({
      earliest: '1900-01-01',
      latest: '2030-07-01 23:30:00',
    });
  });
});
