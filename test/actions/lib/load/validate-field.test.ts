import { describe, expect, test } from '@jest/globals';
import { fieldProblem } from '../../../../actions/lib/load/validate-field.js';
import type { ColumnSpec } from '../../../../actions/lib/sources/olist-tables.js';

const ts: ColumnSpec = { name: 'at', type: 'timestamp', required: false };
const money: ColumnSpec = { name: 'v', type: 'decimal', required: true, decimal: [12, 2] };
const int: ColumnSpec = { name: 'n', type: 'integer', required: true };
const id: ColumnSpec = { name: 'id', type: 'id', required: true, length: 32 };

/** `value`'s problem as `field` mentions `expected`, or there is none when it is null. */
function expectProblem(field: ColumnSpec, value: string, expected: string | null): void {
  const problem = fieldProblem(field, value);
  if (expected === null) expect(problem).toBeNull();
  else expect(problem).toContain(expected);
}

describe('fieldProblem', () => {
  test.each([
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
  ])('timestamp %j', (value, expected) => {
    expectProblem(ts, value, expected);
  });

  test.each([
    ['0.00', null],
    ['99999999.99', null],
    ['-5', null],
    ['1.234', 'more than 2 decimal places'],
    ['123456789012', 'too large for decimal(12,2)'],
    ['1e5', 'is not a number'],
    ['', 'is empty but required'],
  ])('decimal %j', (value, expected) => {
    expectProblem(money, value, expected);
  });

  test('integers, ids', () => {
    expect(fieldProblem(int, '2147483647')).toBeNull();
    expect(fieldProblem(int, '2147483648')).toContain('not a whole number');
    expect(fieldProblem(int, '1.0')).toContain('not a whole number');
    expect(fieldProblem(id, 'a'.repeat(32))).toBeNull();
    expect(fieldProblem(id, 'a'.repeat(33))).toBe('is 33 characters long, more than 32');
  });
});
