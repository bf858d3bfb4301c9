import type { Warehouse } from '../../actions/lib/warehouse/warehouse.js';

/**
 * The rows `sql` selects, each as the list of its values in column order, the columns named in
 * `numeric` read as numbers (the engines give DECIMAL and BIGINT as text, bigint or number): for
 * comparing a table with a literal list of rows.
 */
export async function rowValues(
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
