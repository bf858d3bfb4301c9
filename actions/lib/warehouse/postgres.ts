import pg from 'pg';
import type { BlobCopySession, CopySessionWarehouse } from './copy-session.js';
import { insertCsv } from './csv-insert.js';
import { redact } from './database-url.js';
import { PostgresDialectWarehouse, type RunText } from './postgres-dialect.js';
import type { Row, SqlValue } from './warehouse.js';

const POOL_SIZE = 4;

/**
 * Values come back as PGlite returns them, so code above the Warehouse interface sees the same
 * types on both: bigint as number, date and timestamp as UTC Dates (pg would read them in the
 * process's local time zone). numeric stays a string on both.
 */
const PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  [pg.types.builtins.INT8]: Number,
  [pg.types.builtins.DATE]: (text) => new Date(`${text}T00:00:00Z`),
  [pg.types.builtins.TIMESTAMP]: (text) => new Date(`${text.replace(' ', 'T')}Z`),
};

const typeParsers = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    PARSERS[oid] ?? pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

/** The only COPY the loader sends: `COPY t (a, b) FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`. */
const BLOB_COPY =
  /^\s*copy\s+([a-z_][a-z0-9_.]*)\s*\(([^)]*)\)\s+from\s+'\/dev\/blob'\s+with\s*\(\s*format\s+csv\s*,\s*header\s+true\s*\)\s*$/i;

/**
 * A PostgreSQL server reached with a `postgres://` URL: what a local run moves to when it outgrows
 * PGlite, and what the concurrency tests run against. Statements are rewritten from Redshift's
 * dialect by the same compatibility layer as PGlite's.
 */
export class PostgresWarehouse extends PostgresDialectWarehouse implements CopySessionWarehouse {
  readonly kind = 'postgres';

  private constructor(
    private readonly pool: pg.Pool,
    /** The URL without its password, for messages. */
    readonly target: string,
  ) {
    super();
  }

  /** Connects to `url` and checks the server answers; the error names the URL (password hidden). */
  static async connect(url: string): Promise<PostgresWarehouse> {
    const target = redact(url);
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, types: typeParsers });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    try {
      await pool.query('select 1');
    } catch (error) {
      await pool.end();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `cannot connect to ${target}: ${reason}; check that the server is running and the URL's user, password and database`,
      );
    }
    return new PostgresWarehouse(pool, target);
  }

  protected async rows<R extends Row>(text: string, params: SqlValue[]): Promise<R[]> {
    return (await this.pool.query<R>(text, params)).rows;
  }

  protected inTransaction<T>(fn: (run: RunText) => Promise<T>): Promise<T> {
    return this.inClientTransaction((client) => fn((text) => client.query(text)));
  }

  async withCopySession<T>(fn: (session: BlobCopySession) => Promise<T>): Promise<T> {
    return this.inClientTransaction((client) => fn(copySession(client)));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async inClientTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('begin');
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

function copySession(client: pg.PoolClient): BlobCopySession {
  return {
    query: async <R extends Row = Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query<R>(sql, [...params])).rows,
    copyFrom: async (copySql, bytes) => {
      const match = BLOB_COPY.exec(copySql);
      if (match === null) {
        throw new Error(
          `PostgresWarehouse copies only "copy <table> (<columns>) from '/dev/blob' with (format csv, header true)", got: ${copySql}`,
        );
      }
      const [, table = '', columnList = ''] = match;
      const columns = columnList.split(',').map((c) => c.trim());
      return insertCsv(
        async (sql, params) => (await client.query(sql, [...params])).rowCount ?? 0,
        table,
        columns,
        bytes,
      );
    },
  };
}
