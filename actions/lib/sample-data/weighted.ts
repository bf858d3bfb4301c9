/**
 * Returns a function mapping one uniform draw in [0, 1) to an index, chosen with probability
 * proportional to `weights[index]`. Zero weights are never chosen.
 */
export function weightedPicker(weights: readonly number[]): (u: number) => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cumulative[i] = total;
  });
  if (!(total > 0)) throw new RangeError('weightedPicker needs at least one positive weight');
  return (u) => {
    const target = u * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
