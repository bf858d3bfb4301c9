import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loadLocal } from '../../../../actions/lib/load/local-loader.js';
import { readMigrations } from '../../../../actions/lib/migrations/files.js';
import { migrate } from '../../../../actions/lib/migrations/runner.js';
import { redact } from '../../../../actions/lib/warehouse/database-url.js';
import { PostgresWarehouse } from '../../../../actions/lib/warehouse/postgres.js';
import { StatementError } from '../../../../actions/lib/warehouse/warehouse.js';
import { customer, order, payment, writeOlistFiles } from '../../../support/olist-fixture.js';
import { startPostgres, type PostgresServer } from '../../../support/postgres.js';
import { MIGRATIONS_DIR } from '../../../support/warehouse.js';
import { freshPglite } from '../../../support/pglite.js';

let server: PostgresServer;
let wh: PostgresWarehouse;

beforeAll(async () => {
  server = await startPostgres();
  wh = await PostgresWarehouse.connect(await server.createDatabase('warehouse'));
});
afterAll(async () => {
  await wh?.close();
  await server?.stop();
});

const TYPED = `select 1::int2 as a, 2::int4 as b, 3::int8 as c, 1.5::numeric(12, 2) as d,
  1.5::float4 as e, 2.5::float8 as f, true as g, 'x'::char(3) as h, 'y'::varchar as v,
  date '2020-01-02' as i, timestamp '2020-01-02 03:04:05.123' as j,
  timestamptz '2020-01-02 03:04:05+02' as k, count(*) as n, null::int as z`;

describe('PostgresWarehouse', () => {
  test('returns values typed exactly as PGlite returns them', async () => {
    const local = await freshPglite();
    try {
      expect(await wh.query(TYPED)).toEqual(await local.query(TYPED));
    } finally {
      await local.close();
    }
  });

  test('translates Redshift SQL and locates errors to the file line', async () => {
    await wh.query({ sql: 'create table t (id integer encode az64) diststyle all', line: 1 });
    const error = await wh
      .query({ sql: 'select id,\n  nope\nfrom t', file: 'sql/checks/x.sql', line: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementError);
    expect((error as Error).message).toBe('sql/checks/x.sql:11: column "nope" does not exist');
  });

  test('a transaction is all or nothing', async () => {
    await wh.query('create table tx (id integer)');
    await expect(
      wh.transaction([
        { sql: 'insert into tx values (1)', file: 'a.sql', line: 1 },
        { sql: 'insert into tx values (1 / 0)', file: 'a.sql', line: 2 },
      ]),
    ).rejects.toThrow('a.sql:2: division by zero');
    expect(await wh.query('select * from tx')).toEqual([]);
  });

  test('the local loader runs on it: every row loaded or rejected, a reload replaces the data', async () => {
    await migrate(wh, await readMigrations(MIGRATIONS_DIR));
    const rows = {
      customers: [customer('c1', 'u1'), `${customer('c2', 'u2').replace('sao paulo', '')}`],
      orders: [
        order('o1', 'c1', 'delivered', '2018-01-01 10:00:00'),
        order('o2', 'c2', 'delivered', 'not a time'),
      ],
      payments: [payment('o1', 1, 'credit_card', '10.00')],
    };
    const reports = await loadLocal(wh, await writeOlistFiles(rows), { maxErrors: 5 });
    expect(reports.map((r) => [r.table, r.rowsIn, r.rowsLoaded, r.rowsRejected])).toEqual([
      ['customers', 2, 2, 0],
      ['orders', 2, 1, 1],
      ['payments', 1, 1, 0],
    ]);
    expect(await wh.query('select customer_city from customers order by customer_id')).toEqual([
      { customer_city: 'sao paulo' },
      { customer_city: null },
    ]);
    expect(
      await wh.query('select order_approved_at, order_purchase_timestamp from orders'),
    ).toEqual([
      { order_approved_at: null, order_purchase_timestamp: new Date('2018-01-01T10:00:00Z') },
    ]);

    await loadLocal(wh, await writeOlistFiles(rows), { maxErrors: 5 });
    const [count] = await wh.query<{ n: number }>('select count(*) as n from customers');
    expect(count).toEqual({ n: 2 });
  });

  test('a server that cannot be reached is named without its password', async () => {
    const url = 'postgres://workshop:s3cret@127.0.0.1:1/rfm';
    await expect(PostgresWarehouse.connect(url)).rejects.toThrow(
      /^cannot connect to postgres:\/\/workshop:\*\*\*@127\.0\.0\.1:1\/rfm: .*ECONNREFUSED/,
    );
    expect(redact('not a url')).not.toContain('not a url');
  });
});
