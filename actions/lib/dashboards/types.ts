/**
 * The vocabulary of a dashboard definition: datasets over warehouse views, and sheets of visuals
 * that read them. One definition renders both as a QuickSight `Definition` and as an HTML page,
 * so everything here must mean the same thing in both.
 */

/** QuickSight's input column types, which the HTML renderer also uses to parse and format. */
export type ColumnType = 'STRING' | 'INTEGER' | 'DECIMAL' | 'DATETIME';

/** One column a dataset exposes. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Human label for axes, table headers and filter controls; defaults to the name. */
  readonly label?: string;
  /**
   * How its numbers are shown in tables and labels (default: `integer` or `decimal` by type). A
   * money format makes it money: its label names the dashboard's currency.
   */
  readonly format?: NumberFormat;
}

/** Where a dataset's rows come from: a warehouse view, or one SELECT in the Redshift dialect. */
export type DatasetSource = { readonly view: string } | { readonly sql: string };

/** A dataset: QuickSight imports it into SPICE; the HTML page reads it from the warehouse. */
export interface DatasetSpec {
  /** Identifier inside the dashboard (lowercase, dashes); also part of the QuickSight DataSetId. */
  readonly id: string;
  readonly name: string;
  readonly source: DatasetSource;
  readonly columns: readonly ColumnSpec[];
  /** Row order when the HTML page reads the dataset (sampling is deterministic); default: first column. */
  readonly orderBy?: readonly string[];
  /**
   * Columns that tell its rows apart, never null: the page then ranks a narrow projection and
   * reads whole only the rows it keeps (page-rows.ts).
   */
  readonly key?: readonly string[];
}

/** Aggregations both renderers implement. */
export type Aggregation = 'SUM' | 'AVERAGE' | 'MIN' | 'MAX' | 'COUNT' | 'DISTINCT_COUNT';

/** A column used as it is (an axis, a colour, a row or column of a table). */
export interface FieldRef {
  readonly column: string;
  /** Order the field's values by the smallest value of this (numeric) column. */
  readonly sortBy?: string;
  /** Default `asc`. */
  readonly order?: 'asc' | 'desc';
}

/** A column aggregated over the rows of each group. */
export interface MeasureRef {
  readonly column: string;
  readonly aggregation: Aggregation;
}

/**
 * How a number is shown: `currency` with cents and the currency code (`EUR 1,234.56`),
 * `currency-compact` in thousands or millions (`EUR 1.2M`), `percent` from a share (0.25 is
 * `25.0%`), `version` as `v3`.
 */
export type NumberFormat =
  'integer' | 'decimal' | 'currency' | 'currency-compact' | 'percent' | 'version';

/** The formats of money: a column with one of them is labelled with the currency. */
export const MONEY_FORMATS: readonly NumberFormat[] = ['currency', 'currency-compact'];

/** Height of a visual's cell: QuickSight grid rows and HTML pixels are derived from it. */
export type VisualHeight = 'kpi' | 'short' | 'chart' | 'tall';

interface VisualBase {
  /** Unique across the dashboard; the HTML element ids derive from it (`<id>-chart`). */
  readonly id: string;
  readonly title: string;
  readonly subtitle?: string;
  /** Id of the dataset the visual reads. */
  readonly dataset: string;
  /** Width in twelfths of the sheet. */
  readonly span: number;
  readonly height: VisualHeight;
  /** What the page says instead of an empty chart or table (QuickSight shows "No data"). */
  readonly emptyText?: string;
}

/** One number: the measure over all rows of the dataset. */
export interface KpiVisual extends VisualBase {
  readonly kind: 'kpi';
  readonly value: MeasureRef;
  readonly format: NumberFormat;
}

/** Bars per category. */
export interface BarVisual extends VisualBase {
  readonly kind: 'bar';
  readonly category: FieldRef;
  readonly value: MeasureRef;
  readonly orientation: 'horizontal' | 'vertical';
  /** `value-desc`: biggest first; `category`: by the category (or its `sortBy`). */
  readonly sort: 'value-desc' | 'category';
}

/** One point per row, coloured by a category. */
export interface ScatterVisual extends VisualBase {
  readonly kind: 'scatter';
  readonly x: FieldRef;
  readonly y: FieldRef;
  readonly colour: FieldRef;
  readonly yScale: 'linear' | 'log';
  /** The HTML page plots an evenly spaced sample of at most this many rows (QuickSight plots all). */
  readonly maxPoints: number;
}

/** A grid of rows × columns coloured by a measure. */
export interface HeatmapVisual extends VisualBase {
  readonly kind: 'heatmap';
  readonly rows: FieldRef;
  readonly columns: FieldRef;
  readonly value: MeasureRef;
  /** Colour scale from the first to the second number; default the values' own range. */
  readonly range?: readonly [number, number];
  readonly format: NumberFormat;
  /**
   * A text column named in each cell (one value per cell). The page then colours each cell by
   * its label instead of its value; QuickSight keeps the value's colours and shows the label in
   * the tooltip.
   */
  readonly label?: FieldRef;
}

/** Rectangles per category, sized by a measure. */
export interface TreemapVisual extends VisualBase {
  readonly kind: 'treemap';
  readonly category: FieldRef;
  readonly value: MeasureRef;
  readonly format: NumberFormat;
}

