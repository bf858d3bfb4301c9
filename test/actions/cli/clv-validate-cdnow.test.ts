/**
 * `workshop clv validate --env-file examples/environments/cdnow.yaml` on the CDNOW transactions, as
 * a user runs it from a team's workspace: the example environment is read from outside
 * environments/, its asOf (1997-10-01) is the window, and the table printed for weeks 40–78 is the
 * one test/actions/lib/clv/cdnow-transactions.test.ts checks in detail (actual counts from the
 * data; predictions as bench/peer/cdnow_bgnbd.py computes them, to the table's one decimal).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../support/process.js';
import { REPO_ROOT } from '../../support/warehouse.js';
import { teamWorkspace } from '../../support/workshop-cli.js';

const CLI = join(REPO_ROOT, 'scripts', 'workshop.mjs');
const ENV_FILE = join(REPO_ROOT, 'examples', 'environments', 'cdnow.yaml');
const TRANSACTIONS = join(REPO_ROOT, 'test', 'fixtures', 'cdnow', 'cdnow_transactions.csv');

let workspace: string;

beforeAll(async () => {
  workspace = await teamWorkspace('clv-validate-cdnow-');
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

test('prints the weeks 40–78 holdout table of the CDNOW sample', async () => {
  const result = await run(
    'node',
    [
      CLI,
      'clv',
      'validate',
      '--env-file',
      ENV_FILE,
      '--data',
      TRANSACTIONS,
      '--holdout-end',
      '1998-07-01',
    ],
    { cwd: workspace, timeoutMs: 120_000 },
  );
  expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  expect(result.stdout.trim().split('\n')).toEqual([
    'holdout: 39.0 weeks after 1997-09-30, 2357 customers',
    'repeat purchases in the window\tcustomers\tactual\tpredicted',
    '0\t1411\t334.0\t317.6',
    '1\t439\t306.0\t229.7',
    '2\t214\t298.0\t223.4',
    '3\t100\t156.0\t152.0',
    '4\t62\t157.0\t134.2',
    '5\t38\t112.0\t100.8',
    '6\t29\t112.0\t101.6',
    '7+\t64\t407.0\t394.1',
    'total\t2357\t1882.0\t1653.4',
  ]);
  // The team is the example file's, not the workspace's only team (retail-bank).
  const report = JSON.parse(
    await readFile(join(workspace, 'out', 'cdnow', 'clv-validation.json'), 'utf8'),
  ) as { windowEnd: string; customers: number };
  expect(report).toMatchObject({ windowEnd: '1997-09-30', customers: 2357 });
}, 150_000);
