import { MODEL_FEATURES, type ModelFeature } from '../../../contracts/environment/schema.js';
import { exportCsv } from '../warehouse/export-csv.js';
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
 * Reads `features` in real units (recency_days, frequency, monetary) as CSV (numbers only, so a
 * split is a faithful parse) into a typed matrix; a non-numeric value names its row.
 */
export async function readFeatures(
  wh: Warehouse,
  features: readonly ModelFeature[] = MODEL_FEATURES,
): Promise<FeatureMatrix> {
  const columns = features.map((f) => FEATURE_COLUMNS[f].column);
  const csv = await exportCsv(
    wh,
    `select ${columns.join(', ')} from ${FEATURE_TABLE} order by customer_unique_id`,
  );
  const lines = csv.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const dim = columns.length;
  const n = Math.max(0, lines.length - 1);
  const points = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const fields = (lines[i + 1] as string).split(',');
    for (let j = 0; j < dim; j++) {
      const x = Number(fields[j]);
      if (fields.length !== dim || fields[j] === '' || !Number.isFinite(x)) {
        throw new Error(
          `customer_features row ${i + 1}: ${columns[j]} is "${fields[j] ?? ''}", not a number`,
        );
      }
      points[i * dim + j] = x;
    }
  }
  return { n, points, dim };
}
