/**
 * `workshop run` on each kind of team, from its example environment file and generated sample:
 * a bank's transactions (UUID holders, ISO timestamps with Z and offsets, refunds, extra
 * columns) and an insurer's premiums run end to end with no reshaping.
 */
import { expect, test } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadEnvironmentFile } from '../../../../contracts/environment/load.js';
import { runWorkshop } from '../../../../actions/lib/pipeline/run.js';
import { REPO_ROOT } from '../../../support/warehouse.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test.each([
  ['demo-bank', UUID, /refunded in full/],
  ['demo-insurer', /^PH-\d{7}$/, /excluded status/],
])(
  '%s runs end to end on its generated sample',
  async (team, idShape, exclusion) => {
    const env = await loadEnvironmentFile(
      join(REPO_ROOT, 'examples', 'environments', `${team}.yaml`),
    );
    const lines: string[] = [];
    const result = await runWorkshop({
      root: REPO_ROOT,
      stateRoot: await mkdtemp(join(tmpdir(), `run-${team}-`)),
      env,
      sampleOrders: 8000,
      log: (l) => lines.push(l),
    });

    expect(result.load).toHaveLength(1);
    const [load] = result.load;
    expect(load?.table).toBe('transactions');
    expect(load?.rowsRejected).toBe(0);
    const summary = lines.find((l) => l.includes('transactions: ')) ?? '';
    expect(summary).toMatch(exclusion);

    const rows = parse(await readFile(result.files.segments, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.every((r) => idShape.test(r.customer_unique_id ?? ''))).toBe(true);
    // Customers buy repeatedly in both samples, so the lifetime-value fit has something to find.
    expect(result.clv.repeatCustomers / result.clv.customers).toBeGreaterThan(0.5);
    expect(result.clv.bgnbd.r).toBeGreaterThan(0.01);
    expect(result.clv.bgnbd.a + result.clv.bgnbd.b).toBeGreaterThan(0.01);
  },
  120_000,
);

test('a transactions team without a sample or --data is told what to pass', async () => {
  const env = await loadEnvironmentFile(
    join(REPO_ROOT, 'examples', 'environments', 'demo-bank.yaml'),
  );
  if (env.source.format !== 'transactions') throw new Error('demo-bank reads transactions');
  const source = { ...env.source };
  delete source.sample;
  await expect(
    runWorkshop({
      root: REPO_ROOT,
      stateRoot: await mkdtemp(join(tmpdir(), 'run-no-sample-')),
      env: { ...env, source },
      log: () => undefined,
    }),
  ).rejects.toThrow(
    'team demo-bank reads its own transactions (source.format: transactions): pass --data with a CSV file or folder, or set source.sample: banking or insurance in its environment file to run on a generated sample',
  );
});
