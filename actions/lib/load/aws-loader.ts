import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { INCOMING_FOLDER } from '../../../contracts/naming.js';
import type { StackOutputs } from '../../../contracts/stack-outputs.js';
import { sqlString } from '../sql/literal.js';
import type { SqlStatement } from '../sql/statement.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { CheckedCsv } from './check-csv.js';
import type { LoadOptions } from './local-loader.js';
import { failedGuard, guardStatement, LoadCheckFailure } from './load-checks.js';
import { readLoadErrors, toRejectedRow, type LoadErrorDetail } from './redshift-rejects.js';
import { LoadError, type FileLoadReport } from './report.js';
import type { Loader } from './loader.js';
import { downloadFolder } from './s3-download.js';
import { uploadObject } from './s3-upload.js';
import { prepareLoad, type PreparedLoad } from './sources.js';

/** Where the files go and what Redshift reads them with, from the team stack's outputs. */
export interface AwsLoadTarget {
  readonly bucket: string;
  /** Key prefix the team may write, ending in `/`. */
  readonly prefix: string;
  readonly kmsKeyArn: string;
  /** The role COPY runs with (IAM_ROLE): reads the prefix and decrypts with the key. */
  readonly redshiftRoleArn: string;
}

export function awsLoadTarget(stack: StackOutputs): AwsLoadTarget {
  return {
    bucket: stack.dataBucket,
    prefix: stack.dataPrefix,
    kmsKeyArn: stack.kmsKeyArn,
    redshiftRoleArn: stack.redshiftRoleArn,
  };
}

export interface AwsLoadOptions extends LoadOptions {
  /** Folder name under `<prefix>loads/`; a fresh timestamped id by default. */
  readonly loadId?: string;
}

/**
 * Loads a team's source files into Redshift: the same row checks and mapping as the local
 * loaders, then the accepted rows go to S3 (SSE-KMS, multipart when large) and Redshift COPYs them. Afterwards the
 * rows COPY rejected are read from SYS_LOAD_ERROR_DETAIL and reported like the local rejects.
 *
 * Reloading is idempotent by truncate-and-load in one transaction: one BatchExecuteStatement
 * deletes every row of the source tables, COPYs the new files, maps them onto transactions
 * (sources.ts) and runs the data checks as guards (load-checks.ts), so the tables hold exactly the
 * last load, or, when anything fails, exactly what they held before. DELETE stands in for TRUNCATE
 * because Redshift's TRUNCATE commits the transaction it runs in. Each load's files go to their
 * own S3 folder, so its rejects are told apart from any other load's.
 */
export async function loadAws(
  wh: Warehouse,
  s3: S3Client,
  target: AwsLoadTarget,
  dataPath: string,
  options: AwsLoadOptions,
): Promise<FileLoadReport[]> {
  const load = await prepareLoad(dataPath, options);
  const checked = load.files;

  const folder = `${target.prefix}loads/${options.loadId ?? newLoadId()}/`;
  const urls = await uploadAccepted(s3, target, folder, checked);
  const checks = options.checks ?? [];
  const guards = checks.map(guardStatement);
  const statements = [
    ...reloadStatements(load, urls, target.redshiftRoleArn, options.maxErrors),
    ...guards,
    ...(options.after ?? []),
  ];
  const failure = await wh.transaction(statements).then(
    () => undefined,
    (error: unknown) => error ?? new Error('the load failed'),
  );

  const details = await readLoadErrors(wh, urls);
  const reports = checked.map((c, i) =>
    report(
      c,
      details.filter((d) => d.file_name === urls[i]),
    ),
  );
  if (failure !== undefined) {
    if (reports.some((r) => r.rowsRejected > options.maxErrors)) {
      throw new LoadError(reports, options.maxErrors);
    }
    const check = failedGuard(failure, guards, checks);
    if (check !== undefined) throw new LoadCheckFailure(check, dataPath);
    throw failure;
  }
  await assertAllRowsAccounted(wh, reports);
  return reports;
}

/** Uploads each file's accepted rows into `folder`; returns their `s3://` URLs in order. */
async function uploadAccepted(
  s3: S3Client,
  target: AwsLoadTarget,
  folder: string,
  checked: readonly CheckedCsv[],
): Promise<string[]> {
  const urls: string[] = [];
  // File names are unique: the three Olist files, or the files of one folder.
  for (const c of checked) {
    const key = `${folder}${c.spec.file}`;
    const body = c.acceptedBytes;
    urls.push(
      await uploadObject(s3, {
        bucket: target.bucket,
        key,
        body,
        kmsKeyArn: target.kmsKeyArn,
        contentType: 'text/csv',
      }),
    );
  }
  return urls;
}

/**
 * One transaction: empty every source table, COPY each file, then map onto transactions. A
 * file's MAXERROR is what `maxErrors` leaves after the rows the local check already rejected.
 */
