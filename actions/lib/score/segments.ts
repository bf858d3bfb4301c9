import { writeFile } from 'node:fs/promises';
import { scanCsv } from '../csv/scan-csv.js';
import type { DuckDbWarehouse } from '../warehouse/duckdb.js';
import { exportCsv } from '../warehouse/export-csv.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export const SEGMENT_COLUMNS = [
  'customer_unique_id',
  'as_of_date',
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
  'model_version',
  'cluster',
  'cluster_name',
  'distance',
  'p_alive',
  'expected_purchases',
  'expected_avg_value',
  'clv',
] as const;

type SegmentColumn = (typeof SEGMENT_COLUMNS)[number];

/** Money to cents. */
const CENTS: ReadonlySet<SegmentColumn> = new Set([
  'monetary',
  'total_spend',
  'expected_avg_value',
  'clv',
]);
/** Normalised values, distances, probabilities and expectations to 6 significant digits. */
const SIGNIFICANT: ReadonlySet<SegmentColumn> = new Set([
  'recency_n',
  'frequency_n',
  'monetary_n',
  'distance',
  'p_alive',
  'expected_purchases',
]);
const FROM_CLV: ReadonlySet<SegmentColumn> = new Set([
  'p_alive',
  'expected_purchases',
  'expected_avg_value',
  'clv',
]);

/** Below this magnitude a value is written as 0 (10^(5 − exponent) would overflow a double). */
const SMALLEST = '1e-300';

/**
 * `x` (double precision) rounded to `digits` significant digits, as a double: the nearest double
 * to the rounded decimal, which every engine writes as that short decimal. Scaling by a power of
 * ten keeps it to functions Redshift, PostgreSQL and DuckDB share (round of a double, log base
 * 10, power).
 */
export function significantSql(x: string, digits: number): string {
  const exponent = `${digits - 1} - floor(log(abs(${x})))`;
  const ten = 'cast(10 as double precision)';
  return `case
    when ${x} is null then null
    when abs(${x}) < ${SMALLEST} then 0.0
    when ${exponent} >= 0
        then round(${x} * power(${ten}, ${exponent})) / power(${ten}, ${exponent})
    else round(${x} / power(${ten}, -(${exponent}))) * power(${ten}, -(${exponent}))
end`;
}

/** Below this magnitude money fits decimal(18, 6), a 64-bit decimal; larger takes 128 bits. */
const NARROW_MONEY = '1e12';

/**
 * `x` (double precision) to cents as every engine rounds it: first to 6 decimals, which turns a
 * double such as 1.00499999999999989 (the nearest to 1.005) back into the decimal it stands for,
 * then to 2, half away from zero. A 64-bit decimal wherever the value fits one: 128-bit decimal
 * arithmetic is five times slower in DuckDB.
 */
export function centsSql(x: string): string {
  return `case
    when abs(${x}) < ${NARROW_MONEY} then round(cast(${x} as decimal(18, 6)), 2)
    else round(cast(${x} as decimal(38, 6)), 2)
end`;
}

/** A column as segments.csv writes it: rounded the same way on every engine. */
function selected(column: SegmentColumn): string {
  const source = `${FROM_CLV.has(column) ? 'customer_clv' : 'customer_segments'}.${column}`;
  if (CENTS.has(column)) return `${centsSql(source)} as ${column}`;
  // YYYY-MM-DD from every engine (a driver would turn a date into a JavaScript Date).
  if (column === 'as_of_date') return `cast(${source} as varchar(10)) as ${column}`;
  if (SIGNIFICANT.has(column)) {
    return `${significantSql(`cast(${source} as double precision)`, 6)} as ${column}`;
  }
  return source;
}

/** Every customer's segment and cluster, with the lifetime value when one was fitted. */
const SEGMENTS_QUERY = `select ${SEGMENT_COLUMNS.map(selected).join(',\n    ')}
from public.customer_segments
left join public.customer_clv
    on customer_segments.customer_unique_id = customer_clv.customer_unique_id
order by customer_segments.customer_unique_id`;

/**
 * A warehouse that writes a query's CSV file itself (DuckDB), told by its shape rather than by
 * `instanceof`, so that commands which never open DuckDB do not load it (a quarter of a second).
 */
const writesCsvFiles = (wh: Warehouse): wh is Warehouse & Pick<DuckDbWarehouse, 'exportCsv'> =>
  'exportCsv' in wh && typeof wh.exportCsv === 'function';

/**
 * Writes segments.csv straight from the scoring view, as CSV the engine writes itself where it
 * can, and returns the number of customers in it.
 */
export async function exportSegmentsCsv(wh: Warehouse, path: string): Promise<number> {
  // DuckDB writes the file itself, streaming, without the text passing through JavaScript.
  if (writesCsvFiles(wh)) return wh.exportCsv(SEGMENTS_QUERY, path);
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
