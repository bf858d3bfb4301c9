import type { Aggregation, FieldRef } from './types.js';

/** One value of a dataset row, already parsed by its column type. */
export type Cell = string | number | null;

/** A dataset's rows as read from the warehouse, in the dataset's `orderBy` order. */
export interface DatasetRows {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** Present when only the rows the page embeds were read (see page-rows.ts). */
  readonly partial?: PartialRead;
}

/** What the engine counted of a dataset read in part. */
export interface PartialRead {
  /** Rows in the whole dataset. */
  readonly total: number;
  /** Per table visual id: the rows of each combination of its filter columns' labels. */
  readonly groupCounts: Readonly<Record<string, readonly { labels: string[]; count: number }[]>>;
}

/** Reads the cells of one column; fails naming the dataset when the column is missing. */
export function columnReader(data: DatasetRows, column: string, dataset: string) {
  const index = data.columns.indexOf(column);
  if (index < 0)
    throw new Error(
      `dataset "${dataset}" has no column "${column}" (has ${data.columns.join(', ')})`,
    );
  return (row: readonly Cell[]): Cell => row[index] ?? null;
}

const numbers = (cells: readonly Cell[]): number[] =>
  cells.filter((c): c is number => typeof c === 'number' && Number.isFinite(c));

/** The same aggregations QuickSight applies; nulls are skipped, and no value gives null. */
export function aggregate(cells: readonly Cell[], aggregation: Aggregation): number | null {
  if (aggregation === 'COUNT') return cells.filter((c) => c !== null).length;
  if (aggregation === 'DISTINCT_COUNT') return new Set(cells.filter((c) => c !== null)).size;
  const xs = numbers(cells);
  if (xs.length === 0) return null;
  switch (aggregation) {
    case 'SUM':
      return xs.reduce((a, b) => a + b, 0);
    case 'AVERAGE':
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'MIN':
      return Math.min(...xs);
    case 'MAX':
      return Math.max(...xs);
  }
}

/** How a category value is shown. */
export const categoryLabel = (cell: Cell): string => (cell === null ? '(none)' : String(cell));

const natural = new Intl.Collator('en', { numeric: true });

/**
 * The distinct labels of a field in display order: by the smallest `sortBy` value when the field
 * has one, else naturally (`cluster 2` before `cluster 10`); reversed when its order is `desc`.
 */
export function orderedLabels(data: DatasetRows, field: FieldRef, dataset: string): string[] {
  const read = columnReader(data, field.column, dataset);
  const sortKey = new Map<string, number>();
  const readSort =
    field.sortBy === undefined ? undefined : columnReader(data, field.sortBy, dataset);
  for (const row of data.rows) {
    const label = categoryLabel(read(row));
    const key = readSort === undefined ? 0 : Number(readSort(row) ?? Number.POSITIVE_INFINITY);
    sortKey.set(label, Math.min(sortKey.get(label) ?? Number.POSITIVE_INFINITY, key));
  }
  const sign = field.order === 'desc' ? -1 : 1;
  return [...sortKey.keys()].sort(
    (a, b) => sign * ((sortKey.get(a) ?? 0) - (sortKey.get(b) ?? 0) || natural.compare(a, b)),
  );
}

/** Groups rows by the labels of `keys` and aggregates `measure` in each group. */
export function groupAggregate(
  data: DatasetRows,
  dataset: string,
  keys: readonly string[],
  measure: { column: string; aggregation: Aggregation },
): Map<string, number | null> {
  const readKeys = keys.map((k) => columnReader(data, k, dataset));
  const readValue = columnReader(data, measure.column, dataset);
  const groups = new Map<string, Cell[]>();
  for (const row of data.rows) {
    const key = JSON.stringify(readKeys.map((read) => categoryLabel(read(row))));
    const cells = groups.get(key) ?? [];
    cells.push(readValue(row));
    groups.set(key, cells);
  }
  return new Map([...groups].map(([key, cells]) => [key, aggregate(cells, measure.aggregation)]));
}

/** The group key `groupAggregate` uses for these labels. */
export const groupKey = (...labels: readonly string[]): string => JSON.stringify(labels);
