import { allVisuals, visualFields, type ColumnType, type DashboardSpec } from './types.js';

/** Ids become QuickSight ids and HTML element ids: keep them plain. */
const ID = /^[a-z][a-z0-9-]{0,62}$/;
const NUMERIC: readonly ColumnType[] = ['INTEGER', 'DECIMAL'];

/** Thrown when a dashboard definition contradicts itself; lists every problem. */
export class DashboardSpecError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`dashboard definition is inconsistent:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DashboardSpecError';
  }
}

function duplicates(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

/**
 * Every problem of a definition: unknown datasets or columns, a column whose type cannot play its
 * role (a SUM over text, a filter on a number), duplicate or malformed ids, spans outside 1-12.
 */
export function checkDashboardSpec(spec: DashboardSpec): string[] {
  const problems: string[] = [];
  if (!/^[A-Z]{3}$/.test(spec.currency))
    problems.push(`currency "${spec.currency}" is not an ISO 4217 code (three uppercase letters)`);
  const datasets = new Map(spec.datasets.map((d) => [d.id, d]));
  const visuals = allVisuals(spec);

  for (const [kind, ids] of [
    ['dataset', spec.datasets.map((d) => d.id)],
    ['sheet', spec.sheets.map((s) => s.id)],
    ['visual', visuals.map((v) => v.id)],
  ] as const) {
    for (const id of ids) if (!ID.test(id)) problems.push(`${kind} id "${id}" must match ${ID}`);
    for (const id of duplicates(ids)) problems.push(`${kind} id "${id}" is used more than once`);
  }

  for (const dataset of spec.datasets) {
    const names = dataset.columns.map((c) => c.name);
    for (const name of duplicates(names))
      problems.push(`dataset "${dataset.id}": column "${name}" is declared more than once`);
    for (const field of ['orderBy', 'key'] as const)
      for (const name of dataset[field] ?? [])
        if (!names.includes(name))
          problems.push(`dataset "${dataset.id}": ${field} names unknown column "${name}"`);
  }

  for (const visual of visuals) {
    const where = `visual "${visual.id}"`;
    if (!Number.isInteger(visual.span) || visual.span < 1 || visual.span > 12)
      problems.push(`${where}: span ${visual.span} is not a whole number from 1 to 12`);
    const dataset = datasets.get(visual.dataset);
    if (dataset === undefined) {
      problems.push(`${where}: unknown dataset "${visual.dataset}"`);
      continue;
    }
    const types = new Map(dataset.columns.map((c) => [c.name, c.type]));
    for (const { column, role } of visualFields(visual)) {
      const type = types.get(column);
      if (type === undefined) {
        problems.push(`${where}: dataset "${dataset.id}" has no column "${column}"`);
        continue;
      }
      const numericRole =
        role === 'sort' ||
        (role === 'value' && visual.kind === 'scatter') ||
        (role === 'measure' && !measureCounts(visual, column));
      if (numericRole && !NUMERIC.includes(type))
        problems.push(`${where}: column "${column}" is ${type}; its role (${role}) needs a number`);
    }
    const mustBe = (column: string | undefined, type: ColumnType, what: string) => {
      if (column !== undefined && types.get(column) !== undefined && types.get(column) !== type)
        problems.push(`${where}: ${what} column "${column}" must be ${type}`);
    };
    if (visual.kind === 'table')
      for (const filter of visual.filters) mustBe(filter.column, 'STRING', 'filter');
    if (visual.kind === 'heatmap') mustBe(visual.label?.column, 'STRING', 'label');
    if (visual.kind === 'sankey') {
      mustBe(visual.source.column, 'STRING', 'source');
      mustBe(visual.target.column, 'STRING', 'target');
      mustBe(visual.period?.from, 'DATETIME', 'period');
      mustBe(visual.period?.to, 'DATETIME', 'period');
      if (visual.source.column === visual.target.column)
        problems.push(`${where}: source and target are the same column; a flow needs two sides`);
    }
  }
  return problems;
}

/** COUNT and DISTINCT_COUNT work on any column type. */
function measureCounts(visual: ReturnType<typeof allVisuals>[number], column: string): boolean {
  const measures = visual.kind === 'scatter' || visual.kind === 'table' ? [] : [visual.value];
  return measures.some(
    (m) => m.column === column && (m.aggregation === 'COUNT' || m.aggregation === 'DISTINCT_COUNT'),
  );
}

/** Throws a `DashboardSpecError` listing every problem, if there is any. */
export function assertValidSpec(spec: DashboardSpec): void {
  const problems = checkDashboardSpec(spec);
  if (problems.length > 0) throw new DashboardSpecError(problems);
}
