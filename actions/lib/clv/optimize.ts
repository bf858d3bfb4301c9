/**
 * A small BFGS minimiser with a strong-Wolfe line search (Nocedal & Wright, Numerical Optimization,
 * algorithms 3.5, 3.6 and 6.1), for the handful of log-parameters of the CLV models. Points where the
 * objective is not finite (overflow far from the optimum) are treated as too far and stepped back from.
 */

/** Returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface MinimizeOptions {
  /** Default 200. */
  readonly maxIterations?: number;
  /** Converged when max |∂f/∂xᵢ| is at most this. Default 1e-9. */
  readonly gradientTolerance?: number;
  /** Largest change of any coordinate in one step (log-parameters: 10 = a factor of e¹⁰). Default 10. */
  readonly maxStep?: number;
}

export interface MinimizeResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  /** Why it stopped, in words. */
  readonly message: string;
}

interface Point {
  alpha: number;
  f: number;
  /** Directional derivative ∇f·p at the point. */
  d: number;
  g: Float64Array;
}

const C1 = 1e-4;
/** An iteration that changes f by less than this (relative) ends the search: only rounding is left. */
const RELATIVE_CHANGE_TOLERANCE = 1e-14;
const C2 = 0.9;

const dot = (u: Float64Array, v: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i] as number) * (v[i] as number);
  return s;
};
const maxAbs = (u: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < u.length; i++) m = Math.max(m, Math.abs(u[i] as number));
  return m;
};

/** Minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside the middle 80% of [a, b]. */
function cubicStep(lo: Point, hi: Point): number {
  const width = hi.alpha - lo.alpha;
  const left = lo.alpha + 0.1 * width;
  const right = hi.alpha - 0.1 * width;
  const mid = lo.alpha + 0.5 * width;
  if (!Number.isFinite(hi.f) || !Number.isFinite(hi.d)) return mid;
  const d1 = lo.d + hi.d - (3 * (lo.f - hi.f)) / (lo.alpha - hi.alpha);
  const disc = d1 * d1 - lo.d * hi.d;
  if (disc < 0) return mid;
  const d2 = Math.sign(hi.alpha - lo.alpha) * Math.sqrt(disc);
  const step = hi.alpha - (hi.alpha - lo.alpha) * ((hi.d + d2 - d1) / (hi.d - lo.d + 2 * d2));
  if (!Number.isFinite(step)) return mid;
  const [min, max] = left < right ? [left, right] : [right, left];
  return Math.min(Math.max(step, min), max);
}

