/**
 * A person's decision on a registered version, after training: approve it (and make it the
 * active version), reject it, or activate an approved one again (a rollback). The registry
 * records the status; the warehouse's `segment_models` and `segment_centroids` follow it.
 */
import type { Warehouse } from '../warehouse/warehouse.js';
import { activateModel, recordModel, type WarehouseModel } from './activate.js';
import type { ApprovalStatus } from './approval.js';
import type { ModelRegistry, StoredVersion } from './registries/model-registry.js';
import { scalingOrSeed } from './stored-scaling.js';

export type Decision = 'approve' | 'reject' | 'activate';

export interface DecisionOutcome {
  readonly version: number;
  readonly status: ApprovalStatus;
  /** True when the version is now the one the scoring view uses. */
  readonly active: boolean;
}

/** The version as the warehouse records it, with its own scaling (see stored-scaling.ts). */
const warehouseModel = async (wh: Warehouse, v: StoredVersion): Promise<WarehouseModel> => ({
  version: v.version,
  k: v.metrics.k,
  source: v.metrics.source,
  modelRef: v.ref,
  inertia: v.metrics.inertia,
  msd: v.metrics.msd,
  dataFingerprint: v.metrics.data_fingerprint,
  ...(v.metrics.training_key === undefined ? {} : { trainingKey: v.metrics.training_key }),
  scaling: await scalingOrSeed(wh, v.metrics.scaling),
  centroids: v.centroids,
  ...(v.metrics.clusters === undefined ? {} : { clusters: v.metrics.clusters }),
});

async function isActive(wh: Warehouse, version: number): Promise<boolean> {
  const rows = await wh.query<{ n: unknown }>({
    sql: `select count(*) as n from public.segment_models where is_active and model_version = ${Math.trunc(version)}`,
    file: 'segmentation/decide.ts',
    line: 1,
  });
  return Number(rows[0]?.n) > 0;
}

/** Applies `decision` to `version`; `reason` is recorded with the status (who and why). */
export async function decideVersion(
  deps: { readonly wh: Warehouse; readonly registry: ModelRegistry },
  decision: Decision,
  version: number,
  reason: string,
): Promise<DecisionOutcome> {
  const { wh, registry } = deps;
  const stored = await registry.get(version);
  switch (decision) {
    case 'approve':
      if (stored.status !== 'Approved') await registry.setStatus(version, 'Approved', reason);
      await activateModel(wh, await warehouseModel(wh, stored));
      return { version, status: 'Approved', active: true };
    case 'reject':
      if (await isActive(wh, version)) {
        throw new Error(
          `v${version} is the active version; activate another approved version first (workshop model activate)`,
        );
      }
      await registry.setStatus(version, 'Rejected', reason);
      await recordModel(wh, await warehouseModel(wh, stored), 'rejected');
      return { version, status: 'Rejected', active: false };
    case 'activate':
      if (stored.status !== 'Approved') {
        throw new Error(
          `v${version} is ${stored.status}; only an approved version can be activated (workshop model approve ${version})`,
        );
      }
      await activateModel(wh, await warehouseModel(wh, stored));
      return { version, status: 'Approved', active: true };
  }
}
