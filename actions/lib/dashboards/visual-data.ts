import {
  aggregate,
  categoryLabel,
  columnReader,
  groupAggregate,
  groupKey,
  orderedLabels,
  type Cell,
  type DatasetRows,
} from './aggregate.js';
import { formatNumber } from './format.js';
import { filterSelections, rowIndexOf } from './page-rows.js';
import type {
  BarVisual,
  DashboardSpec,
  HeatmapVisual,
  KpiVisual,
  SankeyVisual,
  ScatterVisual,
  TableVisual,
  TreemapVisual,
  VisualSpec,
} from './types.js';
import { allVisuals, columnFormat, findColumn } from './types.js';

/** A KPI's one number (null when there is no row or no value). */
export interface KpiData {
  readonly kind: 'kpi';
  readonly value: number | null;
}
/** Category labels and the value of each, parallel: what bars and treemap rectangles show. */
export interface CategoryValues {
  readonly categories: readonly string[];
  readonly values: readonly (number | null)[];
}
/** Bars in display order. */
export interface BarData extends CategoryValues {
  readonly kind: 'bar';
}
/** Points per colour, possibly sampled. */
export interface ScatterData {
  readonly kind: 'scatter';
  readonly series: readonly { name: string; points: readonly [number, number][] }[];
  /** Points plotted and rows in the dataset: the page says when it shows a sample. */
  readonly shown: number;
  readonly total: number;
  /** Every `step`th row is plotted. */
  readonly step: number;
}
/** Row and column labels in display order, and the cells. */
export interface HeatmapData {
  readonly kind: 'heatmap';
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** `[column index, row index, value]`, as ECharts' heat map takes them. */
  readonly cells: readonly [number, number, number | null][];
  /** Each cell's label (the visual's `label` column), parallel to `cells`; empty without one. */
  readonly cellLabels: readonly string[];
}
/** Rectangles, biggest first. */
export interface TreemapData extends CategoryValues {
  readonly kind: 'treemap';
}
/** Nodes (sources, then targets, each in display order) and the flows between them. */
export interface SankeyData {
  readonly kind: 'sankey';
  readonly sources: readonly string[];
  readonly targets: readonly string[];
  readonly links: readonly { source: string; target: string; value: number }[];
  /** The dates the flow runs between, when the visual names them and there are rows. */
  readonly period: { readonly from: string; readonly to: string } | null;
}
/** Rows to embed, their filters and the counts behind them. */
export interface TableData {
  readonly kind: 'table';
  readonly columns: readonly string[];
  /** Whether each column holds numbers (right-aligned). */
  readonly numeric: readonly boolean[];
  /**
   * The embedded rows as shown (numbers formatted; money without its code, which the header
   * names), in `sortBy` order:
   * the first `maxRowsPerSelection` of every filter selection.
   */
  readonly rows: readonly (readonly string[])[];
  /** Index in `columns` of each filter column. */
  readonly filterColumns: readonly number[];
  /** Options of each filter, in display order. */
  readonly filterOptions: readonly (readonly string[])[];
  /** How many dataset rows each combination of filter labels has (embedded or not). */
  readonly groupCounts: readonly { labels: readonly string[]; count: number }[];
  readonly total: number;
}
/** What one visual shows, by kind. */
export type VisualData =
  KpiData | BarData | ScatterData | HeatmapData | TreemapData | SankeyData | TableData;

function kpiData(v: KpiVisual, data: DatasetRows): KpiData {
  const read = columnReader(data, v.value.column, v.dataset);
  return { kind: 'kpi', value: aggregate(data.rows.map(read), v.value.aggregation) };
}

/**
 * The visual's categories with each one's aggregated value (null for none), in the order `arrange`
 * gives the labels (it receives a fresh array in display order, which it may sort in place).
 */
function categoryValues(
  v: BarVisual | TreemapVisual,
  data: DatasetRows,
  arrange: (labels: string[], value: (label: string) => number | null) => readonly string[],
): CategoryValues {
  const values = groupAggregate(data, v.dataset, [v.category.column], v.value);
  const value = (c: string) => values.get(groupKey(c)) ?? null;
  const categories = arrange(orderedLabels(data, v.category, v.dataset), value);
  return { categories, values: categories.map(value) };
}

