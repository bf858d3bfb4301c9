/**
 * Broken files against both local loaders (PGlite for PostgreSQL, and DuckDB): a file that cannot
 * be loaded is refused before anything changes, naming the file; a row that cannot be loaded is
 * rejected with its line and reason and counts toward load.maxErrors; every row in is loaded or
 * rejected.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadOptions } from '../../../../actions/lib/load/local-loader.js';
import { LoadError, type FileLoadReport } from '../../../../actions/lib/load/report.js';
import {
  customer,
  CUSTOMERS_HEADER,
  order,
  payment,
  writeOlistFiles,
  type OlistFiles,
  twoGoodCustomers,
} from '../../../support/olist-fixture.js';
import { refusalLeavingRows, WHO_WHEN_AMOUNT } from '../../../support/load-fixture.js';
import { LOCAL_LOADERS } from '../../../support/warehouse.js';
import { loaderForBlock } from '../../../support/warehouse-fixture.js';

/** Every load here happens at 2026-01-01 12:00 UTC. */
const NOW = (): Date => new Date('2026-01-01T12:00:00Z');
const CUSTOMERS = 'olist_customers_dataset.csv';
const ORDERS = 'olist_orders_dataset.csv';
const PAYMENTS = 'olist_order_payments_dataset.csv';

const good = twoGoodCustomers;

/** The Olist folder of `rows`, with `file` replaced by `bytes` when given. */
async function olistFolder(rows: OlistFiles, file?: string, bytes?: Uint8Array): Promise<string> {
  const dir = await writeOlistFiles(rows);
  if (file !== undefined && bytes !== undefined) await writeFile(join(dir, file), bytes);
  return dir;
}

async function transactionsFile(text: string | Uint8Array): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'tx-')), 'transactions.csv');
  await writeFile(path, text);
  return path;
}

const engines = LOCAL_LOADERS;

