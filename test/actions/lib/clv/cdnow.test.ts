/**
 * Reproduces the published CDNOW results on the 2,357-customer sample: BG/NBD (Fader, Hardie & Lee 2005,
 * "Counting your customers the easy way", Marketing Science 24(2)) and Gamma-Gamma (Fader & Hardie 2013,
 * "The Gamma-Gamma Model of Monetary Value"). The E[X(t)] values are from Hardie's BG/NBD spreadsheet as
 * quoted by the lifetimes test suite.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import {
  bgnbdConditionalExpected,
  bgnbdExpected,
  bgnbdLogLikelihood,
  bgnbdPAlive,
  fitBgNbd,
  type BgNbdFit,
} from '../../../../actions/lib/clv/bgnbd.js';
import {
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaPopulationMean,
  type GammaGammaFit,
} from '../../../../actions/lib/clv/gamma-gamma.js';
import { checkSpendIndependence } from '../../../../actions/lib/clv/holdout.js';
import { loadCdnow, type CdnowCustomer } from './cdnow-fixture.js';

const PUBLISHED_BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PUBLISHED_LL = -9582.4;
const PUBLISHED_GG = { p: 6.25, q: 3.74, gamma: 15.44 };

let customers: CdnowCustomer[];
let columns: { x: number[]; tx: number[]; T: number[] };
let bg: BgNbdFit;
let gg: GammaGammaFit;

beforeAll(() => {
  customers = loadCdnow();
  columns = {
    x: customers.map((c) => c.x),
    tx: customers.map((c) => c.tx),
    T: customers.map((c) => c.T),
  };
  bg = fitBgNbd(columns);
  const repeat = customers.filter((c) => c.x > 0);
  gg = fitGammaGamma({ x: repeat.map((c) => c.x), meanValue: repeat.map((c) => c.zbar) });
});

describe('the CDNOW fixture', () => {
  test('is the 2,357-customer sample with 946 repeat customers and 2,457 repeat transactions', () => {
    expect(customers).toHaveLength(2357);
    expect(customers.filter((c) => c.x > 0)).toHaveLength(946);
    expect(customers.reduce((s, c) => s + c.x, 0)).toBe(2457);
  });
});

describe('BG/NBD on CDNOW', () => {
  test('converges from the default start (r = α = a = b = 1) without a penalty', () => {
    expect(bg.converged).toBe(true);
    expect(bg.iterations).toBeLessThan(100);
  });

  test('reproduces r = 0.243, α = 4.414, a = 0.793, b = 2.426 (to the published 3 decimals)', () => {
    expect(Math.abs(bg.r - PUBLISHED_BGNBD.r)).toBeLessThan(5e-4);
    expect(Math.abs(bg.alpha - PUBLISHED_BGNBD.alpha)).toBeLessThan(5e-4);
    expect(Math.abs(bg.a - PUBLISHED_BGNBD.a)).toBeLessThan(5e-4);
    expect(Math.abs(bg.b - PUBLISHED_BGNBD.b)).toBeLessThan(5e-4);
  });

  test('reproduces the log-likelihood −9582.4', () => {
    expect(Math.abs(bg.logLikelihood - PUBLISHED_LL)).toBeLessThan(0.05);
    // The published (rounded) parameters score no better than the estimate.
    expect(bgnbdLogLikelihood(PUBLISHED_BGNBD, columns)).toBeLessThanOrEqual(bg.logLikelihood);
    expect(bgnbdLogLikelihood(bg, columns)).toBeCloseTo(bg.logLikelihood, 8);
  });

  test('grouping identical (x, t_x, T) rows changes nothing but the row count', () => {
    const grouped = fitBgNbd(columns, { grouping: 'always' });
    expect(grouped.grouped).toBe(true);
    expect(grouped.rows).toBeLessThan(2357);
    expect(grouped.customers).toBe(2357);
    expect(grouped.logLikelihood).toBeCloseTo(bg.logLikelihood, 8);
    expect(grouped.r).toBeCloseTo(bg.r, 6);
    expect(grouped.b).toBeCloseTo(bg.b, 5);
  });

  test('customer x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226 purchases in the next 39 weeks', () => {
    expect(Math.abs(bgnbdConditionalExpected(bg, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(5e-4);
    expect(
      Math.abs(bgnbdConditionalExpected(PUBLISHED_BGNBD, 39, 2, 30.43, 38.86) - 1.226),
    ).toBeLessThan(5e-4);
  });

  test('E[X(t)], the expected repeat purchases in (0, t], matches Hardie’s spreadsheet', () => {
    const times = [0.1429, 1, 3, 31.8571, 32, 78];
    const sheet = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => {
      expect(Math.abs(bgnbdExpected(bg, t) - (sheet[i] as number))).toBeLessThan(5e-4);
    });
  });

  test('P(alive) for x = 2, t_x = 30.43, T = 38.86 is 0.7266', () => {
    // By hand with the published parameters: a/(b+x−1) = 0.793/3.426 = 0.231465;
    // ((α+T)/(α+t_x))^(r+x) = (43.274/34.844)^2.243 = 1.625846; P = 1/(1 + 0.231465·1.625846) = 0.7266.
    expect(bgnbdPAlive(PUBLISHED_BGNBD, 2, 30.43, 38.86)).toBeCloseTo(0.7266, 4);
    expect(bgnbdPAlive(bg, 0, 0, 38.86)).toBe(1);
    // The longer since the last purchase, the less likely alive.
    expect(bgnbdPAlive(bg, 2, 10, 38.86)).toBeLessThan(bgnbdPAlive(bg, 2, 30.43, 38.86));
  });
});

describe('Gamma-Gamma on the 946 CDNOW repeat customers', () => {
  test('converges from the default start p = q = γ = 1', () => {
    expect(gg.converged).toBe(true);
    expect(gg.customers).toBe(946);
  });

  test('reproduces p = 6.25, q = 3.74, γ = 15.44', () => {
    // Published to 2 decimals; the parameters lie on a flat ridge, and the estimate here has a slightly
    // higher likelihood than the published values (γ 15.448 vs 15.44), so the tolerance is 0.01.
    expect(Math.abs(gg.p - PUBLISHED_GG.p)).toBeLessThan(0.01);
    expect(Math.abs(gg.q - PUBLISHED_GG.q)).toBeLessThan(0.01);
    expect(Math.abs(gg.gamma - PUBLISHED_GG.gamma)).toBeLessThan(0.01);
    const repeat = customers.filter((c) => c.x > 0);
    const spend = { x: repeat.map((c) => c.x), meanValue: repeat.map((c) => c.zbar) };
    expect(gammaGammaLogLikelihood(PUBLISHED_GG, spend)).toBeLessThanOrEqual(gg.logLikelihood);
    expect(gammaGammaPopulationMean(gg)).toBeCloseTo(35.2, 0);
  });

  test('spend is nearly independent of frequency (correlation 0.11): no warning', () => {
    const check = checkSpendIndependence(
      customers.map((c) => ({ x: c.x, meanRepeatValue: c.x > 0 ? c.zbar : null })),
    );
    expect(check.repeatCustomers).toBe(946);
    expect(check.correlation).toBeCloseTo(0.11, 2);
    expect(check.violated).toBe(false);
    expect(check.warning).toBeUndefined();
  });
});
