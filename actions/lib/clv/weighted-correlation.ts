/** One observation of a weighted sample: `w` rows with these values. */
export interface WeightedPoint {
  readonly x: number;
  readonly y: number;
  readonly w: number;
}

/**
 * Pearson correlation of x and y over `points`, whose weights add up to `totalWeight`: the weighted
 * means first, then the centred sums (two passes, for accuracy); 0 when x or y is constant.
 */
export function weightedCorrelation(points: readonly WeightedPoint[], totalWeight: number): number {
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.w * p.x;
    sy += p.w * p.y;
  }
  const mx = sx / totalWeight;
  const my = sy / totalWeight;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of points) {
    const dx = p.x - mx;
    const dy = p.y - my;
    sxy += p.w * dx * dy;
    sxx += p.w * dx * dx;
    syy += p.w * dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}
