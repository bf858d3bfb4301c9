import { columnLabel, type DashboardSpec, type VisualSpec } from './types.js';
import type { BarData, HeatmapData, ScatterData, VisualData } from './visual-data.js';

/** ECharts' log axis cannot show zero: an order value of 0 is drawn at this floor. */
const LOG_FLOOR = 0.01;

/** Light to dark blue: low to high values. */
const HEAT_COLOURS = ['#f0f5fb', '#9ec5e8', '#3b82c4', '#1d4f86'];

/** An axis title centred under the axis, where it is never clipped. */
const bottomName = (name: string) => ({ name, nameLocation: 'middle', nameGap: 28 });

const round2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);

function barOptions(spec: DashboardSpec, v: VisualSpec & { kind: 'bar' }, d: BarData) {
  const valueName = columnLabel(spec, v.dataset, v.value.column);
  const horizontal = v.orientation === 'horizontal';
  // Horizontal bars list the first category at the top; their labels need no axis title.
  const category = horizontal
    ? { type: 'category', data: [...d.categories], inverse: true }
    : {
        type: 'category',
        data: [...d.categories],
        ...bottomName(columnLabel(spec, v.dataset, v.category.column)),
      };
  const value = horizontal
    ? { type: 'value', ...bottomName(valueName) }
    : { type: 'value', name: valueName };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 16, right: 40, top: 32, bottom: 36, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [
      {
        type: 'bar',
        name: valueName,
        data: [...d.values],
        label: { show: true, position: horizontal ? 'right' : 'top' },
      },
    ],
  };
}

function scatterOptions(spec: DashboardSpec, v: VisualSpec & { kind: 'scatter' }, d: ScatterData) {
  const log = v.yScale === 'log';
  return {
    tooltip: { trigger: 'item' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 16, right: 32, top: 40, bottom: 36, containLabel: true },
    xAxis: { type: 'value', ...bottomName(columnLabel(spec, v.dataset, v.x.column)) },
    yAxis: { type: log ? 'log' : 'value', name: columnLabel(spec, v.dataset, v.y.column) },
    series: d.series.map((s) => ({
      name: s.name,
      type: 'scatter',
      symbolSize: 4,
      large: s.points.length > 2000,
      data: s.points.map(([x, y]) => [x, log ? Math.max(y, LOG_FLOOR) : y]),
    })),
  };
}

function heatmapOptions(spec: DashboardSpec, v: VisualSpec & { kind: 'heatmap' }, d: HeatmapData) {
  return {
    tooltip: { position: 'top' },
    grid: { left: 16, right: 16, top: 16, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: [...d.columns], splitArea: { show: true } },
    yAxis: { type: 'category', data: [...d.rows], splitArea: { show: true }, inverse: true },
    visualMap: {
      min: v.range[0],
      max: v.range[1],
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
  }
  return out;
}
