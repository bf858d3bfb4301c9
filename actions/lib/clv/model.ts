/**
 * One CLV run over a transaction summary: fit BG/NBD on every customer and Gamma-Gamma on the repeat
 * customers, score each customer, and (when the summary has a holdout) compare predicted and actual
 * holdout occasions. The result is what `clv.json` holds; the scores are one row per customer.
 */
import { fitBgNbd, type BgNbdFit } from './bgnbd.js';
import {
  DEFAULT_ANNUAL_DISCOUNT_RATE,
  DEFAULT_HORIZON_DAYS,
  DEFAULT_MARGIN,
  DISCOUNTING_CONVENTION,
  scoreCustomers,
  type ClvOptions,
  type CustomerClv,
} from './clv.js';
import { historiesFingerprint } from './fingerprint.js';
import { fitGammaGamma, type GammaGammaFit } from './gamma-gamma.js';
import {
  checkSpendIndependence,
  DEFAULT_INDEPENDENCE_THRESHOLD,
  holdoutTable,
  type HoldoutTable,
} from './holdout.js';
import type { Grouping } from './rfm-data.js';
import { formatDay, type TransactionSummary } from './summary.js';

export interface ClvModelOptions extends ClvOptions {
  /** |corr(x, mean repeat value)| above which a warning is raised; default 0.3. */
  readonly independenceThreshold?: number;
  readonly grouping?: Grouping;
}

/** The holdout table with its period: from the as-of date to the holdout's last day, YYYY-MM-DD. */
export interface ClvHoldout extends HoldoutTable {
  readonly firstDay: string;
  readonly lastDay: string;
}

export interface ClvJson {
  readonly bgnbd: {
    readonly r: number;
    readonly alpha: number;
    readonly a: number;
    readonly b: number;
    readonly logLikelihood: number;
    readonly iterations: number;
    readonly converged: boolean;
  };
  readonly gammaGamma: {
    readonly p: number;
    readonly q: number;
    readonly gamma: number;
    readonly logLikelihood: number;
    readonly iterations: number;
    readonly converged: boolean;
  };
  readonly customers: number;
  readonly repeatCustomers: number;
  /** Last day of the calibration window, YYYY-MM-DD. */
  readonly windowEnd: string;
  /** Of the window and its histories (clv/fingerprint.ts): equal for fits of the same data. */
  readonly dataFingerprint: string;
  readonly horizonDays: number;
  readonly annualDiscountRate: number;
  readonly margin: number;
  readonly discounting: string;
  readonly spendIndependence: {
    readonly correlation: number | null;
    readonly threshold: number;
    readonly violated: boolean;
  };
  readonly holdout?: ClvHoldout;
  readonly warnings: string[];
}

/** A fit with its holdout check: what `workshop clv validate` writes to clv-validation.json. */
export type ClvValidation = ClvJson & { readonly holdout: ClvHoldout };

/** What the page shows of a validation. */
export type HoldoutCheck = Pick<
  ClvValidation,
  'windowEnd' | 'dataFingerprint' | 'holdout' | 'warnings'
>;

export interface ClvScoreRow extends CustomerClv {
  readonly customerId: string;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
}

export interface ClvRun {
  readonly result: ClvJson;
  readonly scores: ClvScoreRow[];
  readonly bgnbdFit: BgNbdFit;
  readonly gammaGammaFit: GammaGammaFit;
}

/**
 * What the two models are fitted on: one row per customer, or per group of customers with the same
 * history (`weight` customers each). t_x and T in weeks; the mean repeat value is null for x = 0.
 */
export interface ClvHistory {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly meanRepeatValue: number | null;
  readonly weight: number;
}

/** A fit without per-customer scores: `clv.json` (no holdout) and the fitted models. */
export interface ClvFit {
  readonly result: ClvJson;
  readonly bgnbdFit: BgNbdFit;
  readonly gammaGammaFit: GammaGammaFit;
  /** The options with their defaults filled in. */
  readonly scoring: Required<ClvOptions>;
}

/**
 * Fits BG/NBD on every history and Gamma-Gamma on the repeat ones, and checks Gamma-Gamma's
 * independence assumption. `windowEndDate` is the last day of the calibration window.
 */
