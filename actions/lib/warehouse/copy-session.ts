import type { Row, SqlValue, Warehouse } from './warehouse.js';

/** What a load needs beyond plain queries: one interactive transaction and COPY from bytes. */
export interface BlobCopySession {
  query<R extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** `COPY … FROM '/dev/blob'` with `bytes` as the file; returns the rows copied. */
  copyFrom(copySql: string, bytes: Uint8Array): Promise<number>;
}

/**
 * A warehouse that takes file bytes from this process (PGlite, PostgreSQL), unlike Redshift which
 * reads them from S3: the local loader runs on any of these.
 */
export interface CopySessionWarehouse extends Warehouse {
  /** Runs `fn` in one transaction with COPY-from-bytes available; rolls back if `fn` throws. */
  withCopySession<T>(fn: (session: BlobCopySession) => Promise<T>): Promise<T>;
}
