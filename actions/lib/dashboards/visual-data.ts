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
import type {
  BarVisual,
  DashboardSpec,
  HeatmapVisual,
  KpiVisual,
  ScatterVisual,
  TableVisual,
  VisualSpec,
} from './types.js';
import { allVisuals } from './types.js';

/** A KPI's one number (null when there is no row or no value). */
export interface KpiData {
  readonly kind: 'kpi';
  readonly value: number | null;
}
/** Bars in display order. */
export interface BarData {
  readonly kind: 'bar';
  readonly categories: readonly string[];
  readonly values: readonly (number | null)[];
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
}
/** Rows to embed, their filters and the counts behind them. */
export interface TableData {
  readonly kind: 'table';
  readonly columns: readonly string[];
  /** The embedded rows, in `sortBy` order: the first `maxRowsPerSelection` of every filter selection. */
  readonly rows: readonly (readonly Cell[])[];
  /** Index in `columns` of each filter column. */
  readonly filterColumns: readonly number[];
  /** Options of each filter, in display order. */
  readonly filterOptions: readonly (readonly string[])[];
  /** How many dataset rows each combination of filter labels has (embedded or not). */
  readonly groupCounts: readonly { labels: readonly string[]; count: number }[];
  readonly total: number;
}
/** What one visual shows, by kind. */
export type VisualData = KpiData | BarData | ScatterData | HeatmapData | TableData;

function kpiData(v: KpiVisual, data: DatasetRows): KpiData {
  const read = columnReader(data, v.value.column, v.dataset);
  return { kind: 'kpi', value: aggregate(data.rows.map(read), v.value.aggregation) };
}

function barData(v: BarVisual, data: DatasetRows): BarData {
  const values = groupAggregate(data, v.dataset, [v.category.column], v.value);
  let categories = orderedLabels(data, v.category, v.dataset);
  const value = (c: string) => values.get(groupKey(c)) ?? null;
  if (v.sort === 'value-desc')
    categories = [...categories].sort((a, b) => (value(b) ?? -Infinity) - (value(a) ?? -Infinity));
  return { kind: 'bar', categories, values: categories.map(value) };
}

function scatterData(v: ScatterVisual, data: DatasetRows): ScatterData {
  const [x, y, colour] = [v.x, v.y, v.colour].map((f) => columnReader(data, f.column, v.dataset));
  const step = Math.max(1, Math.ceil(data.rows.length / v.maxPoints));
  const sample = data.rows.filter((_, i) => i % step === 0);
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
    total: data.rows.length,
    step,
  };
}

function heatmapData(v: HeatmapVisual, data: DatasetRows): HeatmapData {
  const rows = orderedLabels(data, v.rows, v.dataset);
  const columns = orderedLabels(data, v.columns, v.dataset);
  const values = groupAggregate(data, v.dataset, [v.rows.column, v.columns.column], v.value);
  const cells: [number, number, number | null][] = [];
  rows.forEach((r, ri) =>
    columns.forEach((c, ci) => {
      const value = values.get(groupKey(r, c));
      if (value !== undefined) cells.push([ci, ri, value]);
    }),
  );
  return { kind: 'heatmap', rows, columns, cells };
}

/** Every on/off combination of `n` filters: 2^n selections. */
function filterSelections(n: number): boolean[][] {
  return Array.from({ length: 2 ** n }, (_, mask) =>
    Array.from({ length: n }, (_, i) => (mask & (1 << i)) !== 0),
  );
}

function tableData(v: TableVisual, data: DatasetRows): TableData {
  const filterNames = v.filters.map((f) => f.column);
  const columns = [...new Set([...v.columns.map((c) => c.column), ...filterNames])];
  const readers = columns.map((c) => columnReader(data, c, v.dataset));
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
  const rows: Cell[][] = [];
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
    if (embed) rows.push(readers.map((read) => read(row)));
  }
  return {
    kind: 'table',
    columns,
    rows,
    filterColumns: filterNames.map((c) => columns.indexOf(c)),
    filterOptions: v.filters.map((f) => orderedLabels(data, f, v.dataset)),
    groupCounts: [...groups.values()],
    total: data.rows.length,
  };
}

function dataFor(visual: VisualSpec, data: DatasetRows): VisualData {
  switch (visual.kind) {
    case 'kpi':
      return kpiData(visual, data);
    case 'bar':
      return barData(visual, data);
    case 'scatter':
      return scatterData(visual, data);
    case 'heatmap':
      return heatmapData(visual, data);
    case 'table':
      return tableData(visual, data);
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
    out[visual.id] = dataFor(visual, rows);
  }
  return out;
}
