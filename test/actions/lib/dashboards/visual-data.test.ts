import { describe, expect, test } from '@jest/globals';
import { aggregate, type Cell } from '../../../../actions/lib/dashboards/aggregate.js';
import { RFM_DASHBOARD, rfmDashboard } from '../../../../actions/lib/dashboards/definition.js';
import { checkDashboardSpec } from '../../../../actions/lib/dashboards/validate.js';
import { formatNumber } from '../../../../actions/lib/dashboards/format.js';
import { columnLabel, type TableVisual } from '../../../../actions/lib/dashboards/types.js';
import {
  visualData,
  type SankeyData,
  type TableData,
} from '../../../../actions/lib/dashboards/visual-data.js';
import { rfmVisual, withOnlyVisuals } from '../../../support/dashboard-spec.js';

const rfm = rfmDashboard('EUR');
// The customer table keeps its sort and filters (segment, cluster) and shows two columns, two rows.
const table: TableVisual = {
  ...rfmVisual('customer-table', 'table'),
  columns: [{ column: 'customer_unique_id' }, { column: 'total_spend' }],
  maxRowsPerSelection: 2,
  pageRows: 2,
};

const spec = withOnlyVisuals(rfm, [
  table,
  rfmVisual('clv-by-segment', 'bar'),
  { ...rfmVisual('scatter', 'scatter'), maxPoints: 3 },
]);

// Segment a has 3 customers in cluster gold and 1 in silver, segment b 1 in gold and 1 in silver;
// b comes first in the segment order. Each customer's lifetime value is its spend.
const customers = {
  columns: [
    'customer_unique_id',
    'segment_name',
    'segment_order',
    'cluster_name',
    'cluster',
    'recency_days',
    'monetary',
    'total_spend',
    'total_clv',
  ],
  rows: [
    ['a1', 'a', 2, 'gold', 1, 10, 25, 50, 50],
    ['a2', 'a', 2, 'gold', 1, 20, 20, 40, 40],
    ['a3', 'a', 2, 'gold', 1, 30, 15, 30, 30],
    ['a4', 'a', 2, 'silver', 2, 40, 30, 60, 60],
    ['b1', 'b', 1, 'gold', 1, 50, 5, 10, 10],
    ['b2', 'b', 1, 'silver', 2, 60, 5, 5, 5],
  ] satisfies Cell[][],
};
// The bar reads the per-segment dataset; these rows hold the columns it needs.
const data = visualData(spec, { customers, segments: customers });

describe('what each visual shows', () => {
  test('the table embeds the true top rows of every filter selection, and counts every row', () => {
    const t = data['customer-table'] as TableData;
    const names = t.rows.map((r) => r[0]);
    // all/all: a4, a1; team a: a4, a1; gold: a1, a2; a+gold: a1, a2; b/*: b1, b2; silver: a4, b2.
    expect(names).toEqual(['a4', 'a1', 'a2', 'b1', 'b2']);
    expect(names).not.toContain('a3');
    expect(t.filterOptions).toEqual([
      ['b', 'a'],
      ['gold', 'silver'],
    ]);
    expect(t.groupCounts).toEqual(
      expect.arrayContaining([
        { labels: ['a', 'gold'], count: 3 },
        { labels: ['b', 'silver'], count: 1 },
      ]),
    );
    expect(t.total).toBe(6);
  });

  test('bars aggregate per category in the sortBy order; the scatter samples evenly', () => {
    expect(data['clv-by-segment']).toEqual({
      kind: 'bar',
      categories: ['b', 'a'],
      values: [15, 180],
    });
    expect(data.scatter).toMatchObject({ kind: 'scatter', shown: 3, total: 6 });
  });

  test('aggregations skip nulls and give null when nothing is left', () => {
    expect(aggregate([1, null, 3], 'SUM')).toBe(4);
    expect(aggregate([1, null, 3], 'AVERAGE')).toBe(2);
    expect(aggregate([null], 'MAX')).toBeNull();
    expect(aggregate(['x', 'x', null, 'y'], 'COUNT')).toBe(3);
    expect(aggregate(['x', 'x', null, 'y'], 'DISTINCT_COUNT')).toBe(2);
  });

  test('the RFM dashboard definition is consistent', () => {
    expect(checkDashboardSpec(RFM_DASHBOARD)).toEqual([]);
    expect(checkDashboardSpec(spec)).toEqual([]);
  });

  test('a filter on a number and duplicate ids are reported', () => {
    const broken = withOnlyVisuals(spec, [
      { ...table, filters: [{ column: 'total_spend' }] },
      table,
    ]);
    expect(checkDashboardSpec(broken)).toEqual([
      'visual id "customer-table" is used more than once',
      'visual "customer-table": filter column "total_spend" must be STRING',
    ]);
  });

  test('orderBy and key name only declared columns', () => {
    const datasets = spec.datasets.map((d) =>
      d.id === 'customers' ? { ...d, orderBy: ['spend'], key: ['customer_id'] } : d,
    );
    expect(checkDashboardSpec({ ...spec, datasets })).toEqual([
      'dataset "customers": orderBy names unknown column "spend"',
      'dataset "customers": key names unknown column "customer_id"',
    ]);
  });
});

