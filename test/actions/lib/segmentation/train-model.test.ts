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
import { trainModel } from '../../../../actions/lib/segmentation/train-model.js';
import type { PgliteWarehouse } from '../../../../actions/lib/warehouse/pglite.js';
import { groupedFeatures, seedFeatures } from '../../../support/features.js';
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
const models = () =>
  wh.query<ModelRow>(
    'select model_version, source, model_ref, status, is_active, k from public.segment_models order by model_version',
  );

describe('trainModel on the local backend', () => {
  test('k auto: chosen by silhouette, approved as the first version, active in the warehouse', async () => {
    const lines: string[] = [];
    const result = await trainModel(backend(), {
      config: CONFIG,
      approval: AUTO,
      commit: 'abc123',
      runId: 'run-1',
      now: () => new Date('2026-05-01T10:00:00Z'),
      log: (l) => lines.push(l),
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
    expect(lines[0]).toBe('k = 3 chosen by silhouette over k = 2..5');

    // The same metrics JSON as on S3, beside model.json.
    const metricsPath = join(dir, 'models', 'v0001', 'metrics.json');
    expect(result.metricsUri).toBe(metricsPath);
    expect(JSON.parse(await readFile(metricsPath, 'utf8'))).toEqual(result.metrics);
    const record = JSON.parse(await readFile(join(dir, 'models', 'v0001', 'model.json'), 'utf8'));
    expect(record).toMatchObject({
      approval_status: 'Approved',
      commit: 'abc123',
      run_id: 'run-1',
    });

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
      'select cluster, count(*)::int as n from public.customer_segments group by cluster order by cluster',
    );
    expect(clusters.map((c) => c.n)).toEqual([60, 60, 60]);
  });

  test('a clearly worse model (another k, lower silhouette) waits: recorded, not activated', async () => {
    const result = await trainModel(backend(), {
      config: CONFIG,
      k: 2,
      approval: AUTO,
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
    const centroids = await wh.query(
      'select * from public.segment_centroids where model_version = 2',
    );
    expect(centroids).toHaveLength(2);
  });

  test('manual approval leaves even a good model pending, and the baseline stays v1', async () => {
    const result = await trainModel(backend(), {
      config: CONFIG,
      k: 3,
      approval: { policy: 'manual', msdMargin: 0.05, silhouetteMargin: 0.01 },
      commit: 'def456',
      runId: 'run-3',
    });
    expect(result).toMatchObject({ version: 3, status: 'PendingManualApproval', activated: false });
    expect(result.baseline?.version).toBe(1);
    expect((await models()).filter((m) => m.is_active).map((m) => m.model_version)).toEqual([1]);
  });

  test('refuses to mix registries in one warehouse, before training', async () => {
    await wh.query(
      `insert into public.segment_models (model_version, k, source, model_ref, status, is_active)
       values (99, 2, 'sagemaker', 'arn:aws:sagemaker:eu-west-1:1:model-package/g/99', 'inactive', false)`,
    );
    await expect(
      trainModel(backend(), { config: CONFIG, approval: AUTO, commit: 'x', runId: 'run-4' }),
    ).rejects.toThrow(
      'segment_models holds sagemaker model version 99; one warehouse takes the models of one registry, so local models cannot be added to it',
    );
    await wh.query('delete from public.segment_models where model_version = 99');
  });
});
