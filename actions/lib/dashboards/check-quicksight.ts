import type { DashboardVersionDefinition } from '@aws-sdk/client-quicksight';
import type { ColumnType } from './types.js';

/** The columns of each dataset, keyed by the dataset identifier used in the definition. */
export type DeclaredColumns = Readonly<
  Record<string, readonly { readonly name: string; readonly type: ColumnType }[]>
>;

const GRID_COLUMNS = 36;
const MAX_ROW_SPAN = 21;

/** Which column types each kind of field accepts. */
const FIELD_TYPES: Readonly<Record<string, readonly ColumnType[]>> = {
  CategoricalDimensionField: ['STRING'],
  NumericalDimensionField: ['INTEGER', 'DECIMAL'],
  DateDimensionField: ['DATETIME'],
  NumericalMeasureField: ['INTEGER', 'DECIMAL'],
  DateMeasureField: ['DATETIME'],
  CategoryFilter: ['STRING'],
  NumericRangeFilter: ['INTEGER', 'DECIMAL'],
  NumericEqualityFilter: ['INTEGER', 'DECIMAL'],
};

type Json = unknown;
interface Visit {
  readonly node: Record<string, Json>;
  readonly path: string;
  /** Key of the object that holds this node (`NumericalMeasureField`, …). */
  readonly key: string;
}

/** Every object in the tree, with its path and the key it sits under. */
function* objects(node: Json, path = '', key = ''): Generator<Visit> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* objects(item, `${path}[${i}]`, key);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, Json>;
  yield { node: record, path, key };
  for (const [k, v] of Object.entries(record))
    yield* objects(v, path === '' ? k : `${path}.${k}`, k);
}

/** A field is defined by an object with FieldId and Column; `ApplyTo` only points at one. */
const definesField = (node: Record<string, Json>, key: string): boolean =>
  node.Column !== undefined && key !== 'ApplyTo';

const str = (v: Json): string | undefined => (typeof v === 'string' ? v : undefined);

function checkColumns(
  def: DashboardVersionDefinition,
  columns: DeclaredColumns,
  problems: string[],
) {
  const declarations = def.DataSetIdentifierDeclarations ?? [];
  const declared = new Set<string>();
  for (const d of declarations) {
    if (d.Identifier === undefined || d.DataSetArn === undefined || d.DataSetArn === '')
      problems.push(
        `DataSetIdentifierDeclarations: "${d.Identifier}" needs an identifier and an ARN`,
      );
    else if (declared.has(d.Identifier))
      problems.push(`DataSetIdentifierDeclarations: "${d.Identifier}" is declared twice`);
    else declared.add(d.Identifier);
  }
  for (const id of declared)
    if (columns[id] === undefined)
      problems.push(`dataset "${id}" is declared but its columns are unknown`);

  const hasColumn = (identifier: string, name: string) =>
    (columns[identifier] ?? []).some((c) => c.name === name);
  const roots = [
    [def.Sheets ?? [], 'Sheets'],
    [def.FilterGroups ?? [], 'FilterGroups'],
  ] as const;
  for (const [root, rootPath] of roots) {
    for (const { node, path, key } of objects(root, rootPath)) {
      const identifier = str(node.DataSetIdentifier);
      const name = str(node.ColumnName);
      if (identifier !== undefined && name !== undefined) {
        if (!declared.has(identifier))
          problems.push(`${path}: dataset identifier "${identifier}" is not declared`);
        else if (!hasColumn(identifier, name))
          problems.push(`${path}: dataset "${identifier}" has no column "${name}"`);
      }
      const ref = node.Column as Record<string, Json> | undefined;
      const refId = str(ref?.DataSetIdentifier);
      const refName = str(ref?.ColumnName);
      if (refId !== undefined && refName !== undefined)
        checkFieldType(key, refId, refName, columns, path, problems);
    }
  }
}

