/**
 * Picks the number of clusters by the mean silhouette of a seeded random sample; the inertia of
 * every candidate is kept as well, so the elbow can be read from the same curve.
 */
import { createRandom } from '../../random.js';
import { trainKMeans, type KMeansResult } from './kmeans.js';

/** Candidate range (both ends included), seed and restarts for every trained model. */
export interface KSelectionOptions {
  kRange: readonly [number, number];
  seed: number;
  restarts: number;
  /** Points in the silhouette sample; default 2000. The silhouette is exact within the sample. */
  sampleSize?: number;
  /**
   * Points the candidates are trained on; default 20,000. With more points, every k is fitted on a
   * seeded sample of this size and only the chosen k on all points: the choice costs a few
   * sample fits instead of one full fit per candidate.
   */
  sweepSize?: number;
}

/** One candidate k: its fit on the sweep's points and its mean silhouette on the sample. */
export interface KCurvePoint {
  k: number;
  inertia: number;
  msd: number;
  silhouette: number;
}

/** The chosen k, the whole curve, and the model of the chosen k trained on all points. */
export interface KSelection {
  k: number;
  criterion: 'silhouette';
  curve: KCurvePoint[];
  /** Points each candidate was fitted on (all of them, or the sweep sample). */
  sweepPoints: number;
  model: KMeansResult;
}

export const DEFAULT_SILHOUETTE_SAMPLE = 2000;
export const DEFAULT_SWEEP_SIZE = 20_000;

/** Seed offset for the silhouette sample, so it does not reuse the training stream of `seed`. */
const SAMPLE_STREAM = 0x5f3759df;
/** Seed offset for the sweep sample. */
const SWEEP_STREAM = 0x2545f491;

/**
 * Trains one model per k in `kRange` (on all points, or on a seeded sample of `sweepSize` of them)
 * and picks the k with the highest mean silhouette (ties go to the smaller k); the chosen k is
 * then trained on all points.
 */
export function chooseK(points: Float64Array, dim: number, opts: KSelectionOptions): KSelection {
  const [lo, hi] = validateRange(opts.kRange);
  const sampleSize = opts.sampleSize ?? DEFAULT_SILHOUETTE_SAMPLE;
  if (!Number.isInteger(sampleSize) || sampleSize < 2) {
    throw new Error(`sampleSize must be an integer >= 2, got ${sampleSize}`);
  }
  const sweepSize = opts.sweepSize ?? DEFAULT_SWEEP_SIZE;
  if (!Number.isInteger(sweepSize) || sweepSize < 2) {
    throw new Error(`sweepSize must be an integer >= 2, got ${sweepSize}`);
  }
  const n = Number.isInteger(dim) && dim >= 1 ? Math.floor(points.length / dim) : 0;
  const sweep =
    n > sweepSize
      ? rowsOf(points, dim, drawSample(n, sweepSize, (opts.seed ^ SWEEP_STREAM) >>> 0))
      : points;
  const sweepN = n > sweepSize ? sweepSize : n;
  const sample = drawSample(sweepN, sampleSize, (opts.seed ^ SAMPLE_STREAM) >>> 0);

  const curve: KCurvePoint[] = [];
  let best: { k: number; silhouette: number; model: KMeansResult } | undefined;
  for (let k = lo; k <= hi; k++) {
    const model = trainKMeans(sweep, dim, { k, seed: opts.seed, restarts: opts.restarts });
    const silhouette = meanSilhouette(sweep, dim, model.assignments, k, sample);
    curve.push({ k, inertia: model.inertia, msd: model.msd, silhouette });
    if (best === undefined || silhouette > best.silhouette) best = { k, silhouette, model };
  }
  if (best === undefined) throw new Error('kRange is empty');
  const model =
    sweep === points
      ? best.model
      : trainKMeans(points, dim, { k: best.k, seed: opts.seed, restarts: opts.restarts });
  return { k: best.k, criterion: 'silhouette', curve, sweepPoints: sweepN, model };
}

/** The rows `rows` of a row-major matrix, as a new matrix. */
function rowsOf(points: Float64Array, dim: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * dim);
  for (let i = 0; i < rows.length; i++) {
    out.set(points.subarray((rows[i] as number) * dim, ((rows[i] as number) + 1) * dim), i * dim);
  }
  return out;
}

function validateRange(range: readonly [number, number]): [number, number] {
  const [lo, hi] = range;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 2 || hi < lo) {
    throw new Error(
      `kRange must be two integers [lo, hi] with 2 <= lo <= hi (the silhouette needs k >= 2), got [${lo}, ${hi}]`,
    );
  }
  return [lo, hi];
}

/**
 * `size` distinct row indices drawn uniformly with the seeded RNG (a partial Fisher–Yates shuffle),
 * in ascending order; all rows when there are no more than `size`.
 */
export function drawSample(n: number, size: number, seed: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (size >= n) return idx;
  const rng = createRandom(seed);
  for (let i = 0; i < size; i++) {
    const j = rng.int(i, n - 1);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, size).sort();
}

/**
 * Mean silhouette over the rows in `sample`, computed exactly among those rows (O(s² · dim)):
 * s(i) = (b − a) / max(a, b), with a the mean distance to the other members of its own cluster
 * and b the smallest mean distance to the members of another cluster. A row alone in its cluster
 * (within the sample) scores 0, as does every row when the sample holds a single cluster.
 */
export function meanSilhouette(
  points: Float64Array,
  dim: number,
  labels: Int32Array,
  k: number,
  sample: Int32Array,
): number {
  const s = sample.length;
  if (s === 0) return 0;
  const sums = pairwiseClusterSums(points, dim, labels, k, sample);
  const members = new Float64Array(k);
  for (let i = 0; i < s; i++) members[labels[sample[i]]] += 1;
  let total = 0;
  for (let i = 0; i < s; i++) total += silhouetteOf(sums, i, labels[sample[i]], members);
  return total / s;
}

/** sums[i*k + c] = total distance from sample row i to the sample rows labelled c. */
function pairwiseClusterSums(
  points: Float64Array,
  dim: number,
  labels: Int32Array,
  k: number,
  sample: Int32Array,
): Float64Array {
  const s = sample.length;
  const sums = new Float64Array(s * k);
  for (let i = 0; i < s; i++) {
    const oi = sample[i] * dim;
    const li = labels[sample[i]];
    for (let j = i + 1; j < s; j++) {
      const oj = sample[j] * dim;
      let d2 = 0;
      for (let t = 0; t < dim; t++) {
        const diff = points[oi + t] - points[oj + t];
        d2 += diff * diff;
      }
      const d = Math.sqrt(d2);
      sums[i * k + labels[sample[j]]] += d;
      sums[j * k + li] += d;
    }
  }
  return sums;
}

function silhouetteOf(sums: Float64Array, i: number, own: number, members: Float64Array): number {
  const k = members.length;
  if (members[own] <= 1) return 0;
  const a = sums[i * k + own] / (members[own] - 1);
  let b = Infinity;
  for (let c = 0; c < k; c++) {
    if (c === own || members[c] === 0) continue;
    const mean = sums[i * k + c] / members[c];
    if (mean < b) b = mean;
  }
  if (b === Infinity) return 0;
  const denom = Math.max(a, b);
  return denom === 0 ? 0 : (b - a) / denom;
}
