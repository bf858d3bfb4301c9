/**
 * The data fingerprint of a fit: the same histories give the same one however they are grouped or
 * ordered; another window end, one more customer or one changed history give another.
 */
import { expect, test } from '@jest/globals';
import { historiesFingerprint } from '../../../../actions/lib/clv/fingerprint.js';

const customer = (x: number, txDays: number, tDays: number, mean: number | null) => ({
  x,
  tx: txDays / 7,
  T: tDays / 7,
  meanRepeatValue: mean,
  weight: 1,
});

const PER_CUSTOMER = [
  customer(0, 0, 30, null),
  customer(0, 0, 30, null),
  customer(2, 12, 40, 17.5),
  customer(1, 3, 40, 9.99),
  customer(0, 0, 12, null),
];

test('grouped or one row per customer, in any order: the same fingerprint', () => {
  const grouped = [
    { ...customer(1, 3, 40, 9.99) },
    { ...customer(0, 0, 30, null), weight: 2 },
    { ...customer(0, 0, 12, null) },
    { ...customer(2, 12, 40, 17.5) },
  ];
  const fingerprint = historiesFingerprint(PER_CUSTOMER, '2024-06-30');
  expect(fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(historiesFingerprint(grouped, '2024-06-30')).toBe(fingerprint);
  expect(historiesFingerprint([...PER_CUSTOMER].reverse(), '2024-06-30')).toBe(fingerprint);
});

test('another window, another customer or another history: another fingerprint', () => {
  const fingerprint = historiesFingerprint(PER_CUSTOMER, '2024-06-30');
  const others = [
    historiesFingerprint(PER_CUSTOMER, '2024-07-31'),
    historiesFingerprint([...PER_CUSTOMER, customer(0, 0, 1, null)], '2024-06-30'),
    historiesFingerprint(PER_CUSTOMER.slice(1), '2024-06-30'),
    historiesFingerprint(
      PER_CUSTOMER.map((c, i) => (i === 2 ? customer(2, 12, 40, 17.51) : c)),
      '2024-06-30',
    ),
    historiesFingerprint(
      PER_CUSTOMER.map((c, i) => (i === 3 ? customer(1, 4, 40, 9.99) : c)),
      '2024-06-30',
    ),
  ];
  for (const other of others) expect(other).not.toBe(fingerprint);
  expect(new Set(others).size).toBe(others.length);
});
