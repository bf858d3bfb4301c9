import { loadLocal } from '../../../../actions/lib/load/local-loader.js';
import { withoutPrimaryKey } from '../../../../actions/lib/load/primary-key.js';
import { writeSampleData } from '../../../../actions/lib/sample-data/generate.js';
import { migratedWarehouseForBlock } from '../../../support/warehouse-fixture.js';

const PRIMARY_KEYS = `select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def
from pg_constraint where contype = 'p' and conrelid::regclass::text in ('customers', 'orders', 'payments')
order by 1`;

const EXPECTED = [
  { tbl: 'customers', conname: 'customers_pkey', def: 'PRIMARY KEY (customer_id)' },
  { tbl: 'orders', conname: 'orders_pkey', def: 'PRIMARY KEY (order_id)' },
  { tbl: 'payments', conname: 'payments_pkey', def: 'PRIMARY KEY (order_id, payment_sequential)' },
];

describe('the local load builds primary keys after COPY', () => {
  const warehouse = migratedWarehouseForBlock();
  beforeAll(async () => {
    await writeSampleData(warehouse.dir, { orders: 200, seed: 3 });
  }, 60_000);

  it('leaves every source table with its primary key, enforced', async () => {
    await loadLocal(warehouse.wh, warehouse.dir, { maxErrors: 10 });
    await loadLocal(warehouse.wh, warehouse.dir, { maxErrors: 10 });
    expect(await warehouse.wh.query(PRIMARY_KEYS)).toEqual(EXPECTED);
    const [row] = await warehouse.wh.query<{ order_id: string }>(
      'select order_id from orders limit 1',
    );
    await expect(
      warehouse.wh.query(
        `insert into orders (order_id, customer_id, order_status, order_purchase_timestamp)
         values ('${row?.order_id}', 'x', 'delivered', '2018-01-01')`,
      ),
    ).rejects.toThrow(/duplicate key/);
  });

  it('keeps the primary key when the load fails part-way (the transaction rolls back)', async () => {
    await expect(
      warehouse.wh.withCopySession((session) =>
        withoutPrimaryKey(session, 'orders', async () => {
          throw new Error('copy failed');
        }),
      ),
    ).rejects.toThrow('copy failed');
    expect(await warehouse.wh.query(PRIMARY_KEYS)).toEqual(EXPECTED);
  });
});
