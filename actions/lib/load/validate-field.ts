import type { ColumnSpec } from '../sources/olist-tables.js';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+)(?:\.(\d*))?$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?$/;
const INT32_MAX = 2_147_483_647;
const EARLIEST = '1900-01-01';
const DAY_MS = 86_400_000;

/** The range a timestamp must fall in, as `YYYY-MM-DD HH:MM:SS` text (compared as text). */
export interface TimeBounds {
  /** No timestamp before it. */
  readonly earliest: string;
  /** No event (a column marked `event`) after it: the load's time plus one day, in UTC. */
  readonly latest: string;
}

/**
 * The bounds of a load started at `now`. A day of slack covers any offset between the team's
 * clock and UTC, so a purchase made this evening anywhere on earth is never in the future.
 */
export function timeBounds(now: Date): TimeBounds {
  const latest = new Date(now.getTime() + DAY_MS).toISOString().slice(0, 19).replace('T', ' ');
  return { earliest: EARLIEST, latest };
}

/**
 * Why `value` cannot be stored in `column`, or null when it can. Only what both Redshift's COPY and
 * PostgreSQL would accept passes, so the two backends reject the same rows: lengths are counted in
 * bytes of UTF-8, as Redshift counts them, and char(n) takes single-byte characters only.
 */
export function fieldProblem(column: ColumnSpec, value: string, bounds: TimeBounds): string | null {
  if (value === '') return column.required ? 'is empty but required' : null;
  switch (column.type) {
    case 'id':
    case 'text':
      return textProblem(column, value);
    case 'integer':
      return INTEGER.test(value) && Math.abs(Number(value)) <= INT32_MAX
        ? null
        : `"${value}" is not a whole number`;
    case 'decimal':
      return decimalProblem(value, column.decimal ?? [38, 0]);
    case 'timestamp':
      return timestampProblem(value) ?? timeRangeProblem(column, value, bounds);
  }
}

const NON_ASCII = /[^\p{ASCII}]/u;

const LINE_BREAK = /[\r\n]/;

function textProblem(column: ColumnSpec, value: string): string | null {
  // No id holds one: it is a quote left open that pairs with one on a later line.
  if (column.type === 'id' && LINE_BREAK.test(value)) return 'holds a line break';
  const length = column.length;
  if (length === undefined) return null;
  if (column.fixed === true) {
    const wide = NON_ASCII.exec(value);
    if (wide !== null) {
      return `holds "${[...value.slice(wide.index)][0] ?? ''}", a character of more than one byte; Redshift's char(${length}) takes single-byte characters only`;
    }
  }
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
  if (value.length * 3 <= length) return null;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= length) return null;
  const characters = [...value].length;
  return bytes === characters
    ? `is ${characters} characters long, more than ${length}`
    : `is ${bytes} bytes long in UTF-8 (${characters} characters), more than ${length}: Redshift counts a varchar's length in bytes`;
}

/**
 * Why a well-formed timestamp (`YYYY-MM-DD[ HH:MM…]`, as text) is out of range for `column`, or
 * null. Text order is time order for these values.
 */
export function timeRangeProblem(
  column: ColumnSpec,
  value: string,
  bounds: TimeBounds,
): string | null {
  if (value < bounds.earliest) {
    return `"${value}" is before ${bounds.earliest}; check the row's date`;
  }
  if (column.event === true && value > bounds.latest) {
    return `"${value}" is after ${bounds.latest} UTC, more than a day after the load's time; check the row's date`;
  }
  return null;
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
