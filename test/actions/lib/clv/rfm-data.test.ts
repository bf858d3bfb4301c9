import { describe, expect, test } from '@jest/globals';
import { bgnbdLogLikelihood, fitBgNbd } from '../../../../actions/lib/clv/bgnbd.js';
import { indexRfm } from '../../../../actions/lib/clv/rfm-data.js';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('indexRfm', () => {
  test('auto groups day-grid data into distinct (x, t_x, T) rows with summed weights', () => {
    const data = {
      x: [0, 0, 2, 2, 2, 1],
      tx: [0, 0, 3, 3, 4, 1],
      T: [10, 10, 10, 10, 10, 5].map((d) => d / 7),
    };
    data.tx = data.tx.map((d) => d / 7);
    const idx = indexRfm(data);
    expect(idx.grouped).toBe(true);
    expect(idx.rows).toBe(4);
    // Grouped rows come out ordered by x, then t_x, then T.
    expect(Array.from(idx.x)).toEqual([0, 1, 2, 2]);
    expect(Array.from(idx.weight)).toEqual([2, 1, 2, 1]);
    expect(idx.customers).toBe(6);
    // Day-grid values index by their day number.
    expect(Array.from(idx.TIndex)).toEqual([10, 5, 10, 10]);
    expect(Array.from(idx.txIndex)).toEqual([0, 1, 3, 4]);
    expect(idx.TValues[10]).toBe(10 / 7);
  });

  test('auto leaves off-grid data ungrouped; always groups equal values anyway', () => {
    const data = { x: [1, 1, 0], tx: [1.01, 1.01, 0], T: [3.3, 3.3, 2] };
    expect(indexRfm(data).grouped).toBe(false);
    const always = indexRfm(data, 'always');
    expect(always.rows).toBe(2);
    expect(Array.from(always.x)).toEqual([0, 1]);
    expect(Array.from(always.weight)).toEqual([1, 2]);
  });

  test('t_x of a customer without repeats is taken as 0', () => {
    const idx = indexRfm({ x: [0, 0], tx: [0, 2 / 7], T: [3 / 7, 3 / 7] });
    expect(idx.rows).toBe(1);
  });

  test('errors name the row and field', () => {
    expect(() => indexRfm({ x: [1, 1.5], tx: [0, 0], T: [1, 1] })).toThrow(
      'BG/NBD input row 1: x = 1.5 is not a non-negative whole number',
    );
    expect(() => indexRfm({ x: [1], tx: [2], T: [1] })).toThrow(
      'BG/NBD input row 0: t_x = 2 is not within [0, T = 1]',
    );
    expect(() => indexRfm({ x: [0], tx: [0], T: [-1] })).toThrow(
      'BG/NBD input row 0: T = -1 weeks is not a finite number ≥ 0',
    );
    expect(() => indexRfm({ x: [0, 1], tx: [0], T: [1, 1] })).toThrow(
      'BG/NBD input columns differ in length: x 2, t_x 1, T 2',
    );
    expect(() => indexRfm({ x: [1], tx: [0], T: [1], weight: [NaN] })).toThrow(
      'BG/NBD input row 0: weight = NaN is not a finite number ≥ 0',
    );
  });
});

describe('weights', () => {
  test('a weight of 2 is the same as the row twice', () => {
    const data = { x: [0, 1, 3, 0, 5], tx: [0, 2, 20, 0, 30], T: [10, 25, 32, 40, 33] };
    const doubled = {
      x: [...data.x, ...data.x],
      tx: [...data.tx, ...data.tx],
      T: [...data.T, ...data.T],
    };
    const weighted = { ...data, weight: [2, 2, 2, 2, 2] };
    expect(bgnbdLogLikelihood(BG, weighted)).toBeCloseTo(bgnbdLogLikelihood(BG, doubled), 10);
    expect(bgnbdLogLikelihood(BG, weighted)).toBeCloseTo(2 * bgnbdLogLikelihood(BG, data), 10);
  });

  test('no repeat customer: a clear error instead of a meaningless fit', () => {
    expect(() => fitBgNbd({ x: [0, 0], tx: [0, 0], T: [3, 4] })).toThrow(
      'BG/NBD fit: none of the 2 customers has a repeat occasion (x > 0)',
    );
    expect(() => fitBgNbd({ x: [1], tx: [1], T: [3], weight: [0] })).toThrow(
      'BG/NBD fit: no customers (the total weight is 0); nothing to fit',
    );
  });
});
