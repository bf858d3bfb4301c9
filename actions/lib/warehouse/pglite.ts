import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { openPglite } from './pglite-snapshot.js';
import type { BlobCopySession } from './copy-session.js';
import type { CsvExport, CsvExportOptions } from './export-csv.js';
import { PostgresDialectWarehouse, type RunText } from './postgres-dialect.js';
import { runTranslated } from './run-statement.js';
import type { Row, SqlValue, Warehouse } from './warehouse.js';

const WORK_MEM = '128MB';

/**
 * The local warehouse: PostgreSQL compiled to WebAssembly, persisted in a folder per team.
 * Statements are rewritten from Redshift's dialect by the compatibility layer before they run.
 */
export class PgliteWarehouse extends PostgresDialectWarehouse implements Warehouse, CsvExport {
  readonly kind = 'pglite';

  private constructor(private readonly db: PGlite) {
    super();
  }

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

  protected async rows<R extends Row>(text: string, params: SqlValue[]): Promise<R[]> {
    return (await this.db.query<R>(text, params)).rows;
  }

  protected inTransaction<T>(fn: (run: RunText) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn((text) => tx.query(text)));
  }

  async queryCsv(sql: string, options: CsvExportOptions = {}): Promise<string> {
    const quote = options.quoteAll === true ? ', force_quote *' : '';
    const stmt = {
      sql: `copy (${sql}) to '/dev/blob' with (format csv, header true${quote})`,
      line: 1,
    };
    const result = await runTranslated(stmt, (text) => this.db.query(text));
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
