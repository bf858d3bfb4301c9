/**
 * Validation of a calibration-window fit: predicted vs actual repeat occasions in a holdout period, and
 * a check of the Gamma-Gamma assumption that spend does not depend on purchase frequency.
 */
import { bgnbdConditionalExpected, type BgNbdParams } from './bgnbd.js';
import { weightedCorrelation } from './weighted-correlation.js';

export interface HoldoutCustomer {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  /** Repeat occasions in the holdout period (every holdout occasion is a repeat occasion). */
  readonly holdoutOccasions: number;
}

export interface HoldoutRow {
  /** Calibration repeat occasions: "0", "1", … and the last bin "7+". */
  readonly frequency: string;
  readonly customers: number;
  readonly actual: number;
  readonly predicted: number;
  readonly actualMean: number;
  readonly predictedMean: number;
}

export interface HoldoutTable {
  readonly holdoutWeeks: number;
  readonly customers: number;
  readonly actual: number;
  readonly predicted: number;
  readonly byFrequency: HoldoutRow[];
}

/**
 * Actual vs BG/NBD-predicted (conditional expectation over `holdoutWeeks`) holdout occasions, in total
 * and by calibration frequency 0, 1, …, lastBin−1 and lastBin+ (default 7+). Empty bins are kept.
 */
export function holdoutTable(
  customers: readonly HoldoutCustomer[],
  params: BgNbdParams,
  holdoutWeeks: number,
  lastBin = 7,
): HoldoutTable {
  if (!(holdoutWeeks > 0))
    throw new RangeError(
      `holdout length ${holdoutWeeks} weeks: must be > 0 (holdoutEnd after asOf)`,
    );
  const count = new Float64Array(lastBin + 1);
  const actual = new Float64Array(lastBin + 1);
  const predicted = new Float64Array(lastBin + 1);
  customers.forEach((c, i) => {
    if (!Number.isInteger(c.holdoutOccasions) || c.holdoutOccasions < 0)
      throw new RangeError(
        `holdout customer ${i}: holdoutOccasions = ${c.holdoutOccasions} is not a whole number ≥ 0 ` +
          '(summarise with a holdoutEnd to get it)',
      );
    const bin = Math.min(c.x, lastBin);
    count[bin] = (count[bin] as number) + 1;
    actual[bin] = (actual[bin] as number) + c.holdoutOccasions;
    predicted[bin] =
      (predicted[bin] as number) + bgnbdConditionalExpected(params, holdoutWeeks, c.x, c.tx, c.T);
  });
  const byFrequency: HoldoutRow[] = [];
  let totalActual = 0;
  let totalPredicted = 0;
  for (let bin = 0; bin <= lastBin; bin++) {
    const n = count[bin] as number;
    const a = actual[bin] as number;
    const p = predicted[bin] as number;
    totalActual += a;
    totalPredicted += p;
    byFrequency.push({
      frequency: bin === lastBin ? `${bin}+` : String(bin),
      customers: n,
      actual: a,
      predicted: p,
      actualMean: n === 0 ? 0 : a / n,
      predictedMean: n === 0 ? 0 : p / n,
    });
  }
  return {
    holdoutWeeks,
    customers: customers.length,
    actual: totalActual,
    predicted: totalPredicted,
    byFrequency,
  };
}

export interface SpendIndependence {
  /** Pearson correlation of x and mean repeat value among repeat customers; null with < 3 of them. */
  readonly correlation: number | null;
  readonly repeatCustomers: number;
  readonly threshold: number;
  readonly violated: boolean;
  readonly warning?: string;
}

/**
 * |corr(x, mean repeat value)| above this among repeat customers counts as a clear violation. CDNOW, the
 * textbook case where the assumption holds well enough, has 0.11 (Fader & Hardie 2013).
 */
export const DEFAULT_INDEPENDENCE_THRESHOLD = 0.3;

export function checkSpendIndependence(
  customers: readonly {
    readonly x: number;
    readonly meanRepeatValue: number | null;
    /** Customers this row stands for; default 1. */
    readonly weight?: number;
  }[],
  threshold = DEFAULT_INDEPENDENCE_THRESHOLD,
): SpendIndependence {
  const repeat = customers.flatMap((c) =>
    c.x > 0 && c.meanRepeatValue !== null
      ? [{ x: c.x, y: c.meanRepeatValue, w: c.weight ?? 1 }]
      : [],
  );
  let n = 0;
  for (const p of repeat) n += p.w;
  if (n < 3) return { correlation: null, repeatCustomers: n, threshold, violated: false };
  const correlation = weightedCorrelation(repeat, n);
  const violated = Math.abs(correlation) > threshold;
  return {
    correlation,
    repeatCustomers: n,
    threshold,
    violated,
    ...(violated
      ? {
          warning:
            `Gamma-Gamma assumes spend is independent of purchase frequency, but among the ${n} ` +
            `repeat customers the correlation of repeat occasions (x) and mean repeat value is ` +
            `${correlation.toFixed(3)} (|r| > ${threshold}); expected_avg_value and clv may be biased`,
        }
      : {}),
  };
}
