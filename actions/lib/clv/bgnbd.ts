/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): purchases follow
 * a Poisson process with rate λ ~ Gamma(r, α); after each repeat purchase a customer drops out with
 * probability p ~ Beta(a, b). Time is in weeks. Maximum likelihood in log-parameters with an analytic
 * gradient and BFGS; the likelihood is evaluated in log space (Fader & Hardie's note 027 form), so it
 * neither overflows nor needs a penalty.
 */
import {
  maximizeLikelihood,
  type LikelihoodFit,
  type MaxLikelihoodOptions,
} from './max-likelihood.js';
import { indexRfm, type Grouping, type IndexedRfm, type RfmColumns } from './rfm-data.js';
import { digamma, expm1Over, hyp2f1, hyp2f1ScaledExcess, logGamma } from './special.js';

export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

export interface BgNbdFit extends BgNbdParams, LikelihoodFit {
  readonly customers: number;
  /** Rows the likelihood loop ran over (distinct (x, t_x, T) triples when grouped). */
  readonly rows: number;
  readonly grouped: boolean;
}

export interface BgNbdFitOptions extends MaxLikelihoodOptions {
  /** Starting values; default r = 1, α = 1, a = 1, b = 1. */
  readonly start?: BgNbdParams;
  readonly grouping?: Grouping;
}

export const DEFAULT_BGNBD_START: BgNbdParams = { r: 1, alpha: 1, a: 1, b: 1 };

/** Rows per block of the blocked sums (a power of two, minus one). */
const BLOCK_MASK = 511;

/** Sums of weights that do not depend on the parameters, so each evaluation skips them. */
interface Aggregates {
  /** Σ weight by x. */
  readonly weightByX: Float64Array;
  /** Σ weight of x = 0 rows by T index: those rows contribute −r ln(α+T) only. */
  readonly zeroWeightByT: Float64Array;
  /** Rows with x > 0. */
  readonly repeatRows: Int32Array;
}

function aggregate(data: IndexedRfm): Aggregates {
  const weightByX = new Float64Array(data.maxX + 1);
  const zeroWeightByT = new Float64Array(data.TValues.length);
  const repeat: number[] = [];
  for (let i = 0; i < data.rows; i++) {
    const x = data.x[i] as number;
    const w = data.weight[i] as number;
    weightByX[x] = (weightByX[x] as number) + w;
    if (x === 0) {
      const k = data.TIndex[i] as number;
      zeroWeightByT[k] = (zeroWeightByT[k] as number) + w;
    } else repeat.push(i);
  }
  return { weightByX, zeroWeightByT, repeatRows: Int32Array.from(repeat) };
}

/** ln(α+v) and 1/(α+v) for each of the distinct `values` of T or t_x. */
function shiftedLogAndInverse(
  alpha: number,
  values: ArrayLike<number>,
): [Float64Array, Float64Array] {
  const ln = new Float64Array(values.length);
  const inv = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = alpha + (values[k] as number);
    ln[k] = Math.log(v);
    inv[k] = 1 / v;
  }
  return [ln, inv];
}

/**
 * Σ log-likelihood and its gradient w.r.t. (r, α, a, b) (not the logs). Per customer:
 * ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *   + ln[(α+T)^−(r+x) + 1{x>0} a/(b+x−1) (α+t_x)^−(r+x)].
 */
