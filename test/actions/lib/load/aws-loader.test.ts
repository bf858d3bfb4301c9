import { beforeEach, describe, expect, test } from '@jest/globals';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import { loadAws, type AwsLoadTarget } from '../../../../actions/lib/load/aws-loader.js';
import type { LoadErrorDetail } from '../../../../actions/lib/load/redshift-rejects.js';
import {
  formatRejected,
  LoadError,
  type FileLoadReport,
} from '../../../../actions/lib/load/report.js';
import { prepareLoad } from '../../../../actions/lib/load/sources.js';
import { OLIST_TO_TRANSACTIONS } from '../../../../actions/lib/sources/transactions.js';
import { uploadObject, PART_SIZE } from '../../../../actions/lib/load/s3-upload.js';
import type { SqlStatement } from '../../../../actions/lib/sql/statement.js';
import { StatementError, type Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { guardStatement, LoadCheckFailure } from '../../../../actions/lib/load/load-checks.js';
import { readChecks, type DataCheck } from '../../../../actions/lib/pipeline/checks.js';
import { LOAD_CHECKS_DIR } from '../../../support/warehouse.js';
import {
  customer,
  order,
  payment,
  writeOlistFiles,
  type OlistFiles,
} from '../../../support/olist-fixture.js';

const TARGET: AwsLoadTarget = {
  bucket: 'rfm-retail-bank-data',
  prefix: 'teams/retail-bank/',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1111-2222',
  redshiftRoleArn: 'arn:aws:iam::123456789012:role/rfm-retail-bank-redshift',
};
const FOLDER = `s3://${TARGET.bucket}/${TARGET.prefix}loads/L1/`;

const s3 = mockClient(S3Client);
beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

/** One row of SYS_LOAD_ERROR_DETAIL for `file` of load L1. */
const redshiftReject = (
  file: string,
  line: number,
  column: string,
  code: number,
  message: string,
): LoadErrorDetail => ({
  file_name: `${FOLDER}${file}`,
  line_number: line,
  column_name: column,
  error_code: code,
  error_message: message,
});

/** loadAws of the files in `dir` as load L1, through a fresh S3 client. */
const load = (wh: Warehouse, dir: string, maxErrors: number, checks: readonly DataCheck[] = []) =>
  loadAws(wh, new S3Client({ region: 'eu-west-1' }), TARGET, dir, {
    maxErrors,
    loadId: 'L1',
    checks,
  });

/**
 * Redshift as the loader sees it through the Warehouse interface: the transaction either commits
 * or fails as scripted, SYS_LOAD_ERROR_DETAIL returns the scripted rejects, and the row counts are
 * what COPY would have left.
 */
function redshift(script: {
  fail?: Error;
  rejects?: LoadErrorDetail[];
  counts?: Record<string, number>;
}) {
  const transactions: SqlStatement[][] = [];
  const wh: Warehouse = {
    kind: 'redshift',
    async query<R>(sql: string | SqlStatement) {
      const text = typeof sql === 'string' ? sql : sql.sql;
      if (text.includes('sys_load_error_detail')) return (script.rejects ?? []) as R[];
      if (text.includes('count(*)')) return [script.counts ?? {}] as R[];
      throw new Error(`unexpected query ${text}`);
    },
    async transaction(statements) {
      transactions.push([...statements]);
      if (script.fail !== undefined) throw script.fail;
    },
    async close() {},
  };
  return { wh, transactions };
}

const files = (): OlistFiles => ({
  customers: [customer('c1', 'u1'), customer('c2', 'u2')],
  orders: [
    order('o1', 'c1', 'delivered', '2018-01-01 10:00:00'),
    order('o2', 'c2', 'delivered', '2018-01-02 10:00:00'),
    order('o3', 'c1', 'delivered', '2018-02-30 10:00:00'), // line 4: rejected by the local check
    order('o4', 'c2', 'delivered', '2018-01-04 10:00:00'),
    order('o5', 'c2', 'delivered', '2018-01-05 10:00:00'), // line 6: Redshift rejects it
  ],
  payments: [payment('o1', 1, 'credit_card', '10.00'), payment('o2', 1, 'boleto', '20.50')],
});

describe('AWS loader', () => {
  test('uploads SSE-KMS, COPYs in one transaction, and reports Redshift rejects at their file line', async () => {
    const dir = await writeOlistFiles(files());
    const { wh, transactions } = redshift({
      // Line 5 of the uploaded orders file, which lacks the locally rejected line 4.
      rejects: [
        redshiftReject(
          'olist_orders_dataset.csv',
          5,
          'order_purchase_timestamp',
          1206,
          'Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS]',
        ),
      ],
      counts: { customers: 2, orders: 3, payments: 2 },
    });

    const reports = await load(wh, dir, 10);

    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Key)).toEqual([
      'teams/retail-bank/loads/L1/olist_customers_dataset.csv',
      'teams/retail-bank/loads/L1/olist_orders_dataset.csv',
      'teams/retail-bank/loads/L1/olist_order_payments_dataset.csv',
    ]);
    for (const p of puts) {
      expect(p).toMatchObject({
        Bucket: TARGET.bucket,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: TARGET.kmsKeyArn,
      });
    }
    // The uploaded orders file holds the header and the 4 rows the local check accepted.
    expect(
      new TextDecoder()
        .decode(puts[1]?.Body as Uint8Array)
        .trimEnd()
        .split('\n'),
    ).toHaveLength(5);

    expect(transactions).toHaveLength(1);
    const sql = transactions[0]!.map((s) => s.sql);
    expect(sql.slice(0, 5)).toEqual([
      'delete from customers',
      'delete from orders',
      'delete from payments',
      'delete from transactions',
      'delete from excluded_statuses',
    ]);
    // After the copies, in the same transaction: the orders onto transactions.
    expect(sql.slice(8, 11)).toEqual([
      OLIST_TO_TRANSACTIONS,
      "insert into excluded_statuses (status) values ('canceled'), ('unavailable')",
      'update source_settings set zero_amount_purchases = true',
    ]);
    // The load records itself, in the same transaction.
    expect(sql[11]).toMatch(
      new RegExp(
        `^insert into load_history \\(loaded_at, origin, detail, rows_loaded\\)\\nselect cast\\('\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d' as timestamp\\), 'files', '${dir}', count\\(\\*\\)\\nfrom transactions$`,
      ),
    );
    expect(sql[6]).toBe(
      `copy orders (order_id, customer_id, order_status, order_purchase_timestamp, order_approved_at, order_delivered_carrier_date, order_delivered_customer_date, order_estimated_delivery_date)
from '${FOLDER}olist_orders_dataset.csv'
iam_role '${TARGET.redshiftRoleArn}'
csv ignoreheader 1 maxerror 9 emptyasnull timeformat 'auto'`,
    );
    expect(transactions[0]![6]?.file).toBe(join(dir, 'olist_orders_dataset.csv'));

    const orders = reports.find((r) => r.table === 'orders')!;
    expect([orders.rowsIn, orders.rowsLoaded, orders.rowsRejected]).toEqual([5, 3, 2]);
    expect(orders.rejected.map((r) => [r.line, r.column, r.reason])).toEqual([
      [
        4,
        'order_purchase_timestamp',
        'order_purchase_timestamp "2018-02-30 10:00:00" is not a real date and time',
      ],
      [
        6,
        'order_purchase_timestamp',
        'order_purchase_timestamp Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS] (Redshift load error 1206)',
      ],
    ]);
    expect(formatRejected(orders.rejected[1]!)).toBe(
      `${join(dir, 'olist_orders_dataset.csv')}:6: order_purchase_timestamp Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS] (Redshift load error 1206)\n    ${order('o5', 'c2', 'delivered', '2018-01-05 10:00:00')}`,
    );
    for (const r of reports) expect(r.rowsIn).toBe(r.rowsLoaded + r.rowsRejected);
  });

  test('Redshift line numbers map back through multi-line fields and locally rejected rows', async () => {
    const rows = files();
    rows.customers = [
      customer('c1', 'u1'),
      `${customer('c2', 'u2').replace('sao paulo', '"sao\npaulo"')}`, // lines 3-4
      customer('c3', 'u3').replace('SP', 'SPX'), // line 5: rejected locally
      customer('c4', 'u4'), // line 6, line 5 of the uploaded copy
    ];
    const { wh } = redshift({
      rejects: [
        redshiftReject(
          'olist_customers_dataset.csv',
          5,
          'customer_city',
          1204,
          'String length exceeds DDL length',
        ),
      ],
      counts: { customers: 2, orders: 4, payments: 2 },
    });
    const reports = await load(wh, await writeOlistFiles(rows), 10);
    const customers = reports.find((r) => r.table === 'customers')!;
    expect(customers.rejected.map((r) => [r.line, r.raw])).toEqual([
      [5, customer('c3', 'u3').replace('SP', 'SPX')],
      [6, customer('c4', 'u4')],
    ]);
    expect([customers.rowsIn, customers.rowsLoaded, customers.rowsRejected]).toEqual([4, 2, 2]);
  });

  test('too many rows rejected by the local check: nothing is uploaded or loaded', async () => {
    const rows = files();
    rows.payments.push(payment('o9', 1, 'voucher', 'abc'), payment('o9', 2, 'voucher', 'x'));
    const { wh, transactions } = redshift({});
    const error = await load(wh, await writeOlistFiles(rows), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    expect(s3.calls()).toHaveLength(0);
    expect(transactions).toHaveLength(0);
  });

  test('COPY failing on MAXERROR is reported with the rows Redshift rejected', async () => {
    const { wh } = redshift({
      fail: new Error(
        "olist_order_payments_dataset.csv:1: statement 6 of 6: ERROR: Load into table 'payments' failed. Check 'sys_load_error_detail' system table for details.",
      ),
      rejects: [2, 3].map((line) =>
        redshiftReject(
          'olist_order_payments_dataset.csv',
          line,
          'payment_value',
          1207,
          'Invalid digit, Value X, Pos 0, Type: Decimal',
        ),
      ),
    });
    const error = (await load(wh, await writeOlistFiles(files()), 1).catch(
      (e: unknown) => e,
    )) as LoadError;
    expect(error).toBeInstanceOf(LoadError);
    expect(error.message).toMatch(/olist_order_payments_dataset\.csv: 2 of 2 rows rejected/);
    expect(error.message).toMatch(
      /olist_order_payments_dataset\.csv:3: payment_value Invalid digit, Value X, Pos 0, Type: Decimal \(Redshift load error 1207\)/,
    );
  });

  test('a failure that is not about rows (no rejects recorded) is rethrown as is', async () => {
    const denied = new Error(
      'olist_customers_dataset.csv:1: statement 4 of 6: ERROR: S3ServiceException:Access Denied',
    );
    const { wh } = redshift({ fail: denied });
    await expect(load(wh, await writeOlistFiles(files()), 10)).rejects.toBe(denied);
  });

  test('rows missing from the tables after COPY are an error, never silently dropped', async () => {
    const { wh } = redshift({ counts: { customers: 2, orders: 3, payments: 2 } });
    await expect(load(wh, await writeOlistFiles(files()), 10)).rejects.toThrow(
      /olist_orders_dataset\.csv: orders holds 3 rows after the load, but 5 rows came in and 1 were rejected/,
    );
  });

  test('the rows the local loaders reject are rejected on AWS too, before the upload', async () => {
    const rows = files();
    rows.customers.push(
      customer('c3', 'u3').replace('sao paulo', '😀'.repeat(40)), // line 4: 160 bytes
      customer('c4', 'u4').replace('SP', 'SÃ'), // line 5: char(2) is single-byte
    );
    rows.orders.push(order('o6', 'c1', 'delivered', '2999-01-01 00:00:00')); // line 7
    const dir = await writeOlistFiles(rows);
    const now = (): Date => new Date('2026-01-01T12:00:00Z');
    const local = await prepareLoad(dir, { maxErrors: 10, now });
    const { wh } = redshift({ counts: { customers: 2, orders: 4, payments: 2 } });
    const aws = await loadAws(wh, new S3Client({ region: 'eu-west-1' }), TARGET, dir, {
      maxErrors: 10,
      loadId: 'L1',
      now,
    });
    const rejected = (reports: readonly FileLoadReport[]) =>
      reports.flatMap((r) => r.rejected.map((x) => [x.file, x.line, x.reason]));
    expect(rejected(aws)).toEqual(rejected(local.reports));
    expect(rejected(aws).map(([, line, reason]) => [line, String(reason).slice(0, 40)])).toEqual([
      [4, 'customer_city is 160 bytes long in UTF-8'],
      [5, 'customer_state holds "Ã", a character of'],
      [4, 'order_purchase_timestamp "2018-02-30 10:'],
      [7, 'order_purchase_timestamp "2999-01-01 00:'],
    ]);
    const uploaded = s3
      .commandCalls(PutObjectCommand)
      .map((c) => new TextDecoder().decode(c.args[0].input.Body as Uint8Array))
      .join('');
    expect(uploaded).not.toContain('😀');
    expect(uploaded).not.toContain('2999-01-01');
  });

  test('the load checks run as guards at the end of the batch; a failing one names its check', async () => {
    const checks = await readChecks(LOAD_CHECKS_DIR);
    const dir = await writeOlistFiles(files());
    const ok = redshift({ counts: { customers: 2, orders: 4, payments: 2 } });
    await load(ok.wh, dir, 10, checks);
    const batch = ok.transactions[0]!;
    expect(batch.slice(-checks.length)).toEqual(checks.map(guardStatement));
    expect(batch.length).toBeLessThanOrEqual(40);

    // Redshift fails the batch at the guard of negative_payment_values: division by zero.
    const at =
      batch.length - checks.length + checks.findIndex((c) => c.check === 'negative_payment_values');
    const failing: Warehouse = {
      ...ok.wh,
      async transaction(statements) {
        throw new StatementError(
          statements[at]!,
          statements[at]!.line,
          new Error('ERROR: Divide by zero'),
        );
      },
    };
    const error = (await load(failing, dir, 10, checks).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(LoadCheckFailure);
    expect(error.message).toContain(
      `${dir}: data checks failed inside the load, so it was rolled back`,
    );
    expect(error.message).toContain(
      `${join(LOAD_CHECKS_DIR, 'negative_payment_values.sql')}: the check negative_payment_values found offending rows`,
    );
  });

  test('a large file goes up as an SSE-KMS multipart upload', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    s3.on(UploadPartCommand).resolves({ ETag: '"etag"' });
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const url = await uploadObject(new S3Client({ region: 'eu-west-1' }), {
      bucket: TARGET.bucket,
      key: 'teams/retail-bank/loads/L1/big.csv',
      body: new Uint8Array(2 * PART_SIZE + 1),
      kmsKeyArn: TARGET.kmsKeyArn,
      contentType: 'text/csv',
    });
    expect(url).toBe(`s3://${TARGET.bucket}/teams/retail-bank/loads/L1/big.csv`);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: TARGET.kmsKeyArn,
    });
    expect(s3.commandCalls(UploadPartCommand)).toHaveLength(3);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
