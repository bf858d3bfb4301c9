/**
 * V006 on a warehouse that already has models: versions recorded in segment_centroids (the seed's
 * 0-5 space) are carried over with the min and max of the features loaded now, keep scoring, and
 * segment_centroids goes. On PGlite and DuckDB.
 */
import { describe, expect, test } from '@jest/globals';
import { readMigrations } from '../../actions/lib/migrations/files.js';
import { migrate } from '../../actions/lib/migrations/runner.js';
import { readFeatures } from '../../actions/lib/segmentation/features.js';
import { applyScaling, fitScaling } from '../../actions/lib/segmentation/scaling.js';
import { DuckDbWarehouse } from '../../actions/lib/warehouse/duckdb.js';
import type { Warehouse } from '../../actions/lib/warehouse/warehouse.js';
import { featureScalingRows, storedScalingRows } from '../support/feature-scaling.js';
import { groupedFeatures, seedFeatures } from '../support/features.js';
import { MIGRATIONS_DIR } from '../support/warehouse.js';
import { freshPglite } from '../support/pglite.js';

const LEGACY_CENTROIDS = [
  [0.5, 0.5, 0.5],
  [4, 1, 1],
  [2, 4, 3.5],
];

const statement = (sql: string) => ({
  sql,
  file: 'test/sql/model-spaces-migration.test.ts',
  line: 1,
});

/** A warehouse migrated up to V005 with features and an active model in segment_centroids. */
async function legacyWarehouse(open: () => Promise<Warehouse>, withFeatures: boolean) {
  const wh = await open();
  const files = await readMigrations(MIGRATIONS_DIR);
  await migrate(
    wh,
    files.filter((f) => f.type === 'versioned' && (f.version ?? 0) <= 5),
  );
  if (withFeatures)
    // Migrated to V005 only: no transactions table yet.
    await seedFeatures(wh, groupedFeatures(LEGACY_CENTROIDS as [number, number, number][], 20), {
      purchases: false,
    });
  await wh.transaction([
    statement(`insert into public.segment_models
  (model_version, k, source, model_ref, inertia, msd, data_fingerprint, status, is_active)
values (1, 3, 'local', 'v0001/model.json', 1, 0.1, 'sha256:x', 'active', true)`),
    statement(`insert into public.segment_centroids
  (model_version, cluster_id, recency_n, frequency_n, monetary_n)
values ${LEGACY_CENTROIDS.map((c, i) => `(1, ${i}, ${c.join(', ')})`).join(', ')}`),
  ]);
  await migrate(wh, files);
  return wh;
}

describe.each<[string, () => Promise<Warehouse>]>([
  ['PGlite', () => freshPglite()],
  ['DuckDB', () => DuckDbWarehouse.open()],
])('V006 on %s', (_engine, open) => {
  test('carries a recorded version over in the seed space of the loaded features, and it keeps scoring', async () => {
    const wh = await legacyWarehouse(open, true);
    try {
      const raw = await readFeatures(wh);
      const seed = fitScaling(raw, ['recency', 'frequency', 'monetary'], 'seed');
      expect(
        await wh.query('select model_version, scaling, is_active from public.segment_models'),
      ).toEqual([{ model_version: 1, scaling: 'seed', is_active: true }]);
      expect(await featureScalingRows(wh, 1)).toEqual(storedScalingRows(seed));
      const values = await wh.query<{
        cluster_id: number;
        feature: string;
        value: number;
        real_value: number;
      }>(
        `select cluster_id, feature, value, real_value from public.segment_centroid_values
         order by cluster_id, case feature when 'recency' then 1 when 'frequency' then 2 else 3 end`,
      );
      expect(values.map((v) => v.value)).toEqual(LEGACY_CENTROIDS.flat());
      values.forEach((v, i) => {
        const f = seed.features[i % 3]!;
        if (f.method !== 'min-max') throw new Error('expected min-max');
        expect(v.real_value).toBeCloseTo(f.min + (v.value * (f.max - f.min)) / 5, 9);
      });
      expect(
        await wh.query(
          'select cluster_id, cluster_name from public.segment_clusters order by cluster_id',
        ),
      ).toEqual([0, 1, 2].map((i) => ({ cluster_id: i, cluster_name: `cluster ${i}` })));
      await expect(wh.query('select * from public.segment_centroids')).rejects.toThrow();

      // Scoring: the nearest legacy centroid in the seed space of the features loaded now.
      const space = applyScaling(raw, seed);
      const nearest = (i: number): number => {
        const d = LEGACY_CENTROIDS.map((c) =>
          c.reduce((a, x, j) => a + (space.points[i * 3 + j]! - x) ** 2, 0),
        );
        return d.indexOf(Math.min(...d));
      };
      const scored = await wh.query<{ cluster: number; cluster_name: string }>(
        'select cluster, cluster_name from public.scored_customers order by customer_unique_id',
      );
      expect(scored).toHaveLength(raw.n);
      scored.forEach((row, i) => {
        expect(row.cluster).toBe(nearest(i));
        expect(row.cluster_name).toBe(`cluster ${row.cluster}`);
      });
    } finally {
      await wh.close();
    }
  });

  test('without loaded features there is no scale to carry over: the version scores nobody until retrained', async () => {
    const wh = await legacyWarehouse(open, false);
    try {
      expect(await wh.query('select * from public.segment_feature_scaling')).toEqual([]);
      expect(await wh.query('select * from public.segment_centroid_values')).toEqual([]);
      const [names] = await wh.query<{ n: unknown }>(
        'select count(*) as n from public.segment_clusters',
      );
      expect(Number(names?.n)).toBe(3);
    } finally {
      await wh.close();
    }
  });
});
