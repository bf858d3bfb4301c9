/**
 * How DuckDB checks and inserts a staged Olist file (duckdb-stage.ts): each of the table's columns
 * by validate-field.ts's checks in SQL, repeated keys rejected, values cast to the column's type,
 * as check-csv.ts does in JavaScript.
 */
import type { ColumnSpec, TableSpec } from '../sources/olist-tables.js';
import type { StagePlan } from './duckdb-stage.js';
import { castSql, fieldProblemSql } from './field-checks-sql.js';
import type { TimeBounds } from './validate-field.js';

/** Each of the table's columns exactly once, in any order: the columns in file order, or undefined. */
function fileColumns(header: readonly string[], spec: TableSpec): ColumnSpec[] | undefined {
  const byName = new Map(spec.columns.map((c) => [c.name, c]));
  const columns = header.map((name) => byName.get(name));
  const complete =
    header.length === spec.columns.length &&
    new Set(header).size === header.length &&
    columns.every((c) => c !== undefined);
  return complete ? (columns as ColumnSpec[]) : undefined;
}

/**
 * The plan for a file of `spec`'s table whose header is `header`, or undefined when the header
 * is not the table's columns (the JavaScript reader then says what is wrong with it).
 */
export function olistPlan(
  spec: TableSpec,
  header: readonly string[],
  bounds: TimeBounds,
): StagePlan | undefined {
  const columns = fileColumns(header, spec);
  if (columns === undefined) return undefined;
  return {
    table: spec.table,
    width: columns.length,
    checks: columns.map((c, i) => ({
      column: c.name,
      problem: fieldProblemSql(c, `c${i}`, bounds),
    })),
    insert: columns.map((c, i) => ({ column: c.name, value: castSql(c, `c${i}`) })),
    ...(spec.key.length === 0
      ? {}
      : { key: { names: spec.key, fields: spec.key.map((k) => `c${header.indexOf(k)}`) } }),
  };
}
