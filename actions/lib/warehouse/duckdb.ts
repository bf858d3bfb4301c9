import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { statementOf, type SqlStatement } from '../sql/statement.js';
import {
  copyCsvFile,
  type CsvFileLoad,
  type CsvLoadOptions,
  type CsvLoadResult,
  type RunDuckDb,
} from './duckdb-csv.js';
import { DuckDbDatabase } from './duckdb-database.js';
import { fromDuckDb } from './duckdb-error.js';
import { bindParams, toRows } from './duckdb-values.js';
import type { CsvExport, CsvExportOptions } from './export-csv.js';
import { toDuckDb } from './redshift-compat.js';
import { errorLine } from './run-statement.js';
import {
  inline,
  StatementError,
  type Row,
  type SqlValue,
  type StatementProgress,
  type Warehouse,
} from './warehouse.js';

export type { CsvFileLoad, CsvLoadOptions, CsvLoadResult } from './duckdb-csv.js';
export { CsvLoadError } from './duckdb-csv.js';

/** What a load needs: its statements and DuckDB's CSV reader, in one transaction. */
export interface DuckDbLoadSession {
  query<R extends Row = Row>(
    sql: string | SqlStatement,
    params?: readonly SqlValue[],
  ): Promise<R[]>;
  /** Copies a CSV file into a table with DuckDB's streaming reader; see `copyCsvFile`. */
  copyCsvFile(load: CsvFileLoad, options?: CsvLoadOptions): Promise<CsvLoadResult>;
  /** Runs DuckDB's own SQL (not Redshift's, no rewriting) in the session's transaction. */
  run: RunDuckDb;
}

/**
 * The embedded analytical warehouse: DuckDB in this process, one database file per team (or in
 * memory). Statements are rewritten from Redshift's dialect by the compatibility layer
 * (`toDuckDb`). Every warehouse on the same file in this process shares one connection on which
 * operations run one at a time, transactions whole, so concurrent callers and concurrent
 * migration runners queue as Redshift's LOCK makes them.
 *
 * Values come back as the PostgreSQL engines return them (see `toRows` in duckdb-values.ts), with
 * these differences the engines themselves make: DECIMAL divided by anything, and AVG of DECIMAL,
 * are DOUBLEs (numbers) where PostgreSQL keeps NUMERIC (strings); CHAR(n) is not blank-padded;
 * VARCHAR(n) lengths are not enforced; an expression without an alias is named after its text
 * (`count_star()`, not `count`).
 */
export class DuckDbWarehouse implements Warehouse, CsvExport {
  readonly kind = 'duckdb';
  private closed = false;

  private constructor(private readonly db: DuckDbDatabase) {}

  /**
   * Opens (creating it and its folder when needed) the database in `file`, or an in-memory one
   * when omitted. Another process cannot open the file while this one has it (DuckDB locks it).
   */
  static async open(file?: string): Promise<DuckDbWarehouse> {
    return new DuckDbWarehouse(await DuckDbDatabase.acquire(file));
  }

  /** The database file, or `:memory:`. */
  get path(): string {
    return this.db.path;
  }

  async query<R extends Row = Row>(
    sql: string | SqlStatement,
    params: readonly SqlValue[] = [],
  ): Promise<R[]> {
    this.assertUsable('query');
    return this.db.serially(() => this.execute<R>(statementOf(sql), params));
  }

  async transaction(statements: readonly SqlStatement[]): Promise<void> {
    this.assertUsable('transaction');
    await this.db.serially(() =>
      this.db.inTransaction(async () => {
        for (const stmt of statements) await this.execute(stmt, []);
      }),
    );
  }

  /**
   * Runs `fn` in one transaction with DuckDB's CSV reader available: everything it loads commits
   * together, or nothing does if it throws. Use the session, not this warehouse, inside `fn`.
   */
  async withLoadSession<T>(fn: (session: DuckDbLoadSession) => Promise<T>): Promise<T> {
    this.assertUsable('withLoadSession');
    const session: DuckDbLoadSession = {
      query: (sql, params = []) => this.execute(statementOf(sql), params),
      copyCsvFile: (load, options) => copyCsvFile((text) => this.db.run(text), load, options),
      run: (text) => this.db.run(text),
    };
    return this.db.serially(() =>
      this.db.inTransaction(() => this.db.session.run(true, () => fn(session))),
    );
  }

  /**
   * Writes a query's result to `file` as CSV with DuckDB's own writer (COPY … TO), which streams
   * it to disk, in the format of `queryCsv`; returns the number of rows written.
   */
  async exportCsv(sql: string, file: string, options: CsvExportOptions = {}): Promise<number> {
    this.assertUsable('exportCsv');
    const stmt = inline(sql, 'export');
    const text = toDuckDb(stmt);
    const quote = options.quoteAll === true ? ', force_quote *' : '';
    const target = resolve(file).replace(/'/g, "''");
    const copy = `copy (${text}) to '${target}' (format csv, header true${quote})`;
    return this.db.serially(async () => {
      try {
        return (await this.db.read(copy)).rowsChanged;
      } catch (error) {
        throw new StatementError(stmt, stmt.line, fromDuckDb(error));
      }
    });
  }

  /**
   * The result as CSV text: header row, NULL as an empty field, `""` for an empty string. Values
   * are DuckDB's text, which differs from PostgreSQL's in places that parse alike: booleans are
   * `true`/`false` (not `t`/`f`) and whole DOUBLEs keep `.0` (`75.0`).
   */
  async queryCsv(sql: string, options: CsvExportOptions = {}): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'duckdb-csv-'));
    try {
      const file = join(dir, 'result.csv');
      await this.exportCsv(sql, file, options);
      return await readFile(file, 'utf8');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * A query's result column by column, as DuckDB's JavaScript values (a DOUBLE is a number): a
   * million numbers without a text form in between.
   */
  async queryColumns(sql: string | SqlStatement): Promise<unknown[][]> {
    this.assertUsable('queryColumns');
    const stmt = statementOf(sql);
    return this.db.serially(() =>
      this.located(stmt, async (text) => (await this.db.read(text)).getColumns()),
    );
  }

  statementProgress(): StatementProgress | undefined {
    return this.closed ? undefined : this.db.progress();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.release();
  }

  private async execute<R extends Row>(
    stmt: SqlStatement,
    params: readonly SqlValue[],
  ): Promise<R[]> {
    return this.located(stmt, async (text) => {
      if (params.length === 0) return toRows<R>(await this.db.read(text));
      const prepared = await this.db.raw.prepare(text);
      try {
        bindParams(prepared, params);
        return toRows<R>(await prepared.runAndReadAll());
      } finally {
        prepared.destroySync();
      }
    });
  }

  /** Runs `stmt` in DuckDB's dialect; an error names the statement's file and line. */
  private async located<T>(stmt: SqlStatement, run: (text: string) => Promise<T>): Promise<T> {
    const text = toDuckDb(stmt);
    try {
      return await run(text);
    } catch (error) {
      const cause = fromDuckDb(error, text);
      throw new StatementError(stmt, errorLine(stmt, text, cause), cause);
    }
  }

  private assertUsable(method: string): void {
    if (this.closed) {
      throw new Error(`DuckDbWarehouse.${method}: the warehouse on ${this.path} is closed`);
    }
    if (this.db.session.getStore() === true) {
      throw new Error(
        `DuckDbWarehouse.${method} was called inside withLoadSession, where it would wait for the session to end; use the session's query instead`,
      );
    }
  }
}
