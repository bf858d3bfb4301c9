/**
 * The page embeds a sample of a scatter's rows and the top rows of each table selection, so a
 * dataset that only such visuals read (one row per customer) need not be read whole: the engine
 * keeps just those rows and counts the rest. visual-data.ts computes the same visuals from these
 * rows as from the whole dataset (test/actions/lib/dashboards/page-rows.test.ts holds the two
 * equal).
 */
import type { DatasetRows } from './aggregate.js';
import type { DashboardSpec, DatasetSpec, ScatterVisual, TableVisual } from './types.js';
import { allVisuals } from './types.js';

/** Index of each kept row in the whole dataset's order. */
export const ROW_INDEX_COLUMN = 'page_row_index';

/** The visuals that read `dataset`, when every one of them embeds only part of its rows. */
export function partialReaders(
  spec: DashboardSpec,
  dataset: string,
): (ScatterVisual | TableVisual)[] | undefined {
  const readers = allVisuals(spec).filter((v) => v.dataset === dataset);
  const partial = readers.filter(
    (v): v is ScatterVisual | TableVisual => v.kind === 'scatter' || v.kind === 'table',
  );
  return readers.length > 0 && partial.length === readers.length ? partial : undefined;
}

const orderOf = (dataset: DatasetSpec): readonly string[] =>
  dataset.orderBy ?? [dataset.columns[0]?.name ?? '1'];

/** Every on/off combination of `n` filters, as the page's drop-downs can make them. */
export function filterSelections(n: number): boolean[][] {
  return Array.from({ length: 2 ** n }, (_, mask) =>
    Array.from({ length: n }, (_, i) => (mask & (1 << i)) !== 0),
  );
}

/** The table's order: its sort column (missing values last), then the dataset's own order. */
const tableOrder = (t: TableVisual, dataset: DatasetSpec): string =>
  [`${t.sortBy.column} ${t.sortBy.direction} nulls last`, ...orderOf(dataset)].join(', ');

const partitionBy = (by: readonly string[]): string =>
  by.length === 0 ? '' : `partition by ${by.join(', ')} `;

/** Extra columns of the kept rows: the whole dataset's row count, and per table visual `i`. */
export const TOTAL_COLUMN = 'page_total';
/** Table `i`'s rank within filter selection `s` (filterSelections' order). */
const selectionRankColumn = (i: number, s: number): string => `page_rank_${i}_${s}`;
/** Table `i`'s rank in its whole order: selection 0 chooses no filter, so it partitions nothing. */
export const tableRankColumn = (i: number): string => selectionRankColumn(i, 0);
export const groupCountColumn = (i: number): string => `page_group_count_${i}`;

/**
 * The kept rows, in the dataset's order, with their index in the whole dataset: every
 * `ceil(total / maxPoints)`th row of each scatter, and the first `maxRowsPerSelection` rows of
 * every filter selection of each table. Each row also carries the dataset's row count and, per
 * table, its rank in the table's order and the rows of its filter values' group; every group
 * keeps its first row, so the groups' counts come with the rows in one query.
 */
export function partialRowsQuery(
  dataset: DatasetSpec,
  from: string,
  visuals: readonly (ScatterVisual | TableVisual)[],
): string {
  if (dataset.key !== undefined) return keyedRowsQuery(dataset, dataset.key, from, visuals);
  const columns = dataset.columns.map((c) => c.name);
  const computed: string[] = [];
  const extra: string[] = [];
  const keep: string[] = [];
  visuals.forEach((v, i) => {
    if (v.kind === 'scatter') {
      keep.push(
        `${ROW_INDEX_COLUMN} % cast(ceil(cast(${TOTAL_COLUMN} as double precision) / ${v.maxPoints}) as bigint) = 0`,
      );
      return;
    }
    filterSelections(v.filters.length).forEach((chosen, s) => {
      const by = v.filters.filter((_, f) => chosen[f]).map((f) => f.column);
      computed.push(
        `row_number() over (${partitionBy(by)}order by ${tableOrder(v, dataset)}) as ${selectionRankColumn(i, s)}`,
      );
      keep.push(`${selectionRankColumn(i, s)} <= ${v.maxRowsPerSelection}`);
    });
    const all = v.filters.map((f) => f.column);
    computed.push(`count(*) over (${partitionBy(all).trim()}) as ${groupCountColumn(i)}`);
    extra.push(tableRankColumn(i), groupCountColumn(i));
  });
  const ranks = [
    `row_number() over (order by ${orderOf(dataset).join(', ')}) - 1 as ${ROW_INDEX_COLUMN}`,
    `count(*) over () as ${TOTAL_COLUMN}`,
    ...computed,
  ];
  return `select ${[...columns, ROW_INDEX_COLUMN, TOTAL_COLUMN, ...extra].join(', ')}
from (
    select
        ${[...columns, ...ranks].join(',\n        ')}
    from ${from}
) as ranked
where ${keep.map((k) => `(${k})`).join('\n    or ')}
order by ${ROW_INDEX_COLUMN}`;
}