describe("the RFM dashboard's treemap, sankey and labelled grid; a formatted table", () => {
  const segmentTable: TableVisual = {
    ...table,
    id: 'segment-money',
    dataset: 'segments',
    columns: [
      { column: 'segment_name' },
      { column: 'avg_order_value' },
      { column: 'share_customers' },
    ],
    sortBy: { column: 'avg_order_value', direction: 'desc' },
    filters: [],
    maxRowsPerSelection: 10,
  };
  const flows = withOnlyVisuals(rfm, [
    rfmVisual('segment-migration', 'sankey'),
    rfmVisual('segment-treemap', 'treemap'),
    rfmVisual('segment-grid', 'heatmap'),
    segmentTable,
  ]);
  // One set of rows serves the grid, the treemap and the table (each reads its own columns).
  const cells = {
    columns: [
      'r_score',
      'f_score',
      'segment_name',
      'segment_order',
      'count_customers',
      'total_revenue',
      'avg_order_value',
      'share_customers',
    ],
    rows: [
      [1, 1, 'Low', 3, 10, 1234.5, 1234.5, 0.6],
      [1, 2, 'Low', 3, 0, 0, 0, 0],
      [2, 1, 'Mid', 2, 4, 98765.4, 98765.4, 0.3999],
      [2, 2, 'High', 1, 1, 5, 5, 0.0001],
    ],
  };
  const shown = visualData(flows, {
    migration: {
      columns: [
        'from_label',
        'to_label',
        'from_order',
        'to_order',
        'count_customers',
        'previous_as_of_date',
        'current_as_of_date',
      ],
      rows: [
        ['A (before)', 'B (now)', 1, 2, 5, '2018-03-01', '2018-06-01'],
        ['A (before)', 'A (now)', 1, 1, 7, '2018-03-01', '2018-06-01'],
        ['B (before)', 'B (now)', 2, 2, 3, '2018-03-01', '2018-06-01'],
        ['new (before)', 'A (now)', 0, 1, 2, '2018-03-01', '2018-06-01'],
        ['B (before)', 'A (now)', 2, 1, 0, '2018-03-01', '2018-06-01'],
      ],
    },
    grid: cells,
    segments: cells,
  });

  test('the sankey: sources then targets in sortBy order, flows without the empty ones, the period', () => {
    expect(shown['segment-migration']).toEqual({
      kind: 'sankey',
      sources: ['new (before)', 'A (before)', 'B (before)'],
      targets: ['A (now)', 'B (now)'],
      links: expect.arrayContaining([
        { source: 'A (before)', target: 'B (now)', value: 5 },
        { source: 'new (before)', target: 'A (now)', value: 2 },
      ]),
      period: { from: '2018-03-01', to: '2018-06-01' },
    });
    expect((shown['segment-migration'] as SankeyData).links).toHaveLength(4);
  });

  test('the treemap: biggest first, empty categories left out', () => {
    expect(shown['segment-treemap']).toEqual({
      kind: 'treemap',
      categories: ['Mid', 'Low', 'High'],
      values: [98765.4, 1234.5, 5],
    });
  });

  test('the grid: rows in descending order, every cell with its label', () => {
    expect(shown['segment-grid']).toEqual({
      kind: 'heatmap',
      rows: ['2', '1'],
      columns: ['1', '2'],
      cells: [
        [0, 0, 4],
        [1, 0, 1],
        [0, 1, 10],
        [1, 1, 0],
      ],
      cellLabels: ['Mid', 'High', 'Low', 'Low'],
    });
  });

  test('a table shows money with cents and without its code (the header names it), shares in percent', () => {
    const t = shown['segment-money'] as TableData;
    expect(t.rows).toEqual([
      ['Mid', '98,765.40', '40.0%'],
      ['Low', '1,234.50', '60.0%'],
      ['High', '5.00', '<0.1%'],
      ['Low', '0.00', '0.0%'],
    ]);
    expect(t.numeric).toEqual([false, true, true]);
    expect(columnLabel(flows, 'segments', 'avg_order_value')).toBe('order value (EUR)');
    expect(columnLabel(flows, 'segments', 'share_customers')).toBe('share');
  });

  test('numbers as the page writes them', () => {
    expect(formatNumber(15_323_229.4, 'currency-compact', 'BRL')).toBe('BRL 15.3M');
    expect(formatNumber(653_493.37, 'currency-compact', 'BRL')).toBe('BRL 653K');
    expect(formatNumber(628.21, 'currency-compact', 'EUR')).toBe('EUR 628');
    expect(formatNumber(156.1, 'currency', 'EUR')).toBe('EUR 156.10');
    expect(formatNumber(0.0004, 'percent')).toBe('<0.1%');
    expect(formatNumber(0, 'percent')).toBe('0.0%');
    expect(formatNumber(null, 'currency', 'EUR')).toBe('–');
  });

  test('the definition refuses a bad currency, a sankey into itself and text where dates go', () => {
    const sankey = rfmVisual('segment-migration', 'sankey');
    const broken = withOnlyVisuals({ ...flows, currency: 'euro' }, [
      {
        ...sankey,
        target: { column: 'from_label' },
        period: { from: 'from_label', to: 'current_as_of_date' },
      },
    ]);
    expect(checkDashboardSpec(broken)).toEqual([
      'currency "euro" is not an ISO 4217 code (three uppercase letters)',
      'visual "segment-migration": period column "from_label" must be DATETIME',
      'visual "segment-migration": source and target are the same column; a flow needs two sides',
    ]);
  });
});
