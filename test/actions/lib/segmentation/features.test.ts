import { describe, expect, test } from '@jest/globals';
import { readFeatures } from '../../../../actions/lib/segmentation/features.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { freshPglite } from '../../../support/pglite.js';
import { warehouseForBlock } from '../../../support/warehouse-fixture.js';

/** Customers out of id order, a whole and a fractional monetary value, and one shortest double. */
const ROWS = [
  ['c', 3, 1, 0.1],
  ['a', 120, 2, 40.300000000000004],
  ['b', 7, 5, 1234.5],
] as const;

// DuckDB hands over columns of doubles, PGlite writes CSV: both must give the same matrix.
describe.each<[string, () => Promise<Warehouse>]>([
  ['DuckDB', () => DuckDbWarehouse.open()],
  ['PGlite', () => freshPglite()],
])('readFeatures on %s', (_engine, open) => {
  const fixture = warehouseForBlock(open);

  test('reads recency, frequency and monetary by customer id, as doubles', async () => {
    const { wh } = fixture;
    await wh.query(
      'create table public.customer_features (customer_unique_id varchar(32), recency_days integer, frequency integer, monetary double precision)',
    );
    await wh.query(
      `insert into public.customer_features values ${ROWS.map(([id, r, f, m]) => `('${id}', ${r}, ${f}, ${m})`).join(', ')}`,
    );
    const read = await readFeatures(wh);
    expect({ n: read.n, dim: read.dim, points: [...read.points] }).toEqual({
      n: 3,
      dim: 3,
      points: [120, 2, 40.300000000000004, 7, 5, 1234.5, 3, 1, 0.1],
    });
    expect([...(await readFeatures(wh, ['monetary'])).points]).toEqual([
      40.300000000000004, 1234.5, 0.1,
    ]);
  });

  test('a missing value names its row and column', async () => {
    const { wh } = fixture;
    await wh.query(`insert into public.customer_features values ('d', 4, 1, null)`);
    await expect(readFeatures(wh)).rejects.toThrow(
      'customer_features row 4: monetary is "", not a number',
    );
  });
});
