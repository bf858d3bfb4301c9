/**
 * KMeans on flat row-major Float64Array data: greedy k-means++ seeding, Lloyd iterations accelerated
 * with Hamerly's bounds (the same iterations as plain Lloyd with far fewer distance computations),
 * several seeded restarts, and canonical cluster ids so the same input and seed give a bit-identical
 * model. Hot loops have a three-feature variant next to the general one: RFM has three features.
 */
import { createRandom, type Random } from '../../random.js';

/** Training options; see {@link trainKMeans} for how restarts are compared. */
export interface KMeansOptions {
  k: number;
  seed: number;
  restarts: number;
  /** Lloyd iterations per restart at most; default 300. */
  maxIterations?: number;
  /**
   * Stop when one iteration improves the inertia by less than this fraction (or no point changes
   * cluster); default 1e-6.
   */
  tolerance?: number;
}

/** A trained model plus the training assignment of every point. */
export interface KMeansResult {
  k: number;
  dim: number;
  n: number;
  /** k*dim, row-major, sorted lexicographically (canonical cluster ids). */
  centroids: Float64Array;
  /** Cluster id of every point (its nearest centroid). */
  assignments: Int32Array;
  sizes: number[];
  /** Sum of squared Euclidean distances to the assigned centroid. */
  inertia: number;
  /** inertia / n, SageMaker's "msd". */
  msd: number;
  /** Lloyd iterations of the winning restart. */
  iterations: number;
  restarts: number;
}

export const DEFAULT_MAX_ITERATIONS = 300;
export const DEFAULT_TOLERANCE = 1e-6;

/** Reusable buffers of one training run, shared by all restarts so iterations never allocate. */
interface Workspace {
  n: number;
  dim: number;
  k: number;
  centroids: Float64Array;
  previous: Float64Array;
  /** Per-cluster coordinate sums and sizes, kept up to date as points change cluster. */
  sums: Float64Array;
  counts: Float64Array;
  /** Half the distance from each centroid to its nearest other centroid. */
  halfGap: Float64Array;
  assign: Int32Array;
  /**
   * Hamerly bounds stored lazily: the upper bound on the distance to the own centroid is
   * `upper[i] + drift[assign[i]]`, the lower bound on the distance to any other centroid is
   * `lower[i] - lowDrift[0]`, so a centroid update touches k numbers instead of n.
   */
  upper: Float64Array;
  lower: Float64Array;
  drift: Float64Array;
  /** One slot; a typed array so the workspace's shape never changes from Smi to double. */
  lowDrift: Float64Array;
  /** k-means++: squared distance from every point to its closest chosen center, and prefix sums. */
  closest: Float64Array;
  cumulative: Float64Array;
  /** Column means and the total sum of squares about them, for O(k*dim) inertia per iteration. */
  mean: Float64Array;
  totalSS: number;
  run: RunState;
}

/** Progress of the Lloyd iterations in a workspace, so a run can be resumed exactly. */
interface RunState {
  iterations: number;
  /** Inertia after the last centroid update (Infinity before the first). */
  inertia: number;
  /** Inertia improvement of the last update and the inertia it improved on. */
  gain: number;
  base: number;
  /** No point changed cluster, or maxIterations was reached: nothing left to do. */
  finished: boolean;
}

/** Restarts are compared once their relative improvement per iteration is below this. */
const COARSE_TOLERANCE = 1e-3;

/**
 * Trains KMeans on `points` (n rows of `dim` values, row-major).
 *
 * Each restart gets its own seed, derived from `seed`, for greedy k-means++ seeding, then runs
 * Lloyd iterations until one improves the inertia by less than max(tolerance, 1e-3). The restart
 * with the lowest inertia at that point goes on to `tolerance`; the others stop there. Separate
 * local optima are already far apart at 1e-3, and the long tail of small improvements is paid for
 * once instead of once per restart. With one restart this is plain Lloyd to `tolerance`.
 *
 * Clusters are numbered in lexicographic order of their centroids. Throws an Error that says what
 * to change when the input cannot give k clusters.
 */
