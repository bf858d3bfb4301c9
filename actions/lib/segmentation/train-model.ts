/**
 * One training run on either backend: features → k → trainer → metrics → approval → registry →
 * warehouse. An approved model's centroids become the active version in `segment_centroids`; a
 * pending or rejected one is recorded there without being activated.
 */
import {
  MODEL_DEFAULTS,
  type ApprovalConfig,
  type ModelConfig,
} from '../../../contracts/environment/schema.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { activateModel, recordModel, type WarehouseModel } from './activate.js';
import {
  decideApproval,
  type ApprovalBaseline,
  type ApprovalDecision,
  type ApprovalStatus,
  type IncomparableBaseline,
} from './approval.js';
import { describeClusters, type ClusterDescription } from './cluster-names.js';
import {
  chooseK,
  DEFAULT_SILHOUETTE_SAMPLE,
  drawSample,
  type KSelection,
} from './kmeans/choose-k.js';
import { readFeatures, type FeatureMatrix } from './features.js';
import { fingerprint, trainingKey, type TrainingParameters } from './fingerprint.js';
import {
  evaluateCentroids,
  metricsReport,
  silhouetteOfCentroids,
  type LifetimeValueParameters,
  type ModelMetricsReport,
} from './metrics.js';
import type { ApprovedVersion, ModelRegistry, StoredVersion } from './registries/model-registry.js';
import {
  applyScaling,
  describeSpace,
  fitScaling,
  fromRealUnits,
  LOG_STANDARD_TRANSFORMS,
  sameSpace,
  toRealUnits,
  type ScalingParameters,
} from './scaling.js';
import { scalingOrSeed } from './stored-scaling.js';
import type { Trainer, TrainedModel } from './trainers/trainer.js';

/** What to train and how to decide on it. */
export interface TrainModelOptions {
  /**
   * The environment's `model` section (k, kRange, seed, restarts, and scaling and features, which
   * default to {@link MODEL_DEFAULTS}).
   */
  readonly config: Pick<ModelConfig, 'k' | 'kRange' | 'seed' | 'restarts'> &
    Partial<Pick<ModelConfig, 'scaling' | 'features'>>;
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
  /**
   * True when the data fingerprint and the training parameters were those of a registered
   * version, which was reused instead of registering an identical copy.
   */
  readonly reused: boolean;
  readonly metrics: ModelMetricsReport;
  readonly metricsUri: string;
  /** In the clustered space of `scaling`. */
  readonly centroids: number[][];
  readonly scaling: ScalingParameters;
  /** Per cluster id: name, centroid in real units, profile. */
  readonly clusters: readonly ClusterDescription[];
  readonly baseline?: ApprovalBaseline;
  readonly model: TrainedModel;
}

/**
 * Trains, registers and (when approved) activates one model; or, when a registered version was
 * trained on the same data with the same parameters, reuses it.
 */
