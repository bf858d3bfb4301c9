import { describe, expect, test } from '@jest/globals';
import type { DashboardVersionDefinition } from '@aws-sdk/client-quicksight';
import { checkQuickSightDefinition } from '../../../../actions/lib/dashboards/check-quicksight.js';
import { RFM_DASHBOARD, rfmDashboard } from '../../../../actions/lib/dashboards/definition.js';
import {
  toPhysicalTable,
  toQuickSightDefinition,
} from '../../../../actions/lib/dashboards/to-quicksight.js';
import { allVisuals } from '../../../../actions/lib/dashboards/types.js';
import { rfmVisual, withOnlyVisuals } from '../../../support/dashboard-spec.js';

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
    const kinds = (def.Sheets ?? []).map((s) => [
      s.SheetId,
      (s.Visuals ?? []).map((v) => `${Object.keys(v)[0]} ${Object.values(v)[0]?.VisualId}`),
    ]);
    expect(kinds).toEqual([
      [
        'overview',
        [
          'KPIVisual kpi-customers',
          'KPIVisual kpi-orders',
          'KPIVisual kpi-revenue',
          'KPIVisual kpi-aov',
          'KPIVisual kpi-clv-total',
          'KPIVisual kpi-clv-average',
          'TableVisual segment-table',
          'TableVisual segment-guide',
          'TreeMapVisual segment-treemap',
          'HeatMapVisual segment-grid',
          'SankeyDiagramVisual segment-migration',
        ],
      ],
      [
        'clusters',
        ['TableVisual cluster-table', 'ScatterPlotVisual scatter', 'HeatMapVisual centroids'],
      ],
      [
        'value',
        ['BarChartVisual clv-histogram', 'BarChartVisual clv-by-segment', 'TableVisual top-clv'],
      ],
      ['customers', ['TableVisual customer-table']],
    ]);
    const sheet = def.Sheets?.find((s) => s.SheetId === 'customers');
    expect(sheet?.FilterControls?.map((c) => c.Dropdown?.Title)).toEqual(['segment', 'cluster']);
    expect(
      def.FilterGroups?.map((g) => g.Filters?.[0]?.CategoryFilter?.Column?.ColumnName),
    ).toEqual(['segment_name', 'cluster_name']);
  });

  test('the new visuals read what they show: treemap, grid with its segment, migration', () => {
    const visuals = (definition().Sheets ?? []).flatMap((s) => s.Visuals ?? []);
    const find = (id: string) =>
      visuals.map((v) => Object.values(v)[0]).find((v) => v?.VisualId === id);

    const treemap = visuals.find((v) => v.TreeMapVisual)?.TreeMapVisual?.ChartConfiguration;
    const wells = treemap?.FieldWells?.TreeMapAggregatedFieldWells;
    expect(wells?.Groups?.[0]?.CategoricalDimensionField?.Column?.ColumnName).toBe('segment_name');
    expect(wells?.Sizes?.[0]?.NumericalMeasureField?.Column?.ColumnName).toBe('total_revenue');

    const grid = visuals.find((v) => v.HeatMapVisual?.VisualId === 'segment-grid')?.HeatMapVisual;
    const cells = grid?.ChartConfiguration?.FieldWells?.HeatMapAggregatedFieldWells;
    expect(cells?.Rows?.[0]?.NumericalDimensionField?.Column?.ColumnName).toBe('r_score');
    expect(cells?.Columns?.[0]?.NumericalDimensionField?.Column?.ColumnName).toBe('f_score');
    // Recency 5 (the best) on top.
    expect(grid?.ChartConfiguration?.SortConfiguration?.HeatMapRowSort?.[0]?.FieldSort).toEqual({
      FieldId: 'segment-grid.r_score',
      Direction: 'DESC',
    });
    const tip = grid?.ChartConfiguration?.Tooltip?.FieldBasedTooltip?.TooltipFields?.[0];
    expect(tip?.ColumnTooltipItem?.Column?.ColumnName).toBe('segment_name');
    expect(tip?.ColumnTooltipItem?.Aggregation?.AttributeAggregationFunction).toEqual({
      SimpleAttributeAggregation: 'UNIQUE_VALUE',
      ValueForMultipleValues: '*',
    });

    const sankey = visuals.find((v) => v.SankeyDiagramVisual)?.SankeyDiagramVisual;
    const flows = sankey?.ChartConfiguration?.FieldWells?.SankeyDiagramAggregatedFieldWells;
    expect(flows?.Source?.[0]?.CategoricalDimensionField?.Column?.ColumnName).toBe('from_label');
    expect(flows?.Destination?.[0]?.CategoricalDimensionField?.Column?.ColumnName).toBe('to_label');
    expect(flows?.Weight?.[0]?.NumericalMeasureField?.Column?.ColumnName).toBe('count_customers');
    expect(find('top-clv')).toBeDefined();
  });

  test('every money figure names the currency: formats, axis labels and table headers', () => {
    const eur = toQuickSightDefinition(rfmDashboard('EUR'), ARNS);
    const json = JSON.stringify(eur);
    const symbols = [...json.matchAll(/"Symbol":"([A-Z]{3})"/g)].map((m) => m[1]);
    expect(symbols.length).toBeGreaterThan(10);
    expect(new Set(symbols)).toEqual(new Set(['EUR']));
    expect(json).not.toContain('BRL');
    // Each money KPI is a currency, the others are not.
    const kpis = (eur.Sheets?.[0]?.Visuals ?? []).flatMap((v) =>
      v.KPIVisual === undefined ? [] : [v.KPIVisual],
    );
    const currencyKpis = kpis
      .filter(
        (k) =>
          k.ChartConfiguration?.FieldWells?.Values?.[0]?.NumericalMeasureField?.FormatConfiguration
            ?.FormatConfiguration?.CurrencyDisplayFormatConfiguration !== undefined,
      )
      .map((k) => k.VisualId);
    expect(currencyKpis).toEqual(['kpi-revenue', 'kpi-aov', 'kpi-clv-total', 'kpi-clv-average']);
    // Every header or axis label of a money column says EUR; no other label does.
    const money = new Set(
      RFM_DASHBOARD.datasets.flatMap((d) =>
        d.columns.filter((c) => c.format?.startsWith('currency')).map((c) => `${d.id}.${c.name}`),
      ),
    );
    const labels: [string, string][] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      const applyTo = o.ApplyTo as { FieldId?: string } | undefined;
      const field = typeof o.FieldId === 'string' ? o.FieldId : applyTo?.FieldId;
      if (typeof o.CustomLabel === 'string' && field !== undefined)
        labels.push([field, o.CustomLabel]);
      Object.values(o).forEach(walk);
    };
    walk(eur.Sheets);
    let named = 0;
    for (const [field, label] of labels) {
      const [visual, column] = field.split('.');
      const dataset = allVisuals(RFM_DASHBOARD).find((v) => v.id === visual)?.dataset;
      const isMoney = money.has(`${dataset}.${column}`);
      expect([field, label.endsWith('(EUR)')]).toEqual([field, isMoney]);
      if (isMoney) named += 1;
    }
    expect(named).toBeGreaterThan(5);
  });

  test('the structural check finds undeclared datasets, unknown columns, wrong types and layout faults', () => {
    const def = definition();
    const broken = JSON.parse(JSON.stringify(def)) as DashboardVersionDefinition;
    broken.DataSetIdentifierDeclarations = broken.DataSetIdentifierDeclarations?.filter(
      (d) => d.Identifier !== 'centroids',
    );
    const sheet = (id: string) => broken.Sheets?.find((s) => s.SheetId === id);
    const bar = sheet('value')?.Visuals?.find((v) => v.BarChartVisual)?.BarChartVisual;
    const category =
      bar?.ChartConfiguration?.FieldWells?.BarChartAggregatedFieldWells?.Category?.[0];
    if (category?.CategoricalDimensionField?.Column)
      category.CategoricalDimensionField.Column.ColumnName = 'bin_labl';
    const value = bar?.ChartConfiguration?.FieldWells?.BarChartAggregatedFieldWells?.Values?.[0];
    if (value?.NumericalMeasureField?.Column)
      value.NumericalMeasureField.Column.ColumnName = 'bin_label';
    const kpi = sheet('overview')?.Visuals?.[0]?.KPIVisual;
    const kpiValue = kpi?.ChartConfiguration?.FieldWells?.Values?.[0]?.NumericalMeasureField;
    if (kpiValue?.Column) kpiValue.Column = { DataSetIdentifier: 'kpis', ColumnName: 'as_of_date' };
    const elements = sheet('overview')?.Layouts?.[0]?.Configuration?.GridLayout?.Elements ?? [];
    elements.pop();
    if (elements[1]) elements[1].ColumnIndex = 0;

    const problems = checkQuickSightDefinition(broken, COLUMNS).join('\n');
    expect(problems).toMatch(/dataset identifier "centroids" is not declared/);
    expect(problems).toMatch(/dataset "clv-ranges" has no column "bin_labl"/);
    expect(problems).toMatch(/NumericalMeasureField on "clv-ranges.bin_label", which is STRING/);
    expect(problems).toMatch(/NumericalMeasureField on "kpis.as_of_date", which is DATETIME/);
    expect(problems).toMatch(/"segment-migration" is not placed in the layout/);
    expect(problems).toMatch(/layout elements "kpi-customers" and "kpi-orders" overlap/);
  });

  test('finds a currency QuickSight refuses and a sankey that flows into itself', () => {
    const broken = JSON.parse(JSON.stringify(definition())) as DashboardVersionDefinition;
    const overview = broken.Sheets?.[0]?.Visuals ?? [];
    const aov = overview.find((v) => v.KPIVisual?.VisualId === 'kpi-aov')?.KPIVisual;
    const format =
      aov?.ChartConfiguration?.FieldWells?.Values?.[0]?.NumericalMeasureField?.FormatConfiguration
        ?.FormatConfiguration?.CurrencyDisplayFormatConfiguration;
    if (format) format.Symbol = 'R$';
    const flows = overview.find((v) => v.SankeyDiagramVisual)?.SankeyDiagramVisual
      ?.ChartConfiguration?.FieldWells?.SankeyDiagramAggregatedFieldWells;
    const target = flows?.Destination?.[0]?.CategoricalDimensionField;
    if (target?.Column) target.Column.ColumnName = 'from_label';
    const problems = checkQuickSightDefinition(broken, COLUMNS).join('\n');
    expect(problems).toMatch(/currency symbol "R\$" is not an ISO 4217 code/);
    expect(problems).toMatch(
      /source and destination are both "migration.from_label"; every flow would return to its own node/,
    );
  });

  test('finds duplicate field ids and references to fields a visual lacks', () => {
    const broken = JSON.parse(JSON.stringify(definition())) as DashboardVersionDefinition;
    const customers = broken.Sheets?.find((s) => s.SheetId === 'customers');
    const table = customers?.Visuals?.[0]?.TableVisual?.ChartConfiguration;
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
    const spec = withOnlyVisuals(RFM_DASHBOARD, [
      {
        ...rfmVisual('clv-by-segment', 'bar', RFM_DASHBOARD),
        id: 'bad',
        span: 13,
        category: { column: 'nope' },
        value: { column: 'segment', aggregation: 'SUM' },
      },
    ]);
    expect(() => toQuickSightDefinition(spec, ARNS)).toThrow(
      /span 13 is not a whole number from 1 to 12[\s\S]*has no column "nope"[\s\S]*"segment" is STRING; its role \(measure\) needs a number/,
    );
  });
});
