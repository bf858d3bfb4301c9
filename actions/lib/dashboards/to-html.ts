import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { HoldoutCheck } from '../clv/model.js';
import {
  CLV_HOLDOUT_CHART,
  clvValidationChart,
  clvValidationSection,
} from './clv-validation-section.js';
import type { DashboardData } from './data.js';
import { chartOptions } from './echarts-options.js';
import { formatCount, formatNumber } from './format.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './page-assets.js';
import {
  allVisuals,
  columnLabel,
  type DashboardSpec,
  type SheetSpec,
  type TableVisual,
  type VisualSpec,
} from './types.js';
import { assertValidSpec } from './validate.js';
import {
  visualData,
  type SankeyData,
  type ScatterData,
  type TableData,
  type VisualData,
} from './visual-data.js';

const require = createRequire(import.meta.url);

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, ' ');

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Grid row heights in pixels, per visual height. */
const HEIGHT_PX = { kpi: 104, short: 330, chart: 380, tall: 640 } as const;

function scatterNote(d: ScatterData): string {
  if (d.step === 1) return `all ${formatCount(d.shown)} points`;
  return `a sample: ${formatCount(d.shown)} of ${formatCount(d.total)} rows, one in ${d.step}`;
}

function sankeyNote(d: SankeyData): string {
  return d.period === null ? '' : `as of ${d.period.from} on the left, ${d.period.to} on the right`;
}

/** Whether a visual has nothing to draw: the page then says why instead. */
function isEmpty(d: VisualData | undefined): boolean {
  switch (d?.kind) {
    case undefined:
      return true;
    case 'kpi':
      return false;
    case 'bar':
      return d.values.every((x) => x === null);
    case 'scatter':
      return d.shown === 0;
    case 'heatmap':
      return d.cells.length === 0;
    case 'treemap':
      return d.categories.length === 0;
    case 'sankey':
      return d.links.length === 0;
    case 'table':
      return d.rows.length === 0;
  }
}

const emptyBlock = (v: VisualSpec): string =>
  `<div class="empty" data-empty="${v.id}">${escapeHtml(v.emptyText ?? 'Nothing to show yet.')}</div>`;

function kpiCard(
  spec: DashboardSpec,
  v: VisualSpec & { kind: 'kpi' },
  d: VisualData | undefined,
): string {
  const value = d?.kind === 'kpi' ? d.value : null;
  // To cents: a sum of doubles differs in its last bits with the order the engine adds them in.
  const exact = value === null ? '' : String(Math.round(value * 100) / 100);
  return `<div class="card kpi span-${v.span}" data-visual="${v.id}" data-kind="kpi">
  <div class="label">${escapeHtml(v.title)}</div>
  <div class="value" data-kpi="${v.id}" data-value="${exact}">${escapeHtml(formatNumber(value, v.format, spec.currency))}</div>
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
    .map(
      (c, i) =>
        `<th${d.numeric[i] === true ? ' class="num"' : ''}>${escapeHtml(columnLabel(spec, v.dataset, c))}</th>`,
    )
    .join('');
  // A table whose rows all fit needs no word on what the page leaves out.
  const capped = v.filters.length > 0 || d.total > v.maxRowsPerSelection;
  const notes = capped
    ? `
  <p class="note" id="${v.id}-note"></p>
  <p class="note">The page shows at most ${formatCount(v.maxRowsPerSelection)} ${escapeHtml(v.rowNoun)} for any choice of filters, highest ${escapeHtml(columnLabel(spec, v.dataset, v.sortBy.column))} first; segments.csv and the QuickSight dashboard have all ${formatCount(d.total)}.</p>`
    : '';
  const body = isEmpty(d)
    ? emptyBlock(v)
    : `<div class="table-wrap"><table id="${v.id}"><thead><tr>${headers}</tr></thead><tbody></tbody></table></div>`;
  return `<div class="card span-${v.span}" data-visual="${v.id}" data-kind="table" style="height:${HEIGHT_PX[v.height]}px">
  <h3>${escapeHtml(v.title)}</h3>${v.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(v.subtitle)}</p>`}
  ${v.filters.length === 0 ? '' : `<div class="filters">${filters}</div>`}${notes}
  ${body}
</div>`;
}

