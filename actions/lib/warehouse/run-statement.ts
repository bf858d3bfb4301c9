import type { SqlStatement } from '../sql/statement.js';
import { toPostgres } from './redshift-compat.js';
import { StatementError } from './warehouse.js';

/**
 * Translates `stmt` from Redshift's dialect, runs it with `exec`, and turns a failure into a
 * StatementError at the file line the engine's error position points to.
 */
export async function runTranslated<T>(
  stmt: SqlStatement,
  exec: (sql: string) => Promise<T>,
): Promise<T> {
  const text = toPostgres(stmt);
  try {
    return await exec(text);
  } catch (error) {
    throw new StatementError(stmt, errorLine(stmt, text, error), error);
  }
}

/** Maps PostgreSQL's 1-based character `position` in the statement to a line of the file. */
export function errorLine(stmt: SqlStatement, text: string, error: unknown): number {
  const position = Number((error as { position?: unknown } | null)?.position);
  if (!Number.isInteger(position) || position < 1) return stmt.line;
  const before = text.slice(0, position - 1);
  return stmt.line + (before.match(/\n/g)?.length ?? 0);
}