export function trainKMeans(points: Float64Array, dim: number, opts: KMeansOptions): KMeansResult {
  const { maxIterations, tolerance } = validate(points, dim, opts);
  const { k, restarts } = opts;
  const coarse = Math.max(tolerance, COARSE_TOLERANCE);
  const master = createRandom(opts.seed);
  let leader = createWorkspace(points, dim, k);
  let current = createWorkspace(points, dim, k, leader);
  let leaderInertia = Infinity;
  for (let r = 0; r < restarts; r++) {
    const restartSeed = Math.floor(master.next() * 4294967296);
    seedPlusPlus(points, current, createRandom(restartSeed));
    startLloyd(points, current);
    continueLloyd(points, current, coarse, maxIterations);
    // Ranked by the inertia of the last update (no extra pass); exact inertia for the winner only.
    if (current.run.inertia < leaderInertia) {
      leaderInertia = current.run.inertia;
      [leader, current] = [current, leader];
    }
  }
  if (coarse > tolerance) continueLloyd(points, leader, tolerance, maxIterations);
  return canonicalize(points, dim, k, leader.centroids, leader.assign, {
    inertia: assignedInertia(points, leader),
    iterations: leader.run.iterations,
    restarts,
  });
}

/** The centroid closest to `point` (lowest id on ties) and its Euclidean (not squared) distance. */
export function nearestCentroid(
  point: ArrayLike<number>,
  centroids: Float64Array,
  dim: number,
): { cluster: number; distance: number } {
  if (!Number.isInteger(dim) || dim < 1)
    throw new Error(`dim must be a positive integer, got ${dim}`);
  if (centroids.length === 0 || centroids.length % dim !== 0) {
    throw new Error(
      `centroids must hold a positive multiple of dim=${dim} values, got ${centroids.length}`,
    );
  }
  if (point.length !== dim) throw new Error(`point has ${point.length} values but dim is ${dim}`);
  let cluster = 0;
  let best = Infinity;
  for (let c = 0, off = 0; off < centroids.length; c++, off += dim) {
    let d2 = 0;
    for (let j = 0; j < dim; j++) {
      const t = point[j] - centroids[off + j];
      d2 += t * t;
    }
    if (d2 < best) {
      best = d2;
      cluster = c;
    }
  }
  return { cluster, distance: Math.sqrt(best) };
}

interface Settings {
  maxIterations: number;
  tolerance: number;
}

function validate(points: Float64Array, dim: number, opts: KMeansOptions): Settings {
  const { k, restarts } = opts;
  const maxIterations = opts.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE;
  if (!Number.isInteger(dim) || dim < 1) {
    throw new Error(`dim must be a positive integer (features per point), got ${dim}`);
  }
  if (points.length % dim !== 0) {
    throw new Error(
      `points.length (${points.length}) is not a multiple of dim (${dim}); pass n*dim values, row-major`,
    );
  }
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
  if (!Number.isInteger(restarts) || restarts < 1) {
    throw new Error(`restarts must be a positive integer, got ${restarts}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new Error(`maxIterations must be a positive integer, got ${maxIterations}`);
  }
  if (!(tolerance >= 0)) throw new Error(`tolerance must be >= 0, got ${tolerance}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  const n = points.length / dim;
  if (n < k) {
    throw new Error(`k=${k} needs at least ${k} points but got ${n}; lower k or supply more data`);
  }
  checkFinite(points, dim);
  const distinct = countDistinctUpTo(points, dim, k);
  if (distinct < k) {
    throw new Error(
      `only ${distinct} distinct points for k=${k}; lower k to at most ${distinct} or supply more varied data`,
    );
  }
  return { maxIterations, tolerance };
}

function checkFinite(points: Float64Array, dim: number): void {
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i])) {
      const row = Math.floor(i / dim);
      throw new Error(
        `row ${row} has a non-finite value (${points[i]}) in column ${i % dim}; clean or drop that row`,
      );
    }
  }
}

/** Number of distinct rows, counting stops at `limit` (O(n*limit) at worst). */
function countDistinctUpTo(points: Float64Array, dim: number, limit: number): number {
  const found: number[] = [];
  const n = points.length / dim;
  for (let i = 0; i < n && found.length < limit; i++) {
    if (!found.some((f) => sameRow(points, f, i, dim))) found.push(i);
  }
  return found.length;
}

