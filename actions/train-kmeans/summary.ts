/** The job summary of a training run: metrics, approval, and one row per cluster. */
import type { TrainModelResult } from '../lib/segmentation/train-model.js';
import type { Warehouse } from '../lib/warehouse/warehouse.js';

/**
 * One cluster: its name, centroid (clustered space and real units) and size, plus its customers'
 * raw RFM averages once it is active.
 */
export interface ClusterProfile {
  readonly cluster: number;
  readonly name: string;
  readonly customers: number;
  /** In the clustered space, one value per clustered feature. */
  readonly centroid: readonly number[];
  /** The same centroid in real units (days, purchases, money). */
  readonly centroidReal: readonly number[];
  readonly avgRecencyDays?: number;
  readonly avgFrequency?: number;
  readonly avgMonetary?: number;
}

/**
 * Profiles from the centroids and the sizes in the metrics; for an activated model, the raw
 * averages come from the `cluster_profiles` view, which scores the active version.
 */
export async function readClusterProfiles(
  wh: Warehouse,
  training: TrainModelResult,
): Promise<ClusterProfile[]> {
  const base = training.centroids.map((centroid, cluster) => ({
    cluster,
    name: training.clusters[cluster]?.name ?? `cluster ${cluster}`,
    customers: training.metrics.sizes[cluster] ?? 0,
    centroid,
    centroidReal: training.clusters[cluster]?.centroid_real ?? [],
  }));
  if (!training.activated) return base;
  const rows = await wh.query<Record<string, unknown>>({
    sql: `select cluster, avg_recency_days, avg_frequency, avg_monetary
from public.cluster_profiles
where model_version = ${training.version}
order by cluster`,
    file: 'train-kmeans/summary.ts',
    line: 1,
  });
  const byCluster = new Map(rows.map((r) => [Number(r.cluster), r]));
  return base.map((p) => {
    const r = byCluster.get(p.cluster);
    if (r === undefined) return p;
    return {
      ...p,
      ...optionalNumber('avgRecencyDays', r.avg_recency_days),
      ...optionalNumber('avgFrequency', r.avg_frequency),
      ...optionalNumber('avgMonetary', r.avg_monetary),
    };
  });
}

function optionalNumber(key: string, value: unknown): Record<string, number> {
  return value === null || value === undefined ? {} : { [key]: Number(value) };
}

const fixed = (x: number | undefined, digits: number): string =>
  x === undefined ? '–' : x.toFixed(digits);
const int = new Intl.NumberFormat('en-US');

/** Markdown for `core.summary`: what was trained, whether it is live, and the clusters. */
export function renderSummary(input: {
  team: string;
  backend: 'local' | 'aws';
  training: TrainModelResult;
  profiles: readonly ClusterProfile[];
}): string {
  const { training: t, profiles } = input;
  const m = t.metrics;
  const state = t.activated
    ? '**Approved** and now the active version: the scoring view uses its centroids.'
    : `**${t.status}**: recorded, not activated; the previous active version keeps scoring.`;
  const features = t.scaling.features.map((f) => f.feature);
  const lines = [
    `## KMeans v${t.version} for ${input.team} (${input.backend})`,
    '',
    ...(t.reused
      ? [
          `Reused: the data fingerprint and training parameters are those of v${t.version}, so no new version was registered.`,
        ]
      : []),
    state,
    `Approval: ${t.approvalReason}.`,
    `Clustered: ${features.join(', ')}, ${t.scaling.scaling} scaling.`,
    '',
    '| metric | value |',
    '| --- | --- |',
    `| k | ${m.k}${m.k_selection === undefined ? '' : ' (chosen by silhouette)'} |`,
    `| customers | ${int.format(m.n)} |`,
    `| msd | ${m.msd.toPrecision(6)} |`,
    `| ssd (inertia) | ${m.ssd.toPrecision(6)} |`,
    ...(t.baseline === undefined
      ? []
      : [
          `| msd of approved v${t.baseline.version} on this data | ${t.baseline.msd.toPrecision(6)} |`,
        ]),
    ...Object.entries(m.reported).map(([name, value]) => `| reported ${name} | ${value} |`),
    `| data fingerprint | \`${m.data_fingerprint}\` |`,
    `| model | \`${t.ref}\` |`,
    `| metrics JSON | \`${t.metricsUri}\` |`,
    ...(t.model.job === undefined ? [] : [`| training job | \`${t.model.job.name}\` |`]),
    '',
  ];
  if (m.k_selection !== undefined) {
    lines.push('| k | silhouette | msd |', '| --- | --- | --- |');
    for (const p of m.k_selection.curve) {
      lines.push(
        `| ${p.k}${p.k === m.k ? ' ✓' : ''} | ${p.silhouette.toFixed(4)} | ${p.msd.toPrecision(6)} |`,
      );
    }
    lines.push('');
  }
  const unit: Record<string, string> = {
    recency: 'recency (days)',
    frequency: 'purchases',
    monetary: 'order value',
  };
  lines.push(
    '### Clusters',
    '',
    `Centroids in real units (${features.map((f) => unit[f] ?? f).join(', ')}) and in the clustered space (${t.scaling.scaling}).`,
    '',
    `| cluster | name | customers | share | ${features.map((f) => unit[f] ?? f).join(' | ')} | ${features.map((f) => `${f} (scaled)`).join(' | ')} | avg recency (days) | avg orders | avg order value |`,
    `| ${Array.from({ length: 7 + 2 * features.length }, () => '---').join(' | ')} |`,
  );
  for (const p of profiles) {
    const share = m.n === 0 ? 0 : (100 * p.customers) / m.n;
    lines.push(
      `| ${p.cluster} | ${p.name} | ${int.format(p.customers)} | ${share.toFixed(1)}% | ${p.centroidReal.map((x) => x.toFixed(2)).join(' | ')} | ${p.centroid.map((x) => x.toFixed(3)).join(' | ')} | ${fixed(p.avgRecencyDays, 0)} | ${fixed(p.avgFrequency, 2)} | ${fixed(p.avgMonetary, 2)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
