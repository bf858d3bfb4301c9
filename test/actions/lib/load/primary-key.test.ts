import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLocal } from '../../../../actions/lib/load/local-loader.js';
import { withoutPrimaryKey } from '../../../../actions/lib/load/primary-key.js';
import { writeSampleData } from '../../../../actions/lib/sample-data/generate.js';
import type { PgliteWarehouse } from '../../../../actions/lib/warehouse/pglite.js';
import { migratedWarehouse } from '../../../support/warehouse.js';

const PRIMARY_KEYS = `select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def
from pg_constraint where contype = 'p' and conrelid::regclass::text in ('customers', 'orders', 'payments')
order by 1`;

const EXPECTED = [
  { tbl: 'customers', conname: 'customers_pkey', def: 'PRIMARY KEY (customer_id)' },
  { tbl: 'orders', conname: 'orders_pkey', def: 'PRIMARY KEY (order_id)' },
  { tbl: 'payments', conname: 'payments_pkey', def: 'PRIMARY KEY (order_id, payment_sequential)' },
];

describe('the local load builds primary keys after COPY', () => {
  let wh: PgliteWarehouse;
  let data: string;
  beforeAll(async () => {
    wh = await migratedWarehouse();
    data = await mkdtemp(join(tmpdir(), 'pk-load-'));
    await writeSampleData(data, { orders: 200, seed: 3 });
  }, 60_000);
  afterAll(async () => {
    await wh.close();
    await rm(data, { recursive: true, force: true });
  });

  it('leaves every source table with its primary key, enforced', async () => {
    await loadLocal(wh, data, { maxErrors: 10 });
    await loadLocal(wh, data, { maxErrors: 10 });
    expect(await wh.query(PRIMARY_KEYS)).toEqual(EXPECTED);
    const [row] = await wh.query<{ order_id: string }>('select order_id from orders limit 1');
    await expect(
      wh.query(
        `insert into orders (order_id, customer_id, order_status, order_purchase_timestamp)
         values ('${row?.order_id}', 'x', 'delivered', '2018-01-01')`,
      ),
    ).rejects.toThrow(/duplicate key/);
  });

  it('keeps the primary key when the load fails part-way (the transaction rolls back)', async () => {
    await expect(
      wh.withCopySession((session) =>
        withoutPrimaryKey(session, 'orders', async () => {
          throw new Error('copy failed');
        }),
      ),
    ).rejects.toThrow('copy failed');
    expect(await wh.query(PRIMARY_KEYS)).toEqual(EXPECTED);
  });
});
