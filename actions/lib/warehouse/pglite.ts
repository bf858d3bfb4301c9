import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { openPglite } from './pglite-snapshot.js';
import type { SqlStatement } from '../sql/statement.js';
import { toPostgres } from './redshift-compat.js';
import type { CsvExport, CsvExportOptions } from './export-csv.js';
import { StatementError, type Row, type SqlValue, type Warehouse } from './warehouse.js';

const WORK_MEM = '128MB';

/** What a load needs beyond plain queries: one interactive transaction and COPY from bytes. */
export interface BlobCopySession {
  query<R extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** `COPY … FROM '/dev/blob'` with `bytes` as the file; returns the rows copied. */
  copyFrom(copySql: string, bytes: Uint8Array): Promise<number>;
}

/**
 * The local warehouse: PostgreSQL compiled to WebAssembly, persisted in a folder per team.
 * Statements are rewritten from Redshift's dialect by the compatibility layer before they run.
 */
export class PgliteWarehouse implements Warehouse, CsvExport {
  readonly kind = 'pglite';

  private constructor(private readonly db: PGlite) {}

  /**
   * Opens (creating when needed) the database in `dataDir`, or an in-memory one when omitted.
   * With `initSnapshot`, a new database starts from that snapshot of an initialised data folder
   * (written by the first one made) instead of running initdb.
   */
  static async open(
    dataDir?: string,
    options: { initSnapshot?: string } = {},
  ): Promise<PgliteWarehouse> {
    let db: PGlite;
    if (dataDir === undefined) db = await PGlite.create();
    else if (options.initSnapshot !== undefined)
      db = (await openPglite(dataDir, options.initSnapshot)).db;
    else {
      await mkdir(dataDir, { recursive: true });
      db = await PGlite.create(dataDir);
    }
    return PgliteWarehouse.configured(db);
  }

  /** An in-memory database started from `dataDir`, a data folder written by {@link dumpDataDir}. */
  static async restore(dataDir: Blob): Promise<PgliteWarehouse> {
    return PgliteWarehouse.configured(await PGlite.create({ loadDataDir: dataDir }));
  }

  private static async configured(db: PGlite): Promise<PgliteWarehouse> {
    // The RFM window functions sort every customer; the default 4 MB spills those sorts to disk.
    await db.exec(`set work_mem = '${WORK_MEM}'`);
    return new PgliteWarehouse(db);
  }

  /** The whole data folder as an uncompressed tar, for {@link restore}. */
  async dumpDataDir(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async query<R extends Row = Row>(
    sql: string | SqlStatement,
    params: readonly SqlValue[] = [],
  ): Promise<R[]> {
    const stmt = typeof sql === 'string' ? { sql, line: 1 } : sql;
    return run(stmt, async (text) => (await this.db.query<R>(text, [...params])).rows);
  }

  async transaction(statements: readonly SqlStatement[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const stmt of statements) await run(stmt, (text) => tx.query(text));
    });
  }

  async queryCsv(sql: string, options: CsvExportOptions = {}): Promise<string> {
    const quote = options.quoteAll === true ? ', force_quote *' : '';
    const stmt = {
      sql: `copy (${sql}) to '/dev/blob' with (format csv, header true${quote})`,
      line: 1,
    };
    const result = await run(stmt, (text) => this.db.query(text));
    return result.blob === undefined ? '' : await result.blob.text();
  }

  /** Runs `fn` in one transaction with COPY-from-bytes available; rolls back if `fn` throws. */
  async withCopySession<T>(fn: (session: BlobCopySession) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => fn(copySession(tx)));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

function copySession(tx: Transaction): BlobCopySession {
  return {
    query: async <R extends Row = Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await tx.query<R>(sql, [...params])).rows,
    copyFrom: async (copySql, bytes) => {
      const result = await tx.query(copySql, [], {
        blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
      });
      return result.affectedRows ?? 0;
    },
  };
}

async function run<T>(stmt: SqlStatement, exec: (sql: string) => Promise<T>): Promise<T> {
  const text = toPostgres(stmt);
  try {
    return await exec(text);
  } catch (error) {
    throw new StatementError(stmt, errorLine(stmt, text, error), error);
  }
}

/** Maps PostgreSQL's 1-based character `position` in the statement to a line of the file. */
function errorLine(stmt: SqlStatement, text: string, error: unknown): number {
  const position = Number((error as { position?: unknown } | null)?.position);
  if (!Number.isInteger(position) || position < 1) return stmt.line;
  const before = text.slice(0, position - 1);
  return stmt.line + (before.match(/\n/g)?.length ?? 0);
}
