import type { ColumnSpec } from './tables.js';

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

function timestampProblem(value: string): string | null {
  const m = TIMESTAMP.exec(value);
  if (m === null) return `"${value}" is not a timestamp (YYYY-MM-DD HH:MM:SS)`;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m
    .slice(1)
    .map((x) => (x === undefined ? undefined : Number(x)));
  const date = new Date(Date.UTC(y as number, (mo as number) - 1, d as number));
  const realDate =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === (mo as number) - 1 &&
    date.getUTCDate() === d;
  if (!realDate || (h as number) > 23 || (mi as number) > 59 || (s as number) > 59) {
    return `"${value}" is not a real date and time`;
  }
  return null;
}