function logLikelihoodAndGradient(
  params: BgNbdParams,
  data: IndexedRfm,
  agg: Aggregates,
  gradient: Float64Array,
): number {
  const { r, alpha, a, b } = params;
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  const [lnAT, invAT] = shiftedLogAndInverse(alpha, data.TValues);
  const [lnATx, invATx] = shiftedLogAndInverse(alpha, data.txValues);
  const nT = lnAT.length;

  // Terms that depend on x only, by recurrence in x: ln Γ(z+1) = ln Γ(z) + ln z, ψ(z+1) = ψ(z) + 1/z.
  const maxX = data.maxX;
  const lnB1 = new Float64Array(maxX + 1); // ln a − ln(b+x−1), x ≥ 1
  const inv1 = new Float64Array(maxX + 1); // 1/(b+x−1)
  let ll = 0;
  let gR = 0;
  let gAlpha = 0;
  let gA = 0;
  let gB = 0;
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  let lgRx = lgR;
  let lgBx = lgB;
  let lgABx = lgAB;
  let psiRx = psiR;
  let psiBx = psiB;
  let psiABx = psiAB;
  for (let x = 0; x <= maxX; x++) {
    if (x > 0) {
      lgRx += Math.log(r + x - 1);
      lgBx += Math.log(b + x - 1);
      lgABx += Math.log(a + b + x - 1);
      psiRx += 1 / (r + x - 1);
      psiBx += 1 / (b + x - 1);
      psiABx += 1 / (a + b + x - 1);
      lnB1[x] = lnA - Math.log(b + x - 1);
      inv1[x] = 1 / (b + x - 1);
    }
    const w = agg.weightByX[x] as number;
    if (w === 0) continue;
    ll += w * (lgRx - lgR + r * lnAlpha + lgAB + lgBx - lgB - lgABx);
    gR += w * (psiRx - psiR + lnAlpha);
    gAlpha += (w * r) / alpha;
    gA += w * (psiAB - psiABx);
    gB += w * (psiAB + psiBx - psiB - psiABx);
  }

  // Sums over up to millions of rows are added up in blocks, so rounding grows with
  // √rows-ish instead of rows and does not stall the minimiser near the optimum.
  let zLog = 0;
  let zInv = 0;
  let bLog = 0;
  let bInv = 0;
  for (let k = 0; k < nT; k++) {
    const w = agg.zeroWeightByT[k] as number;
    bLog += w * (lnAT[k] as number);
    bInv += w * (invAT[k] as number);
    if ((k & BLOCK_MASK) === BLOCK_MASK) {
      zLog += bLog;
      zInv += bInv;
      bLog = 0;
      bInv = 0;
    }
  }
  zLog += bLog;
  zInv += bInv;
  ll -= r * zLog;
  gR -= zLog;
  gAlpha -= r * zInv;

  const rows = agg.repeatRows;
  let sLl = 0;
  let sR = 0;
  let sAlpha = 0;
  let sA = 0;
  let sB = 0;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const x = data.x[i] as number;
    const w = data.weight[i] as number;
    const kT = data.TIndex[i] as number;
    const kx = data.txIndex[i] as number;
    const rx = r + x;
    const l3 = -rx * (lnAT[kT] as number);
    const l4 = (lnB1[x] as number) - rx * (lnATx[kx] as number);
    let lse: number;
    let w3: number;
    let w4: number;
    if (l3 >= l4) {
      const e = Math.exp(l4 - l3);
      lse = l3 + Math.log1p(e);
      w3 = 1 / (1 + e);
      w4 = e * w3;
    } else {
      const e = Math.exp(l3 - l4);
      lse = l4 + Math.log1p(e);
      w4 = 1 / (1 + e);
      w3 = e * w4;
    }
    sLl += w * lse;
    sR += w * (w3 * (lnAT[kT] as number) + w4 * (lnATx[kx] as number));
    sAlpha += w * rx * (w3 * (invAT[kT] as number) + w4 * (invATx[kx] as number));
    sA += w * w4;
    sB += w * w4 * (inv1[x] as number);
    if ((j & BLOCK_MASK) === BLOCK_MASK) {
      ll += sLl;
      gR -= sR;
      gAlpha -= sAlpha;
      gA += sA / a;
      gB -= sB;
      sLl = sR = sAlpha = sA = sB = 0;
    }
  }
  ll += sLl;
  gR -= sR;
  gAlpha -= sAlpha;
  gA += sA / a;
  gB -= sB;
  gradient[0] = gR;
  gradient[1] = gAlpha;
  gradient[2] = gA;
  gradient[3] = gB;
  return ll;
}

/** Σ log-likelihood of the BG/NBD parameters over the customers. */
export function bgnbdLogLikelihood(params: BgNbdParams, data: RfmColumns): number {
  const indexed = indexRfm(data, 'never');
  return logLikelihoodAndGradient(params, indexed, aggregate(indexed), new Float64Array(4));
}

