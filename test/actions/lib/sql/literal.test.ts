import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { SqlLiteralError, sqlDouble, sqlString } from '../../../../actions/lib/sql/literal.js';
import { tokenize } from '../../../../actions/lib/sql/tokenize.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import { PgliteWarehouse } from '../../../../actions/lib/warehouse/pglite.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { freshPglite } from '../../../support/pglite.js';

/** The literal tokens of `sql` as PostgreSQL reads it (standard_conforming_strings on). */
const postgresTokens = (sql: string) => tokenize(sql).filter((t) => t.kind !== 'whitespace');

/**
 * The tokens as Redshift reads a plain literal: a backslash escapes the next character, which is
 * what PostgreSQL does inside E'…', so the tokenizer's E-string rule stands in for Redshift's.
 */
const redshiftTokens = (sql: string) =>
  tokenize(sql.replace(/(^|[^A-Za-z_])'/, "$1E'")).filter((t) => t.kind !== 'whitespace');

/** Values without a backslash or control character: what `sqlString` accepts. */
const safeText = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .filter((s) => !/[\\\p{Cc}]/u.test(s));

describe('sqlString', () => {
  test('doubles single quotes and wraps the value in them', () => {
    expect(sqlString("it's", 'f')).toBe("'it''s'");
    expect(sqlString('', 'f')).toBe("''");
    expect(sqlString("''", 'f')).toBe("''''''");
  });

  test("a value ending in \\' breaks out of a quote-doubled literal on Redshift, so it is refused", () => {
    const attack = "x\\'; drop table public.customers; --";
    const doubled = `select '${attack.replaceAll("'", "''")}'`;
    // PostgreSQL reads one literal, Redshift reads a literal that ends early and a second statement.
    expect(postgresTokens(doubled).map((t) => t.kind)).toEqual(['word', 'string']);
    expect(redshiftTokens(doubled).some((t) => t.kind === 'operator' && t.text === ';')).toBe(true);
    expect(() => sqlString(attack, 'iam_role')).toThrow(SqlLiteralError);
    expect(() => sqlString(attack, 'iam_role')).toThrow(
      /^iam_role ".*" contains a backslash at position 2, .* remove it$/,
    );
  });

  test.each([
    ['a line break', 'a\nb', 'U+000A', 2],
    ['NUL', 'ab\u0000', 'U+0000', 3],
    ['DEL', '\u007f', 'U+007F', 1],
    ['a tab', 's3://b/k\t', 'U+0009', 9],
  ])('refuses %s, naming the field, character and position', (_what, value, code, pos) => {
    expect(() => sqlString(value, 'the COPY source')).toThrow(
      `the COPY source ${JSON.stringify(value)} contains control character ${code} at position ${pos}`,
    );
  });

  test('every accepted value is one string token for PostgreSQL and for Redshift', () => {
    fc.assert(
      fc.property(safeText, (value) => {
        const sql = `select ${sqlString(value, 'v')} as v`;
        for (const tokens of [postgresTokens(sql), redshiftTokens(sql)]) {
          expect(tokens.map((t) => t.kind)).toEqual(['word', 'string', 'word', 'word']);
        }
      }),
    );
  });

  describe('in PGlite', () => {
    let wh: PgliteWarehouse;
    beforeAll(async () => {
      wh = await freshPglite();
    });
    afterAll(async () => {
      await wh.close();
    });

    test('a value comes back exactly as written', async () => {
      const fixed = [
        "O'Brien",
        "''",
        '$$ -- /* */',
        's3://bucket/team/load-1/orders.csv',
        'Ünïcödé 🚀',
      ];
      const generated = fc.sample(safeText, { numRuns: 40, seed: 7 });
      for (const value of [...fixed, ...generated]) {
        const rows = await wh.query<{ v: string }>(`select ${sqlString(value, 'v')} as v`);
        expect(rows).toEqual([{ v: value }]);
      }
    });
  });
});

describe('sqlDouble', () => {
  test.each<[string, () => Promise<Warehouse>]>([
    ['PGlite', () => freshPglite()],
    ['DuckDB', () => DuckDbWarehouse.open()],
  ])('%s reads back the very same double', async (_engine, open) => {
    const wh = await open();
    try {
      const values = fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), {
        numRuns: 200,
        seed: 7,
      });
      values.push(0.1, 0.13260094850685786, -1e-300, 1.7976931348623157e308, 5e-324);
      const rows = await wh.query<{ i: number; v: number }>(
        `select * from (values ${values.map((v, i) => `(${i}, ${sqlDouble(v, 'v')})`).join(', ')}) as t(i, v) order by i`,
      );
      expect(rows.map((r) => r.v)).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
    } finally {
      await wh.close();
    }
  });

  test('refuses what is not a finite number, naming the field', () => {
    expect(() => sqlDouble(Number.NaN, 'model 3 msd')).toThrow(
      'model 3 msd is NaN, not a finite number; it cannot be stored',
    );
    expect(() => sqlDouble(Infinity, 'x')).toThrow(SqlLiteralError);
  });
});
