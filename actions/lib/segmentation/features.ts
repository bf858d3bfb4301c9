import { MODEL_FEATURES, type ModelFeature } from '../../../contracts/environment/schema.js';
import { exportCsv } from '../warehouse/export-csv.js';
import type { DuckDbWarehouse } from '../warehouse/duckdb.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** Where the features are stored once per load (see sql/refresh/). */
export const FEATURE_TABLE = 'public.customer_features';

/** The column of {@link FEATURE_TABLE} holding each feature in real units, and its unit. */
export const FEATURE_COLUMNS: Readonly<
  Record<ModelFeature, { readonly column: string; readonly unit: string }>
> = {
  recency: { column: 'recency_days', unit: 'days since the last purchase' },
  frequency: { column: 'frequency', unit: 'purchases' },
  monetary: { column: 'monetary', unit: 'average order value' },
};

/** The column of a feature as double precision, as the scaling reads it. */
export function realValueSql(feature: ModelFeature): string {
  return `cast(${FEATURE_COLUMNS[feature].column} as double precision)`;
}

/** A feature matrix: one row per customer, ordered by customer_unique_id, flat and row-major. */
export interface FeatureMatrix {
  readonly n: number;
  readonly points: Float64Array;
  readonly dim: number;
}

/**
 * A warehouse that hands over a result column by column (DuckDB), told by its shape rather than
 * by `instanceof`, so that commands which never open DuckDB do not load it.
 */
const readsColumns = (wh: Warehouse): wh is Warehouse & Pick<DuckDbWarehouse, 'queryColumns'> =>
  'queryColumns' in wh && typeof wh.queryColumns === 'function';

/** `value` as a feature value, or an error naming the customer's row and the column. */
function featureValue(value: unknown, row: number, column: string | undefined): number {
  const x = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (value === '' || !Number.isFinite(x)) {
    throw new Error(
      `customer_features row ${row}: ${column} is "${String(value ?? '')}", not a number`,
    );
  }
  return x;
}

/**
 * Reads `features` in real units (recency_days, frequency, monetary) into a typed matrix: from
 * DuckDB as columns of doubles, elsewhere as CSV (numbers only, so a split is a faithful parse);
 * a value that is not a number names its row.
 */
export async function readFeatures(
  wh: Warehouse,
  features: readonly ModelFeature[] = MODEL_FEATURES,
): Promise<FeatureMatrix> {
  const columns = features.map((f) => FEATURE_COLUMNS[f].column);
  const dim = columns.length;
  if (readsColumns(wh)) {
    const values = await wh.queryColumns(
      `select ${features.map(realValueSql).join(', ')} from ${FEATURE_TABLE} order by customer_unique_id`,
    );
    const n = values[0]?.length ?? 0;
    const points = new Float64Array(n * dim);
    values.forEach((column, j) => {
      for (let i = 0; i < n; i++) points[i * dim + j] = featureValue(column[i], i + 1, columns[j]);
    });
    return { n, points, dim };
  }
  const csv = await exportCsv(
    wh,
    `select ${columns.join(', ')} from ${FEATURE_TABLE} order by customer_unique_id`,
  );
  const lines = csv.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const n = Math.max(0, lines.length - 1);
  const points = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const fields = (lines[i + 1] as string).split(',');
    for (let j = 0; j < dim; j++) {
      const field = fields.length === dim ? fields[j] : undefined;
      points[i * dim + j] = featureValue(field, i + 1, columns[j]);
    }
  }
  return { n, points, dim };
}
