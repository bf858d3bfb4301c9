import { describe, expect, test } from '@jest/globals';
import {
  evaluateCentroids,
  metricsJson,
  metricsReport,
  METRICS_SCHEMA,
} from '../../../../actions/lib/segmentation/metrics.js';

describe('evaluateCentroids', () => {
  test('sums squared distances to the nearest centroid; ties go to the lower id', () => {
    // Points on a line; centroids at 0 and 4. The point at 2 is equidistant: cluster 0.
    const points = Float64Array.from([0, 0, 1, 0, 2, 0, 4, 0, 5, 0]);
    const e = evaluateCentroids(points, 2, [
      [0, 0],
      [4, 0],
    ]);
    expect(e).toEqual({ n: 5, ssd: 0 + 1 + 4 + 0 + 1, msd: 6 / 5, sizes: [3, 2] });
  });

  test('names a centroid of the wrong width', () => {
    expect(() => evaluateCentroids(new Float64Array(6), 3, [[1, 2]])).toThrow(
      'centroid 0 has 2 values, the features have 3',
    );
    expect(() => evaluateCentroids(new Float64Array(6), 3, [])).toThrow('no centroids');
  });
});

describe('metricsReport', () => {
  test('has the same fields for both sources, inertia equal to ssd', () => {
    const report = metricsReport({
      source: 'sagemaker',
      centroids: [
        [0, 0, 0],
        [1, 1, 1],
      ],
      featureNames: ['recency_n', 'frequency_n', 'monetary_n'],
      evaluation: { n: 10, ssd: 2.5, msd: 0.25, sizes: [6, 4] },
      dataFingerprint: `sha256:${'a'.repeat(64)}`,
      curve: [{ k: 2, inertia: 2.5, msd: 0.25, silhouette: 0.7 }],
      reported: { 'test:msd': 0.3 },
      commit: 'abc123',
      runId: '42-1',
      createdAt: new Date('2026-05-01T10:00:00Z'),
    });
    expect(report).toEqual({
      schema: METRICS_SCHEMA,
      source: 'sagemaker',
      k: 2,
      dim: 3,
      n: 10,
      feature_names: ['recency_n', 'frequency_n', 'monetary_n'],
      msd: 0.25,
      ssd: 2.5,
      inertia: 2.5,
      sizes: [6, 4],
      data_fingerprint: `sha256:${'a'.repeat(64)}`,
      k_selection: {
        criterion: 'silhouette',
        curve: [{ k: 2, inertia: 2.5, msd: 0.25, silhouette: 0.7 }],
      },
      reported: { 'test:msd': 0.3 },
      commit: 'abc123',
      run_id: '42-1',
      created_at: '2026-05-01T10:00:00.000Z',
    });
    expect(JSON.parse(metricsJson(report))).toEqual(report);
    expect(metricsJson(report).endsWith('}\n')).toBe(true);
  });
});
