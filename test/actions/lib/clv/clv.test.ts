import { describe, expect, test } from '@jest/globals';
import {
  bgnbdConditionalExpected,
  bgnbdPAlive,
  type BgNbdParams,
} from '../../../../actions/lib/clv/bgnbd.js';
import { discountSchedule, scoreCustomers } from '../../../../actions/lib/clv/clv.js';
import { gammaGammaExpectedValue } from '../../../../actions/lib/clv/gamma-gamma.js';
import { runClv } from '../../../../actions/lib/clv/model.js';
import { sampleBeta, sampleGamma } from '../../../../actions/lib/clv/simulate.js';
import {
  formatDay,
  parseDay,
  summarizeTransactions,
  type Transaction,
} from '../../../../actions/lib/clv/summary.js';
import { createRandom } from '../../../../actions/lib/random.js';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };
const CDNOW_1 = { x: 2, tx: 30.43, T: 38.86, meanRepeatValue: 22.35 };

describe('discountSchedule', () => {
  test('365 days: 12 monthly steps of 365/12 days, the last discounted by a full year', () => {
    const s = discountSchedule(365, 0.1);
    expect(s.endDays).toHaveLength(12);
    expect(s.endDays[0]).toBeCloseTo(365 / 12, 12);
    expect(s.endDays[11]).toBe(365);
    expect(s.factors[11]).toBeCloseTo(1 / 1.1, 14);
    expect(s.factors[5]).toBeCloseTo(Math.pow(1.1, -0.5), 14);
  });

  test('a horizon that is not whole months ends with a short step', () => {
    const s = discountSchedule(45, 0);
    expect(Array.from(s.endDays)).toEqual([365 / 12, 45]);
    expect(Array.from(s.factors)).toEqual([1, 1]);
  });

  test('rejects nonsense', () => {
    expect(() => discountSchedule(0, 0.1)).toThrow(
      'clv horizon 0 days: must be a finite number > 0',
    );
    expect(() => discountSchedule(365, -1)).toThrow(
      'clv annual discount rate -1: must be a finite number > −1',
    );
  });
});

describe('scoreCustomers', () => {
  test('CDNOW customer 1 over 39 weeks (273 days): 1.226 expected purchases, as published', () => {
    const [score] = scoreCustomers([CDNOW_1], BG, GG, { horizonDays: 273 });
    expect(Math.abs((score?.expectedPurchases as number) - 1.226)).toBeLessThan(5e-4);
    expect(score?.pAlive).toBeCloseTo(bgnbdPAlive(BG, 2, 30.43, 38.86), 14);
    // Fader & Hardie 2013: E[M | x, m] = (γ + x m) p / (p x + q − 1).
    expect(score?.expectedAvgValue).toBeCloseTo(
      ((15.44 + 2 * 22.35) * 6.25) / (6.25 * 2 + 3.74 - 1),
      12,
    );
  });

  test('without discounting, clv = margin × expected value × expected purchases', () => {
    const customers = [
      CDNOW_1,
      { x: 0, tx: 0, T: 12, meanRepeatValue: null },
      { x: 9, tx: 3, T: 38, meanRepeatValue: 80 },
    ];
    const scores = scoreCustomers(customers, BG, GG, { annualDiscountRate: 0, margin: 0.3 });
    scores.forEach((s, i) => {
      const c = customers[i] as (typeof customers)[number];
      expect(s.expectedPurchases).toBeCloseTo(
        bgnbdConditionalExpected(BG, 365 / 7, c.x, c.tx, c.T),
        12,
      );
      expect(s.clv).toBeCloseTo(0.3 * s.expectedAvgValue * s.expectedPurchases, 10);
    });
    expect(scores[1]?.expectedAvgValue).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
  });

  test('discounting: monthly differences of the cumulative expectation, each discounted at its end', () => {
    const [score] = scoreCustomers([CDNOW_1], BG, GG, { annualDiscountRate: 0.1 });
    let previous = 0;
    let discounted = 0;
    for (let k = 1; k <= 12; k++) {
      const days = (365 / 12) * k;
      const cumulative = bgnbdConditionalExpected(BG, days / 7, 2, 30.43, 38.86);
      discounted += (cumulative - previous) * Math.pow(1.1, -days / 365);
      previous = cumulative;
    }
    const value = gammaGammaExpectedValue(GG, 2, 22.35);
    expect(score?.clv).toBeCloseTo(value * discounted, 10);
    expect(score?.clv).toBeLessThan(value * (score?.expectedPurchases as number));
    expect(score?.clv).toBeGreaterThan((value * (score?.expectedPurchases as number)) / 1.1);
  });

  test('customers sharing (x, T) but not t_x get their own P(alive)', () => {
    const scores = scoreCustomers(
      [
        { x: 3, tx: 30, T: 38, meanRepeatValue: 20 },
        { x: 3, tx: 5, T: 38, meanRepeatValue: 20 },
      ],
      BG,
      GG,
    );
    expect(scores[1]?.pAlive).toBeLessThan(scores[0]?.pAlive as number);
    expect((scores[1]?.clv as number) / (scores[0]?.clv as number)).toBeCloseTo(
      (scores[1]?.pAlive as number) / (scores[0]?.pAlive as number),
      12,
    );
  });
});

