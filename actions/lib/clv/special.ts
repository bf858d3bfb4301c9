/**
 * Special functions for the BG/NBD and Gamma-Gamma models: log-gamma, digamma and the Gaussian
 * hypergeometric function 2F1, all for real arguments in the ranges the models use.
 */

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0: the Stirling series for x ≥ 10, shifted up by the recurrence Γ(x+1) = xΓ(x)
 * below that. Absolute error below 1e-14 over (0, 1e300).
 */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  let shift = 0;
  let z = x;
  if (z < 10) {
    let product = 1;
    while (z < 10) {
      product *= z;
      z += 1;
    }
    shift = Math.log(product);
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  const series =
    inv *
    (1 / 12 -
      inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 / 360360)))));
  return (z - 0.5) * Math.log(z) - z + HALF_LOG_TWO_PI + series - shift;
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: the asymptotic series for x ≥ 10, the recurrence below it. */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma needs x > 0, got ${x}`);
  let result = 0;
  let z = x;
  while (z < 10) {
    result -= 1 / z;
    z += 1;
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  const series =
    inv2 *
    (1 / 12 -
      inv2 *
        (1 / 120 -
          inv2 *
            (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return result + Math.log(z) - 0.5 * inv - series;
}

/** ln(e^u + e^v) without overflow; −∞ when both are −∞. */
export function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}

/** (e^{k·y} − 1)/k, with its limit y at k = 0. */
export function expm1Over(k: number, y: number): number {
  const ky = k * y;
  return Math.abs(ky) < 1e-300 ? y : Math.expm1(ky) / k;
}

const MAX_SERIES_TERMS = 200_000;
const SERIES_TOLERANCE = 1e-16;

/** The last term is negligible next to the sum and the next one is smaller still. */
function converged(term: number, sum: number, ratio: number): boolean {
  if (term === 0) return true;
  return Math.abs(term) <= SERIES_TOLERANCE * Math.abs(sum) && Math.abs(ratio) < 1;
}

/**
 * Σ tₙ from n = `from` with t_from = `first` and tₙ₊₁ = tₙ · (a+n)(b+n) / ((c+n)(n+1)) · z, until the
 * terms are negligible; `name` is the function named when it does not converge.
 */
function hypergeometricSeries(
  name: string,
  a: number,
  b: number,
  c: number,
  z: number,
  from: number,
  first: number,
): number {
  let term = first;
  let sum = first;
  for (let n = from; n < MAX_SERIES_TERMS; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    if (converged(term, sum, ratio)) return sum;
    term *= ratio;
    sum += term;
  }
  throw new RangeError(
    `${name}(${a}, ${b}; ${c}; ${z}) did not converge in ${MAX_SERIES_TERMS} terms`,
  );
}

function checkSeriesArguments(name: string, c: number, z: number): void {
  if (!(z > -1 && z < 1)) throw new RangeError(`${name} needs −1 < z < 1, got z = ${z}`);
  if (c <= 0 && Number.isInteger(c))
    throw new RangeError(`${name} is undefined for c = ${c} (a non-positive integer)`);
}

/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) = Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ by its power series,
 * for −1 < z < 1. Convergence slows as |z| → 1 (about ln(1e-16)/ln|z| terms); it throws rather than
 * return an unconverged value.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  checkSeriesArguments('hyp2f1', c, z);
  return hypergeometricSeries('hyp2f1', a, b, c, z, 0, 1);
}

/**
 * c · (2F1(a, b; c; z) − 1) / b = Σ_{n≥1} (a)ₙ (b+1)ₙ₋₁ / ((c+1)ₙ₋₁ n!) zⁿ: the same series with c
 * multiplied in, which stays regular for every c > −1, including c ≤ 0 (where 2F1 itself has a pole at
 * c = 0). The BG/NBD expectation of a customer without repeats needs it when a + b < 1.
 */
export function hyp2f1ScaledExcess(a: number, b: number, c: number, z: number): number {
  if (!(z > -1 && z < 1)) throw new RangeError(`hyp2f1ScaledExcess needs −1 < z < 1, got z = ${z}`);
  if (!(c > -1)) throw new RangeError(`hyp2f1ScaledExcess needs c > −1, got c = ${c}`);
  return hypergeometricSeries('hyp2f1ScaledExcess', a, b, c, z, 1, a * z);
}
