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
  columnFormat,
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

  /** A measure, shown in `format` (default: its column's). */
  const measure = (ref: MeasureRef, format?: NumberFormat): MeasureField => {
    const field = { FieldId: fieldId(visual.id, ref.column), Column: column(ref.column) };
    const counts = ref.aggregation === 'COUNT' || ref.aggregation === 'DISTINCT_COUNT';
    if (typeOf(ref.column) === 'STRING' && counts)
      return { CategoricalMeasureField: { ...field, AggregationFunction: ref.aggregation } };
    const shown = format ?? columnFormat(findColumn(spec, dataset, ref.column));
    return {
      NumericalMeasureField: {
        ...field,
        AggregationFunction: { SimpleNumericalAggregation: ref.aggregation },
        FormatConfiguration: numberFormat(shown, spec.currency),
      },
    };
  };

  /** A column shown as it is, formatted as its column says (tables). */
  const unaggregated = (name: string) => {
    const found = findColumn(spec, dataset, name);
    const numeric = found?.type === 'INTEGER' || found?.type === 'DECIMAL';
    return {
      FieldId: fieldId(visual.id, name),
      Column: column(name),
      ...(numeric
        ? {
            FormatConfiguration: {
              NumberFormatConfiguration: numberFormat(columnFormat(found), spec.currency),
            },
          }
        : {}),
    };
  };

  /** Orders a field by its own values, or by the smallest value of its `sortBy` column. */
  const sortFor = (
    ref: FieldRef,
    direction: 'ASC' | 'DESC' = ref.order === 'desc' ? 'DESC' : 'ASC',
  ): FieldSortOptions =>
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

  return { column, dimension, measure, unaggregated, sortFor, axisLabel };
}

/** Decimal places per format, as the page shows them. */
const DECIMALS: Readonly<Record<NumberFormat, number>> = {
  integer: 0,
  decimal: 2,
  currency: 2,
  'currency-compact': 1,
  percent: 1,
  version: 0,
};

/** The number formats of the HTML page, in QuickSight's terms; money in `currency` (ISO 4217). */
export function numberFormat(format: NumberFormat, currency: string): NumberFormatConfiguration {
  const separators = {
    DecimalSeparator: 'DOT' as const,
    ThousandsSeparator: {
      Symbol: 'COMMA' as const,
      Visibility: format === 'version' ? ('HIDDEN' as const) : ('VISIBLE' as const),
    },
  };
  const decimals = { DecimalPlaces: DECIMALS[format] };
  if (format === 'currency' || format === 'currency-compact')
    return {
      FormatConfiguration: {
        CurrencyDisplayFormatConfiguration: {
          Symbol: currency,
          DecimalPlacesConfiguration: decimals,
          SeparatorConfiguration: separators,
          NumberScale: format === 'currency-compact' ? 'AUTO' : 'NONE',
        },
      },
    };
  if (format === 'percent')
    return {
      FormatConfiguration: {
        PercentageDisplayFormatConfiguration: {
          DecimalPlacesConfiguration: decimals,
          SeparatorConfiguration: separators,
        },
      },
    };
  return {
    FormatConfiguration: {
      NumberDisplayFormatConfiguration: {
        ...(format === 'version' ? { Prefix: 'v' } : {}),
        DecimalPlacesConfiguration: decimals,
        SeparatorConfiguration: separators,
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
      const colours =
        v.range === undefined
          ? {}
          : {
              ColorScale: {
                ColorFillType: 'GRADIENT' as const,
                Colors: HEAT_COLOURS.map((Color, i) => ({
                  Color,
                  DataValue:
                    v.range![0] + (i * (v.range![1] - v.range![0])) / (HEAT_COLOURS.length - 1),
                })),
              },
            };
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
            ...colours,
            DataLabels: { Visibility: 'VISIBLE' },
            // A heat map cell holds a number only: its label (a segment) goes in the tooltip.
            ...(v.label === undefined
              ? {}
              : {
                  Tooltip: {
                    TooltipVisibility: 'VISIBLE',
                    SelectedTooltipType: 'DETAILED',
                    FieldBasedTooltip: {
                      AggregationVisibility: 'HIDDEN',
                      TooltipTitleType: 'PRIMARY_VALUE',
                      TooltipFields: [
                        {
                          ColumnTooltipItem: {
                            Column: f.column(v.label.column),
                            Label: columnLabel(spec, v.dataset, v.label.column),
                            Visibility: 'VISIBLE',
                            Aggregation: {
                              AttributeAggregationFunction: {
                                SimpleAttributeAggregation: 'UNIQUE_VALUE',
                                ValueForMultipleValues: '*',
                              },
                            },
                          },
                        },
                        { FieldTooltipItem: { FieldId: fieldId(v.id, v.value.column) } },
                      ],
                    },
                  },
                }),
          },
        },
      };
    }
    case 'treemap':
      return {
        TreeMapVisual: {
          ...base,
          ChartConfiguration: {
            FieldWells: {
              TreeMapAggregatedFieldWells: {
                Groups: [f.dimension(v.category)],
                Sizes: [f.measure(v.value, v.format)],
              },
            },
            SortConfiguration: {
              TreeMapSort: [
                { FieldSort: { FieldId: fieldId(v.id, v.value.column), Direction: 'DESC' } },
              ],
            },
            GroupLabelOptions: f.axisLabel(v.category.column),
            SizeLabelOptions: f.axisLabel(v.value.column),
            DataLabels: { Visibility: 'VISIBLE' },
            Legend: { Visibility: 'HIDDEN' },
          },
        },
      };
    case 'sankey':
      return {
        SankeyDiagramVisual: {
          ...base,
          ChartConfiguration: {
            FieldWells: {
              SankeyDiagramAggregatedFieldWells: {
                Source: [f.dimension(v.source)],
                Destination: [f.dimension(v.target)],
                Weight: [f.measure(v.value)],
              },
            },
            SortConfiguration: {
              WeightSort: [
                { FieldSort: { FieldId: fieldId(v.id, v.value.column), Direction: 'DESC' } },
              ],
              // Every segment on both sides (ten, the new and the gone), none folded into "other".
              SourceItemsLimit: { ItemsLimit: 20, OtherCategories: 'INCLUDE' },
              DestinationItemsLimit: { ItemsLimit: 20, OtherCategories: 'INCLUDE' },
            },
            DataLabels: { Visibility: 'VISIBLE' },
          },
        },
      };
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
                Values: columns.map((c) => f.unaggregated(c)),
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