function sameRow(points: Float64Array, a: number, b: number, dim: number): boolean {
  for (let j = 0; j < dim; j++) if (points[a * dim + j] !== points[b * dim + j]) return false;
  return true;
}

/** Buffers for one run; `share` lends its seeding buffers and data statistics. */
function createWorkspace(
  points: Float64Array,
  dim: number,
  k: number,
  share?: Workspace,
): Workspace {
  const n = points.length / dim;
  const mean = share?.mean ?? columnMeans(points, dim);
  return {
    n,
    dim,
    k,
    centroids: new Float64Array(k * dim),
    previous: new Float64Array(k * dim),
    sums: new Float64Array(k * dim),
    counts: new Float64Array(k),
    halfGap: new Float64Array(k),
    assign: new Int32Array(n),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    drift: new Float64Array(k),
    lowDrift: new Float64Array(1),
    closest: share?.closest ?? new Float64Array(n),
    cumulative: share?.cumulative ?? new Float64Array(n),
    mean,
    totalSS: share?.totalSS ?? sumSquaresAbout(points, dim, mean),
    run: { iterations: 0, inertia: Infinity, gain: Infinity, base: Infinity, finished: false },
  };
}

function columnMeans(points: Float64Array, dim: number): Float64Array {
  const mean = new Float64Array(dim);
  const n = points.length / dim;
  for (let off = 0; off < points.length; off += dim) {
    for (let j = 0; j < dim; j++) mean[j] += points[off + j];
  }
  for (let j = 0; j < dim; j++) mean[j] /= n;
  return mean;
}

function sumSquaresAbout(points: Float64Array, dim: number, mean: Float64Array): number {
  let s = 0;
  for (let off = 0; off < points.length; off += dim) {
    for (let j = 0; j < dim; j++) {
      const t = points[off + j] - mean[j];
      s += t * t;
    }
  }
  return s;
}

/**
 * Squared distance between the `dim` values at offset `ao` of `a` and offset `bo` of `b`. The
 * three-feature case (RFM) is unrolled: V8 does not unroll the short loop and it dominates the cost.
 */
function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, dim: number): number {
  if (dim === 3) {
    const x = a[ao] - b[bo];
    const y = a[ao + 1] - b[bo + 1];
    const z = a[ao + 2] - b[bo + 2];
    return x * x + y * y + z * z;
  }
  let s = 0;
  for (let t = 0; t < dim; t++) {
    const d = a[ao + t] - b[bo + t];
    s += d * d;
  }
  return s;
}

/** Squared distance between row `i` of `a` and row `j` of `b`. */
function dist2(a: Float64Array, i: number, b: Float64Array, j: number, dim: number): number {
  return sqDist(a, i * dim, b, j * dim, dim);
}

function copyRow(
  src: Float64Array,
  row: number,
  dst: Float64Array,
  dstRow: number,
  dim: number,
): void {
  for (let j = 0; j < dim; j++) dst[dstRow * dim + j] = src[row * dim + j];
}

/**
 * Greedy k-means++ (as in scikit-learn): each new center is the best of 2 + ln(k) D²-sampled
 * candidates, judged by the potential (sum of squared distances to the nearest center) it leaves.
 * All candidates of a round come from the same distribution: they are found by binary search in
 * the prefix sums of the D² weights and scored together in one pass over the points.
 */
function seedPlusPlus(points: Float64Array, ws: Workspace, rng: Random): void {
  const { n, dim, k, centroids, closest, cumulative } = ws;
  const trials = 2 + Math.floor(Math.log(k));
  const picks = new Int32Array(trials);
  const scores = new Float64Array(trials);
  const candidates = new Float64Array(trials * dim);

  const first = Math.min(n - 1, Math.floor(rng.next() * n));
  copyRow(points, first, centroids, 0, dim);
  let potential = distancesTo(points, first, closest, cumulative, dim);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      picks[t] = sampleByWeight(closest, cumulative, rng.next() * potential);
      copyRow(points, picks[t], candidates, t, dim);
    }
    if (dim === 3) scoreCandidates3(points, closest, candidates, scores);
    else scoreCandidatesAny(points, closest, candidates, scores, dim);
    let best = 0;
    for (let t = 1; t < trials; t++) if (scores[t] < scores[best]) best = t;
    copyRow(points, picks[best], centroids, c, dim);
    // After the last center the weights are not needed: the first Lloyd assignment follows.
    if (c < k - 1) potential = lowerTo(points, picks[best], closest, cumulative, dim);
  }
}

