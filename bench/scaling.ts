/**
 * What the scaling does to the clusters: `workshop run` (what `npm start` runs) on the default
 * sample once per `model.scaling`, then the clusters each chose, in real units.
 *
 *   npx tsx bench/scaling.ts [--orders 99441]
 *
 * Also measured on the same features: the skew of each feature, the mean silhouette of each
 * run's clustering in every space (each partition scored in its own space and in the others',
 * on one sample of 2,000 customers), and the log-standard variant with log1p of recency too.
 * Writes bench/results/scaling-<date>.json and prints markdown.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { loadTeam } from '../contracts/environment/load.js';
import type { ModelFeature, ModelScaling } from '../contracts/environment/schema.js';
import { runWorkshop, type RunResult } from '../actions/lib/pipeline/run.js';
import { localPaths } from '../actions/lib/pipeline/paths.js';
import { DEFAULT_ORDERS } from '../actions/lib/sample-data/generate.js';
import { describeClusters } from '../actions/lib/segmentation/cluster-names.js';
import { readFeatures, type FeatureMatrix } from '../actions/lib/segmentation/features.js';
import {
  chooseK,
  drawSample,
  meanSilhouette,
} from '../actions/lib/segmentation/kmeans/choose-k.js';
import {
  applyScaling,
  fitScaling,
  LOG_STANDARD_TRANSFORMS,
  type ScalingParameters,
} from '../actions/lib/segmentation/scaling.js';
import { DuckDbWarehouse } from '../actions/lib/warehouse/duckdb.js';
import { describeMachine } from './lib/machine.js';
import { CACHE, REPO } from './lib/paths.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}
const orders = Number(flag('orders') ?? DEFAULT_ORDERS);
const FEATURES: readonly ModelFeature[] = ['recency', 'frequency', 'monetary'];
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** One cluster of one run, in real units. */
interface ClusterRow {
  readonly cluster: number;
  readonly name: string;
  readonly customers: number;
  /** recency days, purchases, order value at the centroid. */
  readonly centroid: readonly number[];
  /** Members' averages: recency days, purchases, order value. */
  readonly members: readonly (number | null)[];
}

interface RunSample {
  readonly scaling: ModelScaling;
  readonly k: number;
  readonly curve: readonly { k: number; silhouette: number }[];
  readonly clusters: readonly ClusterRow[];
  /** Per feature: the largest and the smallest centroid value, and their ratio. */
  readonly spread: Readonly<Record<string, { min: number; max: number; ratio: number }>>;
  readonly segmentsCsvBytes: number;
  readonly scalingParameters: ScalingParameters;
}

async function oneRun(scaling: ModelScaling): Promise<{ sample: RunSample; raw: FeatureMatrix }> {
  await mkdir(CACHE, { recursive: true });
  const stateRoot = await mkdtemp(join(CACHE, `scaling-${scaling}-`));
  try {
    const env = await loadTeam(join(REPO, 'environments'), 'retail-bank');
    const result: RunResult = await runWorkshop({
      root: REPO,
      stateRoot,
      env: { ...env, model: { ...env.model, scaling } },
      sampleOrders: orders,
      log: (line) => log(`  [${scaling}] ${line}`),
    });
    const wh = await DuckDbWarehouse.open(localPaths(stateRoot, env.team).database);
    const raw = await readFeatures(wh, FEATURES).finally(() => wh.close());
    const { metrics } = result.model;
    const profiles = new Map(result.dashboard.clusters.map((c) => [c.cluster, c]));
    const clusters = result.model.clusters.map((c) => {
      const p = profiles.get(c.cluster);
      return {
        cluster: c.cluster,
        name: c.name,
        customers: metrics.sizes[c.cluster] ?? 0,
        centroid: [...c.centroid_real],
        members: [p?.avg_recency_days ?? null, p?.avg_frequency ?? null, p?.avg_monetary ?? null],
      };
    });
    const spread = Object.fromEntries(
      FEATURES.map((f, j) => {
        const values = clusters.map((c) => c.centroid[j]!);
        const [min, max] = [Math.min(...values), Math.max(...values)];
        return [f, { min, max, ratio: max / min }];
      }),
    );
    return {
      raw,
      sample: {
        scaling,
        k: metrics.k,
        curve: (metrics.k_selection?.curve ?? []).map((p) => ({
          k: p.k,
          silhouette: p.silhouette,
        })),
        clusters,
        spread,
        segmentsCsvBytes: (await stat(result.files.segments)).size,
        scalingParameters: result.model.scaling,
      },
    };
  } finally {
    await rm(stateRoot, { recursive: true, force: true });
  }
}

/** Fisher's moment coefficient of skewness. */
function skewness(raw: FeatureMatrix, j: number): number {
  let mean = 0;
  for (let i = 0; i < raw.n; i++) mean += raw.points[i * raw.dim + j]!;
  mean /= raw.n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < raw.n; i++) {
    const d = raw.points[i * raw.dim + j]! - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  return m3 / raw.n / (m2 / raw.n) ** 1.5;
}