function chartCard(v: VisualSpec, d: VisualData | undefined): string {
  const noteText =
    d?.kind === 'scatter' ? scatterNote(d) : d?.kind === 'sankey' ? sankeyNote(d) : '';
  const note = noteText === '' || isEmpty(d) ? '' : ` (${noteText})`;
  const subtitle = v.subtitle === undefined && note === '' ? '' : (v.subtitle ?? '') + note;
  return `<div class="card span-${v.span}" data-visual="${v.id}" data-kind="${v.kind}" style="height:${HEIGHT_PX[v.height]}px">
  <h3>${escapeHtml(v.title)}</h3>${subtitle === '' ? '' : `<p class="subtitle">${escapeHtml(subtitle.trim())}</p>`}
  ${isEmpty(d) ? emptyBlock(v) : `<div id="${v.id}-chart" class="chart"></div>`}
</div>`;
}

function sheetSection(spec: DashboardSpec, sheet: SheetSpec, data: Record<string, VisualData>) {
  const cards = sheet.visuals.map((v) => {
    const d = data[v.id];
    if (v.kind === 'kpi') return kpiCard(spec, v, d);
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

/** What the page's script needs for each table: rows as shown, filters, alignment and wrapping. */
function tablePayload(visuals: readonly VisualSpec[], data: Record<string, VisualData>) {
  const out: Record<string, unknown> = {};
  for (const v of visuals) {
    const d = data[v.id];
    if (v.kind !== 'table' || d?.kind !== 'table' || isEmpty(d)) continue;
    out[v.id] = {
      ...d,
      limit: v.maxRowsPerSelection,
      noun: v.rowNoun,
      // Sentences (a segment's definition) wrap; ids and names stay on one line.
      wrap: d.columns.map((_, i) => d.rows.some((r) => (r[i]?.length ?? 0) > 40)),
    };
  }
  return out;
}

/** Chart options of the visuals that have something to draw. */
function drawnCharts(
  spec: DashboardSpec,
  visuals: readonly VisualSpec[],
  data: Record<string, VisualData>,
) {
  return chartOptions(
    spec,
    visuals.filter((v) => !isEmpty(data[v.id])),
    data,
  );
}

/** What the page shows beside the definition's sheets. */
export interface PageExtras {
  /** A holdout check of the same fit, shown after the lifetime-value sheet. */
  readonly clvValidation?: HoldoutCheck;
}

/** The lifetime-value sheet, which the holdout check follows; else the last one. */
const VALUE_SHEET = 'value';

/**
 * One self-contained page from the dashboard definition (in the team's currency, see
 * `rfmDashboard`) and the warehouse's data: every sheet as a section, ECharts inlined, nothing
 * fetched when it is opened.
 */
export async function renderDashboardHtml(
  data: DashboardData,
  spec: DashboardSpec,
  extras: PageExtras = {},
): Promise<string> {
  assertValidSpec(spec);
  const echarts = await readFile(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  const visuals = allVisuals(spec);
  const perVisual = visualData(spec, data.datasets);
  const title = `${spec.title}: ${data.team}`;
  const validation = extras.clvValidation;
  const after = spec.sheets.some((s) => s.id === VALUE_SHEET)
    ? VALUE_SHEET
    : spec.sheets[spec.sheets.length - 1]?.id;
  const sections = spec.sheets.map((sheet) => {
    const html = sheetSection(spec, sheet, perVisual);
    return validation !== undefined && sheet.id === after
      ? `${html}\n${clvValidationSection(validation)}`
      : html;
  });
  const charts = {
    ...drawnCharts(spec, visuals, perVisual),
    ...(validation === undefined ? {} : { [CLV_HOLDOUT_CHART]: clvValidationChart(validation) }),
  };
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
<div class="sub">as of ${escapeHtml(data.asOfDate)} · ${escapeHtml(model)} · amounts in ${escapeHtml(spec.currency)}</div>
</header>
${sections.join('\n')}
<script>${echarts}</script>
<script>
const CHARTS = ${scriptJson(charts)};
const TABLES = ${scriptJson(tablePayload(visuals, perVisual))};
${PAGE_SCRIPT}
</script>
</body>
</html>
`;
}
