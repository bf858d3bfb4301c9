import type {
  ChartAxisLabelOptions,
  ColumnIdentifier,
  DimensionField,
  FieldSortOptions,
  MeasureField,
  NumberFormatConfiguration,
  Visual,
} from '@aws-sdk/client-quicksight';
import {
  columnLabel,
  findColumn,
  type DashboardSpec,
  type FieldRef,
  type MeasureRef,
  type NumberFormat,
  type VisualSpec,
} from './types.js';

/** Light to dark blue, the same scale as the HTML heat map. */
const HEAT_COLOURS = ['#f0f5fb', '#9ec5e8', '#3b82c4', '#1d4f86'];

/** Field ids are unique across the dashboard: the visual id, then the column. */
export const fieldId = (visualId: string, column: string): string => `${visualId}.${column}`;

/** Builds the fields of one visual against the dataset the visual reads. */
export function fieldBuilder(spec: DashboardSpec, visual: VisualSpec) {
  const dataset = visual.dataset;
  const column = (name: string): ColumnIdentifier => ({
    DataSetIdentifier: dataset,
    ColumnName: name,
  });
  const typeOf = (name: string) => findColumn(spec, dataset, name)?.type ?? 'STRING';

  const dimension = (ref: FieldRef | string): DimensionField => {
    const name = typeof ref === 'string' ? ref : ref.column;
    const field = { FieldId: fieldId(visual.id, name), Column: column(name) };
    const type = typeOf(name);
    if (type === 'STRING') return { CategoricalDimensionField: field };
    if (type === 'DATETIME') return { DateDimensionField: field };
    return { NumericalDimensionField: field };
  };

  const measure = (ref: MeasureRef, format?: NumberFormat): MeasureField => {
    const field = { FieldId: fieldId(visual.id, ref.column), Column: column(ref.column) };
    const counts = ref.aggregation === 'COUNT' || ref.aggregation === 'DISTINCT_COUNT';
    if (typeOf(ref.column) === 'STRING' && counts)
      return { CategoricalMeasureField: { ...field, AggregationFunction: ref.aggregation } };
    return {
      NumericalMeasureField: {
        ...field,
        AggregationFunction: { SimpleNumericalAggregation: ref.aggregation },
        ...(format === undefined ? {} : { FormatConfiguration: numberFormat(format) }),
      },
    };
  };

  /** Orders a field by its own values, or by the smallest value of its `sortBy` column. */
  const sortFor = (ref: FieldRef, direction: 'ASC' | 'DESC' = 'ASC'): FieldSortOptions =>
    ref.sortBy === undefined
      ? { FieldSort: { FieldId: fieldId(visual.id, ref.column), Direction: direction } }
      : {
          ColumnSort: {
            SortBy: column(ref.sortBy),
            Direction: direction,
            AggregationFunction: {
              NumericalAggregationFunction: { SimpleNumericalAggregation: 'MIN' },
            },
          },
        };

  /** A custom axis label for one field. */
  const axisLabel = (name: string): ChartAxisLabelOptions => ({
    Visibility: 'VISIBLE',
    AxisLabelOptions: [
      {
        CustomLabel: columnLabel(spec, dataset, name),
        ApplyTo: { FieldId: fieldId(visual.id, name), Column: column(name) },
      },
    ],
  });

  return { column, dimension, measure, sortFor, axisLabel };
}

/** The number formats of the HTML page, in QuickSight's terms. */
function numberFormat(format: NumberFormat): NumberFormatConfiguration {
  const grouping = format !== 'version';
  return {
    FormatConfiguration: {
      NumberDisplayFormatConfiguration: {
        ...(format === 'version' ? { Prefix: 'v' } : {}),
        DecimalPlacesConfiguration: {
          DecimalPlaces: format === 'decimal' || format === 'currency' ? 2 : 0,
        },
        SeparatorConfiguration: {
          DecimalSeparator: 'DOT',
          ThousandsSeparator: { Symbol: 'COMMA', Visibility: grouping ? 'VISIBLE' : 'HIDDEN' },
        },
      },
    },
  };
}

const titles = (v: VisualSpec) => ({
  Title: { Visibility: 'VISIBLE' as const, FormatText: { PlainText: v.title } },
  ...(v.subtitle === undefined
    ? {}
    : { Subtitle: { Visibility: 'VISIBLE' as const, FormatText: { PlainText: v.subtitle } } }),
});

