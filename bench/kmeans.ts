/** Measure 2: KMeans on the Olist-scale RFM features, the project's trainer vs ml-kmeans vs scipy. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { trainKMeans } from '../actions/lib/segmentation/kmeans/kmeans.js';
import type { FeatureMatrix } from '../actions/lib/segmentation/features.js';
import { REPO } from './lib/paths.js';
import { since, summarize, type Summary } from './lib/stats.js';

const exec = promisify(execFile);

export interface KMeansOptions {
  readonly k: number;
  readonly restarts: number;
  readonly seed: number;
  readonly repeats: number;
  readonly log: (line: string) => void;
}

/** One implementation: time for `restarts` restarts (best kept) and that model's inertia. */
export interface KMeansSample {
  readonly implementation: string;
  readonly timeMs: Summary;
  /** Sum of squared distances to the nearest returned centroid, computed here for every one. */
  readonly inertia: number;
  readonly note?: string;
}

/** Σ min_c ‖x − c‖²: the same inertia for every implementation, from its centroids only. */
export function inertiaOf(f: FeatureMatrix, centroids: readonly (readonly number[])[]): number {
  let total = 0;
  for (let i = 0; i < f.n; i++) {
    let best = Infinity;
    for (const c of centroids) {
      let d = 0;
      for (let j = 0; j < f.dim; j++) {
        const diff = (f.points[i * f.dim + j] as number) - (c[j] as number);
        d += diff * diff;
      }
      if (d < best) best = d;
    }
    total += best;
  }
  return total;
}

function rowsOf(f: FeatureMatrix): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < f.n; i++)
    rows.push(Array.from(f.points.subarray(i * f.dim, (i + 1) * f.dim)));
  return rows;
}

function project(f: FeatureMatrix, o: KMeansOptions): number[][] {
  const m = trainKMeans(f.points, f.dim, { k: o.k, seed: o.seed, restarts: o.restarts });
  const out: number[][] = [];
  for (let c = 0; c < m.k; c++)
    out.push(Array.from(m.centroids.subarray(c * f.dim, (c + 1) * f.dim)));
  return out;
}

/** ml-kmeans has no restarts: run it `restarts` times with k-means++ and keep the lowest inertia. */
function mlKmeansBest(f: FeatureMatrix, rows: number[][], o: KMeansOptions): number[][] {
  let best: { inertia: number; centroids: number[][] } | undefined;
  for (let r = 0; r < o.restarts; r++) {
    const result = mlKmeans(rows, o.k, {
      initialization: 'kmeans++',
      seed: o.seed + r,
      maxIterations: 300,
    });
    const inertia = inertiaOf(f, result.centroids);
    if (best === undefined || inertia < best.inertia)
      best = { inertia, centroids: result.centroids };
  }
  return best?.centroids ?? [];
}

async function scipy(
  csv: string,
  f: FeatureMatrix,
  o: KMeansOptions,
  iterations: number,
): Promise<KMeansSample> {
  const implementation = `scipy kmeans2 (iter=${iterations})`;
  try {
    const { stdout } = await exec(
      'python3',
      [
        join(REPO, 'bench', 'kmeans_scipy.py'),
        csv,
        ...[o.k, o.restarts, o.seed, o.repeats, iterations].map(String),
      ],
      { maxBuffer: 1 << 20 },
    );
    const out = JSON.parse(stdout) as { scipy: string; runs_ms: number[]; centroids: number[][] };
    return {
      implementation: `${implementation}, scipy ${out.scipy}`,
      timeMs: summarize(out.runs_ms),
      inertia: inertiaOf(f, out.centroids),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      implementation,
      timeMs: summarize([NaN]),
      inertia: NaN,
      note: `not measured: ${reason}`,
    };
  }
}

/**
 * Each implementation `repeats` times, interleaved so that machine noise hits all of them alike.
 * Times cover training only (no CSV parsing); ml-kmeans gets its number[][] input prepared once.
 */
export async function measureKMeans(
  csv: string,
  f: FeatureMatrix,
  o: KMeansOptions,
): Promise<KMeansSample[]> {
  const rows = rowsOf(f);
  const times: Record<'project' | 'ml', number[]> = { project: [], ml: [] };
  let projectCentroids: number[][] = [];
  let mlCentroids: number[][] = [];
  for (let r = 0; r < o.repeats; r++) {
    let t = performance.now();
    projectCentroids = project(f, o);
    times.project.push(since(t));
    t = performance.now();
    mlCentroids = mlKmeansBest(f, rows, o);
    times.ml.push(since(t));
    o.log(
      `  kmeans repeat ${r + 1}: project ${Math.round(times.project.at(-1) ?? 0)} ms, ml-kmeans ${Math.round(times.ml.at(-1) ?? 0)} ms`,
    );
  }
  const samples: KMeansSample[] = [
    {
      implementation: 'project trainer (kmeans.ts)',
      timeMs: summarize(times.project),
      inertia: inertiaOf(f, projectCentroids),
    },
    {
      implementation: 'ml-kmeans 7.0.1',
      timeMs: summarize(times.ml),
      inertia: inertiaOf(f, mlCentroids),
    },
    await scipy(csv, f, o, 10),
    await scipy(csv, f, o, 300),
  ];
  for (const s of samples.slice(2))
    o.log(`  ${s.implementation}: ${Math.round(s.timeMs.median)} ms`);
  return samples;
}
