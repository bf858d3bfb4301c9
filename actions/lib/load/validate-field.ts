import type { ColumnSpec } from '../sources/olist-tables.js';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+)(?:\.(\d*))?$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?$/;
const INT32_MAX = 2_147_483_647;

/**
 * Why `value` cannot be stored in `column`, or null when it can. Only what both Redshift's COPY and
 * PostgreSQL would accept passes, so the two backends reject the same rows.
 */
export function fieldProblem(column: ColumnSpec, value: string): string | null {
  if (value === '') return column.required ? 'is empty but required' : null;
  switch (column.type) {
    case 'id':
    case 'text':
      return column.length !== undefined && value.length > column.length
        ? `is ${value.length} characters long, more than ${column.length}`
        : null;
    case 'integer':
      return INTEGER.test(value) && Math.abs(Number(value)) <= INT32_MAX
        ? null
        : `"${value}" is not a whole number`;
    case 'decimal':
      return decimalProblem(value, column.decimal ?? [38, 0]);
    case 'timestamp':
      return timestampProblem(value);
  }
}

function decimalProblem(
  value: string,
  [precision, scale]: readonly [number, number],
): string | null {
  const m = DECIMAL.exec(value);
  if (m === null) return `"${value}" is not a number`;
  const integerDigits = (m[1] as string).replace(/^0+(?=\d)/, '').length;
  const fractionDigits = (m[2] ?? '').length;
  if (fractionDigits > scale) return `"${value}" has more than ${scale} decimal places`;
  if (integerDigits > precision - scale)
    return `"${value}" is too large for decimal(${precision},${scale})`;
  return null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function timestampProblem(value: string): string | null {
  const m = TIMESTAMP.exec(value);
  if (m === null) return `"${value}" is not a timestamp (YYYY-MM-DD HH:MM:SS)`;
  const y = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const lastDay = month === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  const timeOk = Number(m[4] ?? 0) <= 23 && Number(m[5] ?? 0) <= 59 && Number(m[6] ?? 0) <= 59;
  return day >= 1 && day <= lastDay && timeOk ? null : `"${value}" is not a real date and time`;
}