function barData(v: BarVisual, data: DatasetRows): BarData {
  const shown = categoryValues(v, data, (labels, value) =>
    v.sort === 'value-desc'
      ? labels.sort((a, b) => (value(b) ?? -Infinity) - (value(a) ?? -Infinity))
      : labels,
  );
  return { kind: 'bar', ...shown };
}

function scatterData(v: ScatterVisual, data: DatasetRows): ScatterData {
  const [x, y, colour] = [v.x, v.y, v.colour].map((f) => columnReader(data, f.column, v.dataset));
  const total = data.partial?.total ?? data.rows.length;
  const step = Math.max(1, Math.ceil(total / v.maxPoints));
  const indexOf = rowIndexOf(data);
  const sample = data.rows.filter((row, i) => indexOf(row, i) % step === 0);
  const series = orderedLabels(data, v.colour, v.dataset).map((name) => ({
    name,
    points: [] as [number, number][],
  }));
  const byName = new Map(series.map((s) => [s.name, s.points]));
  for (const row of sample) {
    const px = x!(row);
    const py = y!(row);
    if (typeof px !== 'number' || typeof py !== 'number') continue;
    byName.get(categoryLabel(colour!(row)))?.push([px, py]);
  }
  return {
    kind: 'scatter',
    series,
    shown: series.reduce((n, s) => n + s.points.length, 0),
    total,
    step,
  };
}

function heatmapData(v: HeatmapVisual, data: DatasetRows): HeatmapData {
  const rows = orderedLabels(data, v.rows, v.dataset);
  const columns = orderedLabels(data, v.columns, v.dataset);
  const keys = [v.rows.column, v.columns.column];
  const values = groupAggregate(data, v.dataset, keys, v.value);
  const labels = new Map<string, string>();
  if (v.label !== undefined) {
    const [readRow, readColumn, readLabel] = [...keys, v.label.column].map((c) =>
      columnReader(data, c, v.dataset),
    );
    for (const row of data.rows) {
      const key = groupKey(categoryLabel(readRow!(row)), categoryLabel(readColumn!(row)));
      if (!labels.has(key)) labels.set(key, categoryLabel(readLabel!(row)));
    }
  }
  const cells: [number, number, number | null][] = [];
  const cellLabels: string[] = [];
  rows.forEach((r, ri) =>
    columns.forEach((c, ci) => {
      const value = values.get(groupKey(r, c));
      if (value === undefined) return;
      cells.push([ci, ri, value]);
      if (v.label !== undefined) cellLabels.push(labels.get(groupKey(r, c)) ?? '');
    }),
  );
  return { kind: 'heatmap', rows, columns, cells, cellLabels };
}

function treemapData(v: TreemapVisual, data: DatasetRows): TreemapData {
  const shown = categoryValues(v, data, (labels, value) =>
    labels.filter((c) => (value(c) ?? 0) > 0).sort((a, b) => (value(b) ?? 0) - (value(a) ?? 0)),
  );
  return { kind: 'treemap', ...shown };
}

function sankeyData(v: SankeyVisual, data: DatasetRows): SankeyData {
  const keys = [v.source.column, v.target.column];
  const values = groupAggregate(data, v.dataset, keys, v.value);
  const links: { source: string; target: string; value: number }[] = [];
  for (const [key, value] of values) {
    const [source, target] = JSON.parse(key) as [string, string];
    if (value !== null && value > 0) links.push({ source, target, value });
  }
  const used = (side: 'source' | 'target') => new Set(links.map((l) => l[side]));
  const [sources, targets] = [v.source, v.target].map((field, i) => {
    const inUse = used(i === 0 ? 'source' : 'target');
    return orderedLabels(data, field, v.dataset).filter((label) => inUse.has(label));
  });
  let period: SankeyData['period'] = null;
  const first = data.rows[0];
  if (v.period !== undefined && first !== undefined) {
    const read = (c: string) => categoryLabel(columnReader(data, c, v.dataset)(first));
    period = { from: read(v.period.from), to: read(v.period.to) };
  }
  return { kind: 'sankey', sources: sources ?? [], targets: targets ?? [], links, period };
}