/** closest[i] = squared distance to row `idx`, with running sums in `cumulative`; returns the total. */
function distancesTo(
  points: Float64Array,
  idx: number,
  closest: Float64Array,
  cumulative: Float64Array,
  dim: number,
): number {
  let total = 0;
  const base = idx * dim;
  for (let i = 0, off = 0; i < closest.length; i++, off += dim) {
    const d = sqDist(points, off, points, base, dim);
    closest[i] = d;
    total += d;
    cumulative[i] = total;
  }
  return total;
}

/**
 * closest[i] = min(closest[i], squared distance to row `idx`), with their running sums in
 * `cumulative`; returns the total.
 */
function lowerTo(
  points: Float64Array,
  idx: number,
  closest: Float64Array,
  cumulative: Float64Array,
  dim: number,
): number {
  let total = 0;
  const base = idx * dim;
  for (let i = 0, off = 0; i < closest.length; i++, off += dim) {
    const d = sqDist(points, off, points, base, dim);
    const m = min2(d, closest[i]);
    closest[i] = m;
    total += m;
    cumulative[i] = total;
  }
  return total;
}

/**
 * The first index whose running weight sum exceeds `draw` (drawn from [0, total)): D² sampling.
 * A zero weight is never picked, as the running sum only grows at positive weights.
 */
function sampleByWeight(weights: Float64Array, cumulative: Float64Array, draw: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  if (!(cumulative[hi] > draw)) {
    // Rounding left the draw at the very top: take the last positive weight.
    while (hi > 0 && !(weights[hi] > 0)) hi--;
    return hi;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > draw) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function sq3(x: number, y: number, z: number): number {
  return x * x + y * y + z * z;
}

/** Branch-free min(a, b): the comparison is unpredictable and a mispredict costs more than this. */
function min2(a: number, b: number): number {
  const diff = a - b;
  return b + 0.5 * (diff - Math.abs(diff));
}

/** scores[t] = potential if candidate row t (of `candidates`) were added to the centers. */
function scoreCandidatesAny(
  points: Float64Array,
  closest: Float64Array,
  candidates: Float64Array,
  scores: Float64Array,
  dim: number,
): void {
  scores.fill(0);
  const trials = scores.length;
  for (let i = 0, off = 0; i < closest.length; i++, off += dim) {
    const old = closest[i];
    for (let t = 0; t < trials; t++) {
      scores[t] += min2(sqDist(points, off, candidates, t * dim, dim), old);
    }
  }
}

/** {@link scoreCandidatesAny} for three features and up to four candidates held in registers. */
function scoreCandidates3(
  points: Float64Array,
  closest: Float64Array,
  candidates: Float64Array,
  scores: Float64Array,
): void {
  if (scores.length > 4) {
    scoreCandidatesAny(points, closest, candidates, scores, 3);
    return;
  }
  // Unused slots repeat candidate 0; their scores are discarded.
  const c = (t: number, j: number): number => candidates[(t < scores.length ? t : 0) * 3 + j];
  const [ax, ay, az, bx, by, bz] = [c(0, 0), c(0, 1), c(0, 2), c(1, 0), c(1, 1), c(1, 2)];
  const [cx, cy, cz, dx, dy, dz] = [c(2, 0), c(2, 1), c(2, 2), c(3, 0), c(3, 1), c(3, 2)];
  let sa = 0;
  let sb = 0;
  let sc = 0;
  let sd = 0;
  for (let i = 0, off = 0; i < closest.length; i++, off += 3) {
    const x = points[off];
    const y = points[off + 1];
    const z = points[off + 2];
    const old = closest[i];
    sa += min2(sq3(x - ax, y - ay, z - az), old);
    sb += min2(sq3(x - bx, y - by, z - bz), old);
    sc += min2(sq3(x - cx, y - cy, z - cz), old);
    sd += min2(sq3(x - dx, y - dy, z - dz), old);
  }
  const all = [sa, sb, sc, sd];
  for (let t = 0; t < scores.length; t++) scores[t] = all[t];
}

/** First assignment of every point to its nearest seed; resets the run. */
function startLloyd(points: Float64Array, ws: Workspace): void {
  ws.drift.fill(0);
  ws.lowDrift[0] = 0;
  if (ws.dim === 3) assignAll3(points, ws);
  else assignAllAny(points, ws);
  const run = ws.run;
  run.iterations = 0;
  run.inertia = Infinity;
  run.gain = Infinity;
  run.base = Infinity;
  run.finished = false;
}

/**
 * Every point to its nearest centroid, with exact bounds (distances to the nearest and second
 * nearest centroid) and fresh per-cluster sums.
 */
function assignAllAny(points: Float64Array, ws: Workspace): void {
  const { n, dim, k, centroids, assign, upper, lower, sums, counts } = ws;
  sums.fill(0);
  counts.fill(0);
  for (let i = 0, off = 0; i < n; i++, off += dim) {
    let d1 = Infinity;
    let d2 = Infinity;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const s = sqDist(points, off, centroids, c * dim, dim);
      if (s < d2) {
        if (s < d1) {
          d2 = d1;
          d1 = s;
          best = c;
        } else {
          d2 = s;
        }
      }
    }
    assign[i] = best;
    upper[i] = Math.sqrt(d1);
    lower[i] = Math.sqrt(d2);
    counts[best] += 1;
    for (let j = 0; j < dim; j++) sums[best * dim + j] += points[off + j];
  }
}

