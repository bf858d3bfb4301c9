/**
 * The page's holdout check of the lifetime-value model (`workshop clv validate`): predicted and
 * actual repeat purchases after the as-of date by the customers' repeat purchases before it, as a
 * table and a chart, with the fit's warnings. Page only: QuickSight reads the warehouse, and the
 * validation is a file next to the page.
 */
import type { HoldoutCheck } from '../clv/model.js';
import { formatCount } from './format.js';

/** Element ids: the chart's is `<id>-chart`, as the page script draws it. */
export const CLV_HOLDOUT_CHART = 'clv-holdout';
export const CLV_HOLDOUT_TABLE = 'clv-holdout-table';

const oneDecimal = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** Predicted repeat purchases are expectations: one decimal, as `clv validate` prints them. */
export const formatPredicted = (x: number): string => oneDecimal.format(x);

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the check covers, in one sentence. */
export function holdoutPeriod(v: HoldoutCheck): string {
  const h = v.holdout;
  return (
    `Fitted on the purchases up to ${v.windowEnd}; repeat purchases from ${h.firstDay} to ` +
    `${h.lastDay} (${oneDecimal.format(h.holdoutWeeks)} weeks) by the ${formatCount(h.customers)} ` +
    'customers of the fit, predicted and actual, by their repeat purchases up to the as-of date.'
  );
}

function tableCard(v: HoldoutCheck): string {
  const row = (
    label: string,
    customers: number,
    actual: number,
    predicted: number,
    total = false,
  ) =>
    `<tr${total ? ' class="total"' : ''} data-frequency="${escapeHtml(label)}"><td>${escapeHtml(label)}</td>` +
    `<td class="num">${formatCount(customers)}</td><td class="num">${formatCount(actual)}</td>` +
    `<td class="num">${formatPredicted(predicted)}</td></tr>`;
  const h = v.holdout;
  const rows = h.byFrequency.map((r) => row(r.frequency, r.customers, r.actual, r.predicted));
  return `<div class="card span-5" data-clv-validation="table">
  <h3>Predicted and actual repeat purchases</h3>
  <p class="subtitle">from ${escapeHtml(h.firstDay)} to ${escapeHtml(h.lastDay)}</p>
  <div class="table-wrap"><table id="${CLV_HOLDOUT_TABLE}"><thead><tr><th>repeat purchases up to ${escapeHtml(v.windowEnd)}</th><th class="num">customers</th><th class="num">actual</th><th class="num">predicted</th></tr></thead>
  <tbody>${rows.join('')}</tbody>
  <tfoot>${row('total', h.customers, h.actual, h.predicted, true)}</tfoot></table></div>
</div>`;
}

const chartCard =
  (): string => `<div class="card span-7" data-clv-validation="chart" style="height:380px">
  <h3>Repeat purchases per customer group</h3>
  <p class="subtitle">actual against predicted, by repeat purchases up to the as-of date</p>
  <div id="${CLV_HOLDOUT_CHART}-chart" class="chart"></div>
</div>`;

/** The section, placed after the lifetime-value sheet. */
export function clvValidationSection(v: HoldoutCheck): string {
  const warnings = v.warnings
    .map((w) => `<p class="warning" data-clv-warning>${escapeHtml(w)}</p>`)
    .join('\n');
  return `<section class="sheet" id="sheet-clv-validation">
<h2>Lifetime value: holdout check</h2>
<p class="description">${escapeHtml(holdoutPeriod(v))}</p>
${warnings}
<div class="grid">
${tableCard(v)}
${chartCard()}
</div>
</section>`;
}

/** ECharts options of the chart: actual and predicted bars side by side for each group. */
export function clvValidationChart(v: HoldoutCheck): Record<string, unknown> {
  const rows = v.holdout.byFrequency;
  const series = (
    name: string,
    value: (r: (typeof rows)[number]) => number,
    text: typeof formatPredicted,
  ) => ({
    type: 'bar',
    name,
    data: rows.map((r) => ({
      value: Math.round(value(r) * 10) / 10,
      tip: `${r.frequency} repeat purchases (${formatCount(r.customers)} customers), ${name}: ${text(value(r))}`,
    })),
  });
  return {
    tooltip: { trigger: 'item', formatter: { fromData: 'tip' } },
    legend: { top: 0 },
    grid: { left: 32, right: 24, top: 36, bottom: 40, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.frequency),
      name: `repeat purchases up to ${v.windowEnd}`,
      nameLocation: 'middle',
      nameGap: 28,
    },
    // Along the axis, where it is never clipped; the grid leaves it room (containLabel does not).
    yAxis: {
      type: 'value',
      name: 'repeat purchases in the holdout',
      nameLocation: 'middle',
      nameGap: 40,
    },
    series: [
      series('actual', (r) => r.actual, formatCount),
      series('predicted', (r) => r.predicted, formatPredicted),
    ],
  };
}
