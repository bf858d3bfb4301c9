import { writeFile } from 'node:fs/promises';
import { scanCsv } from '../csv/scan-csv.js';
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

/** Every customer's segment and cluster, with the lifetime value when one was fitted. */
const SEGMENTS_QUERY = `select ${SEGMENT_COLUMNS.map((c) =>
  ['p_alive', 'expected_purchases', 'expected_avg_value', 'clv'].includes(c)
    ? `customer_clv.${c}`
    : `customer_segments.${c}`,
).join(', ')}
from public.customer_segments
left join public.customer_clv
    on customer_segments.customer_unique_id = customer_clv.customer_unique_id
order by customer_segments.customer_unique_id`;

/**
 * Writes segments.csv straight from the scoring view, as CSV the engine writes itself where it
 * can, and returns the number of customers in it.
 */
export async function exportSegmentsCsv(wh: Warehouse, path: string): Promise<number> {
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
