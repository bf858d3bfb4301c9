/**
 * The one way a value is written into SQL text as a string literal.
 *
 * Doubling `'` is enough on PostgreSQL (standard_conforming_strings is on), but Redshift reads a
 * backslash in a plain literal as an escape: `'a\''` is the text `a'` still open, so a value such
 * as `x\'; drop table t; --` would end the literal early. Redshift has no `E'…'` syntax either, so
 * no spelling of a backslash means the same on both; values with one are refused. Control
 * characters (NUL, line breaks, …) are refused too: none belongs in an S3 path, an ARN, a date or
 * a name, and NUL cannot be stored at all.
 */

/** Characters that are never written into a literal: the backslash and control characters. */
const UNSAFE = /[\\\p{Cc}]/u;

export class SqlLiteralError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlLiteralError';
  }
}

/**
 * `value` as a single-quoted SQL string literal that means the same on Redshift and PostgreSQL.
 * `field` names the value in the error, e.g. `iam_role` or `model.modelRef`.
 */
export function sqlString(value: string, field: string): string {
  const unsafe = UNSAFE.exec(value);
  if (unsafe !== null) {
    const what = unsafe[0] === '\\' ? 'a backslash' : `control character ${codePoint(unsafe[0])}`;
    throw new SqlLiteralError(
      `${field} ${JSON.stringify(value)} contains ${what} at position ${unsafe.index + 1}, which cannot be written into SQL text the same way for Redshift and PostgreSQL; remove it`,
    );
  }
  return `'${value.replaceAll("'", "''")}'`;
}

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A finite double as SQL text that reads back as the very same double on Redshift, PostgreSQL and
 * DuckDB: the shortest decimal that round-trips, cast from a string (a bare decimal literal is
 * NUMERIC first, and its conversion can be off by one unit in the last place).
 */
export function sqlDouble(value: number, field: string): string {
  if (!Number.isFinite(value)) {
    throw new SqlLiteralError(`${field} is ${value}, not a finite number; it cannot be stored`);
  }
  return `cast('${String(value)}' as double precision)`;
}
