/**
 * A warehouse loaded with Olist files before the transactions table existed keeps its data:
 * V007 maps the loaded orders onto transactions, so RFM after the upgrade equals RFM before it.
 */
import { expect, test } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckDbLoader } from '../../actions/lib/load/duckdb-loader.js';
import { readMigrations } from '../../actions/lib/migrations/files.js';
import { migrate } from '../../actions/lib/migrations/runner.js';
import { deriveFeatures } from '../../actions/lib/pipeline/refresh.js';
import { DuckDbWarehouse } from '../../actions/lib/warehouse/duckdb.js';
import { customer, order, payment, writeOlistFiles } from '../support/olist-fixture.js';
import { MIGRATIONS_DIR, REFRESH_DIR } from '../support/warehouse.js';

const FILES = {
  customers: [customer('c1', 'u1'), customer('c2', 'u2'), customer('c3', 'u1')],
  orders: [
    order('o1', 'c1', 'delivered', '2018-01-02 10:00:00'),
    order('o2', 'c2', 'delivered', '2018-01-05 10:00:00'),
    order('o3', 'c3', 'canceled', '2018-01-07 10:00:00'),
    order('o4', 'c3', 'delivered', '2018-01-09 10:00:00'),
  ],
  payments: [
    payment('o1', 1, 'credit_card', '10.00'),
    payment('o1', 2, 'voucher', '5.00'),
    payment('o2', 1, 'boleto', '20.50'),
    payment('o3', 1, 'credit_card', '7.00'),
    payment('o4', 1, 'credit_card', '0.00'),
  ],
};

const rfm = (wh: DuckDbWarehouse) =>
  wh.query(
    'select customer_unique_id, recency_days, frequency, monetary from customer_features order by 1',
  );

test('orders loaded before V007 become transactions, and RFM is unchanged', async () => {
  const dir = await writeOlistFiles(FILES);
  const files = await readMigrations(MIGRATIONS_DIR);

  const upgraded = await DuckDbWarehouse.open();
  const before = files.filter((f) => f.type === 'versioned' && (f.version ?? 0) <= 6);
  await migrate(upgraded, before);
  const fresh = await DuckDbWarehouse.open();
  await migrate(fresh, files);
  await duckDbLoader(fresh, await mkdtemp(join(tmpdir(), 'scratch-'))).load(dir, { maxErrors: 0 });
  for (const table of ['customers', 'orders', 'payments']) {
    const rows = await fresh.query<Record<string, unknown>>(`select * from ${table}`);
    for (const row of rows) {
      const columns = Object.keys(row);
      await upgraded.query(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((c) => row[c] as string | number | null),
      );
    }
  }
  // The three Olist tables as a load before V007 left them, then the upgrade.
  await migrate(upgraded, files);
  await deriveFeatures(upgraded, REFRESH_DIR, '2018-02-01');
  await deriveFeatures(fresh, REFRESH_DIR, '2018-02-01');

  expect(await upgraded.query('select count(*) as n from transactions')).toEqual([{ n: 4 }]);
  expect(await rfm(upgraded)).toEqual(await rfm(fresh));
  expect((await rfm(upgraded)).length).toBe(2);
  await upgraded.close();
  await fresh.close();
});
