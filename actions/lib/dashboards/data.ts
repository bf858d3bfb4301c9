import { canExportCsv } from '../warehouse/export-csv.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { categoryLabel, columnReader, type Cell, type DatasetRows } from './aggregate.js';
import { RFM_DASHBOARD } from './definition.js';
import {
  groupCountColumn,
  partialReaders,
  partialRowsQuery,
  ROW_INDEX_COLUMN,
  tableRankColumn,
  TOTAL_COLUMN,
} from './page-rows.js';
import type {
  ColumnType,
  DashboardSpec,
  DatasetSpec,
  ScatterVisual,
  TableVisual,
} from './types.js';
import { parseQuotedCsv } from './quoted-csv.js';
import { assertValidSpec } from './validate.js';

/** Headline numbers, as the `kpis` dataset has them. */
export interface DashboardKpis {
  readonly customers: number;
  readonly orders: number;
  readonly revenue: number;
  readonly averageOrderValue: number;
  /** Null until a lifetime-value fit has scored the customers. */
  readonly totalClv: number | null;
  readonly averageClv: number | null;
  readonly modelVersion: number | null;
  readonly k: number | null;
}

/** One RFM segment's size, revenue and lifetime value. */
export interface SegmentSize {
  /** As stored, e.g. `cant_lose_them`. */
  readonly segment: string;
  /** As people read it, e.g. `Can't lose them`. */
  readonly name: string;
  readonly customers: number;
  readonly share: number;
  readonly revenue: number;
  readonly averageClv: number | null;
  readonly totalClv: number | null;
}

/**
 * One cluster: its name, its centroid in the clustered space (null for a feature the model does
 * not cluster) and in real units, and its members' raw RFM averages.
 */
export interface ClusterProfile {
  readonly cluster: number;
  readonly cluster_name: string;
  readonly customers: number;
  /** The model's scaling setting, e.g. `log-standard`. */
  readonly scaling: string;
  readonly recency_scaled: number | null;
  readonly frequency_scaled: number | null;
  readonly monetary_scaled: number | null;
  readonly centroid_recency_days: number | null;
  readonly centroid_frequency: number | null;
  readonly centroid_monetary: number | null;
  readonly avg_recency_days: number | null;
  readonly avg_frequency: number | null;
  readonly avg_monetary: number | null;
}

/** Everything the dashboard shows, read once from the warehouse. */
export interface DashboardData {
  readonly team: string;
  /** ISO 4217 code of the money figures (the definition's). */
  readonly currency: string;
  readonly asOfDate: string;
  readonly kpis: DashboardKpis;
  /** All ten segments, empty ones too, in display order (most valuable first). */
  readonly segments: readonly SegmentSize[];
  readonly clusters: readonly ClusterProfile[];
  /** Every dataset of the definition, keyed by dataset id. */
  readonly datasets: Readonly<Record<string, DatasetRows>>;
}

/** What a dataset's SELECT reads from: its view, or its SQL as a subquery. */
const sourceOf = (dataset: DatasetSpec): string =>
  'view' in dataset.source ? dataset.source.view : `(\n${dataset.source.sql}\n) as dataset`;

/** The SELECT that reads a dataset: its declared columns, in its declared order. */
export function datasetQuery(dataset: DatasetSpec): string {
  const columns = dataset.columns.map((c) => c.name).join(', ');
  const orderBy = dataset.orderBy ?? [dataset.columns[0]?.name ?? '1'];
  return `select ${columns}\nfrom ${sourceOf(dataset)}\norder by ${orderBy.join(', ')}`;
}