/**
 * {@link partialRowsQuery} for a dataset with a key, in fewer sorts of every row. Each window sorts
 * what it ranks, so the ranks read a narrow projection, and only the rows kept (a few thousand)
 * are read whole, found by their key. Of a table's filter selections only two rank every row:
 * none (its whole order) and all filters (the finest groups). A row among the first n of a
 * coarser selection is among the first n of its finest group too, and so is every row before it
 * there: ranked among those candidates alone, it gets the same rank when that rank is at most n,
 * and more than n otherwise.
 */
function keyedRowsQuery(
  dataset: DatasetSpec,
  key: readonly string[],
  from: string,
  visuals: readonly (ScatterVisual | TableVisual)[],
): string {
  const columns = dataset.columns.map((c) => c.name);
  const ranks = [
    `row_number() over (order by ${orderOf(dataset).join(', ')}) - 1 as ${ROW_INDEX_COLUMN}`,
    `count(*) over () as ${TOTAL_COLUMN}`,
  ];
  const extra: string[] = [];
  const keep: string[] = [];
  const candidates: { name: string; sql: string }[] = [];
  visuals.forEach((v, i) => {
    if (v.kind === 'scatter') {
      keep.push(
        `ranked.${ROW_INDEX_COLUMN} % cast(ceil(cast(ranked.${TOTAL_COLUMN} as double precision) / ${v.maxPoints}) as bigint) = 0`,
      );
      return;
    }
    const order = tableOrder(v, dataset);
    const filters = v.filters.map((f) => f.column);
    const selections = filterSelections(filters.length);
    const finest = selections.length - 1;
    ranks.push(`row_number() over (order by ${order}) as ${selectionRankColumn(i, 0)}`);
    if (finest > 0) {
      ranks.push(
        `row_number() over (${partitionBy(filters)}order by ${order}) as ${selectionRankColumn(i, finest)}`,
      );
    }
    ranks.push(`count(*) over (${partitionBy(filters).trim()}) as ${groupCountColumn(i)}`);
    keep.push(`ranked.${selectionRankColumn(i, 0)} <= ${v.maxRowsPerSelection}`);
    if (finest > 0)
      keep.push(`ranked.${selectionRankColumn(i, finest)} <= ${v.maxRowsPerSelection}`);
    extra.push(tableRankColumn(i), groupCountColumn(i));
    const coarser = selections.slice(1, finest);
    if (coarser.length === 0) return;
    const name = `candidates_${i}`;
    const coarserRanks = coarser.map((chosen, c) => {
      const by = filters.filter((_, f) => chosen[f]);
      return `row_number() over (${partitionBy(by)}order by ${order}) as ${selectionRankColumn(i, c + 1)}`;
    });
    candidates.push({
      name,
      sql: `select ${[...key, ...coarserRanks].join(',\n        ')}
    from ranked
    where ${selectionRankColumn(i, finest)} <= ${v.maxRowsPerSelection}`,
    });
    coarser.forEach((_, c) =>
      keep.push(`${name}.${selectionRankColumn(i, c + 1)} <= ${v.maxRowsPerSelection}`),
    );
  });
  const narrow = [
    ...new Set([
      ...key,
      ...orderOf(dataset),
      ...visuals.flatMap((v) =>
        v.kind === 'table' ? [v.sortBy.column, ...v.filters.map((f) => f.column)] : [],
      ),
    ]),
  ];
  const on = (a: string, b: string): string =>
    key.map((c) => `${a}.${c} = ${b}.${c}`).join('\n    and ');
  return `with
dataset as (
    select ${columns.join(', ')}
    from ${from}
),
ranked as (
    select
        ${[...narrow, ...ranks].join(',\n        ')}
    from dataset
),
${candidates.map((c) => `${c.name} as (\n    ${c.sql}\n),\n`).join('')}kept as (
    select ${[...key, ROW_INDEX_COLUMN, TOTAL_COLUMN, ...extra].map((c) => `ranked.${c}`).join(', ')}
    from ranked
${candidates.map((c) => `    left join ${c.name}\n        on ${on('ranked', c.name)}\n`).join('')}    where ${keep.map((k) => `(${k})`).join('\n        or ')}
)
select ${[...columns.map((c) => `dataset.${c}`), ...[ROW_INDEX_COLUMN, TOTAL_COLUMN, ...extra].map((c) => `kept.${c}`)].join(', ')}
from dataset
inner join kept
    on ${on('dataset', 'kept')}
order by kept.${ROW_INDEX_COLUMN}`;
}

/** The index, in the whole dataset, of row `i` of `data`. */
export function rowIndexOf(data: DatasetRows): (row: readonly unknown[], i: number) => number {
  const at = data.columns.indexOf(ROW_INDEX_COLUMN);
  return at < 0 ? (_row, i) => i : (row) => Number(row[at]);
}
