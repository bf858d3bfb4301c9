/**
 * Customers drawn from known BG/NBD and Gamma-Gamma parameters, for recovery tests and benchmarks.
 * Per customer: λ ~ Gamma(r, rate α), p ~ Beta(a, b), ν ~ Gamma(q, rate γ); repeat purchases arrive as a
 * Poisson process with rate λ from the first purchase at time 0; after each repeat purchase the customer
 * drops out with probability p; each repeat occasion is worth Gamma(p_gg, rate ν).
 */
import type { Random } from '../random.js';
import type { BgNbdParams } from './bgnbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
export function sampleGamma(rng: Random, shape: number, rate: number): number {
  if (shape < 1) {
    const u = 1 - rng.next();
    return sampleGamma(rng, shape + 1, rate) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v0 = 1 + c * z;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function sampleBeta(rng: Random, a: number, b: number): number {
  const x = sampleGamma(rng, a, 1);
  const y = sampleGamma(rng, b, 1);
  return x / (x + y);
}

export interface SimulationOptions {
  /** Each customer's T (weeks) is uniform in [minT, maxT]. */
  readonly minT: number;
  readonly maxT: number;
  /** Weeks after T whose purchases are counted as holdout occasions; default 0. */
  readonly holdoutWeeks?: number;
  /**
   * Put purchases on calendar days (day = ⌊t·7⌋, T a whole number of days); a second purchase on an
   * occasion's day joins that occasion. Default false (continuous time, the model exactly).
   */
  readonly dayGranular?: boolean;
  /** Spend parameters; without them meanValue is 0. */
  readonly spend?: GammaGammaParams;
}

export interface SimulatedCustomers {
  readonly x: Int32Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly holdoutOccasions: Int32Array;
  /** Mean repeat occasion value; 0 when x = 0. */
  readonly meanValue: Float64Array;
}

export function simulateCustomers(
  n: number,
  params: BgNbdParams,
  rng: Random,
  options: SimulationOptions,
): SimulatedCustomers {
  const x = new Int32Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const holdout = new Int32Array(n);
  const meanValue = new Float64Array(n);
  const holdoutWeeks = options.holdoutWeeks ?? 0;
  const days = options.dayGranular === true;
  for (let i = 0; i < n; i++) {
    let age = options.minT + rng.next() * (options.maxT - options.minT);
    if (days) age = Math.round(age * 7) / 7;
    const lambda = sampleGamma(rng, params.r, params.alpha);
    const dropout = sampleBeta(rng, params.a, params.b);
    let t = 0;
    let lastOccasion = 0;
    let lastInWindow = 0;
    let count = 0;
    let later = 0;
    for (;;) {
      t += -Math.log(1 - rng.next()) / lambda;
      const at = days ? Math.floor(t * 7) / 7 : t;
      if (at > age + holdoutWeeks) break;
      if (days && at === lastOccasion) continue;
      if (at <= age) {
        count++;
        lastInWindow = at;
      } else later++;
      lastOccasion = at;
      if (rng.next() < dropout) break;
    }
    x[i] = count;
    tx[i] = lastInWindow;
    T[i] = age;
    holdout[i] = later;
    if (options.spend !== undefined && count > 0) {
      const nu = sampleGamma(rng, options.spend.q, options.spend.gamma);
      meanValue[i] = sampleGamma(rng, options.spend.p * count, nu) / count;
    }
  }
  return { x, tx, T, holdoutOccasions: holdout, meanValue };
}