/** Warehouse values as the column type says: numbers as numbers (Data API decimals are strings). */
function parseCell(value: unknown, type: ColumnType): Cell {
  if (value === null || value === undefined) return null;
  if (type === 'INTEGER' || type === 'DECIMAL') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (type === 'DATETIME' && value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return String(value);
}

/**
 * A value as the warehouse writes it in CSV, as `parseCell` reads the same value from a row: dates
 * and timestamps are the engine's text of a UTC date-time.
 */
function parseText(text: string | null, type: ColumnType): Cell {
  if (text === null) return null;
  if (type === 'DATETIME' && /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d+)?)?$/.test(text)) {
    const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(' ', 'T')}Z`);
    return parseCell(date, type);
  }
  return parseCell(text, type);
}

/**
 * The dataset's rows through the engine's own CSV: on PGlite, turning every row into a JavaScript
 * object costs far more than the query itself.
 */
async function readRows(
  wh: Warehouse,
  sql: string,
  columns: readonly { name: string; type: ColumnType }[],
): Promise<Cell[][]> {
  if (canExportCsv(wh)) {
    const { header, rows } = parseQuotedCsv(await wh.queryCsv(sql, { quoteAll: true }));
    const at = columns.map((c) => header.indexOf(c.name));
    return rows.map((row) => columns.map((c, i) => parseText(row[at[i]!] ?? null, c.type)));
  }
  const raw = await wh.query(sql);
  return raw.map((row) => columns.map((c) => parseCell(row[c.name], c.type)));
}

/**
 * The rows the page embeds of a dataset only scatters and tables read, and what the engine
 * counted of the others (page-rows.ts).
 */
async function readPartialDataset(
  wh: Warehouse,
  dataset: DatasetSpec,
  visuals: readonly (ScatterVisual | TableVisual)[],
): Promise<DatasetRows> {
  const count = (name: string) => ({ name, type: 'INTEGER' as const });
  const tables = visuals.flatMap((v, i) => (v.kind === 'table' ? [{ v, i }] : []));
  const columns = [
    ...dataset.columns,
    count(ROW_INDEX_COLUMN),
    count(TOTAL_COLUMN),
    ...tables.flatMap(({ i }) => [count(tableRankColumn(i)), count(groupCountColumn(i))]),
  ];
  const read = await readRows(wh, partialRowsQuery(dataset, sourceOf(dataset), visuals), columns);
  const kept = dataset.columns.length + 1;
  const at = (name: string) => columns.findIndex((c) => c.name === name);
  const groupCounts: Record<string, { labels: string[]; count: number }[]> = {};
  for (const { v, i } of tables) {
    const [rank, size] = [at(tableRankColumn(i)), at(groupCountColumn(i))];
    const labelsOf = v.filters.map((f) => {
      const c = at(f.column);
      return (row: readonly Cell[]) => categoryLabel(row[c] ?? null);
    });
    // In the table's order each group first shows with its top row, which is always kept.
    const groups = new Map<string, { labels: string[]; count: number }>();
    for (const row of [...read].sort((a, b) => Number(a[rank]) - Number(b[rank]))) {
      const labels = labelsOf.map((label) => label(row));
      const key = JSON.stringify(labels);
      if (!groups.has(key)) groups.set(key, { labels, count: Number(row[size]) });
    }
    groupCounts[v.id] = [...groups.values()];
  }
  const total = Number(read[0]?.[at(TOTAL_COLUMN)] ?? 0);
  return {
    columns: columns.slice(0, kept).map((c) => c.name),
    rows: read.map((row) => row.slice(0, kept)),
    partial: { total, groupCounts },
  };
}

/**
 * Reads one dataset's rows from the warehouse (for the page, only the rows it embeds when
 * `spec` says only scatters and tables read it); errors name the dataset.
 */
export async function readDataset(
  wh: Warehouse,
  dataset: DatasetSpec,
  spec?: DashboardSpec,
): Promise<DatasetRows> {
  const partial = spec === undefined ? undefined : partialReaders(spec, dataset.id);
  try {
    if (partial !== undefined) return await readPartialDataset(wh, dataset, partial);
    const rows = await readRows(wh, datasetQuery(dataset), dataset.columns);
    return { columns: dataset.columns.map((c) => c.name), rows };
  } catch (e) {
    throw new Error(
      `dashboard dataset "${dataset.id}" could not be read from the ${wh.kind} warehouse: ${(e as Error).message}; ` +
        'are the migrations applied (workshop migrate)?',
      { cause: e },
    );
  }
}

const num = (cell: Cell): number => Number(cell ?? 0);
const numOrNull = (cell: Cell): number | null => (cell === null ? null : Number(cell));

function rowsOf(datasets: Readonly<Record<string, DatasetRows>>, id: string) {
  const data = datasets[id];
  if (data === undefined) throw new Error(`the dashboard definition has no dataset "${id}"`);
  return { data, col: (column: string) => columnReader(data, column, id) };
}

function kpisFrom(datasets: Readonly<Record<string, DatasetRows>>) {
  const { data, col } = rowsOf(datasets, 'kpis');
  const row = data.rows[0] ?? [];
  const get = (column: string) => col(column)(row);
  return {
    asOfDate: String(get('as_of_date') ?? ''),
    kpis: {
      customers: num(get('count_customers')),
      orders: num(get('count_orders')),
      revenue: num(get('total_revenue')),
      averageOrderValue: num(get('avg_order_value')),
      totalClv: numOrNull(get('total_clv')),
      averageClv: numOrNull(get('avg_clv')),
      modelVersion: numOrNull(get('model_version')),
      k: numOrNull(get('k')),
    },
  };
}

function segmentsFrom(datasets: Readonly<Record<string, DatasetRows>>): SegmentSize[] {
  const { data, col } = rowsOf(datasets, 'segments');
  const get = (r: readonly Cell[], c: string) => col(c)(r);
  return data.rows.map((r) => ({
    segment: String(get(r, 'segment')),
    name: String(get(r, 'segment_name') ?? get(r, 'segment')),
    customers: num(get(r, 'count_customers')),
    share: num(get(r, 'share_customers')),
    revenue: num(get(r, 'total_revenue')),
    averageClv: numOrNull(get(r, 'avg_clv')),
    totalClv: numOrNull(get(r, 'total_clv')),
  }));
}

function clustersFrom(datasets: Readonly<Record<string, DatasetRows>>): ClusterProfile[] {
  const { data, col } = rowsOf(datasets, 'clusters');
  const get = (r: readonly Cell[], c: string) => col(c)(r);
  return data.rows.map((r) => ({
    cluster: num(get(r, 'cluster')),
    cluster_name: String(get(r, 'cluster_name') ?? `cluster ${num(get(r, 'cluster'))}`),
    customers: num(get(r, 'count_customers')),
    scaling: String(get(r, 'scaling') ?? ''),
    recency_scaled: numOrNull(get(r, 'recency_scaled')),
    frequency_scaled: numOrNull(get(r, 'frequency_scaled')),
    monetary_scaled: numOrNull(get(r, 'monetary_scaled')),
    centroid_recency_days: numOrNull(get(r, 'centroid_recency_days')),
    centroid_frequency: numOrNull(get(r, 'centroid_frequency')),
    centroid_monetary: numOrNull(get(r, 'centroid_monetary')),
    avg_recency_days: numOrNull(get(r, 'avg_recency_days')),
    avg_frequency: numOrNull(get(r, 'avg_frequency')),
    avg_monetary: numOrNull(get(r, 'avg_monetary')),
  }));
}

/** Reads every dataset of the definition (the RFM dashboard unless another is given). */
export async function readDashboardData(
  wh: Warehouse,
  team: string,
  spec: DashboardSpec = RFM_DASHBOARD,
): Promise<DashboardData> {
  assertValidSpec(spec);
  const datasets: Record<string, DatasetRows> = {};
  for (const dataset of spec.datasets) datasets[dataset.id] = await readDataset(wh, dataset, spec);
  return {
    team,
    currency: spec.currency,
    ...kpisFrom(datasets),
    segments: segmentsFrom(datasets),
    clusters: clustersFrom(datasets),
    datasets,
  };
}
