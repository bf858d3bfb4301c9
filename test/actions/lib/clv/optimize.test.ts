import { describe, expect, test } from '@jest/globals';
import { minimizeBfgs, type Objective } from '../../../../actions/lib/clv/optimize.js';

/** Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1). */
const rosenbrock: Objective = (x, g) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i] as number;
    const b = x[i + 1] as number;
    f += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    g[i] = (g[i] as number) - 400 * a * (b - a * a) - 2 * (1 - a);
    g[i + 1] = (g[i + 1] as number) + 200 * (b - a * a);
  }
  return f;
};

describe('minimizeBfgs', () => {
  test('finds the minimum of a badly scaled quadratic', () => {
    const scales = [1, 1e3, 1e-2, 50];
    const centre = [3, -2, 10, 0.5];
    const quadratic: Objective = (x, g) => {
      let f = 0;
      for (let i = 0; i < 4; i++) {
        const d = (x[i] as number) - (centre[i] as number);
        f += 0.5 * (scales[i] as number) * d * d;
        g[i] = (scales[i] as number) * d;
      }
      return f;
    };
    const result = minimizeBfgs(quadratic, [0, 0, 0, 0], { gradientTolerance: 1e-10 });
    expect(result.converged).toBe(true);
    Array.from(result.x).forEach((v, i) => expect(v).toBeCloseTo(centre[i] as number, 8));
  });

  test.each([2, 4])('solves the %i-dimensional Rosenbrock valley from (−1.2, 1, …)', (n) => {
    const start = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const result = minimizeBfgs(rosenbrock, start, { gradientTolerance: 1e-8 });
    expect(result.converged).toBe(true);
    expect(result.value).toBeLessThan(1e-14);
    Array.from(result.x).forEach((v) => expect(v).toBeCloseTo(1, 6));
    expect(result.iterations).toBeLessThan(100);
  });

  test('steps back from points where the objective overflows', () => {
    // f = e^x − 2x has its minimum at ln 2; a long first step lands where e^x is Infinity.
    const steep: Objective = (x, g) => {
      const v = x[0] as number;
      g[0] = Math.exp(v) - 2;
      return Math.exp(v) - 2 * v;
    };
    const result = minimizeBfgs(steep, [-700], { maxStep: 2000 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(Math.LN2, 8);
  });

  test('reports, rather than hides, running out of iterations', () => {
    const result = minimizeBfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
    expect(result.message).toBe('stopped after 3 iterations');
  });

  test('refuses a start where the objective is not finite', () => {
    expect(() => minimizeBfgs(() => NaN, [0])).toThrow(
      'the objective is not finite at the starting point [0]',
    );
  });
});
