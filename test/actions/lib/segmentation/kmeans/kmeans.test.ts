import {
  nearestCentroid,
  trainKMeans,
  type KMeansResult,
} from '../../../../../actions/lib/segmentation/kmeans/kmeans.js';
import { FOUR_CENTERS, gaussianBlobs, uniformPoints } from './blobs.js';

function rowOf(points: Float64Array, i: number, dim: number): Float64Array {
  return points.subarray(i * dim, (i + 1) * dim);
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s);
}

/** Inertia, sizes and nearest-centroid assignments recomputed from scratch. */
function checkConsistent(points: Float64Array, model: KMeansResult): void {
  const { dim, k, n, centroids } = model;
  const sizes = new Array<number>(k).fill(0);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const { cluster, distance: d } = nearestCentroid(rowOf(points, i, dim), centroids, dim);
    expect(model.assignments[i]).toBe(cluster);
    sizes[cluster]++;
    inertia += d * d;
  }
  expect(model.sizes).toEqual(sizes);
  expect(model.inertia).toBeCloseTo(inertia, 6);
  expect(model.msd).toBeCloseTo(inertia / n, 9);
}

describe('trainKMeans', () => {
  const overlapping = gaussianBlobs(
    [
      [1, 1, 1],
      [2, 1.5, 1],
      [1.5, 2.5, 2],
      [3, 2, 2.5],
      [2.5, 3, 1],
    ],
    60,
    0.6,
    7,
  );

  it('is deterministic: same input and seed give a bit-identical model', () => {
    const a = trainKMeans(overlapping, 3, { k: 4, seed: 11, restarts: 3 });
    const b = trainKMeans(overlapping, 3, { k: 4, seed: 11, restarts: 3 });
    expect(Array.from(b.centroids)).toEqual(Array.from(a.centroids));
    expect(Array.from(b.assignments)).toEqual(Array.from(a.assignments));
    expect(Object.is(a.inertia, b.inertia)).toBe(true);
    expect(b.iterations).toBe(a.iterations);
  });

  it('explores different starts for different seeds', () => {
    const fits = [1, 2, 3, 4, 5, 6].map((seed) =>
      trainKMeans(overlapping, 3, { k: 4, seed, restarts: 1 }),
    );
    const distinct = new Set(fits.map((f) => `${f.inertia}:${Array.from(f.centroids).join(',')}`));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it('recovers the centers of well-separated Gaussian blobs', () => {
    const points = gaussianBlobs(FOUR_CENTERS, 500, 0.15, 3);
    const model = trainKMeans(points, 3, { k: 4, seed: 1, restarts: 4 });
    for (const center of FOUR_CENTERS) {
      const { distance: d } = nearestCentroid(center, model.centroids, 3);
      expect(d).toBeLessThan(0.05);
    }
    expect(model.sizes).toEqual([500, 500, 500, 500]);
    checkConsistent(points, model);
  });

  it('recovers blobs with a dimension other than three', () => {
    const centers = [
      [0, 0],
      [5, 0],
      [0, 5],
    ];
    const points = gaussianBlobs(centers, 300, 0.2, 5);
    const model = trainKMeans(points, 2, { k: 3, seed: 2, restarts: 2 });
    for (const center of centers) {
      expect(nearestCentroid(center, model.centroids, 2).distance).toBeLessThan(0.05);
    }
    checkConsistent(points, model);
  });

  it('with 8 restarts gets within 0.1% of the best of 200 single-restart runs', () => {
    let best = Infinity;
    for (let seed = 1000; seed < 1200; seed++) {
      best = Math.min(best, trainKMeans(overlapping, 3, { k: 5, seed, restarts: 1 }).inertia);
    }
    for (const seed of [1, 2, 3, 4, 5]) {
      const model = trainKMeans(overlapping, 3, { k: 5, seed, restarts: 8 });
      expect(model.inertia).toBeLessThanOrEqual(best * 1.001);
    }
  });

  it('returns a model consistent with its own assignments', () => {
    const points = uniformPoints(2000, 3, 9, 5);
    const model = trainKMeans(points, 3, { k: 5, seed: 4, restarts: 2 });
    expect(model).toMatchObject({ k: 5, dim: 3, n: 2000, restarts: 2 });
    expect(model.centroids).toHaveLength(15);
    expect(model.assignments).toHaveLength(2000);
    expect(model.iterations).toBeGreaterThan(0);
    checkConsistent(points, model);
  });

  it('handles many clusters (more k-means++ candidates per round)', () => {
    const points = uniformPoints(3000, 3, 17, 5);
    const model = trainKMeans(points, 3, { k: 25, seed: 6, restarts: 2 });
    expect(model.sizes.every((s) => s > 0)).toBe(true);
    checkConsistent(points, model);
  });

  it('orders clusters lexicographically by centroid coordinates', () => {
    const points = uniformPoints(1500, 3, 21, 5);
    const model = trainKMeans(points, 3, { k: 7, seed: 8, restarts: 2 });
    for (let c = 1; c < model.k; c++) {
      const prev = Array.from(rowOf(model.centroids, c - 1, 3));
      const cur = Array.from(rowOf(model.centroids, c, 3));
      const firstDiff = prev.findIndex((v, j) => v !== cur[j]);
      expect(firstDiff).toBeGreaterThanOrEqual(0);
      expect(prev[firstDiff]).toBeLessThan(cur[firstDiff]);
    }
    checkConsistent(points, model);
  });

  it('stops after maxIterations', () => {
    const points = uniformPoints(3000, 3, 2, 5);
    const model = trainKMeans(points, 3, { k: 8, seed: 1, restarts: 1, maxIterations: 2 });
    expect(model.iterations).toBeLessThanOrEqual(2);
    checkConsistent(points, model);
  });

  it('a looser tolerance stops no later than a tighter one', () => {
    const points = uniformPoints(3000, 3, 2, 5);
    const loose = trainKMeans(points, 3, { k: 8, seed: 1, restarts: 1, tolerance: 1e-2 });
    const tight = trainKMeans(points, 3, { k: 8, seed: 1, restarts: 1, tolerance: 0 });
    expect(loose.iterations).toBeLessThan(tight.iterations);
    expect(tight.inertia).toBeLessThanOrEqual(loose.inertia);
  });

  it('handles k = n and k = 1', () => {
    const points = new Float64Array([0, 0, 1, 0, 0, 1]);
    const all = trainKMeans(points, 2, { k: 3, seed: 1, restarts: 1 });
    expect(all.inertia).toBe(0);
    expect(all.sizes).toEqual([1, 1, 1]);
    expect(Array.from(all.centroids)).toEqual([0, 0, 0, 1, 1, 0]);
    const one = trainKMeans(points, 2, { k: 1, seed: 1, restarts: 1 });
    expect(Array.from(one.centroids)).toEqual([1 / 3, 1 / 3]);
    expect(one.sizes).toEqual([3]);
  });

  describe('errors', () => {
    it('rejects fewer points than clusters', () => {
      expect(() => trainKMeans(new Float64Array(6), 3, { k: 3, seed: 1, restarts: 1 })).toThrow(
        /k=3 needs at least 3 points but got 2/,
      );
    });

    it('names the row holding a NaN', () => {
      const points = uniformPoints(10, 3, 1);
      points[7 * 3 + 1] = Number.NaN;
      expect(() => trainKMeans(points, 3, { k: 2, seed: 1, restarts: 1 })).toThrow(/row 7/);
    });

    it('rejects infinite values too', () => {
      const points = uniformPoints(10, 3, 1);
      points[0] = Infinity;
      expect(() => trainKMeans(points, 3, { k: 2, seed: 1, restarts: 1 })).toThrow(/row 0/);
    });

    it('rejects fewer distinct points than clusters', () => {
      const points = new Float64Array([1, 2, 1, 2, 3, 4, 1, 2, 3, 4]);
      expect(() => trainKMeans(points, 2, { k: 3, seed: 1, restarts: 1 })).toThrow(
        /only 2 distinct points for k=3/,
      );
    });

    it('rejects a bad dim or a length that is not a multiple of it', () => {
      expect(() => trainKMeans(new Float64Array(6), 0, { k: 1, seed: 1, restarts: 1 })).toThrow(
        /dim must be a positive integer/,
      );
      expect(() => trainKMeans(new Float64Array(7), 3, { k: 1, seed: 1, restarts: 1 })).toThrow(
        /not a multiple of dim/,
      );
    });

    it('rejects bad k, restarts and iteration settings', () => {
      const points = uniformPoints(10, 3, 1);
      expect(() => trainKMeans(points, 3, { k: 0, seed: 1, restarts: 1 })).toThrow(/k must be/);
      expect(() => trainKMeans(points, 3, { k: 2, seed: 1, restarts: 0 })).toThrow(/restarts/);
      expect(() =>
        trainKMeans(points, 3, { k: 2, seed: 1, restarts: 1, maxIterations: 0 }),
      ).toThrow(/maxIterations/);
      expect(() => trainKMeans(points, 3, { k: 2, seed: 1, restarts: 1, tolerance: -1 })).toThrow(
        /tolerance/,
      );
    });
  });
});

describe('nearestCentroid', () => {
  it('matches a brute-force search', () => {
    for (const dim of [1, 3, 4]) {
      const centroids = uniformPoints(9, dim, 100 + dim, 5);
      const queries = uniformPoints(300, dim, 200 + dim, 6);
      for (let q = 0; q < 300; q++) {
        const point = rowOf(queries, q, dim);
        let best = -1;
        let bestD = Infinity;
        for (let c = 0; c < 9; c++) {
          const d = distance(point, rowOf(centroids, c, dim));
          if (d < bestD) {
            bestD = d;
            best = c;
          }
        }
        const found = nearestCentroid(Array.from(point), centroids, dim);
        expect(found.cluster).toBe(best);
        expect(found.distance).toBeCloseTo(bestD, 12);
      }
    }
  });

  it('returns the Euclidean, not squared, distance and the lowest id on ties', () => {
    const centroids = new Float64Array([0, 0, 0, 2, 0, 2, 0, 0]);
    expect(nearestCentroid([0, 0, 3, 4], new Float64Array([0, 0, 0, 0]), 4)).toEqual({
      cluster: 0,
      distance: 5,
    });
    expect(nearestCentroid([0, 1], centroids, 2)).toEqual({ cluster: 0, distance: 1 });
  });

  it('rejects a point of the wrong length', () => {
    expect(() => nearestCentroid([1, 2], new Float64Array(6), 3)).toThrow(/dim is 3/);
  });
});
