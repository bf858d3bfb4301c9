import { sqlDouble, sqlString } from '../sql/literal.js';
import type { SqlStatement } from '../sql/statement.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { ClusterDescription } from './cluster-names.js';
import { toRealUnits, type ScalingParameters } from './scaling.js';

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
  /** Hash of the training parameters; absent for versions registered before it was kept. */
  readonly trainingKey?: string;
  /** How the version scales the real-unit features (see segmentation/scaling.ts). */
  readonly scaling: ScalingParameters;
  /** k rows, one value per clustered feature, in the clustered space. */
  readonly centroids: readonly (readonly number[])[];
  /** Names and profiles; without them the clusters are called `cluster <id>`. */
  readonly clusters?: readonly ClusterDescription[];
}

const ORIGIN = 'segmentation/activate.ts';

/**
 * Records `model` with its space and centroids and makes it the one active version, in one
 * transaction: the scoring view switches from the old centroids to the new ones atomically, and
 * the stored scores of the old version are emptied with it (the score step computes them again).
 * Re-activating a version replaces its rows.
 */
export async function activateModel(wh: Warehouse, model: WarehouseModel): Promise<void> {
  const [deletes, inserts] = modelStatements(model, 'active');
  const statements: string[] = [
    ...deletes,
    `update public.segment_models set is_active = false, status = 'inactive' where is_active`,
    ...inserts,
    'delete from public.customer_segments',
  ];
  await wh.transaction(statements.map((sql): SqlStatement => ({ sql, file: ORIGIN, line: 1 })));
}

/** Status of a version that is recorded but not active. */
export type InactiveStatus = 'pending' | 'rejected';

/**
 * Records `model` with its space and centroids without activating it (a model waiting for
 * approval, or a rejected one): the active version and the scoring view are unchanged.
 * Re-recording a version replaces its rows.
 */
export async function recordModel(
  wh: Warehouse,
  model: WarehouseModel,
  status: InactiveStatus,
): Promise<void> {
  const [deletes, inserts] = modelStatements(model, status);
  await wh.transaction(
    [...deletes, ...inserts].map((sql): SqlStatement => ({ sql, file: ORIGIN, line: 1 })),
  );
}

const TABLES = [
  'segment_centroid_values',
  'segment_feature_scaling',
  'segment_clusters',
  'segment_models',
] as const;

/** Delete every row of the version, then insert its model row, space, centroids and names. */
function modelStatements(
  model: WarehouseModel,
  status: 'active' | InactiveStatus,
): [string[], string[]] {
  const { scaling } = model;
  const where = `model ${model.version}`;
  if (model.centroids.length !== model.k) {
    throw new Error(`${where}: ${model.centroids.length} centroids for k = ${model.k}`);
  }
  if (model.clusters !== undefined && model.clusters.length !== model.k) {
    throw new Error(`${where}: ${model.clusters.length} cluster names for k = ${model.k}`);
  }
  const v = int(model.version, where);
  const num = (x: number, field: string): string => sqlDouble(x, `${where} ${field}`);
  const text = (s: string, field: string): string => sqlString(s, `${where} ${field}`);
  const nullable = (x: number | undefined, field: string): string =>
    x === undefined ? 'null' : num(x, field);

  const scalingRows = scaling.features.map((f, j) => {
    const standard = f.method === 'standard';
    return `(${v}, ${j + 1}, ${text(f.feature, 'feature')}, ${text(f.transform, 'transform')}, ${text(f.method, 'method')}, ${nullable(standard ? f.mean : undefined, 'mean')}, ${nullable(standard ? f.sd : undefined, 'sd')}, ${nullable(standard ? undefined : f.min, 'min')}, ${nullable(standard ? undefined : f.max, 'max')})`;
  });
  const centroidRows = model.centroids.flatMap((c, i) => {
    if (c.length !== scaling.features.length) {
      throw new Error(
        `${where}: centroid ${i} has ${c.length} values, the scaling has ${scaling.features.length} features`,
      );
    }
    const real = model.clusters?.[i]?.centroid_real ?? toRealUnits(c, scaling);
    const profile = model.clusters?.[i]?.profile;
    return scaling.features.map(
      (f, j) =>
        `(${v}, ${i}, ${text(f.feature, 'feature')}, ${num(c[j]!, `centroid ${i}`)}, ${num(real[j]!, `centroid ${i} in real units`)}, ${nullable(profile?.[j], `profile ${i}`)})`,
    );
  });
  const nameRows = model.centroids.map(
    (_c, i) =>
      `(${v}, ${i}, ${text(model.clusters?.[i]?.name ?? `cluster ${i}`, `cluster ${i} name`)})`,
  );

  return [
    TABLES.map((table) => `delete from public.${table} where model_version = ${v}`),
    [
      `insert into public.segment_models
  (model_version, k, source, model_ref, inertia, msd, data_fingerprint, status, is_active, scaling, training_key)
values (${v}, ${int(model.k, where)}, ${text(model.source, 'source')}, ${text(model.modelRef, 'reference')},
  ${num(model.inertia, 'inertia')}, ${num(model.msd, 'msd')}, ${text(model.dataFingerprint, 'data fingerprint')}, ${text(status, 'status')}, ${status === 'active'},
  ${text(scaling.scaling, 'scaling')}, ${model.trainingKey === undefined ? 'null' : text(model.trainingKey, 'training key')})`,
      `insert into public.segment_feature_scaling
  (model_version, feature_order, feature, transform, method, mean_value, sd_value, min_value, max_value)
values ${scalingRows.join(',\n  ')}`,
      `insert into public.segment_centroid_values
  (model_version, cluster_id, feature, value, real_value, profile_value)
values ${centroidRows.join(',\n  ')}`,
      `insert into public.segment_clusters (model_version, cluster_id, cluster_name)
values ${nameRows.join(',\n  ')}`,
    ],
  ];
}

function int(x: number, where: string): string {
  if (!Number.isInteger(x)) throw new Error(`${where}: ${x} is not a whole number`);
  return String(x);
}
