import { describe, expect, test } from '@jest/globals';
import type { DashboardVersionDefinition } from '@aws-sdk/client-quicksight';
import { checkQuickSightDefinition } from '../../../../actions/lib/dashboards/check-quicksight.js';
import { RFM_DASHBOARD } from '../../../../actions/lib/dashboards/definition.js';
import {
  toPhysicalTable,
  toQuickSightDefinition,
} from '../../../../actions/lib/dashboards/to-quicksight.js';
import { allVisuals, type DashboardSpec } from '../../../../actions/lib/dashboards/types.js';

const ARNS = Object.fromEntries(
  RFM_DASHBOARD.datasets.map((d) => [
    d.id,
    `arn:aws:quicksight:eu-west-1:123456789012:dataset/rfm-t-${d.id}`,
  ]),
);
const COLUMNS = Object.fromEntries(RFM_DASHBOARD.datasets.map((d) => [d.id, d.columns]));
const definition = () => toQuickSightDefinition(RFM_DASHBOARD, ARNS);

/** Every `{ DataSetIdentifier, ColumnName }` in a tree, with where it sits. */
function columnRefs(node: unknown, path = ''): { path: string; dataset: string; column: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => columnRefs(n, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const here =
    typeof o.DataSetIdentifier === 'string' && typeof o.ColumnName === 'string'
      ? [{ path, dataset: o.DataSetIdentifier, column: o.ColumnName }]
      : [];
  return [...here, ...Object.entries(o).flatMap(([k, v]) => columnRefs(v, `${path}.${k}`))];
}

describe('the QuickSight Definition', () => {
  test('every visual names a declared dataset and only columns that dataset has', () => {
    const def = definition();
    const declared = new Map(
      (def.DataSetIdentifierDeclarations ?? []).map((d) => [d.Identifier, d.DataSetArn]),
    );
    expect(Object.fromEntries(declared)).toEqual(ARNS);

    const visuals = (def.Sheets ?? []).flatMap((s) => s.Visuals ?? []);
    expect(visuals).toHaveLength(allVisuals(RFM_DASHBOARD).length);
    for (const visual of visuals) {
      const refs = columnRefs(visual);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) {
        expect(declared.has(ref.dataset)).toBe(true);
        expect(COLUMNS[ref.dataset]?.map((c) => c.name)).toContain(ref.column);
      }
    }
    for (const ref of columnRefs(def.FilterGroups))
      expect(COLUMNS[ref.dataset]?.map((c) => c.name)).toContain(ref.column);
  });

  test('passes the structural check: ids, field references, filters and layout', () => {
    expect(checkQuickSightDefinition(definition(), COLUMNS)).toEqual([]);
  });

  test('has the visuals the dashboard promises', () => {
    const def = definition();
    const kinds = (def.Sheets ?? []).flatMap((s) =>
      (s.Visuals ?? []).map((v) => [Object.keys(v)[0], Object.values(v)[0]?.VisualId]),
    );
    expect(kinds).toEqual([
      ['KPIVisual', 'kpi-customers'],
      ['KPIVisual', 'kpi-orders'],
      ['KPIVisual', 'kpi-revenue'],
      ['KPIVisual', 'kpi-aov'],
      ['KPIVisual', 'kpi-model'],
      ['KPIVisual', 'kpi-k'],
      ['BarChartVisual', 'segments'],
      ['BarChartVisual', 'clusters'],
      ['ScatterPlotVisual', 'scatter'],
      ['HeatMapVisual', 'centroids'],
      ['TableVisual', 'customer-table'],
    ]);
    const sheet = def.Sheets?.[1];
    expect(sheet?.FilterControls?.map((c) => c.Dropdown?.Title)).toEqual(['segment', 'cluster']);
    expect(
      def.FilterGroups?.map((g) => g.Filters?.[0]?.CategoryFilter?.Column?.ColumnName),
    ).toEqual(['segment', 'cluster_name']);
  });

  test('the structural check finds undeclared datasets, unknown columns, wrong types and layout faults', () => {
    const def = definition();
    const broken = JSON.parse(JSON.stringify(def)) as DashboardVersionDefinition;
    broken.DataSetIdentifierDeclarations = broken.DataSetIdentifierDeclarations?.filter(
      (d) => d.Identifier !== 'centroids',
    );
    const bar = broken.Sheets?.[0]?.Visuals?.find((v) => v.BarChartVisual)?.BarChartVisual;
    const category =
      bar?.ChartConfiguration?.FieldWells?.BarChartAggregatedFieldWells?.Category?.[0];
    if (category?.CategoricalDimensionField?.Column)
      category.CategoricalDimensionField.Column.ColumnName = 'segmnt';
    const value = bar?.ChartConfiguration?.FieldWells?.BarChartAggregatedFieldWells?.Values?.[0];
    if (value?.NumericalMeasureField?.Column)
      value.NumericalMeasureField.Column.ColumnName = 'total_revenue';
    const kpi = broken.Sheets?.[0]?.Visuals?.[0]?.KPIVisual;
    const kpiValue = kpi?.ChartConfiguration?.FieldWells?.Values?.[0]?.NumericalMeasureField;
    if (kpiValue?.Column) kpiValue.Column = { DataSetIdentifier: 'kpis', ColumnName: 'as_of_date' };
    const elements = broken.Sheets?.[0]?.Layouts?.[0]?.Configuration?.GridLayout?.Elements ?? [];
    elements.pop();
    if (elements[1]) elements[1].ColumnIndex = 0;

    const problems = checkQuickSightDefinition(broken, COLUMNS).join('\n');
    expect(problems).toMatch(/dataset identifier "centroids" is not declared/);
    expect(problems).toMatch(/dataset "segments" has no column "segmnt"/);
    expect(problems).toMatch(/NumericalMeasureField on "kpis.as_of_date", which is DATETIME/);
    expect(problems).toMatch(/"centroids" is not placed in the layout/);
    expect(problems).toMatch(/layout elements "kpi-customers" and "kpi-orders" overlap/);
  });

  test('finds duplicate field ids and references to fields a visual lacks', () => {
    const broken = JSON.parse(JSON.stringify(definition())) as DashboardVersionDefinition;
    const table = broken.Sheets?.[1]?.Visuals?.[0]?.TableVisual?.ChartConfiguration;
    const values = table?.FieldWells?.TableUnaggregatedFieldWells?.Values ?? [];
    if (values[1]) values[1].FieldId = values[0]?.FieldId;
    const sort = table?.SortConfiguration?.RowSort?.[0]?.FieldSort;
    if (sort) sort.FieldId = 'nowhere';
    const problems = checkQuickSightDefinition(broken, COLUMNS).join('\n');
    expect(problems).toMatch(/FieldId "customer-table.customer_unique_id" is used twice/);
    expect(problems).toMatch(/refers to FieldId "nowhere", which this visual does not define/);
  });

  test('views become relational tables and SQL becomes custom SQL, with typed columns', () => {
    const [kpis, customers] = ['kpis', 'customers'].map((id) =>
      RFM_DASHBOARD.datasets.find((d) => d.id === id)!,
    );
    expect(toPhysicalTable(kpis!, 'arn:source')).toEqual({
      RelationalTable: {
        DataSourceArn: 'arn:source',
        Schema: 'public',
        Name: 'dashboard_kpis',
        InputColumns: expect.arrayContaining([
          { Name: 'as_of_date', Type: 'DATETIME' },
          { Name: 'total_revenue', Type: 'DECIMAL', SubType: 'FLOAT' },
          { Name: 'k', Type: 'INTEGER' },
        ]),
      },
    });
    const sql = toPhysicalTable(customers!, 'arn:source').CustomSql;
    expect(sql?.SqlQuery).toMatch(/from public\.customer_segments/);
    expect(sql?.Columns?.map((c) => c.Name)).toEqual(customers!.columns.map((c) => c.name));
  });

  test('an inconsistent dashboard definition is refused before anything is built', () => {
    const spec: DashboardSpec = {
      ...RFM_DASHBOARD,
      sheets: [
        {
          id: 'only',
          title: 'Only',
          visuals: [
            {
              kind: 'bar',
              id: 'bad',
              title: 'Bad',
              dataset: 'segments',
              span: 13,
              height: 'chart',
              category: { column: 'nope' },
              value: { column: 'segment', aggregation: 'SUM' },
              orientation: 'vertical',
              sort: 'category',
            },
          ],
        },
      ],
    };
    expect(() => toQuickSightDefinition(spec, ARNS)).toThrow(
      /span 13 is not a whole number from 1 to 12[\s\S]*has no column "nope"[\s\S]*"segment" is STRING; its role \(measure\) needs a number/,
    );
  });
});
