import { expect } from '@jest/globals';
import type { Warehouse } from '../../actions/lib/warehouse/warehouse.js';

/**
 * The rows `sql` selects, each as the list of its values in column order, the columns named in
 * `numeric` read as numbers (the engines give DECIMAL and BIGINT as text, bigint or number).
 */
async function rowValues(
  wh: Warehouse,
  sql: string,
  numeric: readonly string[] = [],
): Promise<unknown[][]> {
  const rows = await wh.query(sql);
  return rows.map((row) =>
    Object.entries(row).map(([column, value]) =>
      numeric.includes(column) ? Number(value) : value,
    ),
  );
}

/** Expects `sql` to select exactly the rows `expected`, written as in `rowValues`. */
export async function expectRows(
  wh: Warehouse,
  sql: string,
  expected: readonly (readonly unknown[])[],
  options: { readonly numeric?: readonly string[] } = {},
): Promise<void> {
  expect(await rowValues(wh, sql, options.numeric)).toEqual(expected);
}