/** {@link assignAllAny} for three features, with the point held in registers. */
function assignAll3(points: Float64Array, ws: Workspace): void {
  const { n, k, centroids, assign, upper, lower, sums, counts } = ws;
  sums.fill(0);
  counts.fill(0);
  for (let i = 0, off = 0; i < n; i++, off += 3) {
    const x = points[off];
    const y = points[off + 1];
    const z = points[off + 2];
    let d1 = Infinity;
    let d2 = Infinity;
    let best = 0;
    for (let c = 0, co = 0; c < k; c++, co += 3) {
      const s = sq3(x - centroids[co], y - centroids[co + 1], z - centroids[co + 2]);
      if (s < d2) {
        if (s < d1) {
          d2 = d1;
          d1 = s;
          best = c;
        } else {
          d2 = s;
        }
      }
    }
    assign[i] = best;
    upper[i] = Math.sqrt(d1);
    lower[i] = Math.sqrt(d2);
    const so = best * 3;
    counts[best] += 1;
    sums[so] += x;
    sums[so + 1] += y;
    sums[so + 2] += z;
  }
}

/**
 * Lloyd iterations (update, then assign) with Hamerly's bounds until no point changes cluster, the
 * relative inertia improvement drops below `tolerance`, or maxIterations. Ends on an assignment
 * step, so every point sits with its nearest centroid. Resuming with a smaller tolerance continues
 * exactly as one uninterrupted run with that tolerance would.
 */
function continueLloyd(
  points: Float64Array,
  ws: Workspace,
  tolerance: number,
  maxIterations: number,
): void {
  const run = ws.run;
  if (run.gain < tolerance * run.base) return;
  while (!run.finished && run.iterations < maxIterations) {
    ws.previous.set(ws.centroids);
    const reseeded = updateCentroids(points, ws);
    run.iterations++;
    // Within-cluster SS = total SS about the mean minus between-cluster SS: O(k*dim), no pass.
    const inertia = Math.max(0, ws.totalSS - betweenSS(ws));
    run.base = run.inertia;
    run.gain = run.inertia - inertia;
    run.inertia = inertia;
    if (reseeded) resetBounds(ws);
    else accumulateDrift(ws);
    computeHalfGaps(ws);
    const changed = assignStep(points, ws);
    if (reseeded) recomputeSums(points, ws);
    else if (changed === 0) run.finished = true;
    if (run.gain < tolerance * run.base) return;
  }
  run.finished = true;
}

function betweenSS(ws: Workspace): number {
  const { k, dim, centroids, counts, mean } = ws;
  let s = 0;
  for (let c = 0; c < k; c++) {
    let d = 0;
    for (let j = 0; j < dim; j++) {
      const t = centroids[c * dim + j] - mean[j];
      d += t * t;
    }
    s += counts[c] * d;
  }
  return s;
}

