import { expect, test } from '@jest/globals';
import { normalizeInstant } from '../../../../actions/lib/sources/instant.js';

test.each([
  ['2024-05-01', '2024-05-01 00:00:00'],
  ['2024-05-01 09:30', '2024-05-01 09:30:00'],
  ['2024-05-01 09:30:15', '2024-05-01 09:30:15'],
  ['2024-05-01T09:30:15', '2024-05-01T09:30:15'.replace('T', ' ')],
  ['2024-05-01T09:30:15.123456', '2024-05-01 09:30:15.123456'],
  ['2024-05-01T09:30:15.123456789Z', '2024-05-01 09:30:15.123456'],
  ['2024-05-01T09:30:15Z', '2024-05-01 09:30:15'],
  ['2024-05-01T09:30:15+02:00', '2024-05-01 07:30:15'],
  ['2024-05-01T01:30:15+0200', '2024-04-30 23:30:15'],
  ['2024-12-31T23:30:00-05', '2025-01-01 04:30:00'],
  ['2024-02-29T00:15:00+01:00', '2024-02-28 23:15:00'],
])('%s is stored as %s', (input, stored) => {
  expect(normalizeInstant(input)).toEqual({ value: stored });
});

test.each([
  ['05/01/2024', 'is not a timestamp'],
  ['2024-5-1', 'is not a timestamp'],
  ['2024-02-30', 'is not a real date and time'],
  ['2023-02-29T10:00:00Z', 'is not a real date and time'],
  ['2024-05-01T24:00:00', 'is not a real date and time'],
  ['2024-05-01T10:00:00+25:00', 'has an offset that is not one'],
  ['2024-05-01T10:00:00 UTC', 'is not a timestamp'],
  ['', 'is not a timestamp'],
])('%s is refused: %s', (input, problem) => {
  const result = normalizeInstant(input);
  expect('problem' in result && result.problem).toContain(problem);
});
