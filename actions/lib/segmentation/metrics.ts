/**
 * The metrics JSON both registries store with every version (S3 for SageMaker, next to model.json
 * locally). Every value is computed here from the centroids and the feature matrix, so a local and
 * a SageMaker model are measured the same way; what a trainer reported itself goes under `reported`.
 */
import type { ClusterDescription } from './cluster-names.js';
import type { TrainingParameters } from './fingerprint.js';
import { meanSilhouette } from './kmeans/choose-k.js';
import type { KCurvePoint } from './kmeans/choose-k.js';
import type { ScalingParameters } from './scaling.js';

/**
 * Names the layout of the metrics JSON; changes when a field changes meaning. @2: features in real
 * units scaled as `scaling` says, the fingerprint over the real-unit features, named clusters.
 */
export const METRICS_SCHEMA = 'rfm-workshop/kmeans-metrics@2';

/** Centroids scored on a feature matrix, each point counted at its nearest centroid. */
export interface CentroidEvaluation {
  readonly n: number;
  /** Sum of squared Euclidean distances to the nearest centroid. */
  readonly ssd: number;
  /** ssd / n. */
  readonly msd: number;
  /** Points nearest to each centroid (ties go to the lower cluster id, as in the scoring view). */
  readonly sizes: number[];
}

/** The fitted BG/NBD and Gamma-Gamma parameters, registered with the model version. */
export interface LifetimeValueParameters {
  readonly bgnbd: {
    readonly r: number;
    readonly alpha: number;
    readonly a: number;
    readonly b: number;
  };
  readonly gamma_gamma: { readonly p: number; readonly q: number; readonly gamma: number };
  /** Last day of the observation window, YYYY-MM-DD. */
  readonly window_end: string;
  readonly horizon_days: number;
}

/** The metrics JSON (snake_case, as stored). */
export interface ModelMetricsReport {
  /** @1 for versions registered before the scaling was stored (seed 0-5 space, unnamed clusters). */
  readonly schema: typeof METRICS_SCHEMA | 'rfm-workshop/kmeans-metrics@1';
  readonly source: 'local' | 'sagemaker';
  readonly k: number;
  readonly dim: number;
  readonly n: number;
  readonly feature_names: readonly string[];
  readonly msd: number;
  readonly ssd: number;
  /** The same number as ssd, under the name the local model.json and scikit-learn use. */
  readonly inertia: number;
  readonly sizes: readonly number[];
  /** sha256 of the real-unit features trained on (@1: of the 0-5 features). */
  readonly data_fingerprint: string;
  /** How the features were scaled, with the fitted parameters; absent on @1 versions. */
  readonly scaling?: ScalingParameters;
  /** Per cluster id: generated name, centroid in real units, profile; absent on @1 versions. */
  readonly clusters?: readonly ClusterDescription[];
  /** The settings trained with, and their hash: unchanged data and key reuse this version. */
  readonly training?: TrainingParameters;
  readonly training_key?: string;
  /** The lifetime-value models fitted on the same load, when the run fitted them. */
  readonly clv?: LifetimeValueParameters;
  /** Present when k was chosen by the silhouette sweep (`k: auto`). */
  readonly k_selection?: {
    readonly criterion: 'silhouette';
    readonly curve: readonly KCurvePoint[];
  };
  /** What the trainer reported about itself, e.g. SageMaker's `test:msd`; may be empty. */
  readonly reported: Readonly<Record<string, number>>;
  readonly commit: string;
  readonly run_id: string;
  /** ISO 8601. */
  readonly created_at: string;
}

/** Scores `centroids` (k rows of `dim` values) on `points` (row-major, `dim` per row). */
export function evaluateCentroids(
  points: Float64Array,
  dim: number,
  centroids: readonly (readonly number[])[],
): CentroidEvaluation {
  const k = centroids.length;
  if (k === 0) throw new Error('no centroids to evaluate');
  centroids.forEach((c, i) => {
    if (c.length !== dim) {
      throw new Error(`centroid ${i} has ${c.length} values, the features have ${dim}`);
    }
  });
  const flat = Float64Array.from(centroids.flat());
  const n = Math.floor(points.length / dim);
  const sizes = new Array<number>(k).fill(0);
  let ssd = 0;
  for (let i = 0, off = 0; i < n; i++, off += dim) {
    let best = Infinity;
    let bestId = 0;
    for (let c = 0; c < k; c++) {
      let d2 = 0;
      for (let j = 0; j < dim; j++) {
        const diff = points[off + j] - flat[c * dim + j];
        d2 += diff * diff;
      }
      if (d2 < best) {
        best = d2;
        bestId = c;
      }
    }
    ssd += best;
    sizes[bestId] += 1;
  }
  return { n, ssd, msd: n === 0 ? 0 : ssd / n, sizes };
}

/** Builds the report from an evaluation and what the evaluation alone does not know. */
export function metricsReport(input: {
  source: 'local' | 'sagemaker';
  centroids: readonly (readonly number[])[];
  featureNames: readonly string[];
  evaluation: CentroidEvaluation;
  dataFingerprint: string;
  scaling?: ScalingParameters;
  clusters?: readonly ClusterDescription[];
  training?: { readonly parameters: TrainingParameters; readonly key: string };
  curve?: readonly KCurvePoint[];
  reported?: Readonly<Record<string, number>>;
  clv?: LifetimeValueParameters;
  commit: string;
  runId: string;
  createdAt: Date;
}): ModelMetricsReport {
  const { evaluation: e } = input;
  return {
    schema: METRICS_SCHEMA,
    source: input.source,
    k: input.centroids.length,
    dim: input.featureNames.length,
    n: e.n,
    feature_names: [...input.featureNames],
    msd: e.msd,
    ssd: e.ssd,
    inertia: e.ssd,
    sizes: [...e.sizes],
    data_fingerprint: input.dataFingerprint,
    ...(input.scaling === undefined ? {} : { scaling: input.scaling }),
    ...(input.clusters === undefined ? {} : { clusters: input.clusters.map((c) => ({ ...c })) }),
    ...(input.training === undefined
      ? {}
      : { training: input.training.parameters, training_key: input.training.key }),
    ...(input.clv === undefined ? {} : { clv: input.clv }),
    ...(input.curve === undefined
      ? {}
      : { k_selection: { criterion: 'silhouette', curve: input.curve.map((p) => ({ ...p })) } }),
    reported: { ...input.reported },
    commit: input.commit,
    run_id: input.runId,
    created_at: input.createdAt.toISOString(),
  };
}

/** The stored text of a report: pretty JSON with a final newline. */
export function metricsJson(report: ModelMetricsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Mean silhouette of the clustering `centroids` induce (each row to its nearest centroid), over
 * the rows in `sample`: comparable across k, unlike msd.
 */
export function silhouetteOfCentroids(
  points: Float64Array,
  dim: number,
  centroids: readonly (readonly number[])[],
  sample: Int32Array,
): number {
  const labels = new Int32Array(Math.floor(points.length / dim));
  for (const row of sample) {
    let best = Infinity;
    centroids.forEach((c, id) => {
      let d2 = 0;
      for (let j = 0; j < dim; j++) d2 += (points[row * dim + j]! - c[j]!) ** 2;
      if (d2 < best) {
        best = d2;
        labels[row] = id;
      }
    });
  }
  return meanSilhouette(points, dim, labels, centroids.length, sample);
}
