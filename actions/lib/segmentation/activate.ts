import { sqlString } from '../sql/literal.js';
import type { SqlStatement } from '../sql/statement.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** A model as the warehouse records it, whichever trainer made it. */
export interface WarehouseModel {
  readonly version: number;
  readonly k: number;
  /** `local` (the TypeScript trainer) or `sagemaker`. */
  readonly source: 'local' | 'sagemaker';
  /** Where the model lives: a model.json path or a model package ARN. */
  readonly modelRef: string;
  readonly inertia: number;
  readonly msd: number;
  readonly dataFingerprint: string;
  /** k rows of (recency_n, frequency_n, monetary_n). */
  readonly centroids: readonly (readonly number[])[];
}

const ORIGIN = 'segmentation/activate.ts';
const num = (x: number): string => {
  if (!Number.isFinite(x)) throw new Error(`model value ${x} is not a finite number`);
  return String(x);
};

/**
 * Records `model` with its centroids and makes it the one active version, in one transaction:
 * the scoring view switches from the old centroids to the new ones atomically. Re-activating a
 * version replaces its rows.
 */
export async function activateModel(wh: Warehouse, model: WarehouseModel): Promise<void> {
  const [deleteCentroids, deleteModel, insertModel, insertCentroids] = modelStatements(
    model,
    'active',
  );
  const statements: string[] = [
    deleteCentroids,
    deleteModel,
    `update public.segment_models set is_active = false, status = 'inactive' where is_active`,
    insertModel,
    insertCentroids,
  ];
  await wh.transaction(statements.map((sql): SqlStatement => ({ sql, file: ORIGIN, line: 1 })));
}

/** Status of a version that is recorded but not active. */
export type InactiveStatus = 'pending' | 'rejected';

/**
 * Records `model` with its centroids without activating it (a model waiting for approval, or a
 * rejected one): the active version and the scoring view are unchanged. Re-recording a version
 * replaces its rows.
 */
export async function recordModel(
  wh: Warehouse,
  model: WarehouseModel,
  status: InactiveStatus,
): Promise<void> {
  await wh.transaction(
    modelStatements(model, status).map((sql): SqlStatement => ({ sql, file: ORIGIN, line: 1 })),
  );
}

/** Delete the version's centroids, delete its model row, insert both anew. */
function modelStatements(
  model: WarehouseModel,
  status: 'active' | InactiveStatus,
): [string, string, string, string] {
  if (model.centroids.length !== model.k) {
    throw new Error(
      `model ${model.version}: ${model.centroids.length} centroids for k = ${model.k}`,
    );
  }
  const v = num(model.version);
  return [
    `delete from public.segment_centroids where model_version = ${v}`,
    `delete from public.segment_models where model_version = ${v}`,
    `insert into public.segment_models
  (model_version, k, source, model_ref, inertia, msd, data_fingerprint, status, is_active)
values (${v}, ${num(model.k)}, ${sqlString(model.source, 'model source')}, ${sqlString(model.modelRef, 'model reference')},
  ${num(model.inertia)}, ${num(model.msd)}, ${sqlString(model.dataFingerprint, 'model data fingerprint')}, ${sqlString(status, 'model status')}, ${status === 'active'})`,
    `insert into public.segment_centroids
  (model_version, cluster_id, recency_n, frequency_n, monetary_n)
values ${model.centroids
      .map((c, i) => {
        if (c.length !== 3)
          throw new Error(
            `model ${model.version}: centroid ${i} has ${c.length} values, expected 3`,
          );
        return `(${v}, ${i}, ${c.map(num).join(', ')})`;
      })
      .join(',\n  ')}`,
  ];
}