function reloadStatements(
  load: PreparedLoad,
  urls: readonly string[],
  roleArn: string,
  maxErrors: number,
): SqlStatement[] {
  const origin = load.files[0]?.file ?? 'the load';
  return [
    ...load.tables.map((table) => ({ sql: `delete from ${table}`, file: origin, line: 1 })),
    ...load.files.map((c, i) => ({
      sql: copySql(c, urls[i] as string, roleArn, maxErrors - c.rejected.length),
      file: c.file,
      line: 1,
    })),
    ...load.statements.map((sql) => ({ sql, file: 'the mapping onto transactions', line: 1 })),
  ];
}

/** `COPY … FROM 's3://…' IAM_ROLE … CSV IGNOREHEADER 1 MAXERROR n`, empty fields as NULL. */
function copySql(c: CheckedCsv, url: string, roleArn: string, maxErrors: number): string {
  return `copy ${c.spec.table} (${c.columns.join(', ')})
from ${sqlString(url, 'the COPY source')}
iam_role ${sqlString(roleArn, 'iam_role')}
csv ignoreheader 1 maxerror ${maxErrors} emptyasnull timeformat 'auto'`;
}

function report(c: CheckedCsv, details: readonly LoadErrorDetail[]): FileLoadReport {
  const remote = details.map((d) => toRejectedRow(d, c));
  const rejected = [...c.rejected, ...remote].sort((a, b) => a.line - b.line);
  return {
    table: c.spec.table,
    file: c.file,
    rowsIn: c.rowsIn,
    rowsLoaded: c.rowsAccepted - remote.length,
    rowsRejected: rejected.length,
    rejected,
  };
}

/** Every row in is loaded or reported: each table must hold exactly the rows not rejected. */
async function assertAllRowsAccounted(
  wh: Warehouse,
  reports: readonly FileLoadReport[],
): Promise<void> {
  const expected = new Map<string, number>();
  for (const r of reports) expected.set(r.table, (expected.get(r.table) ?? 0) + r.rowsLoaded);
  const counts = [...expected.keys()]
    .map((table) => `(select count(*) from ${table}) as ${table}`)
    .join(', ');
  const [row] = await wh.query<Record<string, unknown>>(`select ${counts}`);
  for (const [table, rows] of expected) {
    const inTable = Number(row?.[table]);
    if (inTable !== rows) {
      const files = reports.filter((r) => r.table === table);
      const rowsIn = files.reduce((n, r) => n + r.rowsIn, 0);
      const rejected = files.reduce((n, r) => n + r.rowsRejected, 0);
      throw new Error(
        `${files.map((r) => r.file).join(', ')}: ${table} holds ${inTable} rows after the load, but ${rowsIn} rows came in and ${rejected} were rejected; check for another load running at the same time, then load again`,
      );
    }
  }
}

/**
 * Replaces a table the pipeline derives (e.g. `customer_clv`) with `csv` (header first): the file
 * goes to `<prefix>loads/derived/<table>/<id>.csv` (contracts/permissions/pipeline.ts grants it), then one transaction deletes the rows and COPYs it.
 * Returns the rows the table holds afterwards.
 */
export async function replaceTableAws(
  wh: Warehouse,
  s3: S3Client,
  target: AwsLoadTarget,
  table: string,
  columns: readonly string[],
  csv: string,
): Promise<number> {
  const url = await uploadObject(s3, {
    bucket: target.bucket,
    key: `${target.prefix}loads/derived/${table}/${newLoadId()}.csv`,
    body: Buffer.from(csv, 'utf8'),
    kmsKeyArn: target.kmsKeyArn,
    contentType: 'text/csv',
  });
  const origin = `derived table ${table}`;
  await wh.transaction([
    { sql: `delete from ${table}`, file: origin, line: 1 },
    {
      sql: `copy ${table} (${columns.join(', ')})
from '${url}'
iam_role '${target.redshiftRoleArn}'
csv ignoreheader 1`,
      file: origin,
      line: 1,
    },
  ]);
  const [row] = await wh.query<{ n: unknown }>(`select count(*) as n from ${table}`);
  return Number(row?.n);
}

/** `2026-11-23T20-59-01-123Z-1a2b3c`: sortable, and unique across concurrent loads. */
function newLoadId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

/** Upload to the team's prefix, then Redshift's COPY from S3. */
export const awsLoader = (wh: Warehouse, s3: S3Client, target: AwsLoadTarget): Loader => ({
  load: (dataDir, options) => loadAws(wh, s3, target, dataDir, options),
  replaceTable: (table, columns, csv) => replaceTableAws(wh, s3, target, table, columns, csv),
  downloadIncoming: (dir) =>
    downloadFolder(s3, target.bucket, `${target.prefix}${INCOMING_FOLDER}`, dir),
});
