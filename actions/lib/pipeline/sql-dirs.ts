import { join } from 'node:path';

/** The three folders of `sql/` the pipeline runs. */
export interface SqlDirs {
  /** `V###__name.sql` (applied once) and `R__name.sql` (re-applied on change). */
  readonly migrations: string;
  /** Rebuilds the stored feature tables after each load, one transaction per file. */
  readonly refresh: string;
  /** Data tests run before training: each query returns the offending rows. */
  readonly checks: string;
  /**
   * Data tests of the loaded tables and the views over them, run inside every load before it
   * commits (and again before training): a failing one rolls the load back.
   */
  readonly loadChecks: string;
}

/** The folders under `<root>/sql`. */
export const sqlDirs = (root: string): SqlDirs => ({
  migrations: join(root, 'sql', 'migrations'),
  refresh: join(root, 'sql', 'refresh'),
  checks: join(root, 'sql', 'checks'),
  loadChecks: join(root, 'sql', 'checks', 'load'),
});
