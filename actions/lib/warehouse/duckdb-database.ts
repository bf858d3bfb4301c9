import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBResultReader } from '@duckdb/node-api';
import { fromDuckDb } from './duckdb-error.js';
import { disabledCompression, memoryLimit } from './duckdb-settings.js';
import { toRows } from './duckdb-values.js';
import type { StatementProgress } from './warehouse.js';

/**
 * Engine settings of every database opened here. NULLs sort as on Redshift and PostgreSQL (last
 * ascending, first descending; DuckDB's default puts them last both ways), unquoted names fold to
 * lower case as there, errors come as JSON so they can be located, and no extension is ever
 * downloaded (ICU, JSON and Parquet are built into the package).
 */
const instanceOptions = (): Readonly<Record<string, string>> => ({
  default_null_order: 'nulls_last_on_asc_first_on_desc',
  preserve_identifier_case: 'false',
  errors_as_json: 'true',
  autoinstall_known_extensions: 'false',
  memory_limit: memoryLimit(),
});

/** A database on a file, open in this process, and how many warehouses use it. */
interface OpenFile {
  readonly db: Promise<DuckDbDatabase>;
  users: number;
}

/** Databases on files open in this process, by absolute path. */
const OPEN = new Map<string, OpenFile>();

/**
 * One DuckDB database open in this process, and the one connection every warehouse on it uses.
 * Operations run one at a time in call order, so transactions never overlap: together with
 * DuckDB's lock on the file against other processes, that is what Redshift's LOCK provides.
 */
export class DuckDbDatabase {
  /** Set while a load session runs, so that a call that would wait for it fails instead. */
  readonly session = new AsyncLocalStorage<true>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    /** The database file, or `:memory:`. */
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /**
   * The database in `file` (created with its folder when needed), shared with every other user of
   * that file in this process, or a new in-memory one when `file` is omitted.
   */
  static async acquire(file?: string): Promise<DuckDbDatabase> {
    if (file === undefined) return DuckDbDatabase.open(':memory:');
    const path = resolve(file);
    // Counted before any await, so that concurrent first opens share one database.
    let shared = OPEN.get(path);
    if (shared === undefined) {
      const opening: OpenFile = { db: DuckDbDatabase.open(path), users: 0 };
      opening.db.catch(() => {
        if (OPEN.get(path) === opening) OPEN.delete(path);
      });
      OPEN.set(path, opening);
      shared = opening;
    }
    shared.users += 1;
    return shared.db;
  }

  private static async open(path: string): Promise<DuckDbDatabase> {
    let instance: DuckDBInstance;
    try {
      if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
      instance =
        path === ':memory:'
          ? await DuckDBInstance.create(path, instanceOptions())
          : await DuckDBInstance.fromCache(path, instanceOptions());
    } catch (error) {
      const cause = fromDuckDb(error);
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new Error(
        `cannot open the DuckDB database ${path}: ${reason}; if another process has it open, ` +
          'close it there (DuckDB lets one process at a time use a database file)',
        { cause },
      );
    }
    const db = new DuckDbDatabase(path, instance, await instance.connect());
    await db.configure();
    return db;
  }

  /** Runs `fn` after every operation queued before it, alone on the connection. */
  serially<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.queue.then(fn);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Runs DuckDB SQL as it is (not Redshift's), its error made readable. Call it inside `serially`. */
  async run(sql: string): Promise<DuckDBResultReader> {
    try {
      return await this.read(sql);
    } catch (error) {
      throw fromDuckDb(error, sql);
    }
  }

  /**
   * Runs `sql` and reads its whole result, its error as DuckDB threw it. With
   * `WORKSHOP_TRACE_SQL` set, prints each statement's time to stderr, to find a slow one.
   */
  async read(sql: string): Promise<DuckDBResultReader> {
    if (process.env['WORKSHOP_TRACE_SQL'] === undefined) return this.connection.runAndReadAll(sql);
    const started = performance.now();
    try {
      return await this.connection.runAndReadAll(sql);
    } finally {
      const ms = Math.round(performance.now() - started);
      process.stderr.write(`sql ${ms} ms: ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
    }
  }

  /** The connection, for prepared statements. Use it inside `serially` only. */
  get raw(): DuckDBConnection {
    return this.connection;
  }

  /** Runs `fn` in a transaction: committed if it returns, rolled back if it throws. */
  async inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('begin transaction');
    try {
      const result = await fn();
      await this.run('commit');
      return result;
    } catch (error) {
      // A failed COMMIT has already rolled back; then ROLLBACK finds no transaction.
      await this.run('rollback').catch(() => undefined);
      throw error;
    }
  }

  /** One user fewer; the last one closes the database once its queued work is done. */
  async release(): Promise<void> {
    const shared = OPEN.get(this.path);
    if (shared !== undefined) {
      shared.users -= 1;
      if (shared.users > 0) return;
      OPEN.delete(this.path);
    }
    await this.serially(async () => {
      this.connection.closeSync();
      this.instance.closeSync();
    });
  }

  /** The running statement's progress, as DuckDB estimates it; undefined when none runs. */
  progress(): StatementProgress | undefined {
    const p = this.connection.progress;
    if (!(p.percentage >= 0) || p.total_rows_to_process <= 0n) return undefined;
    return {
      percent: p.percentage,
      rowsDone: Number(p.rows_processed),
      rowsTotal: Number(p.total_rows_to_process),
    };
  }

  private async configure(): Promise<void> {
    // Progress is tracked for statementProgress; the engine prints nothing itself.
    await this.run('set enable_progress_bar = true');
    await this.run('set enable_progress_bar_print = false');
    // Redshift sessions run in UTC; GETDATE and SYSDATE read the session's clock.
    await this.run(`set TimeZone = 'UTC'`);
    // Results and inserts without ORDER BY may come in any order, so large inserts need not hold
    // rows back to keep it (DuckDB's advice for work larger than memory); every read whose order
    // matters says ORDER BY. The load's staging turns it on for the one statement that numbers a
    // file's rows (duckdb-stage.ts).
    await this.run('set preserve_insertion_order = false');
    // The allocator hands freed memory back to the system in the background: without it a run of
    // ten million orders kept 1-2 GiB freed but resident beside the memory limit (peak RSS 5.8 →
    // 4.7 GiB, BENCHMARKS.md).
    await this.run('set allocator_background_threads = true');
    // Not taken as an option of the instance (it reads back empty): set here.
    const disabled = disabledCompression().replace(/'/g, "''");
    await this.run(`set disabled_compression_methods = '${disabled}'`);
    // Redshift's default schema is public, DuckDB's main: create and use public.
    await this.run('create schema if not exists public');
    const [db] = toRows<{ name: string }>(await this.run('select current_database() as name'));
    await this.run(`use "${(db?.name ?? 'memory').replace(/"/g, '""')}".public`);
  }
}