/** One visual of the definition as a QuickSight `Visual`. */
export function toQuickSightVisual(spec: DashboardSpec, v: VisualSpec): Visual {
  const f = fieldBuilder(spec, v);
  const base = { VisualId: v.id, ...titles(v) };
  switch (v.kind) {
    case 'kpi':
      return {
        KPIVisual: {
          ...base,
          ChartConfiguration: { FieldWells: { Values: [f.measure(v.value, v.format)] } },
        },
      };
    case 'bar':
      return {
        BarChartVisual: {
          ...base,
          ChartConfiguration: {
            FieldWells: {
              BarChartAggregatedFieldWells: {
                Category: [f.dimension(v.category)],
                Values: [f.measure(v.value)],
              },
            },
            Orientation: v.orientation === 'horizontal' ? 'HORIZONTAL' : 'VERTICAL',
            BarsArrangement: 'CLUSTERED',
            SortConfiguration: {
              CategorySort: [
                v.sort === 'value-desc'
                  ? { FieldSort: { FieldId: fieldId(v.id, v.value.column), Direction: 'DESC' } }
                  : f.sortFor(v.category),
              ],
            },
            CategoryLabelOptions: f.axisLabel(v.category.column),
            ValueLabelOptions: f.axisLabel(v.value.column),
            DataLabels: { Visibility: 'VISIBLE' },
          },
        },
      };
    case 'scatter':
      return {
        ScatterPlotVisual: {
          ...base,
          ChartConfiguration: {
            FieldWells: {
              ScatterPlotUnaggregatedFieldWells: {
                XAxis: [f.dimension(v.x)],
                YAxis: [f.dimension(v.y)],
                Category: [f.dimension(v.colour)],
              },
            },
            XAxisLabelOptions: f.axisLabel(v.x.column),
            YAxisLabelOptions: f.axisLabel(v.y.column),
            ...(v.yScale === 'log'
              ? {
                  YAxisDisplayOptions: {
                    DataOptions: { NumericAxisOptions: { Scale: { Logarithmic: { Base: 10 } } } },
                  },
                }
              : {}),
            Legend: { Visibility: 'VISIBLE' },
          },
        },
      };
    case 'heatmap': {
      const [lo, hi] = v.range;
      const step = (hi - lo) / (HEAT_COLOURS.length - 1);
      return {
        HeatMapVisual: {
          ...base,
          ChartConfiguration: {
            FieldWells: {
              HeatMapAggregatedFieldWells: {
                Rows: [f.dimension(v.rows)],
                Columns: [f.dimension(v.columns)],
                Values: [f.measure(v.value, v.format)],
              },
            },
            SortConfiguration: {
              HeatMapRowSort: [f.sortFor(v.rows)],
              HeatMapColumnSort: [f.sortFor(v.columns)],
            },
            RowLabelOptions: f.axisLabel(v.rows.column),
            ColumnLabelOptions: f.axisLabel(v.columns.column),
            ColorScale: {
              ColorFillType: 'GRADIENT',
              Colors: HEAT_COLOURS.map((Color, i) => ({ Color, DataValue: lo + i * step })),
            },
            DataLabels: { Visibility: 'VISIBLE' },
          },
        },
      };
    }
    case 'table': {
      const columns = v.columns.map((c) => c.column);
      const sortField = columns.includes(v.sortBy.column)
        ? ({
            FieldSort: {
              FieldId: fieldId(v.id, v.sortBy.column),
              Direction: v.sortBy.direction === 'asc' ? 'ASC' : 'DESC',
            },
          } as const)
        : ({
            ColumnSort: {
              SortBy: f.column(v.sortBy.column),
              Direction: v.sortBy.direction === 'asc' ? 'ASC' : 'DESC',
            },
          } as const);
      return {
        TableVisual: {
          ...base,
          ChartConfiguration: {
            FieldWells: {
              TableUnaggregatedFieldWells: {
                Values: columns.map((c) => ({ FieldId: fieldId(v.id, c), Column: f.column(c) })),
              },
            },
            SortConfiguration: {
              RowSort: [sortField],
              PaginationConfiguration: { PageSize: v.pageRows, PageNumber: 1 },
            },
            FieldOptions: {
              SelectedFieldOptions: columns.map((c) => ({
                FieldId: fieldId(v.id, c),
                CustomLabel: columnLabel(spec, v.dataset, c),
              })),
            },
          },
        },
      };
    }
  }
}
