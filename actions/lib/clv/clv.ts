/**
 * Per-customer scores from fitted BG/NBD and Gamma-Gamma parameters: P(alive), expected purchases over
 * the horizon, expected occasion value and the discounted expected margin (clv).
 *
 * Discounting convention (exactly):
 * - the horizon of H days is cut into K = ⌈H / (365/12)⌉ monthly steps ending at day
 *   t_k = min(k · 365/12, H), k = 1 … K;
 * - the purchases expected in step k are E[Y(t_k/7) | x, t_x, T] − E[Y(t_{k−1}/7) | x, t_x, T]
 *   (the BG/NBD conditional cumulative expectation, time in weeks);
 * - each step is discounted at its end: factor (1 + annualRate)^(−t_k / 365);
 * - clv = margin · expected_avg_value · Σ_k ΔE_k · factor_k.
 * expected_purchases is the undiscounted E[Y(H/7) | x, t_x, T].
 */
import { bgnbdAliveExpected, bgnbdPAlive, type BgNbdParams } from './bgnbd.js';
import { gammaGammaExpectedValue, type GammaGammaParams } from './gamma-gamma.js';

export interface ClvOptions {
  /** Default 365. */
  readonly horizonDays?: number;
  /** Default 0.10. */
  readonly annualDiscountRate?: number;
  /** Share of the spend that is margin; default 1.0 (clv in revenue). */
  readonly margin?: number;
}

export interface ScoredCustomer {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly meanRepeatValue: number | null;
}

export interface CustomerClv {
  readonly pAlive: number;
  readonly expectedPurchases: number;
  readonly expectedAvgValue: number;
  readonly clv: number;
}

export const DEFAULT_HORIZON_DAYS = 365;
export const DEFAULT_ANNUAL_DISCOUNT_RATE = 0.1;
export const DEFAULT_MARGIN = 1;
const DAYS_PER_MONTH = 365 / 12;

export const DISCOUNTING_CONVENTION =
  'monthly steps of 365/12 days over the horizon; purchases per step from differences of the BG/NBD ' +
  'conditional cumulative expectation; each step discounted at its end by (1 + annualRate)^(-days/365)';

/** Step ends in days and their discount factors. */
export interface DiscountSchedule {
  readonly endDays: Float64Array;
  readonly factors: Float64Array;
}

export function discountSchedule(horizonDays: number, annualRate: number): DiscountSchedule {
  if (!(horizonDays > 0) || !Number.isFinite(horizonDays))
    throw new RangeError(`clv horizon ${horizonDays} days: must be a finite number > 0`);
  if (!(annualRate > -1) || !Number.isFinite(annualRate))
    throw new RangeError(`clv annual discount rate ${annualRate}: must be a finite number > −1`);
  const steps = Math.ceil(horizonDays / DAYS_PER_MONTH - 1e-9);
  const endDays = new Float64Array(steps);
  const factors = new Float64Array(steps);
  for (let k = 1; k <= steps; k++) {
    const end = Math.min(k * DAYS_PER_MONTH, horizonDays);
    endDays[k - 1] = end;
    factors[k - 1] = Math.pow(1 + annualRate, -end / 365);
  }
  return { endDays, factors };
}

/**
 * Undiscounted and discounted expected purchases over the schedule for an alive customer with x repeat
 * occasions and age T (multiply by P(alive) for the conditional expectation).
 */
function aliveExpectations(
  params: BgNbdParams,
  schedule: DiscountSchedule,
  x: number,
  T: number,
): { expected: number; discounted: number } {
  let previous = 0;
  let discounted = 0;
  for (let k = 0; k < schedule.endDays.length; k++) {
    const cumulative = bgnbdAliveExpected(params, (schedule.endDays[k] as number) / 7, x, T);
    discounted += (cumulative - previous) * (schedule.factors[k] as number);
    previous = cumulative;
  }
  return { expected: previous, discounted };
}

/** BG/NBD's part of a score: what it says about a customer with one history. */
export interface HistoryScore {
  readonly pAlive: number;
  /** E[Y(horizon) | x, t_x, T], undiscounted. */
  readonly expectedPurchases: number;
  /** The same, each monthly step discounted: clv = margin · expected_avg_value · this. */
  readonly discountedPurchases: number;
}

/**
 * Scores histories with BG/NBD. The (x, T)-dependent series are computed once per distinct (x, T)
 * pair, so customers from the same acquisition day with the same frequency share the work.
 */
export function scoreHistories(
  histories: readonly { readonly x: number; readonly tx: number; readonly T: number }[],
  bgnbd: BgNbdParams,
  options: ClvOptions = {},
): HistoryScore[] {
  const schedule = discountSchedule(
    options.horizonDays ?? DEFAULT_HORIZON_DAYS,
    options.annualDiscountRate ?? DEFAULT_ANNUAL_DISCOUNT_RATE,
  );
  const cache = new Map<number, Map<number, { expected: number; discounted: number }>>();
  return histories.map((c) => {
    let byT = cache.get(c.x);
    if (byT === undefined) {
      byT = new Map();
      cache.set(c.x, byT);
    }
    let alive = byT.get(c.T);
    if (alive === undefined) {
      alive = aliveExpectations(bgnbd, schedule, c.x, c.T);
      byT.set(c.T, alive);
    }
    const pAlive = bgnbdPAlive(bgnbd, c.x, c.tx, c.T);
    return {
      pAlive,
      expectedPurchases: pAlive * alive.expected,
      discountedPurchases: pAlive * alive.discounted,
    };
  });
}

/** Scores every customer: BG/NBD's expectations times Gamma-Gamma's expected occasion value. */
export function scoreCustomers(
  customers: readonly ScoredCustomer[],
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  options: ClvOptions = {},
): CustomerClv[] {
  const margin = options.margin ?? DEFAULT_MARGIN;
  if (!Number.isFinite(margin))
    throw new RangeError(`clv margin ${margin}: must be a finite number`);
  const histories = scoreHistories(customers, bgnbd, options);
  return customers.map((c, i) => {
    const h = histories[i] as HistoryScore;
    const expectedAvgValue = gammaGammaExpectedValue(gammaGamma, c.x, c.meanRepeatValue ?? 0);
    return {
      pAlive: h.pAlive,
      expectedPurchases: h.expectedPurchases,
      expectedAvgValue,
      clv: margin * expectedAvgValue * h.discountedPurchases,
    };
  });
}
