/**
 * The shared training flow on the local backend: the TypeScript trainer and the model folder,
 * with the same metrics JSON and approval rule as the SageMaker registry, into PGlite.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalModelRegistry } from '../../../../actions/lib/segmentation/registries/local-registry.js';
import { localTrainer } from '../../../../actions/lib/segmentation/trainers/local-trainer.js';
import { ModelFolder } from '../../../../actions/lib/segmentation/registries/model-folder.js';
import {
  trainModel,
  type TrainModelOptions,
  type TrainModelResult,
} from '../../../../actions/lib/segmentation/train-model.js';
import type { PgliteWarehouse } from '../../../../actions/lib/warehouse/pglite.js';
import { groupedFeatures, seedFeatures } from '../../../support/features.js';
import { featureScalingRows, storedScalingRows } from '../../../support/feature-scaling.js';
import { localTrainingParameters } from '../../../support/model-record.js';
import { migratedWarehouse } from '../../../support/warehouse.js';

const CONFIG = { k: 'auto' as const, kRange: [2, 5] as [number, number], seed: 42, restarts: 2 };
const AUTO = { policy: 'auto', msdMargin: 0.05, silhouetteMargin: 0.01 } as const;

type ModelRow = {
  model_version: number;
  source: string;
  model_ref: string;
  status: string;
  is_active: boolean;
  k: number;
};

let wh: PgliteWarehouse;
let dir: string;

beforeAll(async () => {
  wh = await migratedWarehouse();
  await seedFeatures(
    wh,
    groupedFeatures(
      [
        [0.5, 0.5, 0.5],
        [4, 1, 1],
        [2, 4, 3.5],
      ],
      60,
    ),
  );
  dir = await mkdtemp(join(tmpdir(), 'train-model-'));
});

afterAll(async () => {
  await wh.close();
  await rm(dir, { recursive: true, force: true });
});

const backend = () => ({
  wh,
  trainer: localTrainer(CONFIG),
  registry: new LocalModelRegistry(new ModelFolder(join(dir, 'models'))),
});

/** trainModel on the local backend, with CONFIG and auto approval unless `options` say otherwise. */
async function train(
  options: Partial<TrainModelOptions> & Pick<TrainModelOptions, 'commit' | 'runId'>,
): Promise<{ result: TrainModelResult; lines: string[] }> {
  const lines: string[] = [];
  const result = await trainModel(backend(), {
    config: CONFIG,
    approval: AUTO,
    log: (l) => lines.push(l),
    ...options,
  });
  return { result, lines };
}

const models = () =>
  wh.query<ModelRow>(
    'select model_version, source, model_ref, status, is_active, k from public.segment_models order by model_version',
  );

