/**
 * The BG/NBD expectation checked against its definition by numerical integration: for a customer known
 * to be alive with x = 0 and age T, λ | data ~ Gamma(r, α+T) and p ~ Beta(a, b), so
 *   E[Y(t)] = ∫₀¹ (1 − ((α+T)/(α+T+pt))^r) / p · Beta(p; a, b) dp.
 * This covers a + b < 1, where the textbook 2F1 form has c = a+b−1 < 0, and a = 1, where it is 0/0.
 */
import { describe, expect, test } from '@jest/globals';
import {
  bgnbdAliveExpected,
  bgnbdConditionalExpected,
  bgnbdExpected,
  type BgNbdParams,
} from '../../../../actions/lib/clv/bgnbd.js';
import { hyp2f1, logGamma } from '../../../../actions/lib/clv/special.js';

/** Midpoint rule after p = u^(1/a) on [0, ½] and 1−p = v^(1/b) on [½, 1], which remove the endpoint singularities. */
function byIntegration(params: BgNbdParams, t: number, T: number): number {
  const { r, alpha, a, b } = params;
  const beta = alpha + T;
  const g = (p: number): number => -Math.expm1(-r * Math.log1p((p * t) / beta)) / p;
  const n = 200_000;
  let sum = 0;
  const u = Math.pow(0.5, a);
  for (let i = 0; i < n; i++) {
    const p = Math.pow(((i + 0.5) / n) * u, 1 / a);
    sum += ((g(p) * Math.pow(1 - p, b - 1)) / a) * (u / n);
  }
  const v = Math.pow(0.5, b);
  for (let i = 0; i < n; i++) {
    const p = 1 - Math.pow(((i + 0.5) / n) * v, 1 / b);
    sum += ((g(p) * Math.pow(p, a - 1)) / b) * (v / n);
  }
  return sum / Math.exp(logGamma(a) + logGamma(b) - logGamma(a + b));
}

describe('bgnbdAliveExpected', () => {
  test.each([
    ['CDNOW', { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }],
    ['a + b < 1', { r: 0.0523, alpha: 20.8, a: 0.314, b: 0.406 }],
    ['a = 1', { r: 0.5, alpha: 3, a: 1, b: 1.5 }],
    ['strong heterogeneity', { r: 1.5, alpha: 2, a: 0.2, b: 0.3 }],
  ])('matches the defining integral (%s)', (_name, params) => {
    for (const [t, T] of [
      [52, 0],
      [52, 40],
      [5, 10],
      [200, 3],
    ] as const) {
      const expected = byIntegration(params, t, T);
      expect(Math.abs(bgnbdAliveExpected(params, t, 0, T) - expected)).toBeLessThan(
        2e-6 * Math.max(1, expected),
      );
    }
  });

  test('equals the textbook 2F1 formula (Fader, Hardie & Lee eq. 10) where that converges', () => {
    const { r, alpha, a, b } = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const [t, x, tx, T] of [
      [39, 2, 30.43, 38.86],
      [10, 0, 0, 20],
      [52, 7, 35, 38],
    ] as const) {
      const z = t / (alpha + T + t);
      const textbook =
        ((a + b + x - 1) / (a - 1)) *
        (1 -
          Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z));
      const pAliveDenominator =
        x === 0 ? 1 : 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x);
      expect(bgnbdConditionalExpected({ r, alpha, a, b }, t, x, tx, T)).toBeCloseTo(
        textbook / pAliveDenominator,
        10,
      );
    }
  });

  test('E[X(t)] is 0 at t = 0 and grows with t', () => {
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(bgnbdExpected(params, 0)).toBe(0);
    let previous = 0;
    for (const t of [1, 10, 52, 520]) {
      const e = bgnbdExpected(params, t);
      expect(e).toBeGreaterThan(previous);
      previous = e;
    }
  });
});

describe('the alive expectation with a large a (a fit of mostly one-time buyers)', () => {
  // p ~ Beta(a, b) sits at 1: a customer drops out at the next purchase.
  const params = { r: 0.085, alpha: 78, a: 20850, b: 4.8e-5 };

  test('is finite and close to P(one more purchase in t), the limit p = 1', () => {
    for (const [x, T] of [
      [0, 13.9],
      [0, 33.1],
      [2, 40],
    ] as const) {
      for (const t of [4, 26, 52]) {
        const e = bgnbdAliveExpected(params, t, x, T);
        expect(Number.isFinite(e)).toBe(true);
        const oneMore = -Math.expm1(
          (params.r + x) * Math.log((params.alpha + T) / (params.alpha + T + t)),
        );
        expect(Math.abs(e - oneMore) / oneMore).toBeLessThan(0.01);
      }
    }
  });

  test('both evaluations agree where the switch between them falls', () => {
    // −(a−1)·ln(1−z) crosses 30 between these two horizons for a = 60.
    const near = { r: 0.5, alpha: 10, a: 60, b: 3 };
    const T = 20;
    const tAt = (k: number): number => (T + near.alpha) * Math.expm1(k / (near.a - 1));
    const below = bgnbdAliveExpected(near, tAt(29.999), 1, T);
    const above = bgnbdAliveExpected(near, tAt(30.001), 1, T);
    expect(Math.abs(above - below) / below).toBeLessThan(1e-4);
  });
});
