/** One SQL statement cut from a file, remembering where it came from so errors can name file:line. */
export interface SqlStatement {
  readonly sql: string;
  /** Repository-relative path of the file, e.g. `sql/migrations/V001__create_sources.sql`. */
  readonly file?: string;
  /** 1-based line in `file` where the statement starts. */
  readonly line: number;
}

export function describeLocation(s: Pick<SqlStatement, 'file' | 'line'>): string {
  return s.file === undefined ? `line ${s.line}` : `${s.file}:${s.line}`;
}

/** A query's SQL as a statement: a bare string is line 1 of no file. */
export function statementOf(sql: string | SqlStatement): SqlStatement {
  return typeof sql === 'string' ? { sql, line: 1 } : sql;
}
