/**
 * Loading a team's source files into its warehouse, whichever backend holds it; the AWS loader is
 * `awsLoader` in aws-loader.ts, so that a local load does not load the AWS SDK.
 */
import type { CopySessionWarehouse } from '../warehouse/copy-session.js';
import { loadLocal, type LoadOptions } from './local-loader.js';
import type { FileLoadReport } from './report.js';
import type { DownloadedFolder } from './s3-download.js';

/** Replaces the source tables with the files of `dataDir`, or leaves them as they were. */
export interface Loader {
  load(dataDir: string, options: LoadOptions): Promise<FileLoadReport[]>;
  /**
   * Replaces a table the pipeline derives (e.g. `customer_clv`) with `csv` (a header, then the
   * rows, in `columns`) in one transaction; returns the rows it holds afterwards.
   */
  replaceTable(table: string, columns: readonly string[], csv: string): Promise<number>;
  /**
   * AWS only: downloads the files the team uploaded to `<prefix>incoming/` in its data bucket
   * into `dir` (`source.data: bucket`), for the same checks and mapping as local files.
   */
  readonly downloadIncoming?: (dir: string) => Promise<DownloadedFolder>;
}

/** COPY from this process's bytes (a PostgreSQL server; PGlite in the tests). */
export const localLoader = (wh: CopySessionWarehouse): Loader => ({
  load: (dataDir, options) => loadLocal(wh, dataDir, options),
  replaceTable: (table, columns, csv) =>
    wh.withCopySession(async (session) => {
      await session.query(`delete from ${table}`);
      return session.copyFrom(
        `copy ${table} (${columns.join(', ')}) from '/dev/blob' with (format csv, header true)`,
        Buffer.from(csv, 'utf8'),
      );
    }),
});
