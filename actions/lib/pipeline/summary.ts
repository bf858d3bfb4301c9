import Table from 'cli-table3';
import type { RunResult } from './run.js';

/** No colours: the summary is often piped into a file or a CI log. */
const PLAIN = { head: [], border: [] };
const int = new Intl.NumberFormat('en-US');
const fixed = (x: number | null, digits = 2): string =>
  x === null ? '-' : Number(x).toFixed(digits);

/** The end-of-run summary: totals, customers per segment, and the clusters with their profiles. */
export function formatSummary(result: RunResult): string {
  const { dashboard: d, model } = result;
  const totals = new Table({
    style: PLAIN,
    head: ['customers', 'orders', 'revenue', 'avg order value', 'model'],
  });
  totals.push([
    int.format(d.kpis.customers),
    int.format(d.kpis.orders),
    int.format(Math.round(d.kpis.revenue)),
    fixed(d.kpis.averageOrderValue),
    `v${model.version}${model.reused ? ' (reused)' : ''}, k = ${model.metrics.k}${model.activated ? '' : ` (${model.status}; not active)`}`,
  ]);

  const segments = new Table({ style: PLAIN, head: ['segment', 'customers', 'share', 'revenue'] });
  for (const s of d.segments) {
    segments.push([
      s.segment,
      int.format(s.customers),
      `${((100 * s.customers) / d.kpis.customers).toFixed(1)}%`,
      int.format(Math.round(s.revenue)),
    ]);
  }

  const scaling = model.scaling.scaling;
  const clusters = new Table({
    style: PLAIN,
    head: [
      'cluster',
      'name',
      'customers',
      'recency (d)',
      'purchases',
      'order value',
      `centroid, ${scaling}`,
      'avg order value',
    ],
  });
  for (const c of d.clusters) {
    const scaled = [c.recency_scaled, c.frequency_scaled, c.monetary_scaled]
      .filter((x): x is number => x !== null)
      .map((x) => x.toFixed(2));
    clusters.push([
      c.cluster,
      c.cluster_name,
      int.format(c.customers),
      fixed(c.centroid_recency_days, 0),
      fixed(c.centroid_frequency),
      fixed(c.centroid_monetary),
      scaled.join(', '),
      fixed(c.avg_monetary),
    ]);
  }
  const note =
    'recency, purchases and order value: each centroid in real units' +
    (scaling === 'log-standard'
      ? ' (log-standard: a typical member, below the average where spend is skewed)'
      : '');

  const files = Object.values(result.files).map((f) => `  ${f}`);
  return [
    totals.toString(),
    segments.toString(),
    clusters.toString(),
    note,
    'wrote:',
    ...files,
  ].join('\n');
}
