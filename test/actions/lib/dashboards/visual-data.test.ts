import { describe, expect, test } from '@jest/globals';
import { aggregate, type Cell } from '../../../../actions/lib/dashboards/aggregate.js';
import { date, dec, int, money, share, str } from '../../../../actions/lib/dashboards/columns.js';
import { RFM_DASHBOARD } from '../../../../actions/lib/dashboards/definition.js';
import { checkDashboardSpec } from '../../../../actions/lib/dashboards/validate.js';
import { formatNumber } from '../../../../actions/lib/dashboards/format.js';
import {
  columnLabel,
  type DashboardSpec,
  type TableVisual,
} from '../../../../actions/lib/dashboards/types.js';
import {
  visualData,
  type SankeyData,
  type TableData,
} from '../../../../actions/lib/dashboards/visual-data.js';

const table: TableVisual = {
  kind: 'table',
  id: 't',
  title: 'T',
  dataset: 'people',
  span: 12,
  height: 'tall',
  rowNoun: 'people',
  columns: [{ column: 'name' }, { column: 'spend' }],
  sortBy: { column: 'spend', direction: 'desc' },
  filters: [{ column: 'team' }, { column: 'tier' }],
  maxRowsPerSelection: 2,
  pageRows: 2,
};

const spec: DashboardSpec = {
  id: 'test',
  title: 'Test',
  currency: 'EUR',
  datasets: [
    {
      id: 'people',
      name: 'People',
      source: { view: 'public.people' },
      columns: [str('name'), str('team'), str('tier'), int('tier_order'), dec('spend')],
    },
  ],
  sheets: [
    {
      id: 's',
      title: 'S',
      visuals: [
        table,
        {
          kind: 'bar',
          id: 'by-tier',
          title: 'By tier',
          dataset: 'people',
          span: 6,
          height: 'chart',
          category: { column: 'tier', sortBy: 'tier_order' },
          value: { column: 'spend', aggregation: 'SUM' },
          orientation: 'vertical',
          sort: 'category',
        },
        {
          kind: 'scatter',
          id: 'points',
          title: 'Points',
          dataset: 'people',
          span: 6,
          height: 'chart',
          x: { column: 'tier_order' },
          y: { column: 'spend' },
          colour: { column: 'team' },
          yScale: 'linear',
          maxPoints: 3,
        },
      ],
    },
  ],
};

// name, team, tier, tier_order, spend: team a has 3 gold and 1 silver, team b 1 gold and 1 silver.
const rows: Cell[][] = [
  ['a1', 'a', 'gold', 1, 50],
  ['a2', 'a', 'gold', 1, 40],
  ['a3', 'a', 'gold', 1, 30],
  ['a4', 'a', 'silver', 2, 60],
  ['b1', 'b', 'gold', 1, 10],
  ['b2', 'b', 'silver', 2, 5],
];
const data = visualData(spec, {
  people: { columns: ['name', 'team', 'tier', 'tier_order', 'spend'], rows },
});

