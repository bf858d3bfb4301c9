/**
 * Timestamps as teams write them: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.ffffff]]`, the same with
 * `T` between date and time (ISO 8601), optionally ending in `Z` or an offset (`+02:00`, `-0500`,
 * `+02`). A value with `Z` or an offset is converted to UTC; one without is kept as written.
 */

/** The forms above; instant-sql.ts reads the same pattern with DuckDB's regular expressions (RE2). */
export const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `value` as `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC when it had an offset), or why it is not one. */
export function normalizeInstant(value: string): { value: string } | { problem: string } {
  const m = INSTANT.exec(value);
  if (m === null) {
    return {
      problem: `"${value}" is not a timestamp (YYYY-MM-DD HH:MM:SS, or ISO 8601 such as 2024-05-01T09:30:00Z)`,
    };
  }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) =>
    Number(m[i] ?? 0),
  ) as [number, number, number, number, number, number];
  const lastDay = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day < 1 || day > lastDay || hour > 23 || minute > 59 || second > 59) {
    return { problem: `"${value}" is not a real date and time` };
  }
  // Microseconds, as the warehouses store them; finer digits are cut, not rounded.
  const fraction = (m[7] ?? '').slice(0, 6);
  const sign = m[9];
  if (m[8] === undefined && sign === undefined) {
    return { value: format(year, month, day, hour, minute, second, fraction) };
  }
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) {
    return { problem: `"${value}" has an offset that is not one` };
  }
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute - offset, second, 0);
  return {
    value: format(
      utc.getUTCFullYear(),
      utc.getUTCMonth() + 1,
      utc.getUTCDate(),
      utc.getUTCHours(),
      utc.getUTCMinutes(),
      utc.getUTCSeconds(),
      fraction,
    ),
  };
}

function format(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string,
): string {
  const time = `${pad(hour)}:${pad(minute)}:${pad(second)}${fraction === '' ? '' : `.${fraction}`}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)} ${time}`;
}
