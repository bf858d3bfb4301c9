import { formatNumber } from './format.js';
import {
  columnFormat,
  columnLabel,
  findColumn,
  type DashboardSpec,
  type VisualSpec,
} from './types.js';
import type {
  BarData,
  HeatmapData,
  SankeyData,
  ScatterData,
  TreemapData,
  VisualData,
} from './visual-data.js';

/** ECharts' log axis cannot show zero: an order value of 0 is drawn at this floor. */
const LOG_FLOOR = 0.01;

/** Light to dark blue: low to high values. */
const HEAT_COLOURS = ['#f0f5fb', '#9ec5e8', '#3b82c4', '#1d4f86'];

/** ECharts' default palette, for labels the definition gives no colour. */
const PALETTE = [
  '#5470c6',
  '#91cc75',
  '#fac858',
  '#ee6666',
  '#73c0de',
  '#3ba272',
  '#fc8452',
  '#9a60b4',
  '#ea7ccc',
];

/**
 * A formatter the page script replaces with a function reading `key` of each data item: labels
 * and tooltips are written here, with the same number formats as the rest of the page.
 */
const fromData = (key: string) => ({ fromData: key });

/** An axis title centred under the axis, where it is never clipped. */
const bottomName = (name: string) => ({ name, nameLocation: 'middle', nameGap: 28 });

/**
 * Values drawn to cents: a sum of doubles differs in its last bits with the order an engine adds
 * them in, and the same data must give the same page.
 */
const round2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);

/** How the numbers of one column of a visual's dataset are written. */
function numberText(spec: DashboardSpec, v: VisualSpec, column: string) {
  const format = columnFormat(findColumn(spec, v.dataset, column));
  return (value: number | null) => formatNumber(value, format, spec.currency);
}

/** A label's colour: the definition's, else the palette's by position. */
const colourOf = (spec: DashboardSpec, label: string, index: number): string =>
  spec.categoryColours?.[label] ?? PALETTE[index % PALETTE.length]!;

function barOptions(spec: DashboardSpec, v: VisualSpec & { kind: 'bar' }, d: BarData) {
  const valueName = columnLabel(spec, v.dataset, v.value.column);
  const text = numberText(spec, v, v.value.column);
  const horizontal = v.orientation === 'horizontal';
  // Horizontal bars list the first category at the top; their labels need no axis title.
  const category = horizontal
    ? { type: 'category', data: [...d.categories], inverse: true }
    : {
        type: 'category',
        data: [...d.categories],
        // Every category named (a histogram's ranges), turned when they crowd.
        axisLabel: { interval: 0, rotate: d.categories.length > 8 ? 30 : 0 },
        ...bottomName(columnLabel(spec, v.dataset, v.category.column)),
        nameGap: d.categories.length > 8 ? 48 : 28,
      };
  const value = horizontal
    ? { type: 'value', ...bottomName(valueName) }
    : { type: 'value', name: valueName };
  return {
    tooltip: { trigger: 'item', formatter: fromData('tip') },
    grid: { left: 16, right: 40, top: 32, bottom: horizontal ? 36 : 56, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [
      {
        type: 'bar',
        name: valueName,
        data: d.values.map((x, i) => ({
          value: round2(x),
          text: text(x),
          tip: `${d.categories[i] ?? ''}: ${text(x)}`,
        })),
        label: {
          show: true,
          position: horizontal ? 'right' : 'top',
          formatter: fromData('text'),
        },
      },
    ],
  };
}

function scatterOptions(spec: DashboardSpec, v: VisualSpec & { kind: 'scatter' }, d: ScatterData) {
  const log = v.yScale === 'log';
  const series = d.series.map((s, i) => ({
    name: s.name,
    type: 'scatter',
    symbolSize: 4,
    itemStyle: { color: colourOf(spec, s.name, i) },
    large: s.points.length > 2000,
    data: s.points.map(([x, y]) => [x, log ? Math.max(y, LOG_FLOOR) : y]),
  }));
  return {
    tooltip: { trigger: 'item' },
    // The legend in the data's order; the biggest groups drawn first, so small ones stay visible.
    legend: { bottom: 0, data: d.series.map((s) => s.name), itemGap: 12 },
    grid: { left: 24, right: 32, top: 16, bottom: 76, containLabel: true },
    xAxis: { type: 'value', ...bottomName(columnLabel(spec, v.dataset, v.x.column)), nameGap: 24 },
    yAxis: {
      type: log ? 'log' : 'value',
      name: columnLabel(spec, v.dataset, v.y.column),
      nameLocation: 'middle',
      nameGap: 48,
    },
    series: [...series].sort((a, b) => b.data.length - a.data.length),
  };
}

/** Cells coloured by their label, each label one colour, named in the legend below. */
function labelledHeatmap(spec: DashboardSpec, v: VisualSpec & { kind: 'heatmap' }, d: HeatmapData) {
  const text = numberText(spec, v, v.value.column);
  const labels = [...new Set(d.cellLabels)];
  return {
    // Each cell names its label, so the colour key is not drawn.
    visualMap: {
      type: 'piecewise',
      show: false,
      dimension: 3,
      pieces: labels.map((label, i) => ({
        value: i,
        label,
        color: colourOf(spec, label, i),
      })),
    },
    series: [
      {
        type: 'heatmap',
        name: columnLabel(spec, v.dataset, v.value.column),
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { show: true, formatter: fromData('text'), fontSize: 11, lineHeight: 14 },
        tooltip: { formatter: fromData('text') },
        data: d.cells.map(([x, y, value], i) => {
          const label = d.cellLabels[i] ?? '';
          return { value: [x, y, value, labels.indexOf(label)], text: `${label}\n${text(value)}` };
        }),
      },
    ],
  };
}

/** Cells coloured from light to dark by their value. */
function valueHeatmap(spec: DashboardSpec, v: VisualSpec & { kind: 'heatmap' }, d: HeatmapData) {
  const values = d.cells.map((c) => c[2]).filter((x): x is number => x !== null);
  const [min, max] = v.range ?? [Math.min(0, ...values), Math.max(1, ...values)];
  return {
    visualMap: {
      min,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: HEAT_COLOURS },
    },
    series: [
      {
        type: 'heatmap',
        name: columnLabel(spec, v.dataset, v.value.column),
        label: { show: true },
        data: d.cells.map(([x, y, value]) => [x, y, round2(value)]),
      },
    ],
  };
}

