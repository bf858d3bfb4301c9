/**
 * A sample never replaces a team's own data: every load records where its data came from
 * (load_history), and the sample loads of a deploy (`workshop load --sample`) and of a run
 * without --data load only over a sample, or over nothing.
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepsOwnData, latestLoad } from '../../../../actions/lib/pipeline/load-history.js';
import { runWorkshop } from '../../../../actions/lib/pipeline/run.js';
import { loadSampleStep, loadStep } from '../../../../actions/lib/pipeline/steps.js';
import type { TeamBackend } from '../../../../actions/lib/pipeline/backend.js';
import { writeSample } from '../../../../actions/lib/sample-data/kinds.js';
import { exampleEnvironment, migratedLocalBackend, SQL } from '../../../support/backend.js';
import { REPO_ROOT } from '../../../support/warehouse.js';

let backend: TeamBackend;
let dispose: () => Promise<void>;

beforeEach(async () => {
  ({ backend, dispose } = await migratedLocalBackend());
});
afterEach(async () => dispose());

const count = async (): Promise<number> =>
  Number((await backend.wh.query<{ n: unknown }>('select count(*) as n from transactions'))[0]?.n);

test('a never-loaded warehouse takes the sample, and the load says where it came from', async () => {
  expect(await latestLoad(backend.wh)).toBeUndefined();
  const reports = await loadSampleStep(backend, SQL, 500, () => undefined);
  expect(reports.map((r) => r.table)).toEqual(['customers', 'orders', 'payments']);
  const latest = await latestLoad(backend.wh);
  expect(latest).toMatchObject({
    origin: 'sample',
    detail: 'olist sample, 500 orders, seed 42',
    rowsLoaded: await count(),
  });
  expect(Date.now() - Date.parse(latest?.loadedAt ?? '')).toBeLessThan(600_000);
  expect(keepsOwnData(latest)).toBeUndefined();
});

test("the team's own files are kept: the sample step loads nothing and says why", async () => {
  const own = await writeSample('olist', await mkdtemp(join(tmpdir(), 'own-')), {
    size: 300,
    seed: 9,
  });
  await loadStep(backend, SQL, own.dataPath);
  const before = await count();
  const lines: string[] = [];
  expect(await loadSampleStep(backend, SQL, 500, (l) => lines.push(l))).toEqual([]);
  expect(await count()).toBe(before);
  expect(lines).toEqual([
    expect.stringMatching(
      new RegExp(
        `^sample not loaded: the warehouse holds the team's own data \\(${before} rows from ${own.dataPath}, loaded \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\); a sample never replaces it`,
      ),
    ),
  ]);
  // Loading files again is always allowed.
  await loadStep(backend, SQL, own.dataPath);
  expect((await latestLoad(backend.wh))?.origin).toBe('files');
});

test('a transactions team without a sample loads nothing and says how to load its data', async () => {
  const env = await exampleEnvironment();
  const lines: string[] = [];
  const reports = await loadSampleStep(
    {
      ...backend,
      env: {
        ...env,
        source: {
          format: 'transactions',
          data: 'sample',
          columns: { customer_id: 'c', occurred_at: 't', amount: 'a' },
          excludeStatuses: [],
          zeroAmounts: 'excluded',
        },
      },
    },
    SQL,
    500,
    (l) => lines.push(l),
  );
  expect(reports).toEqual([]);
  expect(lines).toEqual([
    'sample not loaded: team retail-bank reads its own transactions and names no source.sample; load them with workshop load --data',
  ]);
});

test('workshop run without --data keeps the data loaded from files', async () => {
  const env = await exampleEnvironment();
  const stateRoot = await mkdtemp(join(tmpdir(), 'run-keeps-'));
  const own = await writeSample('olist', join(stateRoot, 'own'), { size: 400, seed: 5 });
  const first = await runWorkshop({
    root: REPO_ROOT,
    stateRoot,
    env,
    dataDir: own.dataPath,
    log: () => undefined,
  });
  const lines: string[] = [];
  const second = await runWorkshop({ root: REPO_ROOT, stateRoot, env, log: (l) => lines.push(l) });
  expect(lines.some((l) => l.startsWith('✓ sample'))).toBe(false);
  expect(lines.find((l) => l.startsWith('✓ load'))).toContain(
    "kept: the warehouse holds the team's own data",
  );
  expect(second.dashboard.kpis.customers).toBe(first.dashboard.kpis.customers);
  expect(second.load).toEqual([]);
}, 120_000);
