import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBResultReader } from '@duckdb/node-api';
import type { SqlStatement } from '../sql/statement.js';
import {
  copyCsvFile,
  type CsvFileLoad,
  type CsvLoadOptions,
  type CsvLoadResult,
} from './duckdb-csv.js';
import { fromDuckDb } from './duckdb-error.js';
import { bindParams, toRows } from './duckdb-values.js';
import type { CsvExport, CsvExportOptions } from './export-csv.js';
import { toDuckDb } from './redshift-compat.js';
import { errorLine } from './run-statement.js';
import { inline, StatementError, type Row, type SqlValue, type Warehouse } from './warehouse.js';

export type { CsvFileLoad, CsvLoadOptions, CsvLoadResult } from './duckdb-csv.js';
export { CsvLoadError } from './duckdb-csv.js';

/**
 * Engine settings of every database this module opens. NULLs sort as on Redshift and PostgreSQL
 * (last ascending, first descending; DuckDB's default puts them last both ways), unquoted names
 * fold to lower case as there, errors come as JSON so they can be located, and no extension is
 * ever downloaded (ICU, JSON and Parquet are built into the package).
 */
const INSTANCE_OPTIONS: Readonly<Record<string, string>> = {
  default_null_order: 'nulls_last_on_asc_first_on_desc',
  preserve_identifier_case: 'false',
  errors_as_json: 'true',
  autoinstall_known_extensions: 'false',
};

/** What a load needs: its statements and DuckDB's CSV reader, in one transaction. */
export interface DuckDbLoadSession {
  query<R extends Row = Row>(
    sql: string | SqlStatement,
    params?: readonly SqlValue[],
  ): Promise<R[]>;
  /** Copies a CSV file into a table with DuckDB's streaming reader; see `copyCsvFile`. */
  copyCsvFile(load: CsvFileLoad, options?: CsvLoadOptions): Promise<CsvLoadResult>;
}

/**
 * The embedded analytical warehouse: DuckDB in this process, one database file per team (or in
 * memory). Statements are rewritten from Redshift's dialect by the compatibility layer
 * (`toDuckDb`) and run one at a time on one connection, transactions included, so a
 * DuckDbWarehouse is safe to share between concurrent callers.
 *
 * Values come back as the PostgreSQL engines return them (see `toRows` in duckdb-values.ts), with
 * these differences the engines themselves make: DECIMAL divided by anything is a DOUBLE (a number)
 * where PostgreSQL keeps NUMERIC (a string); AVG of DECIMAL is a DOUBLE too; CHAR(n) is not
 * blank-padded; VARCHAR(n) lengths are not enforced; an expression without an alias is named
 * after its text (`count_star()`, not `count`).
 */