describe('trainModel on the local backend', () => {
  test('k auto: chosen by silhouette, approved as the first version, active in the warehouse', async () => {
    const { result, lines } = await train({
      commit: 'abc123',
      runId: 'run-1',
      now: () => new Date('2026-05-01T10:00:00Z'),
    });
    expect(result).toMatchObject({ version: 1, status: 'Approved', activated: true });
    expect(result.metrics).toMatchObject({
      source: 'local',
      k: 3,
      n: 180,
      sizes: [60, 60, 60],
      commit: 'abc123',
      run_id: 'run-1',
      created_at: '2026-05-01T10:00:00.000Z',
    });
    expect(result.metrics.k_selection?.curve.map((p) => p.k)).toEqual([2, 3, 4, 5]);
    expect(result.metrics.inertia).toBe(result.metrics.ssd);
    expect(lines[0]).toBe(
      'k = 3 chosen by silhouette over k = 2..5 (log-standard scaling of recency, frequency, monetary)',
    );
    expect(result.reused).toBe(false);
    expect(result.scaling.features.map((f) => [f.feature, f.transform, f.method])).toEqual([
      ['recency', 'none', 'standard'],
      ['frequency', 'log1p', 'standard'],
      ['monetary', 'log1p', 'standard'],
    ]);
    expect(result.clusters.map((c) => c.name)).toEqual([
      expect.any(String),
      expect.any(String),
      expect.any(String),
    ]);
    expect(new Set(result.clusters.map((c) => c.name)).size).toBe(3);

    // The same metrics JSON as on S3, beside model.json.
    const metricsPath = join(dir, 'models', 'v0001', 'metrics.json');
    expect(result.metricsUri).toBe(metricsPath);
    expect(JSON.parse(await readFile(metricsPath, 'utf8'))).toEqual(result.metrics);
    const record = JSON.parse(await readFile(join(dir, 'models', 'v0001', 'model.json'), 'utf8'));
    expect(record).toMatchObject({
      approval_status: 'Approved',
      commit: 'abc123',
      run_id: 'run-1',
      feature_names: ['recency', 'frequency', 'monetary'],
      scaling: result.scaling,
      clusters: result.clusters,
      training_key: result.metrics.training_key,
    });
    expect(result.metrics.training).toEqual(localTrainingParameters(CONFIG));

    // The warehouse has the space, the centroids in both units and the names.
    expect(await featureScalingRows(wh, 1)).toEqual(storedScalingRows(result.scaling));
    const profiles = await wh.query<{
      cluster: number;
      cluster_name: string;
      recency_scaled: number;
      centroid_recency_days: number;
      centroid_monetary: number;
    }>(
      'select cluster, cluster_name, recency_scaled, centroid_recency_days, centroid_monetary from public.cluster_profiles order by cluster',
    );
    expect(profiles).toEqual(
      result.clusters.map((c, i) => ({
        cluster: i,
        cluster_name: c.name,
        recency_scaled: result.centroids[i]![0],
        centroid_recency_days: c.centroid_real[0],
        centroid_monetary: c.centroid_real[2],
      })),
    );

    expect(await models()).toEqual([
      {
        model_version: 1,
        source: 'local',
        model_ref: result.ref,
        status: 'active',
        is_active: true,
        k: 3,
      },
    ]);
    const clusters = await wh.query<{ cluster: number; n: number }>(
      'select cluster, count(*)::int as n from public.scored_customers group by cluster order by cluster',
    );
    expect(clusters.map((c) => c.n)).toEqual([60, 60, 60]);
  });

  test('a clearly worse model (another k, lower silhouette) waits: recorded, not activated', async () => {
    const { result } = await train({
      k: 2,
      commit: 'def456',
      runId: 'run-2',
    });
    expect(result.status).toBe('PendingManualApproval');
    expect(result.activated).toBe(false);
    expect(result.baseline?.version).toBe(1);
    expect(result.approvalReason).toMatch(
      /^auto: worse than allowed: k = 2 vs k = 3 for v1: mean silhouette 0\.\d+ vs 0\.\d+ on the same customers, margin 0\.01$/,
    );
    expect((await models()).map((m) => [m.model_version, m.status, m.is_active])).toEqual([
      [1, 'active', true],
      [2, 'pending', false],
    ]);
    const clusters = await wh.query(
      'select * from public.segment_clusters where model_version = 2',
    );
    expect(clusters).toHaveLength(2);
    const values = await wh.query(
      'select * from public.segment_centroid_values where model_version = 2',
    );
    expect(values).toHaveLength(2 * 3);
  });

  test('manual approval leaves even a good model pending, and the baseline stays v1', async () => {
    const { result } = await train({
      k: 3,
      approval: { policy: 'manual', msdMargin: 0.05, silhouetteMargin: 0.01 },
      commit: 'def456',
      runId: 'run-3',
    });
    expect(result).toMatchObject({ version: 3, status: 'PendingManualApproval', activated: false });
    expect(result.baseline?.version).toBe(1);
    expect((await models()).filter((m) => m.is_active).map((m) => m.model_version)).toEqual([1]);
  });

  test('unchanged data and parameters reuse the version that has them', async () => {
    const { result, lines } = await train({
      commit: 'again',
      runId: 'run-5',
    });
    expect(result).toMatchObject({ version: 1, status: 'Approved', activated: true, reused: true });
    expect(lines).toEqual([
      'reused v1 (active): same data fingerprint and training parameters, so no new version was registered',
    ]);
    expect(result.metrics.commit).toBe('abc123');
    expect(result.metricsUri).toBe(join(dir, 'models', 'v0001', 'metrics.json'));
    expect((await models()).map((m) => m.model_version)).toEqual([1, 2, 3]);
    expect((await models()).filter((m) => m.is_active).map((m) => m.model_version)).toEqual([1]);
  });

  test('a pending version is reused as it is: recorded, still not active', async () => {
    const { result, lines } = await train({
      k: 2,
      commit: 'again',
      runId: 'run-6',
    });
    expect(result).toMatchObject({ version: 2, activated: false, reused: true });
    expect(lines[0]).toMatch(/^reused v2 \(PendingManualApproval, not active\)/);
    expect((await models()).filter((m) => m.is_active).map((m) => m.model_version)).toEqual([1]);
  });

  test('another scaling is another space: a new version, approved as the first of its space', async () => {
    const { result } = await train({
      config: { ...CONFIG, scaling: 'seed', features: ['recency', 'monetary'] },
      k: 3,
      commit: 'seed',
      runId: 'run-7',
    });
    expect(result).toMatchObject({
      version: 4,
      status: 'Approved',
      activated: true,
      reused: false,
    });
    expect(result.approvalReason).toBe(
      'auto: first approved version in this feature space; v1 clusters the log-standard scaling of recency, frequency, monetary, so msd and silhouette cannot compare the two',
    );
    expect(result.baseline).toBeUndefined();
    expect(result.scaling.features.map((f) => [f.feature, f.method])).toEqual([
      ['recency', 'min-max'],
      ['monetary', 'min-max'],
    ]);
    for (const c of result.centroids) for (const x of c) expect(x).toBeGreaterThanOrEqual(0);
    const profile = await wh.query<{
      frequency_scaled: number | null;
      centroid_frequency: number | null;
    }>('select frequency_scaled, centroid_frequency from public.cluster_profiles');
    expect(profile).toEqual([
      { frequency_scaled: null, centroid_frequency: null },
      { frequency_scaled: null, centroid_frequency: null },
      { frequency_scaled: null, centroid_frequency: null },
    ]);
    const assigned = await wh.query<{ n: number }>(
      'select count(*)::int as n from public.scored_customers where model_version = 4 and cluster_name is not null',
    );
    expect(assigned).toEqual([{ n: 180 }]);
  });

  test('refuses to mix registries in one warehouse, before training', async () => {
    await wh.query(
      `insert into public.segment_models (model_version, k, source, model_ref, status, is_active)
       values (99, 2, 'sagemaker', 'arn:aws:sagemaker:eu-west-1:1:model-package/g/99', 'inactive', false)`,
    );
    await expect(train({ commit: 'x', runId: 'run-4' })).rejects.toThrow(
      'segment_models holds sagemaker model version 99; one warehouse takes the models of one registry, so local models cannot be added to it',
    );
    await wh.query('delete from public.segment_models where model_version = 99');
  });
});
