/**
 * The PR preview (`workshop run`) and a deploy (the train-kmeans action) train through the same
 * training and registration code: same registry records, decided by the same approval rule.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTeamBackend } from '../../../../actions/lib/pipeline/backend.js';
import { runWorkshop } from '../../../../actions/lib/pipeline/run.js';
import { featuresStep, loadStep, migrateStep } from '../../../../actions/lib/pipeline/steps.js';
import { runTrainKMeans } from '../../../../actions/train-kmeans/run.js';
import { exampleEnvironment, SQL, TEST_RUN } from '../../../support/backend.js';
import { REPO_ROOT } from '../../../support/warehouse.js';

const readJson = async (file: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

describe('preview and deploy', () => {
  test('register the same record shape through the same approval rule', async () => {
    const base = await exampleEnvironment();
    // The environment asks for manual approval: a deploy leaves the version pending, and the
    // preview says that it approves through the auto policy instead.
    const env = {
      ...base,
      model: {
        ...base.model,
        k: 3 as const,
        approval: { policy: 'manual' as const, msdMargin: 0.05, silhouetteMargin: 0.01 },
      },
    };
    const previewRoot = await mkdtemp(join(tmpdir(), 'preview-'));
    const lines: string[] = [];
    const preview = await runWorkshop({
      root: REPO_ROOT,
      stateRoot: previewRoot,
      env,
      sampleOrders: 2000,
      log: (l) => lines.push(l),
    });
    expect(lines).toContain(
      "  approval policy auto for this local run; deploys use the environment file's manual",
    );
    expect(preview.model).toMatchObject({ status: 'Approved', activated: true });

    const deployRoot = await mkdtemp(join(tmpdir(), 'deploy-'));
    const backend = await openTeamBackend({
      env,
      backend: 'local',
      stateRoot: deployRoot,
      run: TEST_RUN,
    });
    try {
      await migrateStep(backend, SQL);
      await loadStep(
        backend,
        SQL,
        join(previewRoot, '.workshop', env.team, 'sample-data', 'olist'),
      );
      await featuresStep(backend, SQL);
      const deploy = await runTrainKMeans(backend, SQL);
      expect(deploy.training).toMatchObject({ status: 'PendingManualApproval', activated: false });

      const previewRecord = await readJson(preview.model.ref);
      const deployRecord = await readJson(deploy.training.ref);
      expect(Object.keys(deployRecord).sort()).toEqual(Object.keys(previewRecord).sort());
      expect(Object.keys(await readJson(deploy.training.metricsUri)).sort()).toEqual(
        Object.keys(await readJson(preview.model.metricsUri)).sort(),
      );
      // Both reasons are written by the one approval rule (segmentation/approval.ts).
      expect(previewRecord.approval_reason).toBe('auto: first approved version');
      expect(deployRecord.approval_reason).toBe('approval policy is manual');
      // Same data, same seed, same trainer: the same centroids.
      expect(deploy.training.centroids).toEqual(preview.model.centroids);
    } finally {
      await backend.close();
    }
  });
});
