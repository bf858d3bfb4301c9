import type { ModelConfig } from '../../../contracts/environment/schema.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { activateModel } from './activate.js';
import { chooseK } from './choose-k.js';
import { FEATURE_NAMES, readFeatures } from './features.js';
import { fingerprint } from './fingerprint.js';
import { trainKMeans } from './kmeans.js';
import { toModelRecord, type LocalModelRegistry, type ModelRecord } from './registry.js';

export interface LocalTrainingOptions {
  /** Overrides the environment's `model.k` (the CLI's `--k`). */
  readonly k?: number | 'auto';
  readonly now?: Date;
}

/**
 * Trains on the warehouse's features with the TypeScript trainer, registers the model in the
 * local registry and makes its centroids the active version in the warehouse.
 */
export async function trainLocal(
  wh: Warehouse,
  config: ModelConfig,
  registry: LocalModelRegistry,
  options: LocalTrainingOptions = {},
): Promise<ModelRecord> {
  const { points, dim, n } = await readFeatures(wh);
  if (n === 0) {
    throw new Error(
      'no customers with eligible orders to train on; load data first (workshop load)',
    );
  }
  const k = options.k ?? config.k;
  const base = { seed: config.seed, restarts: config.restarts };
  const trained =
    k === 'auto'
      ? chooseK(points, dim, { ...base, kRange: config.kRange })
      : { model: trainKMeans(points, dim, { ...base, k }), criterion: undefined, curve: undefined };
  const record = await registry.register(
    toModelRecord(trained.model, {
      featureNames: [...FEATURE_NAMES],
      seed: config.seed,
      dataFingerprint: fingerprint(points),
      createdAt: options.now ?? new Date(),
      ...(trained.curve === undefined
        ? {}
        : { selection: { criterion: 'silhouette', curve: trained.curve } }),
    }),
  );
  await activateModel(wh, {
    version: record.version,
    k: record.k,
    source: 'local',
    modelRef: registry.pathOf(record.version),
    inertia: record.inertia,
    msd: record.msd,
    dataFingerprint: record.data_fingerprint,
    centroids: record.centroids,
  });
  return record;
}