function computeHalfGaps(ws: Workspace): void {
  const { k, dim, centroids, halfGap } = ws;
  halfGap.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const d = 0.5 * Math.sqrt(dist2(centroids, a, centroids, b, dim));
      if (d < halfGap[a]) halfGap[a] = d;
      if (d < halfGap[b]) halfGap[b] = d;
    }
  }
}

/** Loosens every bound by how far the centroids just moved (lazily, through the drift terms). */
function accumulateDrift(ws: Workspace): void {
  const { k, dim, centroids, previous, drift } = ws;
  let maxMove = 0;
  for (let c = 0; c < k; c++) {
    const move = Math.sqrt(dist2(centroids, c, previous, c, dim));
    drift[c] += move;
    if (move > maxMove) maxMove = move;
  }
  ws.lowDrift[0] += maxMove;
}

/** Bounds that force every point through an exact check on the next assignment step. */
function resetBounds(ws: Workspace): void {
  ws.upper.fill(Infinity);
  ws.lower.fill(0);
  ws.drift.fill(0);
  ws.lowDrift[0] = 0;
}

/**
 * Hamerly assignment step: a point whose upper bound does not exceed max(lower bound, half gap of
 * its centroid) cannot change cluster and costs no distance. Moves keep sums and counts current.
 * Returns how many points changed cluster.
 */
function assignStep(points: Float64Array, ws: Workspace): number {
  const { n, halfGap, assign, upper, lower, drift } = ws;
  const lowDrift = ws.lowDrift[0];
  const recheck = ws.dim === 3 ? recheck3 : recheckAny;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const a = assign[i];
    const l = lower[i] - lowDrift;
    const h = halfGap[a];
    const ub = upper[i] + drift[a];
    // Non-short-circuit OR: one well-predicted branch instead of an unpredictable max().
    if ((+(ub <= l) | +(ub <= h)) !== 0) continue;
    changed += recheck(points, i, ws, l > h ? l : h);
  }
  return changed;
}

/**
 * Exact check of point `i` whose bounds could not rule out a closer centroid: tightens the upper
 * bound, and if that is not enough, finds the two nearest centroids. Returns 1 if the point moved.
 */
function recheckAny(points: Float64Array, i: number, ws: Workspace, bound: number): number {
  const { dim, k, centroids, assign, upper, drift } = ws;
  const off = i * dim;
  const a = assign[i];
  const u = Math.sqrt(sqDist(points, off, centroids, a * dim, dim));
  if (u <= bound) {
    upper[i] = u - drift[a];
    return 0;
  }
  let d1 = Infinity;
  let d2 = Infinity;
  let best = 0;
  for (let c = 0; c < k; c++) {
    const s = sqDist(points, off, centroids, c * dim, dim);
    if (s < d1) {
      d2 = d1;
      d1 = s;
      best = c;
    } else if (s < d2) {
      d2 = s;
    }
  }
  return settle(points, i, ws, best, d1, d2);
}

/** {@link recheckAny} for three features, with the point's coordinates held in registers. */
function recheck3(points: Float64Array, i: number, ws: Workspace, bound: number): number {
  const { k, centroids, assign, upper, drift } = ws;
  const off = 3 * i;
  const x = points[off];
  const y = points[off + 1];
  const z = points[off + 2];
  const a = assign[i];
  const ax = x - centroids[3 * a];
  const ay = y - centroids[3 * a + 1];
  const az = z - centroids[3 * a + 2];
  const u = Math.sqrt(ax * ax + ay * ay + az * az);
  if (u <= bound) {
    upper[i] = u - drift[a];
    return 0;
  }
  let d1 = Infinity;
  let d2 = Infinity;
  let best = 0;
  for (let c = 0, co = 0; c < k; c++, co += 3) {
    const dx = x - centroids[co];
    const dy = y - centroids[co + 1];
    const dz = z - centroids[co + 2];
    const s = dx * dx + dy * dy + dz * dz;
    if (s < d1) {
      d2 = d1;
      d1 = s;
      best = c;
    } else if (s < d2) {
      d2 = s;
    }
  }
  return settle(points, i, ws, best, d1, d2);
}

