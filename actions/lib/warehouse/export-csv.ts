import { stringify } from 'csv-stringify/sync';
import type { Row, Warehouse } from './warehouse.js';

/** A warehouse that can hand back a query's result as CSV text produced by the engine itself. */
export interface CsvExport {
  /**
   * CSV with a header row, NULL as an empty field. With `quoteAll`, every non-NULL value is
   * quoted, so an unquoted empty field is NULL and `""` is an empty string.
   */
  queryCsv(sql: string, options?: CsvExportOptions): Promise<string>;
}

/** How {@link CsvExport.queryCsv} writes values. */
export interface CsvExportOptions {
  readonly quoteAll?: boolean;
}

/** Whether `wh` can write a query's result as CSV itself. */
export function canExportCsv(wh: Warehouse): wh is Warehouse & CsvExport {
  return typeof (wh as Partial<CsvExport>).queryCsv === 'function';
}

/**
 * A query's result as CSV. Engines that can write CSV themselves do (PGlite's COPY TO avoids
 * turning every row into a JavaScript object); others go through rows and csv-stringify.
 */
export async function exportCsv(wh: Warehouse, sql: string): Promise<string> {
  if (canExportCsv(wh)) return wh.queryCsv(sql);
  const rows = await wh.query<Row>(sql);
  const columns = rows[0] === undefined ? [] : Object.keys(rows[0]);
  return stringify(rows, {
    header: true,
    columns,
    cast: { date: (d) => d.toISOString(), number: (n) => String(n), boolean: (b) => String(b) },
  });
}
