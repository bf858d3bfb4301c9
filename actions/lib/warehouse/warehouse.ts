import { describeLocation, type SqlStatement } from '../sql/statement.js';

export type SqlValue = string | number | boolean | null | Date;
export type Row = Record<string, unknown>;

/**
 * Where SQL runs: Redshift (Data API) on AWS, DuckDB or a PostgreSQL server locally (PGlite in the
 * tests). Everything above this interface is backend-agnostic and sends the same Redshift-dialect
 * SQL.
 */
export interface Warehouse {
  /** Short name for logs: `duckdb`, `postgres`, `redshift`, `pglite`. */
  readonly kind: string;
  /** Most statements one `transaction` may hold (the Data API's batch limit); unbounded if absent. */
  readonly maxStatementsPerTransaction?: number;
  /** Runs one statement and returns its rows. Plain strings are treated as code, not a file. */
  query<R extends Row = Row>(
    sql: string | SqlStatement,
    params?: readonly SqlValue[],
  ): Promise<R[]>;
  /** Runs the statements in order as ONE transaction: all of them take effect, or none. */
  transaction(statements: readonly SqlStatement[]): Promise<void>;
  /** How far the running statement is, where the engine tells; undefined when it does not. */
  statementProgress?(): StatementProgress | undefined;
  close(): Promise<void>;
}

/** The engine's estimate of the running statement: rows done of the rows it will read. */
export interface StatementProgress {
  readonly percent: number;
  readonly rowsDone: number;
  readonly rowsTotal: number;
}

/** A statement that failed, located to the file and line it came from. */
export class StatementError extends Error {
  constructor(
    readonly statement: SqlStatement,
    /** Line of the error inside the file when the engine reports a position, else the statement's. */
    readonly line: number,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${describeLocation({ file: statement.file, line })}: ${reason}`);
    this.name = 'StatementError';
  }
}

/** Wraps a code string as a statement so that errors still say where they came from. */
export function inline(sql: string, origin = 'query'): SqlStatement {
  return { sql, file: origin, line: 1 };
}
