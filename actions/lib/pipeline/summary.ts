import Table from 'cli-table3';
import { formatNumber } from '../dashboards/format.js';
import { RFM_SEGMENTS } from '../dashboards/rfm-segments.js';
import type { RunResult } from './run.js';

/** No colours: the summary is often piped into a file or a CI log. */
const PLAIN = { head: [], border: [] };
const int = new Intl.NumberFormat('en-US');
const fixed = (x: number | null, digits = 2): string =>
  x === null ? '-' : Number(x).toFixed(digits);

const whole = (x: number | null): string => (x === null ? '-' : int.format(Math.round(x)));

/**
 * The end-of-run summary: totals, all ten segments (named as on the dashboard, with the suggested
 * action), and the clusters with their profiles. Money is in the team's currency.
 */
export function formatSummary(result: RunResult): string {
  const { dashboard: d, model } = result;
  const money = `(${d.currency})`;
  const totals = new Table({
    style: PLAIN,
    head: [
      'customers',
      'purchases',
      `revenue ${money}`,
      'avg order value',
      'lifetime value, total',
      'model',
    ],
  });
  totals.push([
    int.format(d.kpis.customers),
    int.format(d.kpis.orders),
    whole(d.kpis.revenue),
    fixed(d.kpis.averageOrderValue),
    whole(d.kpis.totalClv),
    `v${model.version}${model.reused ? ' (reused)' : ''}, k = ${model.metrics.k}${model.activated ? '' : ` (${model.status}; not active)`}`,
  ]);

  const segments = new Table({
    style: PLAIN,
    head: [
      'segment',
      'customers',
      'share',
      `revenue ${money}`,
      'avg lifetime value',
      'suggested action',
    ],
    // The action wraps; the other columns take their own width.
    colWidths: [null, null, null, null, null, 42],
    wordWrap: true,
  });
  for (const s of d.segments) {
    segments.push([
      s.name,
      int.format(s.customers),
      formatNumber(s.share, 'percent'),
      whole(s.revenue),
      fixed(s.averageClv),
      RFM_SEGMENTS.find((r) => r.id === s.segment)?.action ?? '',
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
      `order value ${money}`,
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
