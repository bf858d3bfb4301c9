/**
 * The Gamma-Gamma model of monetary value (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary
 * Value"): a customer's occasion values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, and
 * spend is assumed independent of purchase frequency. Fitted on repeat customers only (x ≥ 1, mean
 * repeat value m > 0) by maximum likelihood in log-parameters with an analytic gradient and BFGS.
 */
import {
  maximizeLikelihood,
  type LikelihoodFit,
  type MaxLikelihoodOptions,
} from './max-likelihood.js';
import { digamma, logGamma } from './special.js';

export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

export interface GammaGammaFit extends GammaGammaParams, LikelihoodFit {
  /** Repeat customers the fit used (Σ weight). */
  readonly customers: number;
  /** Repeat customers left out because their mean repeat value was ≤ 0. */
  readonly excludedNonPositive: number;
}

/** Per customer: x repeat occasions and m, the mean value of those repeat occasions. */
export interface SpendColumns {
  readonly x: ArrayLike<number>;
  readonly meanValue: ArrayLike<number>;
  readonly weight?: ArrayLike<number>;
}

export interface GammaGammaFitOptions extends MaxLikelihoodOptions {
  /** Default p = 1, q = 1, γ = 1. */
  readonly start?: GammaGammaParams;
}

export const DEFAULT_GAMMA_GAMMA_START: GammaGammaParams = { p: 1, q: 1, gamma: 1 };

interface SpendRows {
  readonly x: Int32Array;
  readonly m: Float64Array;
  readonly weight: Float64Array;
  readonly maxX: number;
  readonly weightByX: Float64Array;
  /** Σ weight·ln m by x. */
  readonly logMByX: Float64Array;
  readonly customers: number;
  readonly excludedNonPositive: number;
}

function spendRows(data: SpendColumns): SpendRows {
  const n = data.x.length;
  if (data.meanValue.length !== n || (data.weight && data.weight.length !== n))
    throw new RangeError(
      `Gamma-Gamma input columns differ in length: x ${n}, meanValue ${data.meanValue.length}` +
        (data.weight ? `, weight ${data.weight.length}` : ''),
    );
  const xs: number[] = [];
  const ms: number[] = [];
  const ws: number[] = [];
  let excluded = 0;
  let maxX = 0;
  for (let i = 0; i < n; i++) {
    const x = data.x[i] as number;
    const m = data.meanValue[i] as number;
    const w = data.weight ? (data.weight[i] as number) : 1;
    if (!Number.isInteger(x) || x < 0)
      throw new RangeError(
        `Gamma-Gamma input row ${i}: x = ${x} is not a non-negative whole number`,
      );
    if (!(w >= 0) || !Number.isFinite(w))
      throw new RangeError(`Gamma-Gamma input row ${i}: weight = ${w} is not a finite number ≥ 0`);
    if (x === 0 || w === 0) continue;
    if (!Number.isFinite(m))
      throw new RangeError(`Gamma-Gamma input row ${i}: mean repeat value ${m} is not finite`);
    if (m <= 0) {
      excluded += w;
      continue;
    }
    xs.push(x);
    ms.push(m);
    ws.push(w);
    if (x > maxX) maxX = x;
  }
  const weightByX = new Float64Array(maxX + 1);
  const logMByX = new Float64Array(maxX + 1);
  let customers = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    const w = ws[i] as number;
    weightByX[x] = (weightByX[x] as number) + w;
    logMByX[x] = (logMByX[x] as number) + w * Math.log(ms[i] as number);
    customers += w;
  }
  return {
    x: Int32Array.from(xs),
    m: Float64Array.from(ms),
    weight: Float64Array.from(ws),
    maxX,
    weightByX,
    logMByX,
    customers,
    excludedNonPositive: excluded,
  };
}

/**
 * Σ over repeat customers of
 * ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + x m),
 * and its gradient w.r.t. (p, q, γ).
 */
