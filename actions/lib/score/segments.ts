import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
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
] as const;

export type SegmentRow = Record<(typeof SEGMENT_COLUMNS)[number], string | number | null>;

/** Every customer with features, scores, segment and nearest cluster, from the scoring view. */
export async function readSegments(wh: Warehouse): Promise<SegmentRow[]> {
  return wh.query<SegmentRow>(
    `select ${SEGMENT_COLUMNS.join(', ')}
from public.customer_segments
order by customer_unique_id`,
  );
}

export async function writeSegmentsCsv(path: string, rows: readonly SegmentRow[]): Promise<void> {
  const text = stringify(rows as SegmentRow[], {
    header: true,
    columns: [...SEGMENT_COLUMNS],
    cast: { number: (n) => String(n) },
  });
  await writeFile(path, text);
}