function tableData(spec: DashboardSpec, v: TableVisual, data: DatasetRows): TableData {
  const filterNames = v.filters.map((f) => f.column);
  const columns = [...new Set([...v.columns.map((c) => c.column), ...filterNames])];
  const specs = columns.map((c) => findColumn(spec, v.dataset, c));
  const numeric = specs.map((c) => c?.type === 'INTEGER' || c?.type === 'DECIMAL');
  const readers = columns.map((c) => columnReader(data, c, v.dataset));
  // Filter columns show what their drop-downs offer, `(none)` for a missing value.
  const show = (cell: Cell, i: number): string => {
    if (cell === null) return filterNames.includes(columns[i] ?? '') ? categoryLabel(cell) : '';
    if (typeof cell !== 'number' || !numeric[i]) return String(cell);
    // The header names the currency (columnLabel); the cells keep to the numbers.
    return formatNumber(cell, columnFormat(specs[i]));
  };
  const readSort = columnReader(data, v.sortBy.column, v.dataset);
  const readFilters = filterNames.map((c) => columnReader(data, c, v.dataset));
  const sign = v.sortBy.direction === 'asc' ? 1 : -1;
  const sorted = [...data.rows].sort((a, b) => {
    const [p, q] = [readSort(a), readSort(b)];
    if (p === q) return 0;
    if (p === null) return 1;
    if (q === null) return -1;
    return (p < q ? -1 : 1) * sign;
  });
  // A row is embedded when it is among the first `maxRowsPerSelection` of any selection the filters
  // can make (each filter either "all" or one value), so every selection shows its true top rows.
  const selections = filterSelections(filterNames.length);
  const seen = new Map<string, number>();
  const groups = new Map<string, { labels: string[]; count: number }>();
  const rows: string[][] = [];
  for (const row of sorted) {
    const labels = readFilters.map((read) => categoryLabel(read(row)));
    const full = groups.get(groupKey(...labels)) ?? { labels, count: 0 };
    full.count += 1;
    groups.set(groupKey(...labels), full);
    let embed = false;
    for (const chosen of selections) {
      const key = groupKey(...labels.map((l, i) => (chosen[i] ? l : '*')));
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      if (count <= v.maxRowsPerSelection) embed = true;
    }
    if (embed) rows.push(readers.map((read, i) => show(read(row), i)));
  }
  return {
    kind: 'table',
    columns,
    numeric,
    rows,
    filterColumns: filterNames.map((c) => columns.indexOf(c)),
    filterOptions: v.filters.map((f) => orderedLabels(data, f, v.dataset)),
    groupCounts: data.partial?.groupCounts[v.id] ?? [...groups.values()],
    total: data.partial?.total ?? data.rows.length,
  };
}

function dataFor(spec: DashboardSpec, visual: VisualSpec, data: DatasetRows): VisualData {
  switch (visual.kind) {
    case 'kpi':
      return kpiData(visual, data);
    case 'bar':
      return barData(visual, data);
    case 'scatter':
      return scatterData(visual, data);
    case 'heatmap':
      return heatmapData(visual, data);
    case 'treemap':
      return treemapData(visual, data);
    case 'sankey':
      return sankeyData(visual, data);
    case 'table':
      return tableData(spec, visual, data);
  }
}

/**
 * What each visual shows, computed from the datasets' rows the way QuickSight would: the same
 * groups and aggregations. Only the scatter (sampled) and the table (capped) embed less.
 */
export function visualData(
  spec: DashboardSpec,
  datasets: Readonly<Record<string, DatasetRows>>,
): Record<string, VisualData> {
  const out: Record<string, VisualData> = {};
  for (const visual of allVisuals(spec)) {
    const rows = datasets[visual.dataset];
    if (rows === undefined)
      throw new Error(`visual "${visual.id}": dataset "${visual.dataset}" was not read`);
    out[visual.id] = dataFor(spec, visual, rows);
  }
  return out;
}
