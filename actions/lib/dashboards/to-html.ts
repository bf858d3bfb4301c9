import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { DashboardData } from './data.js';

const require = createRequire(import.meta.url);

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, ' ');

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal2 = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** ECharts options per visual, keyed by the element id that holds it. */
export function chartOptions(data: DashboardData): Record<string, unknown> {
  const clusterIds = data.clusters.map((c) => c.cluster);
  return {
    'segments-chart': {
      tooltip: {},
      grid: { left: 140, right: 24, top: 16, bottom: 32 },
      xAxis: { type: 'value', name: 'customers' },
      yAxis: { type: 'category', data: data.segments.map((s) => s.segment).reverse() },
      series: [{ type: 'bar', data: data.segments.map((s) => s.customers).reverse() }],
    },
    'clusters-chart': {
      tooltip: {},
      grid: { left: 64, right: 24, top: 16, bottom: 40 },
      xAxis: { type: 'category', name: 'cluster', data: clusterIds.map(String) },
      yAxis: { type: 'value', name: 'customers' },
      series: [{ type: 'bar', data: data.clusters.map((c) => c.customers) }],
    },
    'scatter-chart': {
      tooltip: {},
      legend: { top: 0 },
      grid: { left: 64, right: 24, top: 32, bottom: 40 },
      xAxis: { type: 'value', name: 'recency (days)' },
      yAxis: { type: 'log', name: 'monetary (avg order value)' },
      series: clusterIds.map((id) => ({
        name: `cluster ${id}`,
        type: 'scatter',
        symbolSize: 4,
        data: data.scatter
          .filter((p) => p.cluster === id)
          .map((p) => [p.recency_days, Math.max(p.monetary, 0.01)]),
      })),
    },
    'centroids-chart': {
      tooltip: {},
      grid: { left: 96, right: 24, top: 16, bottom: 64 },
      xAxis: { type: 'category', data: clusterIds.map((id) => `cluster ${id}`) },
      yAxis: { type: 'category', data: ['recency_n', 'frequency_n', 'monetary_n'] },
      visualMap: {
        min: 0,
        max: 5,
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
      },
      series: [
        {
          type: 'heatmap',
          label: { show: true, formatter: '{@[2]}' },
          data: data.clusters.flatMap((c, x) =>
            [c.recency_n, c.frequency_n, c.monetary_n].map((v, y) => [x, y, Number(v.toFixed(2))]),
          ),
        },
      ],
    },
  };
}

function kpiTiles(data: DashboardData): string {
  const k = data.kpis;
  const tiles: [string, string][] = [
    ['customers', money.format(k.customers)],
    ['orders', money.format(k.orders)],
    ['revenue', money.format(k.revenue)],
    ['average order value', decimal2.format(k.averageOrderValue)],
    ['model version', k.modelVersion === null ? 'none' : `v${k.modelVersion} (k = ${k.k})`],
  ];
  return tiles
    .map(
      ([label, value]) =>
        `<div class="kpi" data-kpi="${escapeHtml(label)}"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`,
    )
    .join('\n');
}

/** One self-contained page: the chart library is inlined, nothing is fetched when it is opened. */
export async function renderDashboardHtml(data: DashboardData): Promise<string> {
  const echarts = await readFile(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  const title = `RFM segments: ${data.team}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 24px; color: #1f2933; background: #f7f9fb; }
  h1 { font-size: 22px; margin: 0 0 4px; } .sub { color: #616e7c; margin-bottom: 16px; }
  .kpis { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 16px; }
  .kpi { background: #fff; border-radius: 8px; padding: 12px 16px; min-width: 150px; box-shadow: 0 1px 2px #0002; }
  .kpi .value { font-size: 24px; font-weight: 600; } .kpi .label { color: #616e7c; font-size: 13px; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
  .card { background: #fff; border-radius: 8px; padding: 12px; box-shadow: 0 1px 2px #0002; }
  .card h2 { font-size: 15px; margin: 0 0 8px; } .chart { height: 340px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="sub">as of ${escapeHtml(data.asOfDate)} · scatter shows ${money.format(data.scatter.length)} of ${money.format(data.scatterOf)} customers (every ${Math.max(1, Math.ceil(data.scatterOf / Math.max(1, data.scatter.length)))}th)</div>
<div class="kpis">
${kpiTiles(data)}
</div>
<div class="grid">
  <div class="card"><h2>Customers per RFM segment</h2><div id="segments-chart" class="chart"></div></div>
  <div class="card"><h2>Cluster sizes</h2><div id="clusters-chart" class="chart"></div></div>
  <div class="card"><h2>Recency vs monetary, by cluster</h2><div id="scatter-chart" class="chart"></div></div>
  <div class="card"><h2>Centroid profile (normalised 0-5)</h2><div id="centroids-chart" class="chart"></div></div>
</div>
<script>${echarts}</script>
<script>
const options = ${scriptJson(chartOptions(data))};
for (const [id, option] of Object.entries(options)) {
  const chart = echarts.init(document.getElementById(id), null, { renderer: 'svg' });
  chart.setOption(Object.assign({ animation: false }, option));
}
</script>
</body>
</html>
`;
}
