import { expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { mapTransactionsCsv } from '../../../../actions/lib/load/map-transactions.js';
import { CsvFileError } from '../../../../actions/lib/load/check-csv.js';
import { sourceLine } from '../../../../actions/lib/load/check-csv.js';
import { timeBounds } from '../../../../actions/lib/load/validate-field.js';

const MAPPING = {
  customer_id: 'account_holder',
  occurred_at: 'booked_at',
  amount: 'amount_eur',
  transaction_id: 'booking_ref',
  status: 'state',
};
/** A load on 2026-01-01: nothing in these files is out of range. */
const BOUNDS = timeBounds(new Date('2026-01-01T00:00:00Z'));
const HOLDER = '3f0c9a52-7d4e-4b1a-9c2f-5e8d7a6b4c3d';

const bytes = (lines: string[]): Uint8Array => new TextEncoder().encode(`${lines.join('\n')}\n`);
const rows = (b: Uint8Array): string[][] => parse(Buffer.from(b), { relax_column_count: false });

test('the mapped columns are found by name, others ignored, and written in the canonical order', () => {
  const checked = mapTransactionsCsv(
    bytes([
      'channel,booking_ref,amount_eur,account_holder,booked_at,state,merchant',
      `card,BK-1,12.50,${HOLDER},2024-03-05T14:22:10Z,booked,"Shop, Inc."`,
      `card,BK-1,-12.50,${HOLDER},2024-03-07T09:00:00+01:00,booked,"Shop, Inc."`,
      `transfer,BK-2,100,${HOLDER},2024-03-08 10:00:00,,rent`,
    ]),
    MAPPING,
    'data/bank.csv',
    BOUNDS,
  );
  expect(checked.rejected).toEqual([]);
  expect([checked.rowsIn, checked.rowsAccepted]).toEqual([3, 3]);
  expect(checked.spec.table).toBe('transactions');
  expect(rows(checked.acceptedBytes)).toEqual([
    ['transaction_id', 'customer_id', 'occurred_at', 'amount', 'status'],
    ['BK-1', HOLDER, '2024-03-05 14:22:10', '12.50', 'booked'],
    ['BK-1', HOLDER, '2024-03-07 08:00:00', '-12.50', 'booked'],
    ['BK-2', HOLDER, '2024-03-08 10:00:00', '100', ''],
  ]);
  // An empty status is written unquoted, which every loader reads as NULL.
  expect(new TextDecoder().decode(checked.acceptedBytes)).toContain(',100,\n');
});

test('without a transaction_id column every row is its own transaction, named by file and line', () => {
  const checked = mapTransactionsCsv(
    bytes(['who,when,value', 'c1,2024-01-01,5', 'c1,2024-01-01,7']),
    { customer_id: 'who', occurred_at: 'when', amount: 'value' },
    'in/may.csv',
    BOUNDS,
  );
  expect(
    rows(checked.acceptedBytes)
      .slice(1)
      .map((r) => r[0]),
  ).toEqual(['may.csv:2', 'may.csv:3']);
});

test('bad rows are rejected with file, line, column and reason; the others map', () => {
  const checked = mapTransactionsCsv(
    bytes([
      'booking_ref,account_holder,booked_at,amount_eur,state',
      `BK-1,${HOLDER},2024-03-05T14:22:10Z,12.50,booked`,
      `BK-2,${HOLDER},2024-02-30T10:00:00Z,3.00,booked`,
      `BK-3,,2024-03-05T10:00:00Z,3.00,booked`,
      `BK-4,${HOLDER},2024-03-05T10:00:00Z,three,booked`,
      `BK-5,${HOLDER},2024-03-05T10:00:00Z`,
      `BK-6,${'x'.repeat(257)},2024-03-05T10:00:00Z,1.00,booked`,
      `BK-7,${HOLDER},2024-03-05T10:00:00Z,1.00001,booked`,
      `BK-8,${HOLDER},2024-03-06,4.00,booked`,
    ]),
    MAPPING,
    'bank.csv',
    BOUNDS,
  );
  expect(checked.rejected.map((r) => [r.line, r.column, r.reason])).toEqual([
    [3, 'booked_at', 'booked_at "2024-02-30T10:00:00Z" is not a real date and time'],
    [4, 'account_holder', 'account_holder is empty but required'],
    [5, 'amount_eur', 'amount_eur "three" is not a number'],
    [6, undefined, 'has 3 fields, expected 5'],
    [7, 'account_holder', 'account_holder is 257 characters long, more than 256'],
    [8, 'amount_eur', 'amount_eur "1.00001" has more than 4 decimal places'],
  ]);
  expect(checked.rejected.every((r) => r.file === 'bank.csv' && r.raw.startsWith('BK-'))).toBe(
    true,
  );
  expect([checked.rowsIn, checked.rowsAccepted]).toEqual([8, 2]);
  // Line 3 of the mapped file came from line 9 of the team's.
  expect(sourceLine(checked, 3)).toBe(9);
});

test('a mapped column missing from the header names it, the setting and what the header has', () => {
  expect(() =>
    mapTransactionsCsv(
      bytes(['holder,when,amount', 'a,2024-01-01,1']),
      MAPPING,
      'bank.csv',
      BOUNDS,
    ),
  ).toThrow(
    new CsvFileError(
      'bank.csv:1: no column "booking_ref" (source.columns.transaction_id), "account_holder" (source.columns.customer_id), "booked_at" (source.columns.occurred_at), "amount_eur" (source.columns.amount), "state" (source.columns.status) named in the environment file; the header has "holder", "when", "amount". Name the right columns in source.columns, or check the file',
    ),
  );
  expect(() => mapTransactionsCsv(bytes([]), MAPPING, 'empty.csv', BOUNDS)).toThrow(
    /empty\.csv: the file is empty/,
  );
});

test('a quote that pairs with one on the next line into a row of the right width: both lines counted', () => {
  // Read as RFC 4180, lines 2-3 are one row of 4 fields whose date is "2024-01-01,5,a\nc2".
  const checked = mapTransactionsCsv(
    bytes(['who,when,amount,note', 'c1,"2024-01-01,5,a', 'c2",7,b', 'c3,2024-01-03,9,c']),
    { customer_id: 'who', occurred_at: 'when', amount: 'amount' },
    'quotes.csv',
    BOUNDS,
  );
  expect(checked.rejected.map((r) => [r.line, r.reason, r.raw])).toEqual([
    [
      2,
      'when "2024-01-01,5,a\nc2" is not a timestamp (YYYY-MM-DD HH:MM:SS, or ISO 8601 such as 2024-05-01T09:30:00Z) (a quoted field runs on from this line: the lines after it are read as rows of their own)',
      'c1,"2024-01-01,5,a',
    ],
    [3, 'a quote inside an unquoted field', 'c2",7,b'],
  ]);
  expect([checked.rowsIn, checked.rowsAccepted]).toEqual([3, 1]);
  expect(sourceLine(checked, 2)).toBe(4);
});
