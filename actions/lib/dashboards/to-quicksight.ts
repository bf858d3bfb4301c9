import type {
  DashboardVersionDefinition,
  FilterControl,
  FilterGroup,
  GridLayoutElement,
  InputColumn,
  LogicalTable,
  PhysicalTable,
  SheetDefinition,
} from '@aws-sdk/client-quicksight';
import { fieldBuilder, toQuickSightVisual } from './quicksight-visuals.js';
import {
  allVisuals,
  columnLabel,
  type DashboardSpec,
  type DatasetSpec,
  type SheetSpec,
  type TableVisual,
  type VisualHeight,
} from './types.js';
import { assertValidSpec } from './validate.js';

/** QuickSight's grid is 36 columns wide; the definition's spans are twelfths. */
const GRID_COLUMNS = 36;
const ROW_SPAN: Record<VisualHeight, number> = { kpi: 4, short: 10, chart: 12, tall: 18 };
const FILTER_CONTROL = { columnSpan: 9, rowSpan: 2 };

/** A dataset's table as QuickSight imports it: the view itself, or the SQL as custom SQL. */
export function toPhysicalTable(dataset: DatasetSpec, dataSourceArn: string): PhysicalTable {
  const columns: InputColumn[] = dataset.columns.map((c) => ({
    Name: c.name,
    Type: c.type,
    ...(c.type === 'DECIMAL' ? { SubType: 'FLOAT' as const } : {}),
  }));
  if ('sql' in dataset.source) {
    return {
      CustomSql: {
        DataSourceArn: dataSourceArn,
        Name: dataset.id,
        SqlQuery: dataset.source.sql,
        Columns: columns,
      },
    };
  }
  const [schema, name] = dataset.source.view.includes('.')
    ? dataset.source.view.split('.', 2)
    : ['public', dataset.source.view];
  return {
    RelationalTable: {
      DataSourceArn: dataSourceArn,
      Schema: schema,
      Name: name,
      InputColumns: columns,
    },
  };
}

/** The single logical table over the physical one. */
export const toLogicalTable = (dataset: DatasetSpec): LogicalTable => ({
  Alias: dataset.name,
  Source: { PhysicalTableId: dataset.id },
});

/** One drop-down per table filter, scoped to that table. */
function tableFilters(spec: DashboardSpec, sheet: SheetSpec, table: TableVisual) {
  const f = fieldBuilder(spec, table);
  const groups: FilterGroup[] = [];
  const controls: FilterControl[] = [];
  for (const filter of table.filters) {
    const id = `${table.id}-${filter.column}`;
    groups.push({
      FilterGroupId: id,
      CrossDataset: 'SINGLE_DATASET',
      Status: 'ENABLED',
      Filters: [
        {
          CategoryFilter: {
            FilterId: `${id}-filter`,
            Column: f.column(filter.column),
            Configuration: {
              FilterListConfiguration: {
                MatchOperator: 'CONTAINS',
                SelectAllOptions: 'FILTER_ALL_VALUES',
              },
            },
          },
        },
      ],
      ScopeConfiguration: {
        SelectedSheets: {
          SheetVisualScopingConfigurations: [
            { SheetId: sheet.id, Scope: 'SELECTED_VISUALS', VisualIds: [table.id] },
          ],
        },
      },
    });
    controls.push({
      Dropdown: {
        FilterControlId: `${id}-control`,
        SourceFilterId: `${id}-filter`,
        Title: columnLabel(spec, table.dataset, filter.column),
        Type: 'MULTI_SELECT',
      },
    });
  }
  return { groups, controls };
}

/** Places elements left to right, wrapping to a new row when the 36 columns are used up. */
function flowLayout(
  items: readonly {
    id: string;
    type: 'VISUAL' | 'FILTER_CONTROL';
    columnSpan: number;
    rowSpan: number;
  }[],
) {
  const elements: GridLayoutElement[] = [];
  let column = 0;
  let row = 0;
  let rowHeight = 0;
  for (const item of items) {
    if (column + item.columnSpan > GRID_COLUMNS) {
      row += rowHeight;
      column = 0;
      rowHeight = 0;
    }
    elements.push({
      ElementId: item.id,
      ElementType: item.type,
      ColumnIndex: column,
      ColumnSpan: item.columnSpan,
      RowIndex: row,
      RowSpan: item.rowSpan,
    });
    column += item.columnSpan;
    rowHeight = Math.max(rowHeight, item.rowSpan);
  }
  return elements;
}

function toSheet(spec: DashboardSpec, sheet: SheetSpec) {
  const filters = sheet.visuals
    .filter((v): v is TableVisual => v.kind === 'table')
    .map((t) => tableFilters(spec, sheet, t));
  const controls = filters.flatMap((f) => f.controls);
  const layout = flowLayout([
    ...controls.map((c) => ({
      id: c.Dropdown?.FilterControlId ?? '',
      type: 'FILTER_CONTROL' as const,
      ...FILTER_CONTROL,
    })),
    ...sheet.visuals.map((v) => ({
      id: v.id,
      type: 'VISUAL' as const,
      columnSpan: (v.span * GRID_COLUMNS) / 12,
      rowSpan: ROW_SPAN[v.height],
    })),
  ]);
  const definition: SheetDefinition = {
    SheetId: sheet.id,
    Name: sheet.title,
    Title: sheet.title,
    ...(sheet.description === undefined ? {} : { Description: sheet.description }),
    ContentType: 'INTERACTIVE',
    Visuals: sheet.visuals.map((v) => toQuickSightVisual(spec, v)),
    ...(controls.length === 0 ? {} : { FilterControls: controls }),
    Layouts: [
      {
        Configuration: {
          GridLayout: {
            Elements: layout,
            CanvasSizeOptions: {
              ScreenCanvasSizeOptions: { ResizeOption: 'FIXED', OptimizedViewPortWidth: '1600px' },
            },
          },
        },
      },
    ],
  };
  return { definition, filterGroups: filters.flatMap((f) => f.groups) };
}

/**
 * The dashboard definition as QuickSight's `Definition`: one dataset identifier per dataset
 * (mapped to the ARNs given), one sheet per sheet, the table filters as filter groups with
 * drop-down controls.
 */
export function toQuickSightDefinition(
  spec: DashboardSpec,
  dataSetArns: Readonly<Record<string, string>>,
): DashboardVersionDefinition {
  assertValidSpec(spec);
  const used = new Set(allVisuals(spec).map((v) => v.dataset));
  const missing = [...used].filter((id) => dataSetArns[id] === undefined);
  if (missing.length > 0)
    throw new Error(`no QuickSight dataset ARN for dataset(s) ${missing.join(', ')}`);
  const sheets = spec.sheets.map((s) => toSheet(spec, s));
  return {
    DataSetIdentifierDeclarations: spec.datasets
      .filter((d) => used.has(d.id))
      .map((d) => ({ Identifier: d.id, DataSetArn: dataSetArns[d.id] })),
    Sheets: sheets.map((s) => s.definition),
    FilterGroups: sheets.flatMap((s) => s.filterGroups),
  };
}