function logLikelihoodAndGradient(
  params: GammaGammaParams,
  rows: SpendRows,
  gradient: Float64Array,
): number {
  const { p, q, gamma } = params;
  const maxX = rows.maxX;
  const sumLog = new Float64Array(maxX + 1); // Σ w ln(γ + x m) by x
  const sumInv = new Float64Array(maxX + 1); // Σ w / (γ + x m) by x
  for (let i = 0; i < rows.x.length; i++) {
    const x = rows.x[i] as number;
    const w = rows.weight[i] as number;
    const v = gamma + x * (rows.m[i] as number);
    sumLog[x] = (sumLog[x] as number) + w * Math.log(v);
    sumInv[x] = (sumInv[x] as number) + w / v;
  }
  const lgQ = logGamma(q);
  const psiQ = digamma(q);
  const lnGamma = Math.log(gamma);
  let ll = 0;
  let gP = 0;
  let gQ = 0;
  let gG = 0;
  for (let x = 1; x <= maxX; x++) {
    const w = rows.weightByX[x] as number;
    if (w === 0) continue;
    const px = p * x;
    const lnX = Math.log(x);
    const psiPxQ = digamma(px + q);
    const psiPx = digamma(px);
    const sl = sumLog[x] as number;
    const slm = rows.logMByX[x] as number;
    ll +=
      w * (logGamma(px + q) - logGamma(px) - lgQ + q * lnGamma + px * lnX) +
      (px - 1) * slm -
      (px + q) * sl;
    gP += w * x * (psiPxQ - psiPx + lnX) + x * slm - x * sl;
    gQ += w * (psiPxQ - psiQ + lnGamma) - sl;
    gG += (w * q) / gamma - (px + q) * (sumInv[x] as number);
  }
  gradient[0] = gP;
  gradient[1] = gQ;
  gradient[2] = gG;
  return ll;
}

/** Σ Gamma-Gamma log-likelihood over the repeat customers with a positive mean repeat value. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: SpendColumns): number {
  return logLikelihoodAndGradient(params, spendRows(data), new Float64Array(3));
}

/** Maximum-likelihood Gamma-Gamma parameters. Throws when no repeat customer can be used. */
export function fitGammaGamma(
  data: SpendColumns,
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  const rows = spendRows(data);
  if (rows.customers === 0)
    throw new RangeError(
      'Gamma-Gamma fit: no repeat customer (x ≥ 1) with a positive mean repeat value' +
        (rows.excludedNonPositive > 0
          ? ` (${rows.excludedNonPositive} repeat customers had a mean repeat value ≤ 0)`
          : '') +
        '; the spend model needs at least one, and in practice hundreds',
    );
  const start = options.start ?? DEFAULT_GAMMA_GAMMA_START;
  const { params, ...report } = maximizeLikelihood(
    (v, gradient) =>
      logLikelihoodAndGradient(
        { p: v[0] as number, q: v[1] as number, gamma: v[2] as number },
        rows,
        gradient,
      ),
    [start.p, start.q, start.gamma],
    rows.customers,
    options,
  );
  const [p, q, gamma] = params as [number, number, number];
  return {
    p,
    q,
    gamma,
    ...report,
    customers: rows.customers,
    excludedNonPositive: rows.excludedNonPositive,
  };
}

/** E[M]: the population mean occasion value p·γ/(q−1); finite only for q > 1. */
export function gammaGammaPopulationMean(params: GammaGammaParams): number {
  const { p, q, gamma } = params;
  if (!(q > 1))
    throw new RangeError(
      `Gamma-Gamma population mean p·γ/(q−1) is infinite for q = ${q} ≤ 1: spend is too ` +
        'heavy-tailed to value customers; check the amounts for outliers or mixed currencies',
    );
  return (p * gamma) / (q - 1);
}

/**
 * E[M | x, m] as a line in m, the mean value of x repeat occasions: intercept + slope · m with
 * intercept p·γ / (p x + q − 1) and slope p x / (p x + q − 1); for x = 0 the population mean.
 */
export function gammaGammaValueLine(
  params: GammaGammaParams,
  x: number,
): { readonly intercept: number; readonly slope: number } {
  if (x === 0) return { intercept: gammaGammaPopulationMean(params), slope: 0 };
  const { p, q, gamma } = params;
  const denominator = p * x + q - 1;
  if (!(denominator > 0))
    throw new RangeError(
      `Gamma-Gamma expected value undefined: p·x + q − 1 = ${denominator} ≤ 0 (p = ${p}, q = ${q}, x = ${x})`,
    );
  return { intercept: (p * gamma) / denominator, slope: (p * x) / denominator };
}

/**
 * E[M | x, m]: expected value of a future occasion given x repeat occasions with mean value m,
 * (γ + x m)·p / (p x + q − 1); the population mean for x = 0.
 */
export function gammaGammaExpectedValue(
  params: GammaGammaParams,
  x: number,
  meanValue: number,
): number {
  const line = gammaGammaValueLine(params, x);
  return line.intercept + line.slope * meanValue;
}
