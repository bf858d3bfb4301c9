import {
  chooseK,
  drawSample,
  meanSilhouette,
} from '../../../../../actions/lib/segmentation/kmeans/choose-k.js';
import { trainKMeans } from '../../../../../actions/lib/segmentation/kmeans/kmeans.js';
import { FOUR_CENTERS, gaussianBlobs, uniformPoints } from './blobs.js';

/** Textbook silhouette over all rows, straight from the definition. */
function naiveSilhouette(points: Float64Array, dim: number, labels: Int32Array, k: number): number {
  const n = labels.length;
  const dist = (i: number, j: number): number => {
    let s = 0;
    for (let t = 0; t < dim; t++) s += (points[i * dim + t] - points[j * dim + t]) ** 2;
    return Math.sqrt(s);
  };
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = new Array<number>(k).fill(0);
    const cnt = new Array<number>(k).fill(0);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sum[labels[j]] += dist(i, j);
      cnt[labels[j]]++;
    }
    const own = labels[i];
    if (cnt[own] === 0) continue;
    const a = sum[own] / cnt[own];
    const others = sum.map((s, c) => (c === own || cnt[c] === 0 ? Infinity : s / cnt[c]));
    const b = Math.min(...others);
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

describe('chooseK', () => {
  const blobs = gaussianBlobs(FOUR_CENTERS, 300, 0.3, 12);

  it('picks k = 4 on four well-separated blobs and records one curve point per k', () => {
    const selection = chooseK(blobs, 3, { kRange: [2, 8], seed: 5, restarts: 3, sampleSize: 600 });
    expect(selection.k).toBe(4);
    expect(selection.criterion).toBe('silhouette');
    expect(selection.curve.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(selection.model.k).toBe(4);
    expect(selection.model.n).toBe(1200);
    const chosen = selection.curve.find((p) => p.k === 4);
    expect(chosen?.inertia).toBe(selection.model.inertia);
    for (const p of selection.curve) {
      expect(p.silhouette).toBeLessThanOrEqual(chosen?.silhouette ?? -Infinity);
      expect(p.msd).toBeCloseTo(p.inertia / 1200, 9);
    }
    // The elbow: inertia falls steeply up to k = 4 and slowly after it.
    const inertia = (k: number): number => selection.curve[k - 2].inertia;
    expect(inertia(3) - inertia(4)).toBeGreaterThan(10 * (inertia(4) - inertia(5)));
  });

  it('is deterministic and trains the chosen model like trainKMeans', () => {
    const opts = { kRange: [3, 5] as const, seed: 9, restarts: 2 };
    const a = chooseK(blobs, 3, opts);
    const b = chooseK(blobs, 3, opts);
    expect(b.curve).toEqual(a.curve);
    const direct = trainKMeans(blobs, 3, { k: a.k, seed: 9, restarts: 2 });
    expect(Array.from(a.model.centroids)).toEqual(Array.from(direct.centroids));
  });

  it('rejects a range that the silhouette cannot score', () => {
    const opts = { seed: 1, restarts: 1 };
    expect(() => chooseK(blobs, 3, { ...opts, kRange: [1, 4] })).toThrow(/2 <= lo <= hi/);
    expect(() => chooseK(blobs, 3, { ...opts, kRange: [5, 4] })).toThrow(/2 <= lo <= hi/);
    expect(() => chooseK(blobs, 3, { ...opts, kRange: [2, 4], sampleSize: 1 })).toThrow(
      /sampleSize/,
    );
  });
});

describe('meanSilhouette', () => {
  it('matches the definition when the sample is every row', () => {
    const points = uniformPoints(120, 3, 4, 5);
    const model = trainKMeans(points, 3, { k: 4, seed: 1, restarts: 1 });
    const all = drawSample(120, 1000, 1);
    const fast = meanSilhouette(points, 3, model.assignments, 4, all);
    expect(fast).toBeCloseTo(naiveSilhouette(points, 3, model.assignments, 4), 12);
  });

  it('scores singletons and single-cluster samples as 0', () => {
    const points = new Float64Array([0, 1, 5, 6]);
    const labels = new Int32Array([0, 0, 0, 1]);
    const score = meanSilhouette(points, 1, labels, 2, drawSample(4, 4, 1));
    expect(score).toBeCloseTo(naiveSilhouette(points, 1, labels, 2), 12);
    expect(meanSilhouette(points, 1, new Int32Array([0, 0, 0, 0]), 1, drawSample(4, 4, 1))).toBe(0);
  });

  it('is close to +1 for tight, far-apart clusters', () => {
    const points = gaussianBlobs(FOUR_CENTERS, 50, 0.01, 2);
    const model = trainKMeans(points, 3, { k: 4, seed: 1, restarts: 1 });
    expect(
      meanSilhouette(points, 3, model.assignments, 4, drawSample(200, 200, 1)),
    ).toBeGreaterThan(0.99);
  });
});

describe('drawSample', () => {
  it('draws distinct, sorted, in-range indices, the same for the same seed', () => {
    const a = drawSample(10_000, 500, 42);
    expect(a).toHaveLength(500);
    expect(new Set(a).size).toBe(500);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]);
    expect(a[0]).toBeGreaterThanOrEqual(0);
    expect(a[a.length - 1]).toBeLessThan(10_000);
    expect(Array.from(drawSample(10_000, 500, 42))).toEqual(Array.from(a));
    expect(Array.from(drawSample(10_000, 500, 43))).not.toEqual(Array.from(a));
  });

  it('takes every row when asked for more than there are', () => {
    expect(Array.from(drawSample(5, 10, 1))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('the sweep on a sample', () => {
  test('fits the candidates on sweepSize points and the chosen k on all of them', () => {
    // Four well-separated blobs of 1,000 points each.
    const points = gaussianBlobs(FOUR_CENTERS, 1000, 0.3, 11);
    const full = chooseK(points, 3, { kRange: [2, 5], seed: 3, restarts: 2, sampleSize: 300 });
    const swept = chooseK(points, 3, {
      kRange: [2, 5],
      seed: 3,
      restarts: 2,
      sampleSize: 300,
      sweepSize: 1000,
    });
    expect(full.sweepPoints).toBe(4000);
    expect(swept.sweepPoints).toBe(1000);
    expect([full.k, swept.k]).toEqual([4, 4]);
    // The chosen model covers every point, and its inertia is a fit on all of them.
    expect(swept.model.assignments).toHaveLength(4000);
    const sweptFour = swept.curve.find((c) => c.k === 4);
    expect(sweptFour?.inertia).toBeLessThan(swept.model.inertia);
    expect(swept.model.inertia / full.model.inertia).toBeCloseTo(1, 2);
    // The same options choose the same way every time.
    expect(
      chooseK(points, 3, { kRange: [2, 5], seed: 3, restarts: 2, sampleSize: 300, sweepSize: 1000 })
        .curve,
    ).toEqual(swept.curve);
  });
});
