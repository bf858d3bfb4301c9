/**
 * A team's Parquet export loads like its CSV: DuckDB reads it (the file is written here by DuckDB
 * too, with typed columns: a UUID, a timestamp with time zone, a decimal), the same mapping and
 * row checks apply, and a rejected row is named by its row number.
 */
import { beforeAll, expect, test } from '@jest/globals';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SourceConfig } from '../../../../contracts/environment/schema.js';
import { duckDbLoader } from '../../../../actions/lib/load/duckdb-loader.js';
import { LoadError } from '../../../../actions/lib/load/report.js';
import { migratedDuckDb } from '../../../support/warehouse.js';

const SOURCE: SourceConfig = {
  format: 'transactions',
  data: 'sample',
  columns: { customer_id: 'holder', occurred_at: 'booked', amount: 'eur', transaction_id: 'ref' },
  excludeStatuses: [],
  zeroAmounts: 'excluded',
};

let dir: string;

async function writeParquet(file: string, select: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("set TimeZone = 'UTC'");
  await connection.run(`copy (${select}) to '${file}' (format parquet)`);
  connection.closeSync();
  instance.closeSync();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parquet-'));
  await writeParquet(
    join(dir, 'good.parquet'),
    `select * from (values
      ('BK-1', '0b7e3c1a-2f4d-4e5a-8b6c-7d8e9f0a1b2c'::uuid, timestamptz '2024-03-05 14:22:10+02', 12.50::decimal(10,2), 'card'),
      ('BK-1', '0b7e3c1a-2f4d-4e5a-8b6c-7d8e9f0a1b2c'::uuid, timestamptz '2024-03-06 09:00:00+00', -2.50::decimal(10,2), 'card'),
      ('BK-2', 'a1b2c3d4-0000-4000-8000-000000000001'::uuid, timestamptz '2024-03-07 23:59:59.5+00', 40.00::decimal(10,2), 'transfer')
    ) as t(ref, holder, booked, eur, channel)`,
  );
  await writeParquet(
    join(dir, 'bad.parquet'),
    `select * from (values
      ('BK-1', 'h1', timestamp '2024-03-05 14:22:10', 1.00::decimal(10,2)),
      ('BK-2', null, timestamp '2024-03-05 14:22:10', 1.00::decimal(10,2)),
      ('BK-3', 'h3', timestamp '2024-03-05 14:22:10', 1.00::decimal(10,2))
    ) as t(ref, holder, booked, eur)`,
  );
});

test('a Parquet file maps onto transactions: UUIDs, instants in UTC, decimals', async () => {
  const wh = await migratedDuckDb();
  const loader = duckDbLoader(wh, await mkdtemp(join(tmpdir(), 'scratch-')));
  const [report] = await loader.load(join(dir, 'good.parquet'), { maxErrors: 0, source: SOURCE });
  expect(report).toMatchObject({
    table: 'transactions',
    rowsIn: 3,
    rowsLoaded: 3,
    rowsRejected: 0,
  });
  const rows = await wh.query<{
    transaction_id: string;
    customer_unique_id: string;
    amount: string;
    purchased_at: Date;
  }>(
    'select transaction_id, customer_unique_id, amount, purchased_at from eligible_transactions order by transaction_id',
  );
  expect(
    rows.map((r) => [
      r.transaction_id,
      r.customer_unique_id,
      Number(r.amount),
      r.purchased_at.toISOString(),
    ]),
  ).toEqual([
    ['BK-1', '0b7e3c1a-2f4d-4e5a-8b6c-7d8e9f0a1b2c', 10, '2024-03-05T12:22:10.000Z'],
    ['BK-2', 'a1b2c3d4-0000-4000-8000-000000000001', 40, '2024-03-07T23:59:59.500Z'],
  ]);
  await wh.close();
});

test('a bad Parquet row is named by its row number and nothing is loaded past maxErrors', async () => {
  const wh = await migratedDuckDb();
  const loader = duckDbLoader(wh, await mkdtemp(join(tmpdir(), 'scratch-')));
  const error = (await loader
    .load(join(dir, 'bad.parquet'), {
      maxErrors: 0,
      source: SOURCE,
    })
    .catch((e: unknown) => e)) as LoadError;
  expect(error).toBeInstanceOf(LoadError);
  expect(error.message).toContain(`${join(dir, 'bad.parquet')}:2: holder is empty but required`);
  const [count] = await wh.query<{ n: unknown }>('select count(*) as n from transactions');
  expect(Number(count?.n)).toBe(0);
  await wh.close();
});

test('a folder loads every CSV and Parquet file in it', async () => {
  const wh = await migratedDuckDb();
  const loader = duckDbLoader(wh, await mkdtemp(join(tmpdir(), 'scratch-')));
  const readers: string[] = [];
  await expect(
    loader.load(dir, {
      maxErrors: 1,
      source: SOURCE,
      onFileRead: (file, reader) => void readers.push(`${basename(file)} ${reader}`),
    }),
  ).resolves.toHaveLength(2);
  // DuckDB's reader reads the CSV it writes of each Parquet file's rows, not JavaScript.
  expect(readers).toEqual(['bad.parquet duckdb', 'good.parquet duckdb']);
  const [count] = await wh.query<{ n: unknown }>('select count(*) as n from transactions');
  expect(Number(count?.n)).toBe(5);
  await wh.close();
});
