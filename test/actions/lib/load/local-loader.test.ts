import { describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLocal } from '../../../../actions/lib/load/local-loader.js';
import { LoadError } from '../../../../actions/lib/load/report.js';
import { CsvFileError } from '../../../../actions/lib/load/check-csv.js';
import {
  hexId,
  order,
  payment,
  writeOlistFiles,
  twoGoodCustomers,
} from '../../../support/olist-fixture.js';
import { REPO_ROOT } from '../../../support/warehouse.js';
import { migratedWarehouseForBlock } from '../../../support/warehouse-fixture.js';

const warehouse = migratedWarehouseForBlock();

const count = async (table: string): Promise<number> =>
  Number((await warehouse.wh.query<{ n: number }>(`select count(*) as n from ${table}`))[0]!.n);

const good = twoGoodCustomers;

describe('local loader', () => {
  test('rows in = rows loaded + rows rejected, with line numbers and reasons', async () => {
    const files = good();
    files.orders.push(
      order('o3', 'c1', 'delivered', '2018-02-30 10:00:00'), // line 4: not a real date
      `${hexId('o4')},${hexId('c1')},delivered`, // line 5: too few fields
      order('o1', 'c2', 'delivered', '2018-01-03 10:00:00'), // line 6: duplicate key
      order('o5', 'c2', 'delivered', '2018-01-04 10:00:00'),
    );
    files.payments.push(
      payment('o5', 1, 'credit_card', '12.345'),
      payment('o5', 2, 'voucher', 'abc'),
    );
    const reports = await loadLocal(warehouse.wh, await writeOlistFiles(files), { maxErrors: 10 });

    const orders = reports.find((r) => r.table === 'orders')!;
    expect([orders.rowsIn, orders.rowsLoaded, orders.rowsRejected]).toEqual([6, 3, 3]);
    expect(orders.rejected.map((r) => [r.line, r.reason])).toEqual([
      [4, 'order_purchase_timestamp "2018-02-30 10:00:00" is not a real date and time'],
      [5, 'has 3 fields, expected 8'],
      [6, 'duplicate order_id (first seen on line 2)'],
    ]);
    const payments = reports.find((r) => r.table === 'payments')!;
    expect(payments.rejected.map((r) => [r.line, r.reason])).toEqual([
      [4, 'payment_value "12.345" has more than 2 decimal places'],
      [5, 'payment_value "abc" is not a number'],
    ]);
    for (const r of reports) expect(r.rowsIn).toBe(r.rowsLoaded + r.rowsRejected);
    expect(await count('orders')).toBe(3);
    expect(await count('payments')).toBe(2);
    expect(await count('customers')).toBe(2);
  });

  test('more rejected rows than maxErrors fails the load and leaves the tables unchanged', async () => {
    await loadLocal(warehouse.wh, await writeOlistFiles(good()), { maxErrors: 0 });
    const before = await warehouse.wh.query('select * from orders order by order_id');

    const files = good();
    files.orders.push(
      order('o3', 'c1', 'delivered', 'yesterday'),
      order('o4', 'c1', 'delivered', ''),
    );
    const failure = await loadLocal(warehouse.wh, await writeOlistFiles(files), {
      maxErrors: 1,
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LoadError);
    expect((failure as LoadError).message).toMatch(
      /olist_orders_dataset\.csv: 2 of 4 rows rejected/,
    );
    expect((failure as LoadError).message).toMatch(
      /olist_orders_dataset\.csv:5: order_purchase_timestamp is empty but required/,
    );
    expect(await warehouse.wh.query('select * from orders order by order_id')).toEqual(before);
  });

  test('a header that does not match the table names the file and the columns', async () => {
    const dir = await writeOlistFiles(good());
    const path = join(dir, 'olist_customers_dataset.csv');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"customer_city"', '"city"'));
    const error = (await loadLocal(warehouse.wh, dir, { maxErrors: 10 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(CsvFileError);
    expect(error.message).toMatch(
      /olist_customers_dataset\.csv:1: header does not match table customers \(missing customer_city; unexpected city\)/,
    );
  });

  test('a missing file says which files a data folder holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olist-'));
    await expect(loadLocal(warehouse.wh, dir, { maxErrors: 10 })).rejects.toThrow(
      /olist_customers_dataset\.csv is missing; a data folder holds/,
    );
  });

  test('multi-line quoted fields keep correct line numbers for later rows', async () => {
    const files = good();
    files.customers.push(
      `${hexId('c3')},${hexId('u3')},"01001","sao\npaulo",SP`,
      `${hexId('c4')},${hexId('u4')},"1001",sao paulo,SPX`,
    );
    const reports = await loadLocal(warehouse.wh, await writeOlistFiles(files), { maxErrors: 10 });
    const customers = reports.find((r) => r.table === 'customers')!;
    expect(customers.rejected.map((r) => [r.line, r.reason])).toEqual([
      [6, 'customer_state is 3 characters long, more than 2'],
    ]);
  });

  const realDir = join(REPO_ROOT, '..', 'shared', 'data', 'olist');
  const haveReal = existsSync(join(realDir, 'olist_customers_dataset.csv'));
  (haveReal ? test : test.skip)(
    'real Olist customers and payments files load with every row accounted for (skipped when ../shared/data/olist is absent)',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'olist-real-'));
      await copyFile(
        join(realDir, 'olist_customers_dataset.csv'),
        join(dir, 'olist_customers_dataset.csv'),
      );
      await copyFile(
        join(realDir, 'olist_order_payments_dataset.csv'),
        join(dir, 'olist_order_payments_dataset.csv'),
      );
      // The orders file could not be obtained; one order with the real header stands in (a
      // file with a header only is refused).
      await writeOlistFiles({
        customers: [],
        orders: [order('o1', 'c1', 'delivered', '2018-01-01 10:00:00')],
        payments: [],
      }).then((stand) =>
        copyFile(join(stand, 'olist_orders_dataset.csv'), join(dir, 'olist_orders_dataset.csv')),
      );
      const reports = await loadLocal(warehouse.wh, dir, { maxErrors: 0 });
      const byTable = Object.fromEntries(reports.map((r) => [r.table, r]));
      expect(byTable.customers!.rowsLoaded).toBe(99_441);
      expect(byTable.payments!.rowsLoaded).toBe(103_886);
      expect(byTable.customers!.rowsRejected + byTable.payments!.rowsRejected).toBe(0);
      expect(await count('customers')).toBe(99_441);
      const [sum] = await warehouse.wh.query<{ s: string }>(
        'select sum(payment_value) as s from payments',
      );
      expect(Number(sum!.s)).toBeGreaterThan(0);
    },
  );
});