function checkFieldType(
  key: string,
  identifier: string,
  name: string,
  columns: DeclaredColumns,
  path: string,
  problems: string[],
) {
  const accepted = FIELD_TYPES[key];
  const type = (columns[identifier] ?? []).find((c) => c.name === name)?.type;
  if (accepted !== undefined && type !== undefined && !accepted.includes(type))
    problems.push(
      `${path}: ${key} on "${identifier}.${name}", which is ${type} (needs ${accepted.join(' or ')})`,
    );
}

function checkIds(def: DashboardVersionDefinition, problems: string[]) {
  const visualIds = new Set<string>();
  const fieldIds = new Set<string>();
  const filterIds = new Set<string>();
  for (const { node } of objects(def.FilterGroups ?? [])) {
    const id = str(node.FilterId);
    if (id !== undefined && node.Column !== undefined) filterIds.add(id);
  }
  for (const [s, sheet] of (def.Sheets ?? []).entries()) {
    const where = `Sheets[${s}] (${sheet.SheetId})`;
    const sheetVisuals = new Set<string>();
    for (const [i, visual] of (sheet.Visuals ?? []).entries()) {
      const kinds = Object.entries(visual).filter(([, v]) => v !== undefined);
      if (kinds.length !== 1)
        problems.push(`${where}.Visuals[${i}]: a visual must have exactly one kind`);
      const [kind, body] = kinds[0] ?? ['', {}];
      const id = str((body as Record<string, Json>).VisualId);
      if (id === undefined) problems.push(`${where}.Visuals[${i}]: ${kind} has no VisualId`);
      else if (visualIds.has(id)) problems.push(`${where}: VisualId "${id}" is used twice`);
      else {
        visualIds.add(id);
        sheetVisuals.add(id);
      }
      const own = new Set<string>();
      for (const { node, key } of objects(body)) {
        const fid = str(node.FieldId);
        if (fid === undefined || !definesField(node, key)) continue;
        if (fieldIds.has(fid)) problems.push(`${where}: FieldId "${fid}" is used twice`);
        fieldIds.add(fid);
        own.add(fid);
      }
      for (const { node, path, key } of objects(body, `${where}.Visuals[${i}].${kind}`)) {
        const fid = str(node.FieldId);
        if (fid !== undefined && !definesField(node, key) && !own.has(fid))
          problems.push(`${path}: refers to FieldId "${fid}", which this visual does not define`);
      }
    }
    const controls = new Set<string>();
    for (const control of sheet.FilterControls ?? []) {
      for (const body of Object.values(control)) {
        const b = body as Record<string, Json> | undefined;
        const id = str(b?.FilterControlId);
        if (id !== undefined) controls.add(id);
        const source = str(b?.SourceFilterId);
        if (source !== undefined && !filterIds.has(source))
          problems.push(`${where}: filter control "${id}" refers to unknown filter "${source}"`);
      }
    }
    checkLayout(where, sheet.Layouts ?? [], sheetVisuals, controls, problems);
  }
  for (const [g, group] of (def.FilterGroups ?? []).entries()) {
    for (const scope of group.ScopeConfiguration?.SelectedSheets
      ?.SheetVisualScopingConfigurations ?? []) {
      const sheet = (def.Sheets ?? []).find((s) => s.SheetId === scope.SheetId);
      if (sheet === undefined)
        problems.push(`FilterGroups[${g}]: scope names unknown sheet "${scope.SheetId}"`);
      for (const id of scope.VisualIds ?? [])
        if (!(sheet?.Visuals ?? []).some((v) => Object.values(v).some((b) => b?.VisualId === id)))
          problems.push(
            `FilterGroups[${g}]: scope names visual "${id}", which is not on sheet "${scope.SheetId}"`,
          );
    }
  }
}

