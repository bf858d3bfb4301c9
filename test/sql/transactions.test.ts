/**
 * The canonical transactions and the refund rule, on each local engine loading a team's own
 * transactions file its own way: a purchase and its refunds are netted by transaction id; a
 * transaction netting to zero or less, refunds without a purchase, and rows in an excluded status
 * are left out of RFM, each counted with its reason.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceConfig } from '../../contracts/environment/schema.js';
import { duckDbLoader } from '../../actions/lib/load/duckdb-loader.js';
import { loadLocal } from '../../actions/lib/load/local-loader.js';
import { deriveFeatures } from '../../actions/lib/pipeline/refresh.js';
import { readTransactionSummary } from '../../actions/lib/pipeline/transaction-summary.js';
import type { Warehouse } from '../../actions/lib/warehouse/warehouse.js';
import { migratedDuckDb, migratedWarehouse, REFRESH_DIR } from '../support/warehouse.js';
import { warehouseForBlock } from '../support/warehouse-fixture.js';
import { expectRows } from '../support/table-rows.js';

const SOURCE: SourceConfig = {
  format: 'transactions',
  data: 'sample',
  columns: {
    customer_id: 'holder',
    occurred_at: 'at',
    amount: 'eur',
    transaction_id: 'ref',
    status: 'state',
  },
  excludeStatuses: ['reversed'],
  zeroAmounts: 'excluded',
};

const C1 = '0b7e3c1a-2f4d-4e5a-8b6c-7d8e9f0a1b2c';
const C2 = 'customer-two';
const C3 = 'c3';

const FILE = [
  'ref,holder,at,eur,state,channel',
  `BK-1,${C1},2024-03-01T10:00:00Z,100.00,booked,card`,
  `BK-1,${C1},2024-03-04T12:00:00Z,-30.00,booked,card`,
  `BK-2,${C1},2024-03-10T09:00:00+01:00,50.00,booked,card`,
  `BK-2,${C1},2024-03-12T09:00:00Z,-50.00,booked,card`,
  `R-1,${C2},2024-03-02T08:00:00Z,-20.00,booked,card`,
  `BK-3,${C2},2024-03-03T08:00:00Z,80.00,reversed,card`,
  `BK-4,${C2},2024-03-20T23:30:00-02:00,40.00,booked,transfer`,
  `BK-5,${C3},2024-03-05 10:00:00,0.00,booked,card`,
  `BK-6,${C3},2024-03-06 10:00:00,10.00,reversed,card`,
  `BK-6,${C3},2024-03-06 11:00:00,25.00,booked,card`,
  '',
].join('\n');

/** Each local engine, migrated and loaded with FILE (written in `dir`) as `source` says. */
const ENGINES: Readonly<
  Record<'pglite' | 'duckdb', (dir: string, source: SourceConfig) => Promise<Warehouse>>
> = {
  pglite: async (dir, source) => {
    const wh = await migratedWarehouse();
    await loadLocal(wh, await bankFile(dir), { maxErrors: 0, source });
    return wh;
  },
  duckdb: async (dir, source) => {
    const wh = await migratedDuckDb();
    await duckDbLoader(wh, dir).load(await bankFile(dir), { maxErrors: 0, source });
    return wh;
  },
};

async function bankFile(dir: string): Promise<string> {
  const file = join(dir, 'bank.csv');
  await writeFile(file, FILE);
  return file;
}

const EXCLUSIONS =
  'select transaction_id, reason from transaction_exclusions order by transaction_id';

describe.each(['pglite', 'duckdb'] as const)('transactions and refunds (%s)', (engine) => {
  const loaded = warehouseForBlock(async (dir) => {
    const wh = await ENGINES[engine](dir, SOURCE);
    await deriveFeatures(wh, REFRESH_DIR, '2024-04-01');
    return wh;
  });

  test('every row of the file is one row of transactions, times in UTC', async () => {
    const rows = await loaded.wh.query<{ transaction_id: string; occurred_at: unknown }>(
      'select transaction_id, occurred_at from transactions order by occurred_at',
    );
    expect(rows).toHaveLength(10);
    const at = (r: { occurred_at: unknown }): string =>
      (r.occurred_at instanceof Date
        ? r.occurred_at.toISOString()
        : String(r.occurred_at).replace(' ', 'T')
      ).slice(0, 16);
    // 2024-03-10T09:00+01:00 is 08:00 UTC; 2024-03-20T23:30-02:00 is 01:30 UTC the next day.
    expect(rows.filter((r) => r.transaction_id === 'BK-2').map(at)[0]).toBe('2024-03-10T08:00');
    expect(rows.filter((r) => r.transaction_id === 'BK-4').map(at)).toEqual(['2024-03-21T01:30']);
  });

  test('a purchase and its refunds are netted; a status row is left out of the sum', async () => {
    await expectRows(
      loaded.wh,
      'select transaction_id, customer_unique_id, amount from eligible_transactions order by transaction_id',
      [
        ['BK-1', C1, 70],
        ['BK-4', C2, 40],
        ['BK-6', C3, 25],
      ],
      { numeric: ['amount'] },
    );
  });

  test('each transaction left out is listed with its reason, and counted', async () => {
    await expectRows(loaded.wh, EXCLUSIONS, [
      ['BK-2', 'refunded in full'],
      ['BK-3', 'excluded status'],
      ['BK-5', 'zero amount'],
      ['R-1', 'refund only'],
    ]);
    expect(await readTransactionSummary(loaded.wh)).toEqual({
      eligible: 3,
      excluded: [
        { reason: 'excluded status', transactions: 1 },
        { reason: 'refund only', transactions: 1 },
        { reason: 'refunded in full', transactions: 1 },
        { reason: 'zero amount', transactions: 1 },
      ],
    });
  });

  test('RFM counts the eligible transactions only', async () => {
    await expectRows(
      loaded.wh,
      'select customer_unique_id, frequency, monetary, recency_days from customer_features order by customer_unique_id',
      [
        [C1, 1, 70, 31],
        [C3, 1, 25, 26],
        [C2, 1, 40, 11],
      ],
      { numeric: ['frequency', 'monetary', 'recency_days'] },
    );
  });
});

test('with zeroAmounts: purchase, a transaction of 0 without refunds counts as a purchase', async () => {
  const wh = await ENGINES.duckdb(await mkdtemp(join(tmpdir(), 'transactions-')), {
    ...SOURCE,
    zeroAmounts: 'purchase',
  });
  const eligible = await wh.query<{ transaction_id: string }>(
    'select transaction_id from eligible_transactions order by transaction_id',
  );
  expect(eligible.map((r) => r.transaction_id)).toEqual(['BK-1', 'BK-4', 'BK-5', 'BK-6']);
  // BK-2 nets to zero through a refund: still refunded in full.
  await expectRows(wh, EXCLUSIONS, [
    ['BK-2', 'refunded in full'],
    ['BK-3', 'excluded status'],
    ['R-1', 'refund only'],
  ]);
  await wh.close();
});
