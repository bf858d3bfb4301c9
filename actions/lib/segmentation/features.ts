import { exportCsv } from '../warehouse/export-csv.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export const FEATURE_NAMES = ['recency_n', 'frequency_n', 'monetary_n'] as const;

/** Where the features are stored once per load (see sql/refresh/). */
export const FEATURE_TABLE = 'public.customer_features';

/** The KMeans input: one row per customer, ordered by customer_unique_id, flat and row-major. */
export interface FeatureMatrix {
  readonly n: number;
  readonly points: Float64Array;
  readonly dim: number;
}

/**
 * Reads the stored features as CSV (numbers only, so a split is a faithful parse) into a typed
 * matrix; a non-numeric value names its row.
 */
export async function readFeatures(wh: Warehouse): Promise<FeatureMatrix> {
  const csv = await exportCsv(
    wh,
    `select ${FEATURE_NAMES.join(', ')} from ${FEATURE_TABLE} order by customer_unique_id`,
  );
  const lines = csv.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const dim = FEATURE_NAMES.length;
  const n = Math.max(0, lines.length - 1);
  const points = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const fields = (lines[i + 1] as string).split(',');
    for (let j = 0; j < dim; j++) {
      const x = Number(fields[j]);
      if (fields.length !== dim || fields[j] === '' || !Number.isFinite(x)) {
        throw new Error(
          `customer_features row ${i + 1}: ${FEATURE_NAMES[j]} is "${fields[j] ?? ''}", not a number`,
        );
      }
      points[i * dim + j] = x;
    }
  }
  return { n, points, dim };
}