function checkLayout(
  where: string,
  layouts: NonNullable<DashboardVersionDefinition['Sheets']>[number]['Layouts'] & object,
  visuals: ReadonlySet<string>,
  controls: ReadonlySet<string>,
  problems: string[],
) {
  if (layouts.length !== 1) {
    problems.push(`${where}: needs exactly one layout, has ${layouts.length}`);
    return;
  }
  const elements = layouts[0]?.Configuration?.GridLayout?.Elements ?? [];
  const placed = new Set<string>();
  const cells = new Map<string, string>();
  for (const e of elements) {
    const id = e.ElementId ?? '';
    placed.add(id);
    const known =
      e.ElementType === 'VISUAL'
        ? visuals.has(id)
        : e.ElementType === 'FILTER_CONTROL' && controls.has(id);
    if (!known)
      problems.push(`${where}: layout element "${id}" (${e.ElementType}) is not on the sheet`);
    const [col, span, row, rows] = [
      e.ColumnIndex ?? 0,
      e.ColumnSpan ?? 0,
      e.RowIndex ?? 0,
      e.RowSpan ?? 0,
    ];
    if (span < 1 || col + span > GRID_COLUMNS || rows < 1 || rows > MAX_ROW_SPAN)
      problems.push(
        `${where}: layout element "${id}" does not fit the grid (column ${col}+${span}, rows ${rows})`,
      );
    for (let c = col; c < col + span; c++)
      for (let r = row; r < row + rows; r++) {
        const other = cells.get(`${c},${r}`);
        if (other !== undefined && other !== id) {
          problems.push(`${where}: layout elements "${other}" and "${id}" overlap`);
          c = col + span;
          break;
        }
        cells.set(`${c},${r}`, id);
      }
  }
  for (const id of [...visuals, ...controls])
    if (!placed.has(id)) problems.push(`${where}: "${id}" is not placed in the layout`);
}

/** QuickSight's pattern for a currency symbol (an ISO 4217 code). */
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Currency formats QuickSight would refuse, and sankey diagrams whose flows would return to the
 * node they start from (the same column on both sides).
 */
function checkFormatsAndFlows(def: DashboardVersionDefinition, problems: string[]) {
  for (const { node, path, key } of objects(def.Sheets ?? [], 'Sheets')) {
    if (key === 'CurrencyDisplayFormatConfiguration') {
      const symbol = node.Symbol;
      if (typeof symbol !== 'string' || !CURRENCY.test(symbol))
        problems.push(
          `${path}: currency symbol ${JSON.stringify(symbol)} is not an ISO 4217 code (three uppercase letters)`,
        );
    }
    if (key === 'SankeyDiagramAggregatedFieldWells') {
      const columnOf = (well: Json) => {
        const field = (Array.isArray(well) ? well[0] : undefined) as
          | Record<string, { Column?: { DataSetIdentifier?: string; ColumnName?: string } }>
          | undefined;
        const column = Object.values(field ?? {})[0]?.Column;
        return column === undefined
          ? undefined
          : `${column.DataSetIdentifier}.${column.ColumnName}`;
      };
      const [source, destination] = [columnOf(node.Source), columnOf(node.Destination)];
      if (source === undefined || destination === undefined)
        problems.push(`${path}: a sankey diagram needs a source and a destination field`);
      else if (source === destination)
        problems.push(
          `${path}: source and destination are both "${source}"; every flow would return to its own node`,
        );
    }
  }
}

/**
 * Structural problems of a QuickSight `Definition` that the API would reject or render wrongly:
 * an undeclared dataset identifier, a column the dataset does not have or of the wrong type for
 * its field, duplicate visual or field ids, sorts and labels pointing at fields the visual lacks,
 * filter controls and scopes pointing nowhere, layouts that miss, overlap or overflow, currency
 * symbols that are not ISO 4217 codes and sankey diagrams that flow from a column to itself.
 */
export function checkQuickSightDefinition(
  def: DashboardVersionDefinition,
  columns: DeclaredColumns,
): string[] {
  const problems: string[] = [];
  checkColumns(def, columns, problems);
  checkIds(def, problems);
  checkFormatsAndFlows(def, problems);
  return problems;
}