/** Flows from a source category to a target category, as wide as a measure. */
export interface SankeyVisual extends VisualBase {
  readonly kind: 'sankey';
  /** Source and target labels must differ: a flow from a node to itself cannot be drawn. */
  readonly source: FieldRef;
  readonly target: FieldRef;
  readonly value: MeasureRef;
  /** Date columns the page names as the flow's start and end (the first row's values). */
  readonly period?: { readonly from: string; readonly to: string };
}

/** One row per dataset row, filterable by the `filters` columns. */
export interface TableVisual extends VisualBase {
  readonly kind: 'table';
  /** What one row is, plural: "customers". */
  readonly rowNoun: string;
  readonly columns: readonly FieldRef[];
  readonly sortBy: { readonly column: string; readonly direction: 'asc' | 'desc' };
  /** Categorical columns with a drop-down filter (QuickSight filter controls, HTML selects). */
  readonly filters: readonly FieldRef[];
  /**
   * The HTML page shows at most this many rows (the first by `sortBy`) for any filter selection;
   * QuickSight pages through all of them.
   */
  readonly maxRowsPerSelection: number;
  /** Rows shown at once (QuickSight page size, HTML rows rendered). */
  readonly pageRows: number;
}

/** Any visual of a sheet. */
export type VisualSpec =
  | KpiVisual
  | BarVisual
  | ScatterVisual
  | HeatmapVisual
  | TreemapVisual
  | SankeyVisual
  | TableVisual;
/** `kpi`, `bar`, `scatter`, `heatmap`, `treemap`, `sankey` or `table`. */
export type VisualKind = VisualSpec['kind'];

/** One sheet (a QuickSight tab, a section of the HTML page). */
export interface SheetSpec {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly visuals: readonly VisualSpec[];
}

/** A whole dashboard. */
export interface DashboardSpec {
  /** Stable id; QuickSight resource ids derive from it and the team. */
  readonly id: string;
  readonly title: string;
  /** ISO 4217 code of every money column and format, e.g. `EUR`. */
  readonly currency: string;
  /** Colours of category labels the page draws (segments); others take the default palette. */
  readonly categoryColours?: Readonly<Record<string, string>>;
  readonly datasets: readonly DatasetSpec[];
  readonly sheets: readonly SheetSpec[];
}

/** Every visual of every sheet, in order. */
export const allVisuals = (spec: DashboardSpec): VisualSpec[] =>
  spec.sheets.flatMap((sheet) => [...sheet.visuals]);

/** The columns a visual reads, each with the role it plays. */
export function visualFields(
  visual: VisualSpec,
): { column: string; role: 'dimension' | 'measure' | 'value' | 'sort' }[] {
  const dims = (...refs: FieldRef[]) =>
    refs.flatMap((r) => [
      { column: r.column, role: 'dimension' as const },
      ...(r.sortBy === undefined ? [] : [{ column: r.sortBy, role: 'sort' as const }]),
    ]);
  const measure = (m: MeasureRef) => [{ column: m.column, role: 'measure' as const }];
  switch (visual.kind) {
    case 'kpi':
      return measure(visual.value);
    case 'bar':
      return [...dims(visual.category), ...measure(visual.value)];
    case 'scatter':
      return [
        { column: visual.x.column, role: 'value' },
        { column: visual.y.column, role: 'value' },
        ...dims(visual.colour),
      ];
    case 'heatmap':
      return [
        ...dims(visual.rows, visual.columns),
        ...measure(visual.value),
        ...(visual.label === undefined ? [] : dims(visual.label)),
      ];
    case 'treemap':
      return [...dims(visual.category), ...measure(visual.value)];
    case 'sankey':
      return [
        ...dims(visual.source, visual.target),
        ...measure(visual.value),
        ...(visual.period === undefined
          ? []
          : [
              { column: visual.period.from, role: 'value' as const },
              { column: visual.period.to, role: 'value' as const },
            ]),
      ];
    case 'table':
      return [
        ...visual.columns.map((c) => ({ column: c.column, role: 'value' as const })),
        { column: visual.sortBy.column, role: 'value' },
        ...dims(...visual.filters),
      ];
  }
}

/** The declared column of a dataset, or undefined. */
export const findColumn = (
  spec: DashboardSpec,
  dataset: string,
  column: string,
): ColumnSpec | undefined =>
  spec.datasets.find((d) => d.id === dataset)?.columns.find((c) => c.name === column);

/** A column's human label: its `label`, else its name; money names the currency: `revenue (EUR)`. */
export function columnLabel(spec: DashboardSpec, dataset: string, column: string): string {
  const found = findColumn(spec, dataset, column);
  const label = found?.label ?? column;
  return isMoney(found) ? `${label} (${spec.currency})` : label;
}

/** Whether a column holds money. */
export const isMoney = (column: ColumnSpec | undefined): boolean =>
  column?.format !== undefined && MONEY_FORMATS.includes(column.format);

/** How a column's numbers are shown: its `format`, else by its type. */
export const columnFormat = (column: ColumnSpec | undefined): NumberFormat =>
  column?.format ?? (column?.type === 'INTEGER' ? 'integer' : 'decimal');
