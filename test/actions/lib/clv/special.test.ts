import { describe, expect, test } from '@jest/globals';
import {
  digamma,
  expm1Over,
  hyp2f1,
  hyp2f1ScaledExcess,
  logAddExp,
  logGamma,
} from '../../../../actions/lib/clv/special.js';

const EULER_GAMMA = 0.5772156649015329;

describe('logGamma', () => {
  test.each([
    [1, 0],
    [2, 0],
    [0.5, 0.5 * Math.log(Math.PI)],
    [3, Math.log(2)],
    [10, Math.log(362880)],
    [0.1, 2.252712651734206], // ln Γ(0.1) (Abramowitz & Stegun)
    [1.5, -0.1207822376352452],
    [100, 359.1342053695754],
  ])('ln Γ(%p) = %p', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 13);
  });

  test('agrees with ln((n−1)!) and the recurrence far out', () => {
    let lnFactorial = 0;
    for (let n = 2; n <= 170; n++) {
      lnFactorial += Math.log(n - 1);
      expect(Math.abs(logGamma(n) - lnFactorial)).toBeLessThan(1e-12 * Math.max(1, lnFactorial));
    }
    for (const x of [1e-8, 0.3, 7.7, 1234.5, 1e7]) {
      // The difference of two values of size |ln Γ(x)| carries their rounding, ~1e-16 of that size.
      const tolerance = 1e-14 + 4e-16 * Math.abs(logGamma(x + 1));
      expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThan(tolerance);
    }
  });

  test('rejects x ≤ 0', () => {
    expect(() => logGamma(0)).toThrow('logGamma needs x > 0, got 0');
    expect(() => logGamma(-1)).toThrow(RangeError);
  });
});

describe('digamma', () => {
  test.each([
    [1, -EULER_GAMMA],
    [0.5, -EULER_GAMMA - 2 * Math.log(2)],
    [2, 1 - EULER_GAMMA],
    [10, 2.251752589066721],
  ])('ψ(%p) = %p', (x, expected) => {
    expect(digamma(x)).toBeCloseTo(expected, 13);
  });

  test('is the derivative of logGamma', () => {
    for (const x of [0.05, 0.793, 2.426, 6.25, 40, 5000]) {
      const h = 1e-5 * x;
      const numeric = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
      expect(Math.abs(digamma(x) - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
    }
  });
});

describe('hyp2f1', () => {
  test('closed forms', () => {
    for (const z of [-0.9, -0.3, 0.01, 0.4, 0.8, 0.95]) {
      // 2F1(1, 1; 2; z) = −ln(1−z)/z
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
      // 2F1(a, b; b; z) = (1−z)^−a
      expect(hyp2f1(0.243, 2.426, 2.426, z)).toBeCloseTo(Math.pow(1 - z, -0.243), 12);
    }
    for (const x of [0.1, 0.5, 0.9]) {
      // 2F1(1/2, 1/2; 3/2; x²) = arcsin(x)/x
      expect(hyp2f1(0.5, 0.5, 1.5, x * x)).toBeCloseTo(Math.asin(x) / x, 12);
      // 2F1(1/2, 1; 3/2; −x²) = arctan(x)/x
      expect(hyp2f1(0.5, 1, 1.5, -x * x)).toBeCloseTo(Math.atan(x) / x, 12);
    }
  });

  test('a polynomial when a is a non-positive integer', () => {
    // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    const [b, c, z] = [1.7, 3.2, 0.6];
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(
      1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)),
      14,
    );
  });

  test('refuses arguments outside its series domain', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow('hyp2f1 needs −1 < z < 1, got z = 1');
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow('c = -2 (a non-positive integer)');
  });
});

describe('hyp2f1ScaledExcess', () => {
  test('equals c · (2F1 − 1)/b where that is defined', () => {
    for (const [a, b, c, z] of [
      [1.55, -0.207, 3.22, 0.47],
      [2.976, 1.5, 9.2, 0.9],
      [0.3, 2, 1.1, -0.5],
      [-0.9, -0.3, -0.28, 0.6],
    ] as const) {
      expect(hyp2f1ScaledExcess(a, b, c, z)).toBeCloseTo((c * (hyp2f1(a, b, c, z) - 1)) / b, 11);
    }
  });

  test('stays finite through c = 0 and at b = 0', () => {
    // At c = 0 with a = 1, b = 0 every term is (1)ₙ (1)ₙ₋₁ / ((1)ₙ₋₁ n!) zⁿ = zⁿ: the sum is z/(1−z).
    for (const z of [0.2, 0.7, 0.93])
      expect(hyp2f1ScaledExcess(1, 0, 0, z)).toBeCloseTo(z / (1 - z), 10);
    const left = hyp2f1ScaledExcess(0.7, -0.4, -1e-9, 0.5);
    const right = hyp2f1ScaledExcess(0.7, -0.4, 1e-9, 0.5);
    expect(Math.abs(left - right)).toBeLessThan(1e-8);
  });

  test('refuses c ≤ −1', () => {
    expect(() => hyp2f1ScaledExcess(1, 1, -1, 0.5)).toThrow(
      'hyp2f1ScaledExcess needs c > −1, got c = -1',
    );
  });
});

describe('helpers', () => {
  test('logAddExp does not overflow and handles −∞', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logAddExp(-1000, -Infinity)).toBe(-1000);
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
  });

  test('expm1Over has its limit at k = 0', () => {
    expect(expm1Over(0, -0.7)).toBe(-0.7);
    expect(expm1Over(1e-10, -0.7)).toBeCloseTo(-0.7, 9);
    expect(expm1Over(-0.207, -0.3)).toBeCloseTo(Math.expm1(0.207 * 0.3) / -0.207, 14);
  });
});