export async function trainModel(
  deps: TrainModelDeps,
  options: TrainModelOptions,
): Promise<TrainModelResult> {
  const { wh, trainer, registry } = deps;
  const log = options.log ?? ((): void => undefined);
  const now = options.now ?? (() => new Date());
  const features = options.config.features ?? MODEL_DEFAULTS.features;
  const scalingSetting = options.config.scaling ?? MODEL_DEFAULTS.scaling;

  const raw = await readFeatures(wh, features);
  if (raw.n === 0) {
    throw new Error(
      'no customers with eligible orders to train on; load data first (workshop load)',
    );
  }
  const dataFingerprint = fingerprint(raw.points);
  const k = options.k ?? options.config.k;
  const parameters: TrainingParameters = {
    source: trainer.source,
    features: [...features],
    scaling: scalingSetting,
    ...(scalingSetting === 'log-standard'
      ? { transforms: features.map((f) => LOG_STANDARD_TRANSFORMS[f]) }
      : {}),
    k,
    ...(k === 'auto' ? { k_range: options.config.kRange } : {}),
    seed: options.config.seed,
    restarts: options.config.restarts,
    ...(trainer.settings === undefined ? {} : { trainer: { ...trainer.settings } }),
  };
  const key = trainingKey(parameters);

  // Registry and warehouse problems surface before any compute is paid for.
  const recorded = await recordedModels(wh);
  const foreign = recorded.find((r) => r.source !== trainer.source);
  if (foreign !== undefined) {
    throw new Error(
      `segment_models holds ${foreign.source} model version ${foreign.model_version}; ` +
        `one warehouse takes the models of one registry, so ${trainer.source} models cannot be added to it`,
    );
  }
  const reusable = await findReusable(registry, recorded, dataFingerprint, key, log);
  if (reusable !== undefined) return reuse(wh, reusable, log);

  await registry.prepare();
  const approved = await registry.latestApproved();

  const scaling = fitScaling(raw, features, scalingSetting);
  const space = applyScaling(raw, scaling);
  const { points, dim, n } = space;
  let selection: KSelection | undefined;
  if (k === 'auto') {
    selection = chooseK(points, dim, {
      kRange: options.config.kRange,
      seed: options.config.seed,
      restarts: options.config.restarts,
    });
    log(
      `k = ${selection.k} chosen by silhouette over k = ${options.config.kRange.join('..')} (${describeSpace(scaling)})`,
    );
  }
  const chosenK = selection?.k ?? (k as number);

  const model = await trainer.train({
    features: space,
    scaling,
    k: chosenK,
    ...(selection === undefined ? {} : { selected: selection.model }),
  });
  const clusters = describeClusters(model.centroids, scaling, raw);
  const metrics = metricsReport({
    source: model.source,
    centroids: model.centroids,
    featureNames: features,
    evaluation: evaluateCentroids(points, dim, model.centroids),
    dataFingerprint,
    scaling,
    clusters,
    training: { parameters, key },
    ...(selection === undefined ? {} : { curve: selection.curve }),
    reported: model.reported,
    ...(options.clv === undefined ? {} : { clv: options.clv }),
    commit: options.commit,
    runId: options.runId,
    createdAt: now(),
  });

  // Both models scored on the current data in the candidate's space, the silhouettes on one
  // sample of its customers.
  const sample = drawSample(n, DEFAULT_SILHOUETTE_SAMPLE, options.config.seed >>> 0);
  const silhouette = (centroids: readonly (readonly number[])[]): number =>
    silhouetteOfCentroids(points, dim, centroids, sample);
  const baseline =
    approved === undefined ? undefined : await baselineOf(wh, approved, scaling, space, silhouette);
  const approval: ApprovalDecision = decideApproval(
    options.approval,
    {
      k: metrics.k,
      msd: metrics.msd,
      silhouette: baseline === undefined ? Number.NaN : silhouette(model.centroids),
    },
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
  const warehouseModel: WarehouseModel = {
    version: registered.version,
    k: metrics.k,
    source: model.source,
    modelRef: registered.ref,
    inertia: metrics.inertia,
    msd: metrics.msd,
    dataFingerprint,
    trainingKey: key,
    scaling,
    centroids: model.centroids,
    clusters,
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
    reused: false,
    metrics,
    metricsUri: registered.metricsUri,
    centroids: model.centroids,
    scaling,
    clusters,
    ...(baseline === undefined || 'comparable' in baseline ? {} : { baseline }),
    model,
  };
}

/**
 * The latest approved version scored on the current data in the candidate's space: its centroids
 * mapped to real units with its own parameters, then into the candidate's space. A version in
 * another space (other scaling or features) cannot be compared.
 */
async function baselineOf(
  wh: Warehouse,
  approved: ApprovedVersion,
  scaling: ScalingParameters,
  space: FeatureMatrix,
  silhouette: (centroids: readonly (readonly number[])[]) => number,
): Promise<ApprovalBaseline | IncomparableBaseline> {
  const own = await scalingOrSeed(wh, approved.scaling);
  if (!sameSpace(own, scaling)) {
    return { version: approved.version, comparable: false, space: describeSpace(own) };
  }
  const centroids = approved.centroids.map((c) => fromRealUnits(toRealUnits(c, own), scaling));
  return {
    version: approved.version,
    k: centroids.length,
    msd: evaluateCentroids(space.points, space.dim, centroids).msd,
    silhouette: silhouette(centroids),
  };
}

/**
 * The newest recorded version with the same data fingerprint and training key, read back from
 * the registry; undefined when there is none, or the registry no longer has it.
 */
async function findReusable(
  registry: ModelRegistry,
  recorded: readonly RecordedModel[],
  dataFingerprint: string,
  key: string,
  log: (line: string) => void,
): Promise<{ stored: StoredVersion; recorded: RecordedModel } | undefined> {
  const match = recorded
    .filter((r) => r.data_fingerprint === dataFingerprint && r.training_key === key)
    .sort((a, b) => b.model_version - a.model_version)[0];
  if (match === undefined) return undefined;
  try {
    return { stored: await registry.get(match.model_version), recorded: match };
  } catch (err) {
    log(
      `v${match.model_version} has the same data and parameters but cannot be read from the registry (${(err as Error).message}); training a new version`,
    );
    return undefined;
  }
}

/** Returns a registered version as this run's model, activating it again when it is approved. */
async function reuse(
  wh: Warehouse,
  { stored, recorded }: { stored: StoredVersion; recorded: RecordedModel },
  log: (line: string) => void,
): Promise<TrainModelResult> {
  const { metrics } = stored;
  const scaling = await scalingOrSeed(wh, metrics.scaling);
  const clusters =
    metrics.clusters ??
    stored.centroids.map((c, cluster) => ({
      cluster,
      name: `cluster ${cluster}`,
      centroid_real: toRealUnits(c, scaling),
      profile: [],
    }));
  const activated = stored.status === 'Approved';
  if (activated && recorded.status !== 'active') {
    await activateModel(wh, {
      version: stored.version,
      k: metrics.k,
      source: metrics.source,
      modelRef: stored.ref,
      inertia: metrics.inertia,
      msd: metrics.msd,
      dataFingerprint: metrics.data_fingerprint,
      ...(metrics.training_key === undefined ? {} : { trainingKey: metrics.training_key }),
      scaling,
      centroids: stored.centroids,
      ...(metrics.clusters === undefined ? {} : { clusters: metrics.clusters }),
    });
  }
  const state = activated ? 'active' : `${stored.status}, not active`;
  log(
    `reused v${stored.version} (${state}): same data fingerprint and training parameters, so no new version was registered`,
  );
  return {
    version: stored.version,
    ref: stored.ref,
    status: stored.status,
    approvalReason: `reused: v${stored.version} was trained on the same data with the same parameters`,
    activated,
    reused: true,
    metrics,
    metricsUri: stored.metricsUri,
    centroids: stored.centroids,
    scaling,
    clusters,
    model: {
      source: metrics.source,
      centroids: stored.centroids,
      reported: { ...metrics.reported },
    },
  };
}

interface RecordedModel {
  model_version: number;
  source: string;
  model_ref: string | null;
  status: string;
  data_fingerprint: string | null;
  training_key: string | null;
}

const textOrNull = (x: unknown): string | null =>
  x === null || x === undefined ? null : String(x);

/** Every version the warehouse has recorded (a handful of rows). */
async function recordedModels(wh: Warehouse): Promise<RecordedModel[]> {
  const rows = await wh.query<Record<string, unknown>>({
    sql: 'select model_version, source, model_ref, status, data_fingerprint, training_key from public.segment_models',
    file: 'segmentation/train-model.ts',
    line: 1,
  });
  return rows.map((r) => ({
    model_version: Number(r.model_version),
    source: String(r.source),
    model_ref: textOrNull(r.model_ref),
    status: String(r.status),
    data_fingerprint: textOrNull(r.data_fingerprint),
    training_key: textOrNull(r.training_key),
  }));
}
