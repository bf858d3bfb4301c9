import { writeFile } from 'node:fs/promises';
import { scanCsv } from '../csv/scan-csv.js';
import { DuckDbWarehouse } from '../warehouse/duckdb.js';
import { exportCsv } from '../warehouse/export-csv.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export const SEGMENT_COLUMNS = [
  'customer_unique_id',
  'recency_days',
  'frequency',
  'monetary',
  'total_spend',
  'recency_n',
  'frequency_n',
  'monetary_n',
  'r_score',
  'f_score',
  'm_score',
  'segment',
  'cluster',
  'distance',
  'p_alive',
  'expected_purchases',
  'expected_avg_value',
  'clv',
] as const;

/** Money to cents; normalised values, distances, probabilities and expectations to 6 decimals. */
const DECIMALS: Readonly<Partial<Record<(typeof SEGMENT_COLUMNS)[number], number>>> = {
  monetary: 2,
  total_spend: 2,
  recency_n: 6,
  frequency_n: 6,
  monetary_n: 6,
  distance: 6,
  p_alive: 6,
  expected_purchases: 6,
  expected_avg_value: 2,
  clv: 2,
};
const FROM_CLV = new Set(['p_alive', 'expected_purchases', 'expected_avg_value', 'clv']);

/** A column as segments.csv writes it: rounded through an exact decimal on every engine. */
function selected(column: (typeof SEGMENT_COLUMNS)[number]): string {
  const source = `${FROM_CLV.has(column) ? 'customer_clv' : 'customer_segments'}.${column}`;
  const decimals = DECIMALS[column];
  return decimals === undefined
    ? source
    : `round(cast(${source} as decimal(24, 8)), ${decimals}) as ${column}`;
}

/** Every customer's segment and cluster, with the lifetime value when one was fitted. */
const SEGMENTS_QUERY = `select ${SEGMENT_COLUMNS.map(selected).join(', ')}
from public.customer_segments
left join public.customer_clv
    on customer_segments.customer_unique_id = customer_clv.customer_unique_id
order by customer_segments.customer_unique_id`;

/**
 * Writes segments.csv straight from the scoring view, as CSV the engine writes itself where it
 * can, and returns the number of customers in it.
 */
export async function exportSegmentsCsv(wh: Warehouse, path: string): Promise<number> {
  // DuckDB writes the file itself, streaming, without the text passing through JavaScript.
  if (wh instanceof DuckDbWarehouse) return wh.exportCsv(SEGMENTS_QUERY, path);
  const csv = await exportCsv(wh, SEGMENTS_QUERY);
  await writeFile(path, csv);
  let records = 0;
  scanCsv(
    csv,
    () => records++,
    (error) => {
      throw new Error(`${path}:${error.line}: the exported CSV is malformed (${error.reason})`);
    },
  );
  return Math.max(0, records - 1);
}
