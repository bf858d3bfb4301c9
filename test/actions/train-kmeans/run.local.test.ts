/** The action's logic on the local backend: same flow and outputs as on AWS, no ARN. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TeamBackend } from '../../../actions/lib/pipeline/backend.js';
import { runTrainKMeans } from '../../../actions/train-kmeans/run.js';
import { migratedLocalBackend, SQL } from '../../support/backend.js';
import { groupedFeatures, seedFeatures, TWO_GROUPS } from '../../support/features.js';

let backend: TeamBackend;
let stateRoot: string;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ backend, stateRoot, dispose } = await migratedLocalBackend());
  await seedFeatures(backend.wh, groupedFeatures(TWO_GROUPS, 40));
});

afterAll(() => dispose());

describe('runTrainKMeans on the local backend', () => {
  test('registers in the model folder with the metrics JSON, activates, and summarises', async () => {
    const result = await runTrainKMeans(backend, SQL, { k: 2, lifetimeValue: false });
    expect(result.outputs).toEqual({
      'model-version': '1',
      'model-package-arn': '',
      k: '2',
      msd: String(result.training.metrics.msd),
      'approval-status': 'Approved',
    });
    const models = join(stateRoot, '.workshop', 'retail-bank', 'models');
    const metrics = JSON.parse(await readFile(join(models, 'v0001', 'metrics.json'), 'utf8'));
    expect(metrics).toMatchObject({ source: 'local', k: 2, n: 80, sizes: [40, 40] });
    expect(result.summary).toContain('## KMeans v1 for retail-bank (local)');
    const [first] = result.training.clusters;
    expect(result.summary).toContain(`| 0 | ${first!.name} | 40 | 50.0% | `);
    expect(result.summary).toContain(
      'Clustered: recency, frequency, monetary, log-standard scaling.',
    );
    expect(result.summary).toContain(
      '| cluster | name | customers | share | recency (days) | purchases | order value | recency (scaled) |',
    );
    expect(result.profiles.map((p) => p.customers)).toEqual([40, 40]);
  });

  test('the approval policy input overrides the environment file: manual leaves v2 pending', async () => {
    const result = await runTrainKMeans(backend, SQL, {
      k: 3,
      approvalPolicy: 'manual',
      lifetimeValue: false,
    });
    expect(result.outputs['approval-status']).toBe('PendingManualApproval');
    expect(result.training.activated).toBe(false);
    expect(result.summary).toContain('**PendingManualApproval**: recorded, not activated');
  });

  test('a failing data check stops it before anything is trained or registered', async () => {
    await backend.wh.transaction([
      { sql: 'delete from public.transactions', file: 'run.local.test.ts', line: 1 },
    ]);
    const models = join(stateRoot, '.workshop', 'retail-bank', 'models');
    const registered = async () => (await readdir(models)).sort();
    const before = await registered();
    await expect(runTrainKMeans(backend, SQL, { k: 2, lifetimeValue: false })).rejects.toThrow(
      /no_eligible_transactions\.sql: 1 offending row/,
    );
    expect(await registered()).toEqual(before);
  });
});
