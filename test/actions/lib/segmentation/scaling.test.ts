import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSampleData } from '../../../../actions/lib/sample-data/generate.js';
import { deriveFeatures } from '../../../../actions/lib/pipeline/refresh.js';
import { readFeatures, realValueSql } from '../../../../actions/lib/segmentation/features.js';
import { trainKMeans } from '../../../../actions/lib/segmentation/kmeans/kmeans.js';
import {
  applyScaling,
  fitScaling,
  fromRealUnits,
  sameSpace,
  scaledSql,
  scaleValue,
  toRealUnits,
  unscaleValue,
  type ScalingParameters,
} from '../../../../actions/lib/segmentation/scaling.js';
import type { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import {
  activateCentroids,
  loadIntoDuckDb,
  migratedDuckDb,
  REFRESH_DIR,
} from '../../../support/warehouse.js';

const FEATURES = ['recency', 'frequency', 'monetary'] as const;

/** Four customers: recency days, purchases, average order value. */
const RAW = {
  n: 4,
  dim: 3,
  points: Float64Array.from([10, 1, 20, 30, 1, 40, 50, 3, 100, 110, 1, 1000]),
};

describe('fitScaling', () => {
  test('log-standard: log1p of frequency and money, recency as is, population mean and sd', () => {
    const params = fitScaling(RAW, FEATURES, 'log-standard');
    const t = [20, 40, 100, 1000].map((x) => Math.log(1 + x));
    const mean = t.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(params.scaling).toBe('log-standard');
    expect(params.features[0]).toEqual({
      feature: 'recency',
      transform: 'none',
      method: 'standard',
      mean: 50,
      sd: Math.sqrt((40 ** 2 + 20 ** 2 + 0 + 60 ** 2) / 4),
    });
    expect(params.features[1]).toMatchObject({ feature: 'frequency', transform: 'log1p' });
    const monetary = params.features[2]!;
    expect(monetary.method === 'standard' && monetary.transform).toBe('log1p');
    expect(monetary.method === 'standard' && monetary.mean).toBeCloseTo(mean, 12);
    expect(monetary.method === 'standard' && monetary.sd).toBeCloseTo(sd, 12);

    const space = applyScaling(RAW, params);
    for (let j = 0; j < 3; j++) {
      const column = [0, 1, 2, 3].map((i) => space.points[i * 3 + j]!);
      expect(column.reduce((a, b) => a + b) / 4).toBeCloseTo(0, 12);
      expect(Math.sqrt(column.reduce((a, b) => a + b * b, 0) / 4)).toBeCloseTo(1, 12);
    }
  });

  test("seed: the workshop's 5 · (x − min) / (max − min), on real values", () => {
    const params = fitScaling(RAW, FEATURES, 'seed');
    expect(params.features).toEqual([
      { feature: 'recency', transform: 'none', method: 'min-max', min: 10, max: 110 },
      { feature: 'frequency', transform: 'none', method: 'min-max', min: 1, max: 3 },
      { feature: 'monetary', transform: 'none', method: 'min-max', min: 20, max: 1000 },
    ]);
    expect(Array.from(applyScaling(RAW, params).points.subarray(6, 9))).toEqual([
      (5 * 40) / 100,
      5,
      (5 * 80) / 980,
    ]);
  });

  test('a feature with one value for everybody scales to 0 under either setting', () => {
    const same = { n: 3, dim: 1, points: Float64Array.from([2, 2, 2]) };
    for (const scaling of ['seed', 'log-standard'] as const) {
      const params = fitScaling(same, ['frequency'], scaling);
      expect(Array.from(applyScaling(same, params).points)).toEqual([0, 0, 0]);
    }
  });

  test('names what is wrong with its input', () => {
    expect(() => fitScaling(RAW, ['recency'], 'seed')).toThrow(
      '1 features (recency) for a matrix of 3 columns',
    );
    expect(() =>
      fitScaling({ n: 0, dim: 1, points: new Float64Array() }, ['recency'], 'seed'),
    ).toThrow('no customers to fit the feature scaling on; load data first');
  });
});

describe('real units and spaces', () => {
  test.each(['seed', 'log-standard'] as const)('%s: a centroid maps back to real units', (s) => {
    const params = fitScaling(RAW, FEATURES, s);
    const real = [42, 2.5, 77.7];
    expect(toRealUnits(fromRealUnits(real, params), params).map((x, j) => x / real[j]!)).toEqual([
      expect.closeTo(1, 12),
      expect.closeTo(1, 12),
      expect.closeTo(1, 12),
    ]);
    for (const f of params.features) expect(unscaleValue(scaleValue(0, f), f)).toBeCloseTo(0, 9);
  });

  test('sameSpace compares features, transforms and methods, not fitted values', () => {
    const a = fitScaling(RAW, FEATURES, 'log-standard');
    const shifted = { ...RAW, points: RAW.points.map((x) => x + 1) };
    expect(sameSpace(a, fitScaling(shifted, FEATURES, 'log-standard'))).toBe(true);
    expect(sameSpace(a, fitScaling(RAW, FEATURES, 'seed'))).toBe(false);
    const two = { n: 4, dim: 2, points: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
    expect(sameSpace(a, fitScaling(two, ['recency', 'frequency'], 'log-standard'))).toBe(false);
  });
});

describe('the same transform in TypeScript and in the warehouse (DuckDB, 3,000 orders)', () => {
  let wh: DuckDbWarehouse;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scaling-'));
    await writeSampleData(dataDir, { orders: 3000 });
    wh = await migratedDuckDb();
    await loadIntoDuckDb(wh, dataDir);
    await deriveFeatures(wh, REFRESH_DIR, undefined);
  });

  afterAll(async () => {
    await wh.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('seed: the clustered features are the stored recency_n, frequency_n, monetary_n, bit for bit', async () => {
    const raw = await readFeatures(wh);
    const space = applyScaling(raw, fitScaling(raw, FEATURES, 'seed'));
    const rows = await wh.query<{ r: number; f: number; m: number }>(
      'select recency_n as r, frequency_n as f, monetary_n as m from public.customer_features order by customer_unique_id',
    );
    expect(rows).toHaveLength(raw.n);
    const stored = Float64Array.from(rows.flatMap((r) => [r.r, r.f, r.m]));
    expect(Buffer.from(space.points.buffer).equals(Buffer.from(stored.buffer))).toBe(true);
  });

  test.each(['seed', 'log-standard'] as const)(
    '%s: the unloaded SQL and the scoring view compute what the TypeScript computes',
    async (setting) => {
      const raw = await readFeatures(wh);
      const params: ScalingParameters = fitScaling(raw, FEATURES, setting);
      const space = applyScaling(raw, params);
      const select = params.features
        .map((f) => `${scaledSql(realValueSql(f.feature), f)} as ${f.feature}`)
        .join(', ');
      const rows = await wh.query<Record<string, number>>(
        `select ${select} from public.customer_features order by customer_unique_id`,
      );
      const sql = Float64Array.from(rows.flatMap((r) => FEATURES.map((f) => r[f]!)));
      sql.forEach((x, i) => expect(Math.abs(x - space.points[i]!)).toBeLessThanOrEqual(1e-12));

      const model = trainKMeans(space.points, 3, { k: 4, seed: 1, restarts: 2 });
      const centroids = [0, 1, 2, 3].map((c) =>
        Array.from(model.centroids.subarray(c * 3, c * 3 + 3)),
      );
      await activateCentroids(wh, setting === 'seed' ? 1 : 2, centroids, params);
      const scored = await wh.query<{ cluster: number; distance: number }>(
        'select cluster, distance from public.scored_customers order by customer_unique_id',
      );
      const distance = (i: number, c: number): number =>
        Math.sqrt(centroids[c]!.reduce((a, x, j) => a + (space.points[i * 3 + j]! - x) ** 2, 0));
      scored.forEach((row, i) => {
        expect(row.cluster).toBe(model.assignments[i]);
        expect(Math.abs(row.distance - distance(i, model.assignments[i]!))).toBeLessThan(1e-9);
      });
    },
  );
});
