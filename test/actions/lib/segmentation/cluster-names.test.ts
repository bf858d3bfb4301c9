import { describe, expect, test } from '@jest/globals';
import { describeClusters } from '../../../../actions/lib/segmentation/cluster-names.js';
import {
  fitScaling,
  fromRealUnits,
  type ScalingParameters,
} from '../../../../actions/lib/segmentation/scaling.js';
import type { FeatureMatrix } from '../../../../actions/lib/segmentation/features.js';

const FEATURES = ['recency', 'frequency', 'monetary'] as const;

/**
 * 1,000 customers: recency spread evenly over 1..500 days, nine in ten buying once, order values
 * spread (log-evenly) from 10 to 1,000.
 */
function population(): FeatureMatrix {
  const n = 1000;
  const points = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    points[i * 3] = 1 + (i % 500);
    points[i * 3 + 1] = i % 10 === 0 ? 2 + (i % 3) : 1;
    points[i * 3 + 2] = 10 * 100 ** (((i * 7) % n) / n);
  }
  return { n, dim: 3, points };
}

/** Centroids given in real units, placed in the space of `scaling`. */
const at = (scaling: ScalingParameters, real: number[][]): number[][] =>
  real.map((r) => fromRealUnits(r, scaling));

describe('describeClusters', () => {
  const raw = population();

  test('names each centroid by where it stands among the customers, in recency, frequency, monetary order', () => {
    const scaling = fitScaling(raw, FEATURES, 'log-standard');
    const clusters = describeClusters(
      at(scaling, [
        [20, 3, 600],
        [495, 1, 10.5],
        [250, 1, 100],
      ]),
      scaling,
      raw,
    );
    expect(clusters.map((c) => c.name)).toEqual([
      'very recent, very frequent, high spend',
      'long lapsed, one-off, very low spend',
      'lapsing, one-off, mid spend',
    ]);
    expect(clusters[1]!.centroid_real.map((x) => Math.round(x * 10) / 10)).toEqual([495, 1, 10.5]);
    expect(clusters[1]!.profile[0]).toBeGreaterThan(1.5);
    expect(clusters.map((c) => c.cluster)).toEqual([0, 1, 2]);
  });

  test('the same real centroid gets the same name whatever the scaling', () => {
    const real = [
      [30, 1, 300],
      [400, 1.2, 40],
    ];
    const names = (['seed', 'log-standard'] as const).map((s) => {
      const scaling = fitScaling(raw, FEATURES, s);
      return describeClusters(at(scaling, real), scaling, raw).map((c) => c.name);
    });
    expect(names[0]).toEqual(names[1]);
    expect(names[0]).toEqual(['very recent, one-off, high spend', 'lapsed, one-off, low spend']);
  });

  test('centroids close on a feature share its word, even across a cut-off', () => {
    const scaling = fitScaling(raw, FEATURES, 'log-standard');
    const recency = scaling.features[0]!;
    if (recency.method !== 'standard') throw new Error('expected standard');
    // Just either side of −0.5 standard deviations: alone they would be "recent" and "lapsing".
    const below = recency.mean - 0.62 * recency.sd;
    const above = recency.mean - 0.45 * recency.sd;
    const names = (days: number[]) =>
      describeClusters(
        at(
          scaling,
          days.map((d, i) => [d, 1, i === 0 ? 15 : 600]),
        ),
        scaling,
        raw,
      ).map((c) => c.name);
    expect(names([below, above])).toEqual([
      'recent, one-off, low spend',
      'recent, one-off, high spend',
    ]);
    // Far apart, each gets its own word.
    expect(names([below, recency.mean + 0.6 * recency.sd])).toEqual([
      'recent, one-off, low spend',
      'lapsed, one-off, high spend',
    ]);
  });

  test('only the clustered features are named; equal names are numbered in id order', () => {
    const two: FeatureMatrix = {
      n: raw.n,
      dim: 2,
      points: Float64Array.from({ length: raw.n * 2 }, (_, i) =>
        i % 2 === 0 ? raw.points[(i >> 1) * 3 + 2]! : raw.points[(i >> 1) * 3]!,
      ),
    };
    const scaling = fitScaling(two, ['monetary', 'recency'], 'log-standard');
    const clusters = describeClusters(
      at(scaling, [
        [900, 20],
        [950, 25],
        [20, 300],
      ]),
      scaling,
      two,
    );
    expect(clusters.map((c) => c.name)).toEqual([
      'very recent, top spend',
      'very recent, top spend (2)',
      'lapsing, low spend',
    ]);
  });
});
