import { describe, expect, test } from '@jest/globals';
import { weightedCorrelation } from '../../../../actions/lib/clv/weighted-correlation.js';

describe('weightedCorrelation', () => {
  test('a weight counts as that many equal rows', () => {
    const weighted = [
      { x: 1, y: 2, w: 3 },
      { x: 2, y: 1, w: 1 },
      { x: 4, y: 9, w: 2 },
    ];
    const repeated = weighted.flatMap((p) => Array.from({ length: p.w }, () => ({ ...p, w: 1 })));
    expect(weightedCorrelation(weighted, 6)).toBeCloseTo(weightedCorrelation(repeated, 6), 12);
  });

  test('is 1 on a line, -1 on a falling one and 0 when one side is constant', () => {
    const line = [1, 2, 3].map((x) => ({ x, y: 2 * x + 1, w: 1 }));
    expect(weightedCorrelation(line, 3)).toBeCloseTo(1, 12);
    expect(
      weightedCorrelation(
        line.map((p) => ({ ...p, y: -p.y })),
        3,
      ),
    ).toBeCloseTo(-1, 12);
    expect(
      weightedCorrelation(
        line.map((p) => ({ ...p, y: 5 })),
        3,
      ),
    ).toBe(0);
  });
});
