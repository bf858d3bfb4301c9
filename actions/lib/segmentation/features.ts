import type { Warehouse } from '../warehouse/warehouse.js';

export const FEATURE_NAMES = ['recency_n', 'frequency_n', 'monetary_n'] as const;

/** The KMeans input: one row per customer, in a stable order, as a flat row-major matrix. */
export interface FeatureMatrix {
  readonly customerIds: readonly string[];
  readonly points: Float64Array;
  readonly dim: number;
}

type FeatureRow = { customer_unique_id: string } & Record<(typeof FEATURE_NAMES)[number], number>;

export async function readFeatures(wh: Warehouse): Promise<FeatureMatrix> {
  const rows = await wh.query<FeatureRow>(
    `select customer_unique_id, ${FEATURE_NAMES.join(', ')}
from public.customer_rfm_scores
order by customer_unique_id`,
  );
  const dim = FEATURE_NAMES.length;
  const points = new Float64Array(rows.length * dim);
  rows.forEach((row, i) => {
    FEATURE_NAMES.forEach((name, j) => {
      points[i * dim + j] = Number(row[name]);
    });
  });
  return { customerIds: rows.map((r) => r.customer_unique_id), points, dim };
}