function heatmapOptions(spec: DashboardSpec, v: VisualSpec & { kind: 'heatmap' }, d: HeatmapData) {
  const axisName = (column: string) => ({
    name: columnLabel(spec, v.dataset, column),
    nameLocation: 'middle',
    nameGap: 28,
  });
  const labelled = v.label !== undefined;
  return {
    tooltip: { position: 'top' },
    grid: {
      // Room for the row axis' name, which containLabel leaves out.
      left: labelled ? 36 : 16,
      right: 16,
      top: labelled ? 40 : 16,
      bottom: labelled ? 8 : 64,
      containLabel: true,
    },
    xAxis: {
      type: 'category',
      data: [...d.columns],
      splitArea: { show: true },
      // Long column names (clusters) wrap under their own column.
      axisLabel: { interval: 0, width: 110, overflow: 'break', lineHeight: 14 },
      ...(labelled ? { ...axisName(v.columns.column), position: 'top' } : {}),
    },
    yAxis: {
      type: 'category',
      data: [...d.rows],
      splitArea: { show: true },
      inverse: true,
      ...(v.label === undefined ? {} : axisName(v.rows.column)),
    },
    ...(v.label === undefined ? valueHeatmap(spec, v, d) : labelledHeatmap(spec, v, d)),
  };
}

function treemapOptions(spec: DashboardSpec, v: VisualSpec & { kind: 'treemap' }, d: TreemapData) {
  const total = d.values.reduce<number>((a, b) => a + (b ?? 0), 0);
  const share = (x: number | null) => formatNumber(total === 0 ? 0 : (x ?? 0) / total, 'percent');
  const value = (x: number | null) => formatNumber(x, v.format, spec.currency);
  return {
    tooltip: { formatter: fromData('tip') },
    series: [
      {
        type: 'treemap',
        name: columnLabel(spec, v.dataset, v.value.column),
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        width: '100%',
        height: '100%',
        top: 0,
        left: 0,
        itemStyle: { borderColor: '#fff', borderWidth: 2, gapWidth: 2 },
        label: { show: true, formatter: fromData('text'), fontSize: 12, lineHeight: 16 },
        upperLabel: { show: false },
        data: d.categories.map((name, i) => ({
          name,
          value: round2(d.values[i] ?? null),
          itemStyle: { color: colourOf(spec, name, i) },
          text: `${name}\n${value(d.values[i] ?? null)} · ${share(d.values[i] ?? null)}`,
          tip: `${name}: ${value(d.values[i] ?? null)} (${share(d.values[i] ?? null)})`,
        })),
      },
    ],
  };
}

function sankeyOptions(spec: DashboardSpec, v: VisualSpec & { kind: 'sankey' }, d: SankeyData) {
  const text = numberText(spec, v, v.value.column);
  const node = (depth: number) => (name: string, i: number) => ({
    name,
    depth,
    itemStyle: { color: colourOf(spec, name, i) },
  });
  return {
    tooltip: { trigger: 'item', formatter: fromData('tip') },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 160,
        top: 8,
        bottom: 8,
        nodeGap: 8,
        nodeAlign: 'justify',
        // Small segments' names would print over each other: their tooltips still name them.
        labelLayout: { hideOverlap: true },
        // Keep the nodes in the given order (segments best first) instead of laying them out.
        layoutIterations: 0,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'source', opacity: 0.35, curveness: 0.5 },
        label: { fontSize: 11 },
        data: [...d.sources.map(node(0)), ...d.targets.map(node(1))].map((n) => ({
          ...n,
          tip: n.name,
        })),
        links: d.links.map((l) => ({
          ...l,
          tip: `${l.source} → ${l.target}: ${text(l.value)}`,
        })),
      },
    ],
  };
}

/** ECharts options of every chart visual, keyed by visual id (KPIs and tables are plain HTML). */
export function chartOptions(
  spec: DashboardSpec,
  visuals: readonly VisualSpec[],
  data: Readonly<Record<string, VisualData>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of visuals) {
    const d = data[v.id];
    if (v.kind === 'bar' && d?.kind === 'bar') out[v.id] = barOptions(spec, v, d);
    if (v.kind === 'scatter' && d?.kind === 'scatter') out[v.id] = scatterOptions(spec, v, d);
    if (v.kind === 'heatmap' && d?.kind === 'heatmap') out[v.id] = heatmapOptions(spec, v, d);
    if (v.kind === 'treemap' && d?.kind === 'treemap') out[v.id] = treemapOptions(spec, v, d);
    if (v.kind === 'sankey' && d?.kind === 'sankey') out[v.id] = sankeyOptions(spec, v, d);
  }
  return out;
}
