import { describe, expect, test } from '@jest/globals';
import {
  formatDay,
  parseDay,
  summarizeTransactions,
  type Transaction,
} from '../../../../actions/lib/clv/summary.js';

// 2024-01-01 is day 19723 since 1970-01-01 (54 years of which 13 leap years: 54·365 + 13).
const JAN_1 = 19723;

/** Hand-made: as of 2024-02-01 the window ends 2024-01-31 (day 19753); holdout to 2024-03-01. */
const TRANSACTIONS: Transaction[] = [
  // A: three occasions, two transactions on the first day; two holdout occasions; one after the holdout.
  { customerId: 'A', day: '2024-01-01', amount: 10 },
  { customerId: 'A', day: '2024-01-01', amount: 5 },
  { customerId: 'A', day: '2024-01-08', amount: 20 },
  { customerId: 'A', day: '2024-01-15', amount: 30 },
  { customerId: 'A', day: '2024-02-01', amount: 7 },
  { customerId: 'A', day: '2024-02-10', amount: 1 },
  { customerId: 'A', day: '2024-02-10', amount: 2 },
  { customerId: 'A', day: '2024-03-01', amount: 9 },
  // B: only occasion on the window's last day.
  { customerId: 'B', day: '2024-01-31', amount: 12 },
  // C: two transactions on one day: one occasion, no repeat.
  { customerId: 'C', day: '2024-01-20', amount: 4 },
  { customerId: 'C', day: '2024-01-20', amount: 6 },
  // D: first seen in the holdout: not a calibration customer.
  { customerId: 'D', day: '2024-02-05', amount: 50 },
  // E: days given as day numbers (2024-01-08 and 2024-01-15).
  { customerId: 'E', day: JAN_1 + 7, amount: 3 },
  { customerId: 'E', day: JAN_1 + 14, amount: 4 },
];

describe('parseDay / formatDay', () => {
  test('round-trip ISO days and accept whole day numbers', () => {
    expect(parseDay('2024-01-01')).toBe(JAN_1);
    expect(parseDay('1997-09-30')).toBe(10134);
    expect(formatDay(JAN_1 + 30)).toBe('2024-01-31');
    expect(parseDay(12)).toBe(12);
  });

  test('reject impossible dates, other formats and fractional day numbers', () => {
    expect(parseDay('2024-02-30')).toBeUndefined();
    expect(parseDay('2024-1-5')).toBeUndefined();
    expect(parseDay('2024-01-01T00:00:00Z')).toBeUndefined();
    expect(parseDay(1.5)).toBeUndefined();
  });
});

describe('summarizeTransactions', () => {
  const summary = summarizeTransactions(TRANSACTIONS, {
    asOf: '2024-02-01',
    holdoutEnd: '2024-03-01',
  });
  const byId = new Map(summary.customers.map((c) => [c.customerId, c]));

  test('window end is the day before asOf; the holdout is 29 days', () => {
    expect(summary.windowEnd).toBe(JAN_1 + 30);
    expect(summary.windowEndDate).toBe('2024-01-31');
    expect(summary.holdoutWeeks).toBeCloseTo(29 / 7, 12);
    expect(summary.customers.map((c) => c.customerId)).toEqual(['A', 'B', 'C', 'E']);
  });

  test('several transactions on one day are one occasion worth their sum', () => {
    expect(byId.get('A')).toEqual({
      customerId: 'A',
      firstDay: JAN_1,
      lastDay: JAN_1 + 14,
      x: 2,
      tx: 2,
      T: 30 / 7,
      meanRepeatValue: 25,
      holdoutOccasions: 2,
    });
    expect(byId.get('C')).toMatchObject({ x: 0, tx: 0, T: 11 / 7, meanRepeatValue: null });
  });

  test('a customer whose only occasion is the window’s last day has T = 0', () => {
    expect(byId.get('B')).toMatchObject({
      x: 0,
      tx: 0,
      T: 0,
      meanRepeatValue: null,
      holdoutOccasions: 0,
    });
  });

  test('day numbers and ISO days mix', () => {
    expect(byId.get('E')).toMatchObject({ x: 1, tx: 1, T: 23 / 7, meanRepeatValue: 4 });
  });

  test('counts what went where; holdout-only customers and days on/after holdoutEnd are ignored', () => {
    expect(summary.transactionsInWindow).toBe(9);
    expect(summary.transactionsInHoldout).toBe(3);
    expect(summary.transactionsIgnored).toBe(2);
  });

  test('without a holdout end, nothing on or after asOf counts', () => {
    const plain = summarizeTransactions(TRANSACTIONS, { asOf: JAN_1 + 31 });
    expect(plain.holdoutWeeks).toBeUndefined();
    expect(plain.customers.find((c) => c.customerId === 'A')).not.toHaveProperty(
      'holdoutOccasions',
    );
    expect(plain.transactionsIgnored).toBe(5);
  });

  test('the asOf day itself is outside the window', () => {
    const earlier = summarizeTransactions(TRANSACTIONS, { asOf: '2024-01-15' });
    expect(earlier.customers.find((c) => c.customerId === 'A')).toMatchObject({
      x: 1,
      tx: 1,
      T: 13 / 7,
    });
    expect(earlier.customers.map((c) => c.customerId)).toEqual(['A', 'E']);
  });

  test('errors name the transaction, customer and field', () => {
    expect(() =>
      summarizeTransactions([{ customerId: 'Z', day: '2024-02-30', amount: 1 }], {
        asOf: '2024-03-01',
      }),
    ).toThrow(
      'transaction 0 (customer "Z"): day "2024-02-30" is not a YYYY-MM-DD date or a whole day number',
    );
    expect(() =>
      summarizeTransactions([...TRANSACTIONS, { customerId: 'R', day: '2024-01-02', amount: -5 }], {
        asOf: '2024-02-01',
      }),
    ).toThrow('transaction 14 (customer "R"): amount -5 is not a finite number ≥ 0');
    expect(() =>
      summarizeTransactions(TRANSACTIONS, { asOf: '2024-02-01', holdoutEnd: '2024-01-01' }),
    ).toThrow('holdoutEnd 2024-01-01 must be after asOf 2024-02-01');
    expect(() => summarizeTransactions(TRANSACTIONS, { asOf: '01/02/2024' })).toThrow(
      'asOf "01/02/2024" is not a YYYY-MM-DD date',
    );
  });
});
