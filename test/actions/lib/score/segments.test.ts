import { describe, expect, test } from '@jest/globals';
import { centsSql, significantSql } from '../../../../actions/lib/score/segments.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import { freshPglite } from '../../../support/pglite.js';
import { warehouseForBlock } from '../../../support/warehouse-fixture.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';

const VALUES = [
  0, 3.8271604938271606, 0.13260094850685786, 0.0431016096696512, 40.300000000000004, 1, -2.5,
  123456789.123, 0.000012345678, 2.0000051, 1e-301,
];

/** Doubles near half a cent, and magnitudes on both sides of the 64-bit decimal's range. */
const MONEY: readonly [number, string][] = [
  [0, '0.00'],
  [1.005, '1.01'],
  [2.675, '2.68'],
  [-1.005, '-1.01'],
  [0.125, '0.13'],
  [123.454999, '123.45'],
  [40.300000000000004, '40.30'],
  [999999999999.994, '999999999999.99'],
  [1000000000000.25, '1000000000000.25'],
  [-52345678901234.5, '-52345678901234.50'],
];

describe.each<[string, () => Promise<Warehouse>]>([
  ['PGlite', () => freshPglite()],
  ['DuckDB', () => DuckDbWarehouse.open()],
])('segments.csv rounding on %s', (_engine, open) => {
  const fixture = warehouseForBlock(open);

  test('rounds to 6 significant digits, as a double that prints as that short decimal', async () => {
    const rows = await fixture.wh.query<{ i: number; v: number | null }>(
      `select i, ${significantSql('x', 6)} as v
       from (values ${VALUES.map((x, i) => `(${i}, cast('${x}' as double precision))`).join(', ')}, (${VALUES.length}, null)) as t(i, x)
       order by i`,
    );
    expect(rows.map((r) => r.v)).toEqual([
      0,
      3.82716,
      0.132601,
      0.0431016,
      40.3,
      1,
      -2.5,
      123457000,
      0.0000123457,
      2.00001,
      0,
      null,
    ]);
    expect(rows.map((r) => (r.v === null ? '' : String(r.v)))).toEqual(
      rows.map((r) => (r.v === null ? '' : String(Number(r.v.toPrecision(6))))),
    );
  });

  test('rounds to cents half away from zero, the same text on every engine', async () => {
    const rows = await fixture.wh.query<{ i: number; v: string }>(
      `select i, cast(${centsSql('x')} as varchar(32)) as v
       from (values ${MONEY.map(([x], i) => `(${i}, cast('${x}' as double precision))`).join(', ')}) as t(i, x)
       order by i`,
    );
    expect(rows.map((r) => r.v)).toEqual(MONEY.map(([, text]) => text));
  });
});