describe('what each visual shows', () => {
  test('the table embeds the true top rows of every filter selection, and counts every row', () => {
    const t = data.t as TableData;
    const names = t.rows.map((r) => r[0]);
    // all/all: a4, a1; team a: a4, a1; gold: a1, a2; a+gold: a1, a2; b/*: b1, b2; silver: a4, b2.
    expect(names).toEqual(['a4', 'a1', 'a2', 'b1', 'b2']);
    expect(names).not.toContain('a3');
    expect(t.filterOptions).toEqual([
      ['a', 'b'],
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
    expect(data['by-tier']).toEqual({
      kind: 'bar',
      categories: ['gold', 'silver'],
      values: [130, 65],
    });
    expect(data.points).toMatchObject({ kind: 'scatter', shown: 3, total: 6 });
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
    const broken: DashboardSpec = {
      ...spec,
      sheets: [
        { id: 's', title: 'S', visuals: [{ ...table, filters: [{ column: 'spend' }] }, table] },
      ],
    };
    expect(checkDashboardSpec(broken)).toEqual([
      'visual id "t" is used more than once',
      'visual "t": filter column "spend" must be STRING',
    ]);
  });
});

describe('treemap, sankey, labelled grid and formatted tables', () => {
  const flows: DashboardSpec = {
    id: 'flows',
    title: 'Flows',
    currency: 'EUR',
    datasets: [
      {
        id: 'moves',
        name: 'Moves',
        source: { view: 'public.moves' },
        columns: [
          str('from_label'),
          str('to_label'),
          int('from_order'),
          int('to_order'),
          int('n'),
          date('then'),
          date('now'),
        ],
      },
      {
        id: 'cells',
        name: 'Cells',
        source: { view: 'public.cells' },
        columns: [
          int('r'),
          int('f'),
          str('name'),
          int('n'),
          money('revenue', 'revenue'),
          share('share'),
        ],
      },
    ],
    sheets: [
      {
        id: 's',
        title: 'S',
        visuals: [
          {
            kind: 'sankey',
            id: 'flow',
            title: 'Flow',
            dataset: 'moves',
            span: 12,
            height: 'tall',
            source: { column: 'from_label', sortBy: 'from_order' },
            target: { column: 'to_label', sortBy: 'to_order' },
            value: { column: 'n', aggregation: 'SUM' },
            period: { from: 'then', to: 'now' },
          },
          {
            kind: 'treemap',
            id: 'tree',
            title: 'Tree',
            dataset: 'cells',
            span: 6,
            height: 'chart',
            category: { column: 'name' },
            value: { column: 'revenue', aggregation: 'SUM' },
            format: 'currency-compact',
          },
          {
            kind: 'heatmap',
            id: 'grid',
            title: 'Grid',
            dataset: 'cells',
            span: 6,
            height: 'chart',
            rows: { column: 'r', order: 'desc' },
            columns: { column: 'f' },
            value: { column: 'n', aggregation: 'SUM' },
            label: { column: 'name' },
            format: 'integer',
          },
          {
            kind: 'table',
            id: 'cell-table',
            title: 'Cells',
            dataset: 'cells',
            span: 12,
            height: 'short',
            rowNoun: 'cells',
            columns: [{ column: 'name' }, { column: 'revenue' }, { column: 'share' }],
            sortBy: { column: 'revenue', direction: 'desc' },
            filters: [],
            maxRowsPerSelection: 10,
            pageRows: 10,
          },
        ],
      },
    ],
  };
  const shown = visualData(flows, {
    moves: {
      columns: ['from_label', 'to_label', 'from_order', 'to_order', 'n', 'then', 'now'],
      rows: [
        ['A (before)', 'B (now)', 1, 2, 5, '2018-03-01', '2018-06-01'],
        ['A (before)', 'A (now)', 1, 1, 7, '2018-03-01', '2018-06-01'],
        ['B (before)', 'B (now)', 2, 2, 3, '2018-03-01', '2018-06-01'],
        ['new (before)', 'A (now)', 0, 1, 2, '2018-03-01', '2018-06-01'],
        ['B (before)', 'A (now)', 2, 1, 0, '2018-03-01', '2018-06-01'],
      ],
    },
    cells: {
      columns: ['r', 'f', 'name', 'n', 'revenue', 'share'],
      rows: [
        [1, 1, 'Low', 10, 1234.5, 0.6],
        [1, 2, 'Low', 0, 0, 0],
        [2, 1, 'Mid', 4, 98765.4, 0.3999],
        [2, 2, 'High', 1, 5, 0.0001],
      ],
    },
  });

  test('the sankey: sources then targets in sortBy order, flows without the empty ones, the period', () => {
    expect(shown.flow).toEqual({
      kind: 'sankey',
      sources: ['new (before)', 'A (before)', 'B (before)'],
      targets: ['A (now)', 'B (now)'],
      links: expect.arrayContaining([
        { source: 'A (before)', target: 'B (now)', value: 5 },
        { source: 'new (before)', target: 'A (now)', value: 2 },
      ]),
      period: { from: '2018-03-01', to: '2018-06-01' },
    });
    expect((shown.flow as SankeyData).links).toHaveLength(4);
  });

  test('the treemap: biggest first, empty categories left out', () => {
    expect(shown.tree).toEqual({
      kind: 'treemap',
      categories: ['Mid', 'Low', 'High'],
      values: [98765.4, 1234.5, 5],
    });
  });

  test('the grid: rows in descending order, every cell with its label', () => {
    expect(shown.grid).toEqual({
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
    const t = shown['cell-table'] as TableData;
    expect(t.rows).toEqual([
      ['Mid', '98,765.40', '40.0%'],
      ['Low', '1,234.50', '60.0%'],
      ['High', '5.00', '<0.1%'],
      ['Low', '0.00', '0.0%'],
    ]);
    expect(t.numeric).toEqual([false, true, true]);
    expect(columnLabel(flows, 'cells', 'revenue')).toBe('revenue (EUR)');
    expect(columnLabel(flows, 'cells', 'share')).toBe('share');
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
    const [sankey] = flows.sheets[0]!.visuals;
    const broken: DashboardSpec = {
      ...flows,
      currency: 'euro',
      sheets: [
        {
          id: 's',
          title: 'S',
          visuals: [
            {
              ...(sankey as Extract<typeof sankey, { kind: 'sankey' }>),
              target: { column: 'from_label' },
              period: { from: 'from_label', to: 'now' },
            },
          ],
        },
      ],
    };
    expect(checkDashboardSpec(broken)).toEqual([
      'currency "euro" is not an ISO 4217 code (three uppercase letters)',
      'visual "flow": period column "from_label" must be DATETIME',
      'visual "flow": source and target are the same column; a flow needs two sides',
    ]);
  });
});
