/** The action's logic on the local backend: same flow and outputs as on AWS, no ARN. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../../contracts/environment/load.js';
import type { Environment } from '../../../contracts/environment/schema.js';
import type { PgliteWarehouse } from '../../../actions/lib/warehouse/pglite.js';
import { runTrainKMeans } from '../../../actions/train-kmeans/run.js';
import { groupedFeatures, seedFeatures } from '../../support/features.js';
import { migratedWarehouse, REPO_ROOT } from '../../support/warehouse.js';

let wh: PgliteWarehouse;
let dir: string;
let env: Environment;

beforeAll(async () => {
  wh = await migratedWarehouse();
  await seedFeatures(
    wh,
    groupedFeatures(
      [
        [1, 1, 1],
        [4, 4, 4],
      ],
      40,
    ),
  );
  dir = await mkdtemp(join(tmpdir(), 'train-kmeans-local-'));
  env = await loadEnvironmentFile(join(REPO_ROOT, 'environments', 'retail-bank.yaml'));
});

afterAll(async () => {
  await wh.close();
  await rm(dir, { recursive: true, force: true });
});

describe('runTrainKMeans on the local backend', () => {
  test('registers in the model folder with the metrics JSON, activates, and summarises', async () => {
    const result = await runTrainKMeans(
      { team: 'retail-bank', backend: 'local', k: 2 },
      { env, wh, commit: 'abc', runId: 'local-1', modelsDir: join(dir, 'models') },
    );
    expect(result.outputs).toEqual({
      'model-version': '1',
      'model-package-arn': '',
      k: '2',
      msd: String(result.training.metrics.msd),
      'approval-status': 'Approved',
    });
    const metrics = JSON.parse(
      await readFile(join(dir, 'models', 'v0001', 'metrics.json'), 'utf8'),
    );
    expect(metrics).toMatchObject({ source: 'local', k: 2, n: 80, sizes: [40, 40] });
    expect(result.summary).toContain('## KMeans v1 for retail-bank (local)');
    expect(result.summary).toMatch(/\| 0 \| 40 \| 50\.0% \| /);
    expect(result.profiles.map((p) => p.customers)).toEqual([40, 40]);
  });

  test('the input team must be the environment file team; aws needs its clients', async () => {
    await expect(
      runTrainKMeans({ team: 'other', backend: 'local' }, { env, wh, commit: 'a', runId: 'r' }),
    ).rejects.toThrow(
      'input team "other" does not match the environment file\'s team "retail-bank"',
    );
    await expect(
      runTrainKMeans({ team: 'retail-bank', backend: 'aws' }, { env, wh, commit: 'a', runId: 'r' }),
    ).rejects.toThrow('backend aws needs the SageMaker and S3 clients and the stack outputs');
  });
});
