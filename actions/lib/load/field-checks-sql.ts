/**
 * The row checks of validate-field.ts as DuckDB SQL, for files the DuckDB loader reads with its own
 * CSV reader: each column's check is an expression that yields the same reason, word for word,
 * or NULL when the value can be stored. test/actions/lib/load/field-checks-sql.test.ts holds the
 * two to the same answers.
 */
import type { ColumnSpec } from '../sources/olist-tables.js';
import type { TimeBounds } from './validate-field.js';

const INT32_MAX = 2_147_483_647;

/** A SQL string literal (DuckDB does not read backslash escapes in one). */
export const sqlText = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** `"<value>"` as the messages quote a value. */
const quoted = (v: string): string => `'"' || ${v} || '"'`;

/**
 * Why the text value `v` (a SQL expression, NULL for an empty field) cannot be stored in
 * `column`, or NULL. Fields holding a line break never get here (the loader reads such files
 * in JavaScript), so the id check for one is not repeated.
 */
export function fieldProblemSql(column: ColumnSpec, v: string, bounds: TimeBounds): string {
  const empty = column.required ? `'is empty but required'` : 'null';
  return `case when ${v} is null or ${v} = '' then ${empty} ${typeCases(column, v, bounds)} else null end`;
}

function typeCases(column: ColumnSpec, v: string, bounds: TimeBounds): string {
  switch (column.type) {
    case 'id':
    case 'text':
      return textCases(column, v);
    case 'integer':
      // Nine digits always fit: only longer values need the exact test.
      return `when regexp_full_match(${v}, '[+-]?[0-9]{1,9}') then null when not regexp_full_match(${v}, '[+-]?[0-9]+') or coalesce(abs(try_cast(${v} as hugeint)) > ${INT32_MAX}, true) then ${quoted(v)} || ' is not a whole number'`;
    case 'decimal':
      return decimalCases(v, column.decimal ?? [38, 0]);
    case 'timestamp':
      return timestampCases(column, v, bounds);
  }
}

function textCases(column: ColumnSpec, v: string): string {
  const length = column.length;
  if (length === undefined) return '';
  const cases: string[] = [];
  if (column.fixed === true) {
    // strlen counts bytes, length characters: they differ exactly when a character is wider.
    cases.push(
      `when strlen(${v}) <> length(${v}) then 'holds "' || regexp_extract(${v}, '[^\\x00-\\x7F]') || '", a character of more than one byte; Redshift''s char(${length}) takes single-byte characters only'`,
    );
  }
  cases.push(
    `when strlen(${v}) > ${length} then case when strlen(${v}) = length(${v}) then 'is ' || length(${v}) || ' characters long, more than ${length}' else 'is ' || strlen(${v}) || ' bytes long in UTF-8 (' || length(${v}) || ' characters), more than ${length}: Redshift counts a varchar''s length in bytes' end`,
  );
  return cases.join(' ');
}

function decimalCases(v: string, [precision, scale]: readonly [number, number]): string {
  const dot = `strpos(${v}, '.')`;
  const fraction = `case when ${dot} = 0 then 0 else strlen(${v}) - ${dot} end`;
  const integer = `greatest(strlen(ltrim(split_part(ltrim(${v}, '+-'), '.', 1), '0')), 1)`;
  // The common case in one pattern; leading zeros and the reasons take the longer way.
  const fits = `[+-]?[0-9]{1,${precision - scale}}(\\.[0-9]{0,${scale}})?`;
  return [
    `when regexp_full_match(${v}, '${fits}') then null`,
    `when not regexp_full_match(${v}, '[+-]?[0-9]+(\\.[0-9]*)?') then ${quoted(v)} || ' is not a number'`,
    `when ${fraction} > ${scale} then ${quoted(v)} || ' has more than ${scale} decimal places'`,
    `when ${integer} > ${precision - scale} then ${quoted(v)} || ' is too large for decimal(${precision},${scale})'`,
  ].join(' ');
}

const TIMESTAMP = '[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6})?)?)?';
const STRICT_TIMESTAMP =
  '[0-9]{4}-[0-9]{2}-[0-9]{2}( ([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?)?';

function timestampCases(column: ColumnSpec, v: string, bounds: TimeBounds): string {
  // A value of the strict pattern (hours, minutes and seconds in range) is real when its date
  // is: DuckDB's DATE is the proleptic Gregorian calendar, as the JavaScript check (year 0 leaps).
  const real = `regexp_full_match(${v}, '${STRICT_TIMESTAMP}') and try_cast(left(${v}, 10) as date) is not null`;
  return [
    `when not (${real}) then case when regexp_full_match(${v}, '${TIMESTAMP}') then ${quoted(v)} || ' is not a real date and time' else ${quoted(v)} || ' is not a timestamp (YYYY-MM-DD HH:MM:SS)' end`,
    ...timeRangeCases(column, v, bounds),
  ].join(' ');
}

/** validate-field.ts's `timeRangeProblem`: cases for a well-formed timestamp `v` out of range. */
function timeRangeCases(column: ColumnSpec, v: string, bounds: TimeBounds): string[] {
  const cases = [
    `when ${v} < ${sqlText(bounds.earliest)} then ${quoted(v)} || ' is before ${bounds.earliest}; check the row''s date'`,
  ];
  if (column.event === true) {
    cases.push(
      `when ${v} > ${sqlText(bounds.latest)} then ${quoted(v)} || ' is after ${bounds.latest} UTC, more than a day after the load''s time; check the row''s date'`,
    );
  }
  return cases;
}

/** Why the well-formed timestamp text `v` is out of range for `column` (timeRangeProblem), or NULL. */
export function timeRangeProblemSql(column: ColumnSpec, v: string, bounds: TimeBounds): string {
  return `case ${timeRangeCases(column, v, bounds).join(' ')} else null end`;
}

/** `v` cast to the column's warehouse type; an empty field of a non-text column is NULL. */
export function castSql(column: ColumnSpec, v: string): string {
  switch (column.type) {
    case 'id':
    case 'text':
      return v;
    case 'integer':
      return `cast(nullif(${v}, '') as integer)`;
    case 'decimal': {
      const [p, s] = column.decimal ?? [38, 0];
      return `cast(nullif(${v}, '') as decimal(${p}, ${s}))`;
    }
    case 'timestamp':
      return `cast(nullif(${v}, '') as timestamp)`;
  }
}