export function minimizeBfgs(
  objective: Objective,
  start: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 200;
  const gtol = options.gradientTolerance ?? 1e-9;
  const maxStep = options.maxStep ?? 10;

  let x: Float64Array = Float64Array.from(start);
  let g: Float64Array = new Float64Array(n);
  let f = objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f))
    throw new RangeError(`the objective is not finite at the starting point [${Array.from(x)}]`);

  const h = new Float64Array(n * n);
  const resetHessian = (scale: number): void => {
    h.fill(0);
    for (let i = 0; i < n; i++) h[i * n + i] = scale;
  };
  resetHessian(1);
  let scaled = false;

  const p = new Float64Array(n);
  const trial = new Float64Array(n);
  const evaluate = (alpha: number): Point => {
    for (let i = 0; i < n; i++) trial[i] = (x[i] as number) + alpha * (p[i] as number);
    const gt = new Float64Array(n);
    const ft = objective(trial, gt);
    evaluations++;
    const finite = Number.isFinite(ft);
    return { alpha, f: finite ? ft : Infinity, d: finite ? dot(gt, p) : Infinity, g: gt };
  };

  /** Strong-Wolfe line search along p; undefined when no point with sufficient decrease was found. */
  const lineSearch = (alphaInit: number, alphaMax: number): Point | undefined => {
    const origin: Point = { alpha: 0, f, d: dot(g, p), g };
    const sufficient = (pt: Point): boolean => pt.f <= f + C1 * pt.alpha * origin.d;
    const curvature = (pt: Point): boolean => Math.abs(pt.d) <= -C2 * origin.d;
    let best: Point | undefined;
    const remember = (pt: Point): void => {
      if (sufficient(pt) && (best === undefined || pt.f < best.f)) best = pt;
    };
    const zoom = (loStart: Point, hiStart: Point): Point | undefined => {
      let lo = loStart;
      let hi = hiStart;
      for (let j = 0; j < 30; j++) {
        const pt = evaluate(cubicStep(lo, hi));
        remember(pt);
        if (!sufficient(pt) || pt.f >= lo.f) hi = pt;
        else {
          if (curvature(pt)) return pt;
          if (pt.d * (hi.alpha - lo.alpha) >= 0) hi = lo;
          lo = pt;
        }
        if (Math.abs(hi.alpha - lo.alpha) <= 1e-12 * Math.max(lo.alpha, hi.alpha)) break;
        if (Math.abs(hi.f - lo.f) <= RELATIVE_CHANGE_TOLERANCE * Math.abs(f)) break;
      }
      return best;
    };
    let previous = origin;
    let alpha = Math.min(alphaInit, alphaMax);
    for (let i = 0; i < 60; i++) {
      const pt = evaluate(alpha);
      remember(pt);
      if (!sufficient(pt) || (i > 0 && pt.f >= previous.f)) return zoom(previous, pt);
      if (curvature(pt)) return pt;
      if (pt.d >= 0) return zoom(pt, previous);
      if (alpha >= alphaMax) return pt;
      previous = pt;
      alpha = Math.min(2 * alpha, alphaMax);
    }
    return best;
  };

  let iterations = 0;
  let message = `stopped after ${maxIterations} iterations`;
  let converged = false;
  while (iterations < maxIterations) {
    if (maxAbs(g) <= gtol) {
      converged = true;
      message = 'gradient below tolerance';
      break;
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= (h[i * n + j] as number) * (g[j] as number);
      p[i] = s;
    }
    if (dot(p, g) >= 0) {
      resetHessian(1);
      scaled = false;
      for (let i = 0; i < n; i++) p[i] = -(g[i] as number);
    }
    const pMax = maxAbs(p);
    const alphaMax = maxStep / pMax;
    const alphaInit = scaled ? 1 : Math.min(1, 1 / pMax);
    const accepted = lineSearch(alphaInit, alphaMax);
    iterations++;
    if (accepted === undefined) {
      if (scaled) {
        resetHessian(1);
        scaled = false;
        continue;
      }
      message = `line search found no decrease (max |gradient| ${maxAbs(g).toExponential(1)})`;
      converged = maxAbs(g) <= Math.sqrt(gtol);
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = accepted.alpha * (p[i] as number);
      y[i] = (accepted.g[i] as number) - (g[i] as number);
    }
    const previousF = f;
    x = Float64Array.from(x, (xi, i) => xi + (s[i] as number));
    g = accepted.g;
    f = accepted.f;
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (!scaled) {
        resetHessian(sy / dot(y, y));
        scaled = true;
      }
      bfgsUpdate(h, n, s, y, sy);
    }
    if (Math.abs(previousF - f) <= RELATIVE_CHANGE_TOLERANCE * Math.max(1, Math.abs(f))) {
      converged = maxAbs(g) <= Math.sqrt(gtol);
      message = `objective stopped changing (max |gradient| ${maxAbs(g).toExponential(1)})`;
      break;
    }
  }
  return { x, value: f, gradient: g, iterations, evaluations, converged, message };
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1/(yᵀs). */
function bfgsUpdate(
  h: Float64Array,
  n: number,
  s: Float64Array,
  y: Float64Array,
  sy: number,
): void {
  const rho = 1 / sy;
  const hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += (h[i * n + j] as number) * (y[j] as number);
    hy[i] = v;
  }
  const yhy = dot(y, hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const si = s[i] as number;
      const sj = s[j] as number;
      h[i * n + j] =
        (h[i * n + j] as number) -
        rho * ((hy[i] as number) * sj + si * (hy[j] as number)) +
        (rho * rho * yhy + rho) * si * sj;
    }
  }
}
