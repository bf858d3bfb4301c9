import type { BlobCopySession } from './pglite.js';
import type { Warehouse } from './warehouse.js';

export type { BlobCopySession } from './pglite.js';

/**
 * A warehouse that takes file bytes from this process (PGlite, PostgreSQL), unlike Redshift which
 * reads them from S3: the local loader runs on any of these.
 */
export interface CopySessionWarehouse extends Warehouse {
  /** Runs `fn` in one transaction with COPY-from-bytes available; rolls back if `fn` throws. */
  withCopySession<T>(fn: (session: BlobCopySession) => Promise<T>): Promise<T>;
}
