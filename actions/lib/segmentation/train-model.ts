/**
 * One training run on either backend: features → k → trainer → metrics → approval → registry →
 * warehouse. An approved model's centroids become the active version in `segment_centroids`; a
 * pending or rejected one is recorded there without being activated.
 */
import type { ApprovalConfig, ModelConfig } from '../../../contracts/environment/schema.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { activateModel, recordModel } from './activate.js';
import {
  decideApproval,
  type ApprovalBaseline,
  type ApprovalDecision,
  type ApprovalStatus,
} from './approval.js';
import {
  chooseK,
  DEFAULT_SILHOUETTE_SAMPLE,
  drawSample,
  type KSelection,
} from './kmeans/choose-k.js';
import { FEATURE_NAMES, readFeatures } from './features.js';
import { fingerprint } from './fingerprint.js';
import {
  evaluateCentroids,
  metricsReport,
  silhouetteOfCentroids,
  type LifetimeValueParameters,
  type ModelMetricsReport,
} from './metrics.js';
import type { ModelRegistry } from './registries/model-registry.js';
import type { Trainer, TrainedModel } from './trainers/trainer.js';

/** What to train and how to decide on it. */
export interface TrainModelOptions {
  /** The environment's `model` section (k, kRange, seed, restarts). */
  readonly config: Pick<ModelConfig, 'k' | 'kRange' | 'seed' | 'restarts'>;
  /** Overrides `config.k`. */
  readonly k?: number | 'auto';
  readonly approval: ApprovalConfig;
  readonly commit: string;
  readonly runId: string;
  /** The lifetime-value parameters fitted on the same load, registered with the version. */
  readonly clv?: LifetimeValueParameters;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

/** Where the data is, who trains, where versions go. */
export interface TrainModelDeps {
  readonly wh: Warehouse;
  readonly trainer: Trainer;
  readonly registry: ModelRegistry;
}

/** What one run produced. */
export interface TrainModelResult {
  readonly version: number;
  /** The model.json path or the model package ARN. */
  readonly ref: string;
  readonly status: ApprovalStatus;
  readonly approvalReason: string;
  /** True when the centroids are now the active version in the warehouse. */
  readonly activated: boolean;
  readonly metrics: ModelMetricsReport;
  readonly metricsUri: string;
  readonly centroids: number[][];
  readonly baseline?: ApprovalBaseline;
  readonly model: TrainedModel;
}

/** Trains, registers and (when approved) activates one model. */
export async function trainModel(
  deps: TrainModelDeps,
  options: TrainModelOptions,
): Promise<TrainModelResult> {
  const { wh, trainer, registry } = deps;
  const log = options.log ?? ((): void => undefined);
  const now = options.now ?? (() => new Date());

  const features = await readFeatures(wh);
  const { points, dim } = features;
  const n = Math.floor(points.length / dim);
  if (n === 0) {
    throw new Error(
      'no customers with eligible orders to train on; load data first (workshop load)',
    );
  }
  const dataFingerprint = fingerprint(points);

  // Registry and warehouse problems surface before any compute is paid for.
  const recorded = await recordedModels(wh);
  const foreign = recorded.find((r) => r.source !== trainer.source);
  if (foreign !== undefined) {
    throw new Error(
      `segment_models holds ${foreign.source} model version ${foreign.model_version}; ` +
        `one warehouse takes the models of one registry, so ${trainer.source} models cannot be added to it`,
    );
  }
  await registry.prepare();
  const approved = await registry.latestApproved();

  const k = options.k ?? options.config.k;
  let selection: KSelection | undefined;
  if (k === 'auto') {
    selection = chooseK(points, dim, {
      kRange: options.config.kRange,
      seed: options.config.seed,
      restarts: options.config.restarts,
    });
    log(`k = ${selection.k} chosen by silhouette over k = ${options.config.kRange.join('..')}`);
  }
  const chosenK = selection?.k ?? (k as number);

  const model = await trainer.train({
    features,
    k: chosenK,
    ...(selection === undefined ? {} : { selected: selection.model }),
  });
  const metrics = metricsReport({
    source: model.source,
    centroids: model.centroids,
    featureNames: FEATURE_NAMES,
    evaluation: evaluateCentroids(points, dim, model.centroids),
    dataFingerprint,
    ...(selection === undefined ? {} : { curve: selection.curve }),
    reported: model.reported,
    ...(options.clv === undefined ? {} : { clv: options.clv }),
    commit: options.commit,
    runId: options.runId,
    createdAt: now(),
  });

  // Both models scored on the current data, the silhouettes on one sample of its customers.
  const sample = drawSample(n, DEFAULT_SILHOUETTE_SAMPLE, options.config.seed >>> 0);
  const silhouette = (centroids: readonly (readonly number[])[]): number =>
    approved === undefined ? Number.NaN : silhouetteOfCentroids(points, dim, centroids, sample);
  const baseline: ApprovalBaseline | undefined =
    approved === undefined
      ? undefined
      : {
          version: approved.version,
          k: approved.centroids.length,
          msd: evaluateCentroids(points, dim, approved.centroids).msd,
          silhouette: silhouette(approved.centroids),
        };
  const approval: ApprovalDecision = decideApproval(
    options.approval,
    { k: metrics.k, msd: metrics.msd, silhouette: silhouette(model.centroids) },
    baseline,
  );
  const registered = await registry.register({ model, metrics, approval });
  log(`registered v${registered.version} (${registered.status}): ${approval.reason}`);

  const clash = (await recordedModels(wh)).find(
    (r) => r.model_version === registered.version && r.model_ref !== registered.ref,
  );
  if (clash !== undefined) {
    throw new Error(
      `segment_models already has version ${registered.version} for ${clash.model_ref}, not ${registered.ref}; ` +
        'delete that row or use a warehouse that only this registry writes to',
    );
  }
  const warehouseModel = {
    version: registered.version,
    k: metrics.k,
    source: model.source,
    modelRef: registered.ref,
    inertia: metrics.inertia,
    msd: metrics.msd,
    dataFingerprint,
    centroids: model.centroids,
  };
  const activated = approval.status === 'Approved';
  if (activated) await activateModel(wh, warehouseModel);
  else
    await recordModel(wh, warehouseModel, approval.status === 'Rejected' ? 'rejected' : 'pending');

  return {
    version: registered.version,
    ref: registered.ref,
    status: registered.status,
    approvalReason: approval.reason,
    activated,
    metrics,
    metricsUri: registered.metricsUri,
    centroids: model.centroids,
    ...(baseline === undefined ? {} : { baseline }),
    model,
  };
}

interface RecordedModel {
  model_version: number;
  source: string;
  model_ref: string | null;
}

/** Every version the warehouse has recorded (a handful of rows). */
async function recordedModels(wh: Warehouse): Promise<RecordedModel[]> {
  const rows = await wh.query<Record<string, unknown>>({
    sql: 'select model_version, source, model_ref from public.segment_models',
    file: 'segmentation/train-model.ts',
    line: 1,
  });
  return rows.map((r) => ({
    model_version: Number(r.model_version),
    source: String(r.source),
    model_ref: r.model_ref === null ? null : String(r.model_ref),
  }));
}
