/**
 * The holdout table and the spend-independence check. No public CDNOW per-customer summary with the
 * weeks 40–78 counts exists as text (BTYD ships it only as .RData), so the holdout comparison is tested
 * on simulated customers whose true parameters are known, plus a small hand-checkable table.
 */
import { describe, expect, test } from '@jest/globals';
import { bgnbdConditionalExpected, fitBgNbd } from '../../../../actions/lib/clv/bgnbd.js';
import { checkSpendIndependence, holdoutTable } from '../../../../actions/lib/clv/holdout.js';
import { simulateCustomers } from '../../../../actions/lib/clv/simulate.js';
import { createRandom } from '../../../../actions/lib/random.js';

const TRUTH = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('holdoutTable', () => {
  test('bins by calibration frequency 0 … 6, 7+, keeps empty bins and adds up', () => {
    const customers = [
      { x: 0, tx: 0, T: 30, holdoutOccasions: 0 },
      { x: 0, tx: 0, T: 20, holdoutOccasions: 1 },
      { x: 2, tx: 25, T: 30, holdoutOccasions: 3 },
      { x: 7, tx: 29, T: 30, holdoutOccasions: 4 },
      { x: 12, tx: 30, T: 30, holdoutOccasions: 6 },
    ];
    const table = holdoutTable(customers, TRUTH, 39);
    const bins = ['0', '1', '2', '3', '4', '5', '6', '7+'];
    expect(table.byFrequency.map((r) => r.frequency)).toEqual(bins);
    expect(table.byFrequency.map((r) => r.customers)).toEqual([2, 0, 1, 0, 0, 0, 0, 2]);
    expect(table.byFrequency.map((r) => r.actual)).toEqual([1, 0, 3, 0, 0, 0, 0, 10]);
    expect(table.byFrequency[1]).toMatchObject({ actualMean: 0, predictedMean: 0 });
    const expected0 =
      bgnbdConditionalExpected(TRUTH, 39, 0, 0, 30) + bgnbdConditionalExpected(TRUTH, 39, 0, 0, 20);
    expect(table.byFrequency[0]?.predicted).toBeCloseTo(expected0, 12);
    expect(table.byFrequency[7]?.predictedMean).toBeCloseTo(
      (bgnbdConditionalExpected(TRUTH, 39, 7, 29, 30) +
        bgnbdConditionalExpected(TRUTH, 39, 12, 30, 30)) /
        2,
      12,
    );
    expect(table.actual).toBe(14);
    expect(table.predicted).toBeCloseTo(
      table.byFrequency.reduce((s, r) => s + r.predicted, 0),
      12,
    );
    expect(table.customers).toBe(5);
  });

  test('on simulated customers, predicted holdout occasions match the actual ones', () => {
    // 100,000 customers, T uniform in 27–39 weeks (as CDNOW), 39 holdout weeks; calibrated on the
    // window only. Observed spread of predicted/actual over seeds: about ±1%.
    const sim = simulateCustomers(100_000, TRUTH, createRandom(39), {
      minT: 27,
      maxT: 39,
      holdoutWeeks: 39,
    });
    const fit = fitBgNbd(sim);
    const customers = Array.from(sim.x, (x, i) => ({
      x,
      tx: sim.tx[i] as number,
      T: sim.T[i] as number,
      holdoutOccasions: sim.holdoutOccasions[i] as number,
    }));
    for (const params of [TRUTH, fit]) {
      const table = holdoutTable(customers, params, 39);
      expect(Math.abs(table.predicted / table.actual - 1)).toBeLessThan(0.04);
      for (const row of table.byFrequency.slice(0, 4))
        expect(Math.abs(row.predictedMean / row.actualMean - 1)).toBeLessThan(0.08);
    }
  });

  test('errors say what is wrong', () => {
    expect(() => holdoutTable([], TRUTH, 0)).toThrow('holdout length 0 weeks: must be > 0');
    expect(() => holdoutTable([{ x: 0, tx: 0, T: 1, holdoutOccasions: 0.5 }], TRUTH, 1)).toThrow(
      'holdout customer 0: holdoutOccasions = 0.5 is not a whole number ≥ 0',
    );
  });
});

describe('checkSpendIndependence', () => {
  const rng = createRandom(5);
  const make = (dependence: number) =>
    Array.from({ length: 2000 }, () => {
      const x = rng.int(0, 10);
      const noise = 20 + 5 * rng.normal();
      return { x, meanRepeatValue: x === 0 ? null : noise + dependence * x };
    });

  test('independent spend: no warning', () => {
    const check = checkSpendIndependence(make(0));
    expect(Math.abs(check.correlation as number)).toBeLessThan(0.1);
    expect(check.violated).toBe(false);
    expect(check.warning).toBeUndefined();
  });

  test('spend rising with frequency: a warning with the correlation in it', () => {
    const check = checkSpendIndependence(make(3));
    expect(check.violated).toBe(true);
    const r = (check.correlation as number).toFixed(3);
    expect(check.warning).toBe(
      `Gamma-Gamma assumes spend is independent of purchase frequency, but among the ${check.repeatCustomers} ` +
        `repeat customers the correlation of repeat occasions (x) and mean repeat value is ${r} ` +
        '(|r| > 0.3); expected_avg_value and clv may be biased',
    );
  });

  test('fewer than three repeat customers: no verdict', () => {
    expect(checkSpendIndependence([{ x: 1, meanRepeatValue: 3 }])).toEqual({
      correlation: null,
      repeatCustomers: 1,
      threshold: 0.3,
      violated: false,
    });
  });
});