/** Maximum-likelihood BG/NBD parameters. Throws when there is nothing to fit. */
export function fitBgNbd(data: RfmColumns, options: BgNbdFitOptions = {}): BgNbdFit {
  const indexed = indexRfm(data, options.grouping ?? 'auto');
  if (indexed.customers <= 0)
    throw new RangeError('BG/NBD fit: no customers (the total weight is 0); nothing to fit');
  const agg = aggregate(indexed);
  if (agg.repeatRows.length === 0)
    throw new RangeError(
      `BG/NBD fit: none of the ${indexed.customers} customers has a repeat occasion (x > 0), so ` +
        'purchase rates and dropout cannot be estimated; use a longer window or an earlier as-of date',
    );
  const start = options.start ?? DEFAULT_BGNBD_START;
  const { params, ...report } = maximizeLikelihood(
    (v, gradient) =>
      logLikelihoodAndGradient(
        { r: v[0] as number, alpha: v[1] as number, a: v[2] as number, b: v[3] as number },
        indexed,
        agg,
        gradient,
      ),
    [start.r, start.alpha, start.a, start.b],
    indexed.customers,
    options,
  );
  const [r, alpha, a, b] = params as [number, number, number, number];
  return {
    r,
    alpha,
    a,
    b,
    ...report,
    customers: indexed.customers,
    rows: indexed.rows,
    grouped: indexed.grouped,
  };
}

/**
 * P(alive at T | x, t_x, T): 1 for x = 0 (BG/NBD customers can only drop out after a repeat purchase),
 * else 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 */
export function bgnbdPAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds =
    Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** Above this −(a−1)·ln(1−z), the expectation is evaluated without Euler's transformation. */
const EULER_FORM_LIMIT = 30;

/**
 * The part of E[Y(t) | x, t_x, T] that depends on (x, T) only, i.e. the expectation for a customer
 * known to be alive:
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z)],  z = t/(α+T+t).
 * Euler's transformation 2F1(A,B;C;z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z) turns the bracket into
 * 1 − (1−z)^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z), a series that converges fast for large x. Splitting
 * off the 1 keeps it exact as a → 1, and multiplying the series by c = a+b+x−1 keeps it regular when
 * c ≤ 0 (x = 0 with a + b ≤ 1), where the expectation is still finite.
 */
export function bgnbdAliveExpected(params: BgNbdParams, t: number, x: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const c = a + b + x - 1;
  const z = t / (alpha + T + t);
  const logOneMinusZ = -Math.log1p(t / (alpha + T));
  if ((a - 1) * -logOneMinusZ > EULER_FORM_LIMIT) {
    // Large a (the fits of mostly one-time buyers reach it): (1−z)^(a−1) underflows and the
    // transformed series overflows, while the untransformed one converges within a few terms (its
    // ratio shrinks like 1/c).
    const bracket =
      -Math.expm1((r + x) * logOneMinusZ) -
      Math.exp((r + x) * logOneMinusZ) * (hyp2f1(r + x, b + x, c, z) - 1);
    return (c / (a - 1)) * bracket;
  }
  const scaledExcess = hyp2f1ScaledExcess(a + b - 1 - r, a - 1, c, z);
  return -c * expm1Over(a - 1, logOneMinusZ) - Math.exp((a - 1) * logOneMinusZ) * scaledExcess;
}

/** E[Y(t) | x, t_x, T]: expected repeat purchases in the next t weeks of a customer with this history. */
export function bgnbdConditionalExpected(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  return bgnbdAliveExpected(params, t, x, T) * bgnbdPAliveFactor(params, x, tx, T);
}

/**
 * The BG/NBD denominator 1/(1 + δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)); equals P(alive), which is how
 * the conditional expectation factors.
 */
const bgnbdPAliveFactor = bgnbdPAlive;

/** E[X(t)]: expected repeat purchases in (0, t] of a customer just acquired (Fader, Hardie & Lee eq. 9). */
export function bgnbdExpected(params: BgNbdParams, t: number): number {
  return bgnbdAliveExpected(params, t, 0, 0);
}
