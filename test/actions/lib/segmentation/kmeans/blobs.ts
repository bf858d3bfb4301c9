import { createRandom } from '../../../../../actions/lib/random.js';

/** Four centers in 3-D, at least 3.3 apart: blobs around them with sigma up to 0.3 stay apart. */
export const FOUR_CENTERS: readonly (readonly number[])[] = [
  [0.5, 0.5, 0.5],
  [4, 0.5, 1],
  [1, 4, 2],
  [3, 3, 4.5],
];

/** `perCenter` Gaussian points (standard deviation `sigma`) around each center, row-major. */
export function gaussianBlobs(
  centers: readonly (readonly number[])[],
  perCenter: number,
  sigma: number,
  seed: number,
): Float64Array {
  const dim = centers[0].length;
  const rng = createRandom(seed);
  const points = new Float64Array(centers.length * perCenter * dim);
  let o = 0;
  for (const center of centers) {
    for (let i = 0; i < perCenter; i++) {
      for (let j = 0; j < dim; j++) points[o++] = center[j] + sigma * rng.normal();
    }
  }
  return points;
}

/** Uniform points in [0, scale)^dim. */
export function uniformPoints(n: number, dim: number, seed: number, scale = 1): Float64Array {
  const rng = createRandom(seed);
  const points = new Float64Array(n * dim);
  for (let i = 0; i < points.length; i++) points[i] = scale * rng.next();
  return points;
}
