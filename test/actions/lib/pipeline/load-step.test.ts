/**
 * The load step on AWS: Redshift fails the load's batch at a data check's guard statement, which
 * returns no rows; the step then loads the same files into a throwaway local DuckDB to list them.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import { awsLoader } from '../../../../actions/lib/load/aws-loader.js';
import type { TeamBackend } from '../../../../actions/lib/pipeline/backend.js';
import { CheckFailure } from '../../../../actions/lib/pipeline/checks.js';
import { loadStep } from '../../../../actions/lib/pipeline/steps.js';
import type { SqlStatement } from '../../../../actions/lib/sql/statement.js';
import { StatementError, type Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { migratedLocalBackend, SQL } from '../../../support/backend.js';
import { customer, order, payment, writeOlistFiles } from '../../../support/olist-fixture.js';

const s3 = mockClient(S3Client);

/** Redshift as the AWS loader sees it: the batch fails at the statement that divides by zero. */
function redshiftFailingAt(pattern: RegExp): { wh: Warehouse; batches: SqlStatement[][] } {
  const batches: SqlStatement[][] = [];
  const wh: Warehouse = {
    kind: 'redshift',
    async query<R>() {
      return [] as R[];
    },
    async transaction(statements) {
      batches.push([...statements]);
      const failing = statements.find((s) => pattern.test(s.file ?? ''));
      if (failing !== undefined) {
        throw new StatementError(failing, failing.line, new Error('ERROR: Divide by zero'));
      }
    },
    async close() {},
  };
  return { wh, batches };
}

let local: Awaited<ReturnType<typeof migratedLocalBackend>>;
beforeAll(async () => {
  local = await migratedLocalBackend();
  s3.on(PutObjectCommand).resolves({});
});
afterAll(async () => local.dispose());

test('a check Redshift failed the load on is listed with its rows, found by the same load run locally', async () => {
  const dir = await writeOlistFiles({
    customers: [customer('c1', 'u1')],
    orders: [order('o1', 'c1', 'delivered', '2018-01-01 10:00:00')],
    payments: [payment('o1', 1, 'credit_card', '10.00'), payment('o1', 2, 'voucher', '-3.00')],
  });
  const { wh, batches } = redshiftFailingAt(/negative_payment_values\.sql$/);
  const backend: TeamBackend = {
    ...local.backend,
    loader: awsLoader(wh, new S3Client({ region: 'eu-west-1' }), {
      bucket: 'b',
      prefix: 'retail-bank/',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k',
      redshiftRoleArn: 'arn:aws:iam::111122223333:role/r',
    }),
  };

  const error = (await loadStep(backend, SQL, dir).catch((e: unknown) => e)) as CheckFailure;
  expect(batches).toHaveLength(1);
  expect(error).toBeInstanceOf(CheckFailure);
  expect(error.failed.map((f) => f.check)).toEqual(['negative_payment_values']);
  expect(error.message).toContain(
    `${dir}: data checks failed inside the load, so it was rolled back`,
  );
  expect(error.message).toContain("Redshift's checks found rows; the same checks on the same rows");
  expect(error.message).toContain(
    `${join(SQL.loadChecks, 'negative_payment_values.sql')}: 1 offending row(s)`,
  );
  expect(error.message).toMatch(/"payment_sequential":"?2"?/);
  // The team's own warehouse was not touched by the replay.
  const [n] = await local.backend.wh.query<{ n: unknown }>('select count(*) as n from payments');
  expect(Number(n?.n)).toBe(0);
});
