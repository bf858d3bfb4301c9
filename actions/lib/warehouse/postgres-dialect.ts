import { statementOf, type SqlStatement } from '../sql/statement.js';
import { runTranslated } from './run-statement.js';
import type { Row, SqlValue } from './warehouse.js';

/** Runs PostgreSQL text on one connection (inside a transaction). */
export type RunText = (text: string) => Promise<unknown>;

/**
 * `query` and `transaction` of a warehouse whose engine speaks PostgreSQL (PGlite, a PostgreSQL
 * server): each statement is rewritten from Redshift's dialect by the compatibility layer, and a
 * failure is located to its file line. The engine's own calls are the subclass's.
 */
export abstract class PostgresDialectWarehouse {
  /** Runs PostgreSQL `text` with `params` and returns its rows. */
  protected abstract rows<R extends Row>(text: string, params: SqlValue[]): Promise<R[]>;

  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  protected abstract inTransaction<T>(fn: (run: RunText) => Promise<T>): Promise<T>;

  async query<R extends Row = Row>(
    sql: string | SqlStatement,
    params: readonly SqlValue[] = [],
  ): Promise<R[]> {
    return runTranslated(statementOf(sql), (text) => this.rows<R>(text, [...params]));
  }

  async transaction(statements: readonly SqlStatement[]): Promise<void> {
    await this.inTransaction(async (run) => {
      for (const stmt of statements) await runTranslated(stmt, run);
    });
  }
}
