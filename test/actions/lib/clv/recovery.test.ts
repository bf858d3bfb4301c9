/**
 * Parameter recovery: 200,000 customers simulated from known BG/NBD and Gamma-Gamma parameters (seeded),
 * fitted back. Tolerances are about 4–5 standard deviations of the estimates at this size (measured over
 * 12 seeds at 100,000 customers: r, α ±0.8%; a, b ±4.5%; p, γ ±4%; q ±1.5%; p·γ/(q−1) ±0.6%).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { fitBgNbd, type BgNbdFit } from '../../../../actions/lib/clv/bgnbd.js';
import {
  fitGammaGamma,
  gammaGammaPopulationMean,
  type GammaGammaFit,
} from '../../../../actions/lib/clv/gamma-gamma.js';
import {
  simulateCustomers,
  type SimulatedCustomers,
} from '../../../../actions/lib/clv/simulate.js';
import { createRandom } from '../../../../actions/lib/random.js';

const TRUTH = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const SPEND = { p: 6.25, q: 3.74, gamma: 15.44 };

const relative = (estimate: number, truth: number): number => Math.abs(estimate / truth - 1);

let sim: SimulatedCustomers;
let bg: BgNbdFit;
let gg: GammaGammaFit;

beforeAll(() => {
  sim = simulateCustomers(200_000, TRUTH, createRandom(2026), { minT: 1, maxT: 78, spend: SPEND });
  bg = fitBgNbd(sim);
  gg = fitGammaGamma({ x: sim.x, meanValue: sim.meanValue });
});

describe('recovery of simulated parameters', () => {
  test('BG/NBD: r and α within 4%, a and b within 15%', () => {
    expect(bg.converged).toBe(true);
    expect(relative(bg.r, TRUTH.r)).toBeLessThan(0.04);
    expect(relative(bg.alpha, TRUTH.alpha)).toBeLessThan(0.04);
    expect(relative(bg.a, TRUTH.a)).toBeLessThan(0.15);
    expect(relative(bg.b, TRUTH.b)).toBeLessThan(0.15);
  });

  test('Gamma-Gamma: p and γ within 15%, q within 6%, the mean value p·γ/(q−1) within 2.5%', () => {
    expect(gg.converged).toBe(true);
    expect(relative(gg.p, SPEND.p)).toBeLessThan(0.15);
    expect(relative(gg.q, SPEND.q)).toBeLessThan(0.06);
    expect(relative(gg.gamma, SPEND.gamma)).toBeLessThan(0.15);
    expect(relative(gammaGammaPopulationMean(gg), gammaGammaPopulationMean(SPEND))).toBeLessThan(
      0.025,
    );
  });

  test('the fit does not depend on the starting point', () => {
    const other = fitBgNbd(sim, { start: { r: 3, alpha: 0.5, a: 0.2, b: 8 } });
    expect(other.converged).toBe(true);
    expect(other.logLikelihood).toBeCloseTo(bg.logLikelihood, 4);
    expect(relative(other.a, bg.a)).toBeLessThan(1e-4);
  });

  test('day-granular data: grouped and ungrouped fits agree', () => {
    const days = simulateCustomers(20_000, TRUTH, createRandom(7), {
      minT: 1,
      maxT: 78,
      dayGranular: true,
    });
    const grouped = fitBgNbd(days);
    const ungrouped = fitBgNbd(days, { grouping: 'never' });
    expect(grouped.grouped).toBe(true);
    expect(grouped.rows).toBeLessThan(days.x.length / 2);
    expect(ungrouped.rows).toBe(20_000);
    expect(grouped.logLikelihood).toBeCloseTo(ungrouped.logLikelihood, 6);
    expect(relative(grouped.b, ungrouped.b)).toBeLessThan(1e-6);
  });
});
