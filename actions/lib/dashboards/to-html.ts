import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { DashboardData } from './data.js';
import { RFM_DASHBOARD } from './definition.js';
import { chartOptions } from './echarts-options.js';
import { formatCount, formatNumber } from './format.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './page-assets.js';
import {
  allVisuals,
  columnLabel,
  findColumn,
  type DashboardSpec,
  type SheetSpec,
  type TableVisual,
  type VisualSpec,
} from './types.js';
import { assertValidSpec } from './validate.js';
import { visualData, type ScatterData, type TableData, type VisualData } from './visual-data.js';

const require = createRequire(import.meta.url);

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, ' ');

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Grid row heights in pixels, per visual height. */
const HEIGHT_PX = { kpi: 104, chart: 380, tall: 640 } as const;

function scatterNote(d: ScatterData): string {
  if (d.step === 1) return `all ${formatCount(d.shown)} points`;
  return `a sample: ${formatCount(d.shown)} of ${formatCount(d.total)} rows, one in ${d.step}`;
}

function kpiCard(v: VisualSpec & { kind: 'kpi' }, d: VisualData | undefined): string {
  const value = d?.kind === 'kpi' ? d.value : null;
  return `<div class="card kpi span-${v.span}" data-visual="${v.id}" data-kind="kpi">
  <div class="label">${escapeHtml(v.title)}</div>
  <div class="value" data-kpi="${v.id}" data-value="${value ?? ''}">${escapeHtml(formatNumber(value, v.format))}</div>
</div>`;
}

function tableCard(spec: DashboardSpec, v: TableVisual, d: TableData): string {
  const filters = v.filters
    .map((f, i) => {
      const options = (d.filterOptions[i] ?? [])
        .map((o) => `<option value="${escapeHtml(o)}">${escapeHtml(o)}</option>`)
        .join('');
      return `<label>${escapeHtml(columnLabel(spec, v.dataset, f.column))}
    <select id="${v.id}-filter-${f.column}" data-filter="${i}"><option value="">all</option>${options}</select></label>`;
    })
    .join('\n  ');
  const headers = d.columns
    .map((c) => `<th>${escapeHtml(columnLabel(spec, v.dataset, c))}</th>`)
    .join('');
  return `<div class="card span-${v.span}" data-visual="${v.id}" data-kind="table" style="height:${HEIGHT_PX[v.height]}px">
  <h3>${escapeHtml(v.title)}</h3>
  <div class="filters">${filters}</div>
  <p class="note" id="${v.id}-note"></p>
  <p class="note">The page shows at most ${formatCount(v.maxRowsPerSelection)} ${escapeHtml(v.rowNoun)} for any choice of filters, highest ${escapeHtml(columnLabel(spec, v.dataset, v.sortBy.column))} first; segments.csv and the QuickSight dashboard have all ${formatCount(d.total)}.</p>
  <div class="table-wrap"><table id="${v.id}"><thead><tr>${headers}</tr></thead><tbody></tbody></table></div>
</div>`;
}

function chartCard(v: VisualSpec, d: VisualData | undefined): string {
  const note = d?.kind === 'scatter' ? ` (${scatterNote(d)})` : '';
  const subtitle = v.subtitle === undefined && note === '' ? '' : (v.subtitle ?? '') + note;
  return `<div class="card span-${v.span}" data-visual="${v.id}" data-kind="${v.kind}" style="height:${HEIGHT_PX[v.height]}px">
  <h3>${escapeHtml(v.title)}</h3>${subtitle === '' ? '' : `<p class="subtitle">${escapeHtml(subtitle.trim())}</p>`}
  <div id="${v.id}-chart" class="chart"></div>
</div>`;
}

function sheetSection(spec: DashboardSpec, sheet: SheetSpec, data: Record<string, VisualData>) {
  const cards = sheet.visuals.map((v) => {
    const d = data[v.id];
    if (v.kind === 'kpi') return kpiCard(v, d);
    if (v.kind === 'table' && d?.kind === 'table') return tableCard(spec, v, d);
    return chartCard(v, d);
  });
  return `<section class="sheet" id="sheet-${sheet.id}">
<h2>${escapeHtml(sheet.title)}</h2>${sheet.description === undefined ? '' : `<p class="description">${escapeHtml(sheet.description)}</p>`}
<div class="grid">
${cards.join('\n')}
</div>
</section>`;
}

/** What the page's script needs for each table: rows, filters, and how to format each column. */
function tablePayload(
  spec: DashboardSpec,
  visuals: readonly VisualSpec[],
  data: Record<string, VisualData>,
) {
  const out: Record<string, unknown> = {};
  for (const v of visuals) {
    const d = data[v.id];
    if (v.kind !== 'table' || d?.kind !== 'table') continue;
    out[v.id] = {
      ...d,
      limit: v.maxRowsPerSelection,
      noun: v.rowNoun,
      types: d.columns.map((c) => findColumn(spec, v.dataset, c)?.type ?? 'STRING'),
    };
  }
  return out;
}

/**
 * One self-contained page from the dashboard definition and the warehouse's data: every sheet
 * as a section, ECharts inlined, nothing fetched when it is opened.
 */
export async function renderDashboardHtml(
  data: DashboardData,
  spec: DashboardSpec = RFM_DASHBOARD,
): Promise<string> {
  assertValidSpec(spec);
  const echarts = await readFile(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  const visuals = allVisuals(spec);
  const perVisual = visualData(spec, data.datasets);
  const title = `${spec.title}: ${data.team}`;
  const model =
    data.kpis.modelVersion === null
      ? 'no active model'
      : `model v${data.kpis.modelVersion}, k = ${data.kpis.k}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<div class="sub">as of ${escapeHtml(data.asOfDate)} · ${escapeHtml(model)}</div>
</header>
${spec.sheets.map((sheet) => sheetSection(spec, sheet, perVisual)).join('\n')}
<script>${echarts}</script>
<script>
const CHARTS = ${scriptJson(chartOptions(spec, visuals, perVisual))};
const TABLES = ${scriptJson(tablePayload(spec, visuals, perVisual))};
${PAGE_SCRIPT}
</script>
</body>
</html>
`;
}