/** Day-granular transactions of `n` customers acquired in the first 90 days of 2024, up to `until`. */
function simulateTransactions(
  n: number,
  params: BgNbdParams,
  seed: number,
  until: string,
): Transaction[] {
  const rng = createRandom(seed);
  const start = parseDay('2024-01-01') as number;
  const end = parseDay(until) as number;
  const out: Transaction[] = [];
  for (let i = 0; i < n; i++) {
    const id = `c${i}`;
    const first = start + rng.int(0, 89);
    const lambda = sampleGamma(rng, params.r, params.alpha) / 7; // per day
    const dropout = sampleBeta(rng, params.a, params.b);
    const nu = sampleGamma(rng, GG.q, GG.gamma);
    out.push({ customerId: id, day: formatDay(first), amount: sampleGamma(rng, GG.p, nu) });
    let t = first;
    for (;;) {
      t += -Math.log(1 - rng.next()) / lambda;
      const day = Math.floor(t);
      if (day >= end) break;
      out.push({ customerId: id, day, amount: sampleGamma(rng, GG.p, nu) });
      if (rng.next() < dropout) break;
    }
  }
  return out;
}

describe('runClv', () => {
  const transactions = simulateTransactions(20_000, BG, 11, '2025-01-01');
  const summary = summarizeTransactions(transactions, {
    asOf: '2024-07-01',
    holdoutEnd: '2025-01-01',
  });
  const run = runClv(summary, { horizonDays: 365, annualDiscountRate: 0.1, margin: 0.25 });

  test('gives the clv.json shape with fits, counts, window and settings', () => {
    const r = run.result;
    expect(Object.keys(r.bgnbd).sort()).toEqual([
      'a',
      'alpha',
      'b',
      'converged',
      'iterations',
      'logLikelihood',
      'r',
    ]);
    expect(Object.keys(r.gammaGamma).sort()).toEqual([
      'converged',
      'gamma',
      'iterations',
      'logLikelihood',
      'p',
      'q',
    ]);
    expect(r.bgnbd.converged).toBe(true);
    expect(r.gammaGamma.converged).toBe(true);
    expect(r.customers).toBe(summary.customers.length);
    expect(r.repeatCustomers).toBe(summary.customers.filter((c) => c.x > 0).length);
    expect(r.windowEnd).toBe('2024-06-30');
    expect(r).toMatchObject({ horizonDays: 365, annualDiscountRate: 0.1, margin: 0.25 });
    expect(r.discounting).toContain('monthly steps');
    expect(r.spendIndependence.violated).toBe(false);
    expect(r.warnings).toEqual([]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  test('recovers the generating parameters roughly and predicts the holdout', () => {
    expect(Math.abs(run.result.bgnbd.r / BG.r - 1)).toBeLessThan(0.15);
    const holdout = run.result.holdout;
    expect(holdout?.holdoutWeeks).toBeCloseTo(184 / 7, 12);
    expect(Math.abs((holdout?.predicted as number) / (holdout?.actual as number) - 1)).toBeLessThan(
      0.06,
    );
  });

  test('one score per customer, finite and in range', () => {
    expect(run.scores).toHaveLength(summary.customers.length);
    for (const s of run.scores) {
      expect(s.pAlive).toBeGreaterThan(0);
      expect(s.pAlive).toBeLessThanOrEqual(1);
      expect(Number.isFinite(s.clv) && s.clv >= 0).toBe(true);
    }
  });

  test('data that cannot be fitted says why', () => {
    const once = summarizeTransactions(
      [
        { customerId: 'a', day: '2024-01-01', amount: 5 },
        { customerId: 'b', day: '2024-01-03', amount: 5 },
      ],
      { asOf: '2024-02-01' },
    );
    expect(() => runClv(once)).toThrow(
      'BG/NBD fit: none of the 2 customers has a repeat occasion (x > 0), so purchase rates and dropout cannot be estimated',
    );
    const free = summarizeTransactions(
      [
        { customerId: 'a', day: '2024-01-01', amount: 5 },
        { customerId: 'a', day: '2024-01-05', amount: 0 },
        { customerId: 'b', day: '2024-01-03', amount: 5 },
      ],
      { asOf: '2024-02-01' },
    );
    expect(() => runClv(free)).toThrow(
      'Gamma-Gamma fit: no repeat customer (x ≥ 1) with a positive mean repeat value (1 repeat customers had a mean repeat value ≤ 0)',
    );
    expect(() => runClv(summarizeTransactions([], { asOf: '2024-02-01' }))).toThrow(
      'CLV: no customer has a transaction before the as-of date (window ends 2024-01-31); nothing to fit',
    );
  });
});