/** Records the nearest (`best`, squared distance d1) and second nearest (d2) centroid of point i. */
function settle(
  points: Float64Array,
  i: number,
  ws: Workspace,
  best: number,
  d1: number,
  d2: number,
): number {
  const { dim, assign, upper, lower, drift } = ws;
  const a = assign[i];
  upper[i] = Math.sqrt(d1) - drift[best];
  lower[i] = Math.sqrt(d2) + ws.lowDrift[0];
  if (best === a) return 0;
  moveBetween(points, i * dim, ws, a, best);
  assign[i] = best;
  return 1;
}

function moveBetween(
  points: Float64Array,
  off: number,
  ws: Workspace,
  from: number,
  to: number,
): void {
  const { dim, sums, counts } = ws;
  counts[from] -= 1;
  counts[to] += 1;
  for (let j = 0; j < dim; j++) {
    const x = points[off + j];
    sums[from * dim + j] -= x;
    sums[to * dim + j] += x;
  }
}

/** Exact per-cluster sums and sizes from the current assignment. */
function recomputeSums(points: Float64Array, ws: Workspace): void {
  const { n, dim, sums, counts, assign } = ws;
  sums.fill(0);
  counts.fill(0);
  for (let i = 0, off = 0; i < n; i++, off += dim) {
    const a = assign[i];
    counts[a] += 1;
    for (let j = 0; j < dim; j++) sums[a * dim + j] += points[off + j];
  }
}

/**
 * Centroids become the means of their points. An empty cluster is re-seeded with the point farthest
 * from its own centroid; returns true when that happened (bounds are then no longer valid).
 */
function updateCentroids(points: Float64Array, ws: Workspace): boolean {
  const { k, dim, centroids, sums, counts } = ws;
  let empty = false;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) {
      empty = true;
      continue;
    }
    for (let j = 0; j < dim; j++) centroids[c * dim + j] = sums[c * dim + j] / counts[c];
  }
  if (!empty) return false;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) reseedEmpty(points, ws, c);
  }
  return true;
}

function reseedEmpty(points: Float64Array, ws: Workspace, empty: number): void {
  const { n, dim, centroids, sums, counts, assign } = ws;
  let far = -1;
  let farD = -1;
  for (let i = 0; i < n; i++) {
    const a = assign[i];
    if (counts[a] <= 1) continue;
    const d = dist2(points, i, centroids, a, dim);
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  if (far < 0) return;
  const from = assign[far];
  moveBetween(points, far * dim, ws, from, empty);
  assign[far] = empty;
  for (let j = 0; j < dim; j++) centroids[from * dim + j] = sums[from * dim + j] / counts[from];
  copyRow(points, far, centroids, empty, dim);
}

/** Sum of squared distances from every point to its assigned centroid. */
function assignedInertia(points: Float64Array, ws: Workspace): number {
  const { n, dim, centroids, assign } = ws;
  let inertia = 0;
  for (let i = 0, off = 0; i < n; i++, off += dim) {
    inertia += sqDist(points, off, centroids, assign[i] * dim, dim);
  }
  return inertia;
}

/** Sorts centroids lexicographically and remaps assignments so cluster ids are stable. */
function canonicalize(
  points: Float64Array,
  dim: number,
  k: number,
  centroids: Float64Array,
  assign: Int32Array,
  stats: { inertia: number; iterations: number; restarts: number },
): KMeansResult {
  const n = points.length / dim;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => {
    for (let j = 0; j < dim; j++) {
      const diff = centroids[a * dim + j] - centroids[b * dim + j];
      if (diff !== 0) return diff;
    }
    return a - b;
  });
  const newId = new Int32Array(k);
  const sorted = new Float64Array(k * dim);
  order.forEach((old, id) => {
    newId[old] = id;
    copyRow(centroids, old, sorted, id, dim);
  });
  const assignments = new Int32Array(n);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const id = newId[assign[i]];
    assignments[i] = id;
    sizes[id]++;
  }
  return {
    k,
    dim,
    n,
    centroids: sorted,
    assignments,
    sizes,
    inertia: stats.inertia,
    msd: stats.inertia / n,
    iterations: stats.iterations,
    restarts: stats.restarts,
  };
}
