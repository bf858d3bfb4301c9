import { describe, expect, test } from '@jest/globals';
import { aggregate, type Cell } from '../../../../actions/lib/dashboards/aggregate.js';
import { RFM_DASHBOARD } from '../../../../actions/lib/dashboards/definition.js';
import { checkDashboardSpec } from '../../../../actions/lib/dashboards/validate.js';
import type { DashboardSpec, TableVisual } from '../../../../actions/lib/dashboards/types.js';
import { visualData, type TableData } from '../../../../actions/lib/dashboards/visual-data.js';

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
  datasets: [
    {
      id: 'people',
      name: 'People',
      source: { view: 'public.people' },
      columns: [
        { name: 'name', type: 'STRING' },
        { name: 'team', type: 'STRING' },
        { name: 'tier', type: 'STRING' },
        { name: 'tier_order', type: 'INTEGER' },
        { name: 'spend', type: 'DECIMAL' },
      ],
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