export function fitClv(
  histories: readonly ClvHistory[],
  windowEndDate: string,
  options: ClvModelOptions = {},
): ClvFit {
  const customers = histories.reduce((n, h) => n + h.weight, 0);
  if (customers === 0)
    throw new RangeError(
      `CLV: no customer has a transaction before the as-of date (window ends ${windowEndDate}); nothing to fit`,
    );
  const bgnbdFit = fitBgNbd(
    {
      x: histories.map((h) => h.x),
      tx: histories.map((h) => h.tx),
      T: histories.map((h) => h.T),
      weight: histories.map((h) => h.weight),
    },
    options.grouping === undefined ? {} : { grouping: options.grouping },
  );
  const repeat = histories.filter((h) => h.x > 0);
  const gammaGammaFit = fitGammaGamma({
    x: repeat.map((h) => h.x),
    meanValue: repeat.map((h) => h.meanRepeatValue ?? 0),
    weight: repeat.map((h) => h.weight),
  });
  const warnings: string[] = [];
  if (!bgnbdFit.converged) warnings.push(`BG/NBD fit did not converge: ${bgnbdFit.message}`);
  if (!gammaGammaFit.converged)
    warnings.push(`Gamma-Gamma fit did not converge: ${gammaGammaFit.message}`);
  if (gammaGammaFit.excludedNonPositive > 0)
    warnings.push(
      `${gammaGammaFit.excludedNonPositive} repeat customers with a mean repeat value of 0 were left out of the Gamma-Gamma fit`,
    );
  const independence = checkSpendIndependence(
    histories,
    options.independenceThreshold ?? DEFAULT_INDEPENDENCE_THRESHOLD,
  );
  if (independence.warning !== undefined) warnings.push(independence.warning);

  const scoring = {
    horizonDays: options.horizonDays ?? DEFAULT_HORIZON_DAYS,
    annualDiscountRate: options.annualDiscountRate ?? DEFAULT_ANNUAL_DISCOUNT_RATE,
    margin: options.margin ?? DEFAULT_MARGIN,
  };
  const result: ClvJson = {
    bgnbd: {
      r: bgnbdFit.r,
      alpha: bgnbdFit.alpha,
      a: bgnbdFit.a,
      b: bgnbdFit.b,
      logLikelihood: bgnbdFit.logLikelihood,
      iterations: bgnbdFit.iterations,
      converged: bgnbdFit.converged,
    },
    gammaGamma: {
      p: gammaGammaFit.p,
      q: gammaGammaFit.q,
      gamma: gammaGammaFit.gamma,
      logLikelihood: gammaGammaFit.logLikelihood,
      iterations: gammaGammaFit.iterations,
      converged: gammaGammaFit.converged,
    },
    customers,
    repeatCustomers: repeat.reduce((n, h) => n + h.weight, 0),
    windowEnd: windowEndDate,
    dataFingerprint: historiesFingerprint(histories, windowEndDate),
    ...scoring,
    discounting: DISCOUNTING_CONVENTION,
    spendIndependence: {
      correlation: independence.correlation,
      threshold: independence.threshold,
      violated: independence.violated,
    },
    warnings,
  };
  return { result, bgnbdFit, gammaGammaFit, scoring };
}

/** Fits on every customer of `summary`, scores each, and fills the holdout table when it has one. */
export function runClv(summary: TransactionSummary, options: ClvModelOptions = {}): ClvRun {
  const customers = summary.customers;
  const fit = fitClv(
    customers.map((c) => ({ ...c, weight: 1 })),
    summary.windowEndDate,
    options,
  );
  const { bgnbdFit, gammaGammaFit } = fit;
  const clvs = scoreCustomers(customers, bgnbdFit, gammaGammaFit, fit.scoring);
  const scores = customers.map((c, i) => ({
    customerId: c.customerId,
    x: c.x,
    tx: c.tx,
    T: c.T,
    ...(clvs[i] as CustomerClv),
  }));

  const holdout =
    summary.holdoutWeeks === undefined || summary.holdoutEnd === undefined
      ? undefined
      : {
          ...holdoutTable(
            customers.map((c) => ({
              x: c.x,
              tx: c.tx,
              T: c.T,
              holdoutOccasions: c.holdoutOccasions ?? 0,
            })),
            bgnbdFit,
            summary.holdoutWeeks,
          ),
          firstDay: formatDay(summary.asOf),
          lastDay: formatDay(summary.holdoutEnd - 1),
        };
  const result: ClvJson = { ...fit.result, ...(holdout === undefined ? {} : { holdout }) };
  return { result, scores, bgnbdFit, gammaGammaFit };
}