export class DuckDbWarehouse implements Warehouse, CsvExport {
  readonly kind = 'duckdb';
  private queue: Promise<unknown> = Promise.resolve();
  private readonly session = new AsyncLocalStorage<true>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** The database file, or `:memory:`. */
    readonly path: string,
  ) {}

  /**
   * Opens (creating it and its folder when needed) the database in `file`, or an in-memory one
   * when omitted. Within this process, warehouses on the same file share one database; another
   * process cannot open the file while this one has it (DuckDB locks it).
   */
  static async open(file?: string): Promise<DuckDbWarehouse> {
    const path = file === undefined ? ':memory:' : resolve(file);
    let instance: DuckDBInstance;
    try {
      if (file !== undefined) await mkdir(dirname(path), { recursive: true });
      instance =
        file === undefined
          ? await DuckDBInstance.create(path, INSTANCE_OPTIONS)
          : await DuckDBInstance.fromCache(path, INSTANCE_OPTIONS);
    } catch (error) {
      const reason = fromDuckDb(error);
      throw new Error(
        `cannot open the DuckDB database ${path}: ${reason instanceof Error ? reason.message : String(reason)}; ` +
          'is another process using it? Close it there (DuckDB allows one process per file)',
        { cause: error },
      );
    }
    const connection = await instance.connect();
    const wh = new DuckDbWarehouse(instance, connection, path);
    await wh.configure();
    return wh;
  }

  async query<R extends Row = Row>(
    sql: string | SqlStatement,
    params: readonly SqlValue[] = [],
  ): Promise<R[]> {
    this.assertOutsideSession('query');
    return this.serially(() => this.execute<R>(statementOf(sql), params));
  }

  async transaction(statements: readonly SqlStatement[]): Promise<void> {
    this.assertOutsideSession('transaction');
    await this.serially(() =>
      this.inTransaction(async () => {
        for (const stmt of statements) await this.execute(stmt, []);
      }),
    );
  }

  /**
   * Runs `fn` in one transaction with DuckDB's CSV reader available: everything it loads commits
   * together, or nothing does if it throws. Use the session, not this warehouse, inside `fn`.
   */
  async withLoadSession<T>(fn: (session: DuckDbLoadSession) => Promise<T>): Promise<T> {
    this.assertOutsideSession('withLoadSession');
    const session: DuckDbLoadSession = {
      query: (sql, params = []) => this.execute(statementOf(sql), params),
      copyCsvFile: (load, options) => copyCsvFile((text) => this.runRaw(text), load, options),
    };
    return this.serially(() => this.inTransaction(() => this.session.run(true, () => fn(session))));
  }

  /**
   * Writes a query's result to `file` as CSV with DuckDB's own writer (COPY … TO), streaming, in
   * the format of `queryCsv`; returns the number of rows written.
   */
  async exportCsv(sql: string, file: string, options: CsvExportOptions = {}): Promise<number> {
    this.assertOutsideSession('exportCsv');
    const stmt = inline(sql, 'export');
    const text = toDuckDb(stmt);
    const quote = options.quoteAll === true ? ', force_quote *' : '';
    const copy = `copy (${text}) to ${literal(resolve(file))} (format csv, header true${quote})`;
    return this.serially(async () => {
      try {
        return (await this.connection.runAndReadAll(copy)).rowsChanged;
      } catch (error) {
        const cause = fromDuckDb(error);
        throw new StatementError(stmt, stmt.line, cause);
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

  async close(): Promise<void> {
    await this.serially(async () => {
      this.connection.closeSync();
      this.instance.closeSync();
    });
  }

  private async configure(): Promise<void> {
    // Redshift sessions run in UTC; GETDATE and SYSDATE read the session's clock.
    await this.runRaw(`set TimeZone = 'UTC'`);
    // Redshift's default schema is public, DuckDB's main: create and use public.
    await this.runRaw('create schema if not exists public');
    const [db] = toRows<{ name: string }>(await this.runRaw('select current_database() as name'));
    await this.runRaw(`use ${identifier(db?.name ?? 'memory')}.public`);
  }

  private async execute<R extends Row>(
    stmt: SqlStatement,
    params: readonly SqlValue[],
  ): Promise<R[]> {
    const text = toDuckDb(stmt);
    try {
      if (params.length === 0) return toRows<R>(await this.connection.runAndReadAll(text));
      const prepared = await this.connection.prepare(text);
      try {
        bindParams(prepared, params);
        return toRows<R>(await prepared.runAndReadAll());
      } finally {
        prepared.destroySync();
      }
    } catch (error) {
      const cause = fromDuckDb(error, text);
      throw new StatementError(stmt, errorLine(stmt, text, cause), cause);
    }
  }

  /** DuckDB SQL written by this module (not Redshift's), errors made readable. */
  private async runRaw(sql: string): Promise<DuckDBResultReader> {
    try {
      return await this.connection.runAndReadAll(sql);
    } catch (error) {
      throw fromDuckDb(error, sql);
    }
  }

  private async inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.runRaw('begin transaction');
    try {
      const result = await fn();
      await this.runRaw('commit');
      return result;
    } catch (error) {
      // A failed COMMIT has already rolled back; then ROLLBACK finds no transaction.
      await this.runRaw('rollback').catch(() => undefined);
      throw error;
    }
  }

  /** One operation at a time on the connection, in call order. */
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.queue.then(fn);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private assertOutsideSession(method: string): void {
    if (this.session.getStore() === true) {
      throw new Error(
        `DuckDbWarehouse.${method} was called inside withLoadSession, where it would wait for the session to end; use the session's query instead`,
      );
    }
  }
}

function statementOf(sql: string | SqlStatement): SqlStatement {
  return typeof sql === 'string' ? { sql, line: 1 } : sql;
}

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const identifier = (s: string): string => `"${s.replace(/"/g, '""')}"`;
