import { describe, expect, test } from '@jest/globals';
import { significantSql } from '../../../../actions/lib/score/segments.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import { freshPglite } from '../../../support/pglite.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';

const VALUES = [
  0, 3.8271604938271606, 0.13260094850685786, 0.0431016096696512, 40.300000000000004, 1, -2.5,
  123456789.123, 0.000012345678, 2.0000051, 1e-301,
];

describe.each<[string, () => Promise<Warehouse>]>([
  ['PGlite', () => freshPglite()],
  ['DuckDB', () => DuckDbWarehouse.open()],
])('significantSql on %s', (_engine, open) => {
  test('rounds to 6 significant digits, as a double that prints as that short decimal', async () => {
    const wh = await open();
    try {
      const rows = await wh.query<{ i: number; v: number | null }>(
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
    } finally {
      await wh.close();
    }
  });
});