describe.each(engines)('%s', (_name, open) => {
  const engine = loaderForBlock(open);
  beforeAll(async () => {
    await engine.loader.load(await olistFolder(good()), { maxErrors: 0, now: NOW });
  });

  const load = (path: string, options: Partial<LoadOptions> = {}): Promise<FileLoadReport[]> =>
    engine.loader.load(path, { maxErrors: 10, now: NOW, ...options });

  /** Loads `path`, expects it refused with `message`, and the tables as they were. */
  async function expectRefused(
    path: string,
    message: RegExp,
    options: Partial<LoadOptions> = {},
  ): Promise<Error> {
    const error = (await refusalLeavingRows(engine.wh, 2, () => load(path, options))) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(message);
    return error;
  }

  test.each([CUSTOMERS, ORDERS, PAYMENTS])(
    'an Olist %s with a header and no rows is refused',
    async (file) => {
      const rows = good();
      const key = file === CUSTOMERS ? 'customers' : file === ORDERS ? 'orders' : 'payments';
      rows[key] = [];
      await expectRefused(
        await olistFolder(rows),
        new RegExp(`${file.replace(/\./g, '\\.')}: no data rows; nothing was loaded`),
      );
    },
  );

  test('a transactions file with a header and blank lines only is refused', async () => {
    await expectRefused(
      await transactionsFile('who,when,amount\n\n\r\n'),
      /transactions\.csv: no data rows; nothing was loaded/,
      {
        source: WHO_WHEN_AMOUNT,
      },
    );
  });

  test('a tab- or semicolon-separated file says so, not "empty"', async () => {
    const tsv = CUSTOMERS_HEADER.replace(/,/g, '\t');
    await expectRefused(
      await olistFolder(
        good(),
        CUSTOMERS,
        Buffer.from(`${tsv}\n${customer('c1', 'u1').replace(/,/g, '\t')}\n`),
      ),
      /olist_customers_dataset\.csv:1: the header has no comma but 4 tab characters: the file looks tab-separated; nothing was loaded\. The file must be comma-separated CSV/,
    );
    await expectRefused(
      await transactionsFile('who;when;amount\nc1;2024-01-01;5,00\n'),
      /transactions\.csv:1: the header has no comma but 2 semicolon characters: the file looks semicolon-separated/,
      { source: WHO_WHEN_AMOUNT },
    );
  });

  test('a UTF-16 file is refused as such', async () => {
    const text = `who,when,amount\nc1,2024-01-01,5\n`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    await expectRefused(await transactionsFile(utf16), /transactions\.csv: the file is UTF-16/, {
      source: WHO_WHEN_AMOUNT,
    });
  });

  test('far-future and far-past events are rejected rows that count toward maxErrors', async () => {
    const rows = good();
    rows.orders.push(
      order('o3', 'c1', 'delivered', '2999-01-01 00:00:00'), // line 4
      order('o4', 'c1', 'delivered', '1899-12-31 00:00:00'), // line 5
      order('o5', 'c2', 'delivered', '2026-01-02 11:00:00'), // within a day of the load: kept
    );
    rows.payments.push(payment('o5', 1, 'boleto', '1.00'));
    const dir = await olistFolder(rows);
    const error = await expectRefused(dir, /2 of 5 rows rejected/, { maxErrors: 1 });
    expect(error).toBeInstanceOf(LoadError);

    const reports = await load(dir, { maxErrors: 2 });
    const orders = reports.find((r) => r.table === 'orders')!;
    expect([orders.rowsIn, orders.rowsLoaded, orders.rowsRejected]).toEqual([5, 3, 2]);
    expect(
      orders.rejected.map((r) => [r.file.endsWith(ORDERS), r.line, r.column, r.reason]),
    ).toEqual([
      [
        true,
        4,
        'order_purchase_timestamp',
        `order_purchase_timestamp "2999-01-01 00:00:00" is after 2026-01-02 12:00:00 UTC, more than a day after the load's time; check the row's date`,
      ],
      [
        true,
        5,
        'order_purchase_timestamp',
        `order_purchase_timestamp "1899-12-31 00:00:00" is before 1900-01-01; check the row's date`,
      ],
    ]);
    const [latest] = await engine.wh.query<{ at: unknown }>(
      'select cast(max(occurred_at) as varchar) as at from transactions',
    );
    expect(String(latest?.at)).toMatch(/^2026-01-02 11:00:00/);
  });

  test('a transaction dated 2999 is rejected at its line, in the column the team named', async () => {
    const path = await transactionsFile(
      'who,when,amount\nc1,2024-01-01,5\nc1,2999-01-01T00:00:00Z,5\nc2,2025-12-31,7\n',
    );
    const [report] = await load(path, { source: WHO_WHEN_AMOUNT });
    expect(report?.rejected.map((r) => [r.line, r.column])).toEqual([[3, 'when']]);
    expect([report?.rowsIn, report?.rowsLoaded]).toEqual([3, 2]);
  });

  test('3000 rows with a quote left open in one: 3000 in, the open one rejected at its line', async () => {
    const rows = good();
    rows.customers = Array.from({ length: 3000 }, (_, i) => customer(`c${i}`, `u${i}`));
    rows.customers[4] = rows.customers[4]!.replace('sao paulo', '"sao paulo');
    const reports = await load(await olistFolder(rows));
    const customers = reports.find((r) => r.table === 'customers')!;
    expect([customers.rowsIn, customers.rowsLoaded, customers.rowsRejected]).toEqual([
      3000, 2999, 1,
    ]);
    expect(customers.rejected.map((r) => r.line)).toEqual([6]);
    const [n] = await engine.wh.query<{ n: unknown }>('select count(*) as n from customers');
    expect(Number(n?.n)).toBe(2999);
  });

  /** `row` with "sao" written "são" in Latin-1 (0xE3 for ã): not UTF-8. */
  const latin1Row = (row: string): Buffer => {
    const [before, after] = row.split('sao') as [string, string];
    return Buffer.concat([
      Buffer.from(`${before}s`),
      Buffer.from([0xe3, 0x6f]),
      Buffer.from(`${after}\n`),
    ]);
  };

  test('bare CR, NUL and bytes that are not UTF-8 are rejected rows with their line', async () => {
    const lines = [
      Buffer.from(`${CUSTOMERS_HEADER}\n`),
      Buffer.from(`${customer('c1', 'u1')}\n`), // 2
      Buffer.from(`${customer('c2', 'u2')}\r`), // 3: ends in a bare CR
      Buffer.from(`${customer('c3', 'u3').replace('sao', 's\u0000o')}\n`), // 4: NUL
      latin1Row(customer('c4', 'u4')), // 5: "são" in Latin-1
      Buffer.from(`${customer('c5', 'u5')}\r\n`), // 6: CRLF is fine
      Buffer.from(`${customer('c6', 'u6')}\n`), // 7
    ];
    const reports = await load(await olistFolder(good(), CUSTOMERS, Buffer.concat(lines)));
    const customers = reports.find((r) => r.table === 'customers')!;
    expect(customers.rejected.map((r) => [r.line, r.reason.slice(0, 40)])).toEqual([
      [3, 'ends in a carriage return without a line'],
      [4, 'holds a NUL byte (0x00), which no wareho'],
      [5, 'is not valid UTF-8 (bytes of another enc'],
    ]);
    expect([customers.rowsIn, customers.rowsLoaded]).toEqual([6, 3]);
  });

  test('a field of 40 emoji is 160 bytes: rejected against varchar(64)', async () => {
    const rows = good();
    rows.customers.push(customer('c3', 'u3').replace('sao paulo', '😀'.repeat(40)));
    rows.customers.push(customer('c4', 'u4').replace('sao paulo', '😀'.repeat(16)));
    const reports = await load(await olistFolder(rows));
    const customers = reports.find((r) => r.table === 'customers')!;
    expect(customers.rejected.map((r) => [r.line, r.column, r.reason])).toEqual([
      [
        4,
        'customer_city',
        "customer_city is 160 bytes long in UTF-8 (40 characters), more than 64: Redshift counts a varchar's length in bytes",
      ],
    ]);
    const [city] = await engine.wh.query<{ city: unknown }>(
      `select customer_city as city from customers where customer_city like '%😀%'`,
    );
    expect(city?.city).toBe('😀'.repeat(16));
  });

  test('the time of the load is recorded from the same clock', async () => {
    await load(await olistFolder(good()));
    const [row] = await engine.wh.query<{ at: unknown }>(
      'select cast(max(loaded_at) as varchar) as at from load_history',
    );
    expect(String(row?.at)).toMatch(/^2026-01-01 12:00:00/);
  });
});