const runs: { sample: RunSample; raw: FeatureMatrix }[] = [];
for (const scaling of ['seed', 'log-standard'] as const) runs.push(await oneRun(scaling));
const raw = runs[0]!.raw;

// The three spaces, and the clustering k: auto picks in each (as the trainer does).
const spaces: { name: string; params: ScalingParameters }[] = [
  { name: 'seed', params: fitScaling(raw, FEATURES, 'seed') },
  { name: 'log-standard', params: fitScaling(raw, FEATURES, 'log-standard') },
  {
    name: 'log-standard, log1p recency',
    params: fitScaling(raw, FEATURES, 'log-standard', {
      ...LOG_STANDARD_TRANSFORMS,
      recency: 'log1p',
    }),
  },
];
const sample = drawSample(raw.n, 2000, 2026);
const partitions = spaces.map((s) => {
  const points = applyScaling(raw, s.params).points;
  const selection = chooseK(points, 3, { kRange: [3, 8], seed: 42, restarts: 8 });
  const centroids = Array.from({ length: selection.k }, (_, c) =>
    Array.from(selection.model.centroids.subarray(c * 3, c * 3 + 3)),
  );
  return {
    name: s.name,
    k: selection.k,
    labels: selection.model.assignments,
    clusters: describeClusters(centroids, s.params, raw).map((c, i) => ({
      name: c.name,
      customers: selection.model.sizes[i] ?? 0,
      centroid: c.centroid_real,
    })),
  };
});
const silhouettes = partitions.map((p) =>
  spaces.map((s) => meanSilhouette(applyScaling(raw, s.params).points, 3, p.labels, p.k, sample)),
);

const results = {
  machine: describeMachine(),
  orders,
  customers: raw.n,
  skewness: Object.fromEntries(FEATURES.map((f, j) => [f, skewness(raw, j)])),
  runs: runs.map((r) => r.sample),
  variants: partitions.map((p, i) => ({
    name: p.name,
    k: p.k,
    clusters: p.clusters,
    silhouetteIn: Object.fromEntries(spaces.map((s, j) => [s.name, silhouettes[i]![j]!])),
  })),
};
const file = join(REPO, 'bench', 'results', `scaling-${results.machine.date.slice(0, 10)}.json`);
const style = (await resolveConfig(file)) ?? {};
await writeFile(file, await format(JSON.stringify(results), { ...style, parser: 'json' }));

const f2 = (x: number | null): string => (x === null ? '–' : x.toFixed(2));
const f0 = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(0));
const lines: string[] = [
  `${orders.toLocaleString('en-US')} orders, ${raw.n.toLocaleString('en-US')} customers; skewness ${FEATURES.map((f) => `${f} ${results.skewness[f]!.toFixed(2)}`).join(', ')}.`,
  '',
];
for (const r of results.runs) {
  lines.push(
    `**scaling: ${r.scaling}**: k = ${r.k} (silhouette ${r.curve.map((p) => `k${p.k} ${p.silhouette.toFixed(3)}`).join(', ')}); segments.csv ${(r.segmentsCsvBytes / 2 ** 20).toFixed(1)} MiB`,
    '',
    '| cluster | name | customers | recency (d) | purchases | order value | members: recency (d) | purchases | order value |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.clusters.map(
      (c) =>
        `| ${c.cluster} | ${c.name} | ${c.customers.toLocaleString('en-US')} | ${c.centroid.map(f2).join(' | ')} | ${c.members.map(f2).join(' | ')} |`,
    ),
    '',
    `Centroid spread (largest / smallest): ${FEATURES.map((f) => `${f} ${f2(r.spread[f]!.min)}–${f2(r.spread[f]!.max)} (×${r.spread[f]!.ratio.toFixed(2)})`).join(', ')}.`,
    '',
  );
}
lines.push(
  'Mean silhouette of each clustering (rows, k chosen in its own space) in each space (columns), 2,000 customers:',
  '',
  `| clustering | k | ${spaces.map((s) => s.name).join(' | ')} |`,
  `| --- | ---: | ${spaces.map(() => '---:').join(' | ')} |`,
  ...partitions.map(
    (p, i) => `| ${p.name} | ${p.k} | ${silhouettes[i]!.map((x) => x.toFixed(3)).join(' | ')} |`,
  ),
  '',
  ...partitions.flatMap((p) => [
    `${p.name}: ${p.clusters.map((c) => `${c.name} (${c.customers.toLocaleString('en-US')}: ${f0(c.centroid[0])} d, ${f2(c.centroid[1] ?? null)} purchases, ${f2(c.centroid[2] ?? null)} per order)`).join('; ')}`,
    '',
  ]),
  `raw numbers: ${file}`,
);
process.stdout.write(`${lines.join('\n')}\n`);
