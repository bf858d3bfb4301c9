import type { Random } from '../random.js';

/**
 * A Gamma(shape, scale) variate (Marsaglia & Tsang 2000; for shape < 1 boosted by U^(1/shape)).
 * The purchase rates, dropout chances and spend of the transaction samples are drawn from the
 * distributions BG/NBD and Gamma-Gamma assume, so that the models have something to find.
 */
export function gamma(random: Random, shape: number, scale: number): number {
  if (shape < 1) {
    const u = Math.max(random.next(), Number.MIN_VALUE);
    return gamma(random, shape + 1, scale) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = random.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
      return d * v * scale;
    }
  }
}

/** A Beta(a, b) variate from two Gamma variates. */
export function beta(random: Random, a: number, b: number): number {
  const x = gamma(random, a, 1);
  return x / (x + gamma(random, b, 1));
}

/** A random (version 4) UUID, lowercase, from `random`: the same seed gives the same ids. */
export function uuid(random: Random): string {
  const hex = Array.from({ length: 4 }, () =>
    Math.floor(random.next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0'),
  ).join('');
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
