/**
 * The Redshift Data API is tested with `aws-sdk-client-mock`, not moto: moto's redshift-data runs
 * no SQL (GetStatementResult returns three canned rows), reports every statement as STARTED
 * forever (a poll-until-FINISHED loop never ends) and does not implement BatchExecuteStatement at
 * all. The mock answers with hand-written responses, or through FakeDataApi, which executes the SQL
 * on PGlite and answers in the Data API's shapes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { PGlite } from '@electric-sql/pglite';
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../../../../actions/lib/random.js';
import { readMigrations } from '../../../../actions/lib/migrations/files.js';
import { migrate, MigrationError } from '../../../../actions/lib/migrations/runner.js';
import {
  bindParameters,
  MAX_BATCH_STATEMENTS,
  RedshiftDataWarehouse,
  redshiftTarget,
  type RedshiftDataOptions,
} from '../../../../actions/lib/warehouse/redshift-data.js';
import { StatementError } from '../../../../actions/lib/warehouse/warehouse.js';
import { MIGRATIONS_DIR } from '../../../support/warehouse.js';
import { FakeDataApi, throttling } from './fake-data-api.js';
import { fakeClock } from './fake-clock.js';
import { freshPgliteDatabase } from '../../../support/pglite.js';

const SERVERLESS = {
  workgroupName: 'retail-bank',
  database: 'rfm',
  secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rfm-admin-AbCdEf',
};

const mock = mockClient(RedshiftDataClient);
let db: PGlite;

beforeAll(async () => {
  db = await freshPgliteDatabase();
});
afterAll(async () => db.close());
beforeEach(() => {
  mock.reset();
});

function warehouse(extra: Partial<RedshiftDataOptions> = {}) {
  const time = fakeClock();
  const wh = new RedshiftDataWarehouse({
    client: new RedshiftDataClient({ region: 'eu-west-1' }),
    target: SERVERLESS,
    clock: time.clock,
    random: () => 0.5,
    ...extra,
  });
  return { wh, time };
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redshift-migrations-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('RedshiftDataWarehouse', () => {
  test('applies the project migrations: one BatchExecuteStatement per file, authenticated by secret', async () => {
    await FakeDataApi.install(mock, db, { pollsBeforeDone: 2 });
    const { wh } = warehouse();
    const files = await readMigrations(MIGRATIONS_DIR);

    const outcome = await migrate(wh, files);

    expect(outcome.applied).toHaveLength(files.length);
    const batches = mock.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input);
    expect(batches).toHaveLength(files.length);
    for (const [i, batch] of batches.entries()) {
      const file = files[i]!;
      expect(batch).toMatchObject({ ...capitalized(SERVERLESS), StatementName: file.name });
      expect(batch.Sqls).toHaveLength(file.statements.length + 3);
      expect(batch.Sqls?.[0]).toBe('lock schema_migrations');
      expect(batch.Sqls?.at(-1)).toMatch(/^insert into schema_migrations/);
      expect(batch.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    }
    const [row] = await wh.query<{ n: number }>('select count(*) as n from schema_migrations');
    expect(row).toEqual({ n: files.length });
  });

  test('a provisioned cluster is addressed by ClusterIdentifier', async () => {
    await FakeDataApi.install(mock, db);
    const target = redshiftTarget({
      type: 'provisioned',
      clusterId: 'retail-bank',
      database: 'rfm',
      secretArn: SERVERLESS.secretArn,
    });
    const { wh } = warehouse({ target });
    await wh.query('select 1 as one');
    expect(mock.commandCalls(ExecuteStatementCommand)[0]?.args[0].input).toMatchObject({
      ClusterIdentifier: 'retail-bank',
      Database: 'rfm',
      SecretArn: SERVERLESS.secretArn,
    });
    expect(mock.commandCalls(ExecuteStatementCommand)[0]?.args[0].input).not.toHaveProperty(
      'WorkgroupName',
    );
  });

  test("without a secret the statements run as the caller's IAM identity: no SecretArn, no DbUser", async () => {
    await FakeDataApi.install(mock, db);
    const { wh } = warehouse({ target: { workgroupName: 'workshop-acme', database: 'rfm' } });
    await wh.query('select 1 as one');
    const input = mock.commandCalls(ExecuteStatementCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ WorkgroupName: 'workshop-acme', Database: 'rfm' });
    expect(input).not.toHaveProperty('SecretArn');
    expect(input).not.toHaveProperty('DbUser');
  });

  test('a failing sub-statement is reported with file, line, statement index and Redshift message', async () => {
    mock.on(BatchExecuteStatementCommand).resolves({ Id: 'b1' });
    mock.on(DescribeStatementCommand).resolves({
      Id: 'b1',
      Status: 'FAILED',
      Error: 'ERROR: relation "missing_table" does not exist',
      SubStatements: [
        { Id: 'b1:1', Status: 'FINISHED' },
        { Id: 'b1:2', Status: 'FINISHED' },
        { Id: 'b1:3', Status: 'FINISHED' },
        { Id: 'b1:4', Status: 'FAILED', Error: 'ERROR: relation "missing_table" does not exist' },
        { Id: 'b1:5', Status: 'ABORTED' },
      ],
    });
    mock.on(ExecuteStatementCommand).resolves({ Id: 'q1' });
    mock
      .on(DescribeStatementCommand, { Id: 'q1' })
      .resolves({ Id: 'q1', Status: 'FINISHED', HasResultSet: true });
    mock.on(GetStatementResultCommand).resolves({ ColumnMetadata: [], Records: [] });
    const dir = await migrationsDir({
      'V001__broken.sql':
        '-- two statements\ncreate table half (id integer);\n\nselect * from\n  missing_table;\n',
    });
    const { wh } = warehouse();

    const error = (await migrate(wh, await readMigrations(dir)).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(StatementError);
    expect(error.message).toBe(
      `${join(dir, 'V001__broken.sql')}:4: statement 4 of 5: ERROR: relation "missing_table" does not exist`,
    );
  });

  test('end to end on the fake: the failed statement is named, and nothing of the file remains', async () => {
    await FakeDataApi.install(mock, db);
    const dir = await migrationsDir({
      'V001__base.sql': 'create table base (id integer);\n',
      'V002__broken.sql':
        'create table half (id integer);\ninsert into base values (1);\nselect * from missing_table;\n',
    });
    const { wh } = warehouse();
    await expect(migrate(wh, await readMigrations(dir))).rejects.toThrow(
      `V002__broken.sql:3: statement 5 of 6: ERROR: relation "missing_table" does not exist`,
    );
    const tables = await wh.query<{ t: string }>(
      `select table_name as t from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((t) => t.t)).toEqual(['base', 'schema_migrations']);
  });

  test('completes although 30% of the Data API calls are throttled', async () => {
    const random = createRandom(7);
    const fake = await FakeDataApi.install(mock, db, { throttle: () => random.next() < 0.3 });
    const { wh, time } = warehouse();
    const files = await readMigrations(MIGRATIONS_DIR);

    const outcome = await migrate(wh, files);
    const rows = await wh.query<{ script: string }>('select script from schema_migrations');

    expect(outcome.applied).toHaveLength(files.length);
    expect(rows).toHaveLength(files.length);
    expect(fake.throttled).toBeGreaterThan(10);
    const calls = mock.calls().length;
    expect(fake.throttled / calls).toBeGreaterThan(0.2);
    // The waits were real backoff, on the fake clock, so the test took no wall time for them.
    expect(time.elapsed()).toBeGreaterThan(0);
  });

  test('a statement that outlives the timeout is cancelled with CancelStatement', async () => {
    mock.on(BatchExecuteStatementCommand).resolves({ Id: 'slow' });
    mock.on(DescribeStatementCommand).resolves({
      Id: 'slow',
      Status: 'STARTED',
      SubStatements: [
        { Id: 'slow:1', Status: 'FINISHED' },
        { Id: 'slow:2', Status: 'STARTED' },
      ],
    });
    mock.on(CancelStatementCommand).resolves({ Status: true });
    const { wh, time } = warehouse({ timeoutMs: 60_000 });
    const statements = [
      { sql: 'lock orders', file: 'sql/migrations/V009__slow.sql', line: 1 },
      {
        sql: 'update orders set order_status = lower(order_status)',
        file: 'sql/migrations/V009__slow.sql',
        line: 3,
      },
    ];

    const error = (await wh.transaction(statements).catch((e: unknown) => e)) as Error;

    expect(error.message).toMatch(
      /^sql\/migrations\/V009__slow\.sql:3: Redshift statement slow did not finish within 60 s \(\d+ attempts\); statement slow was cancelled/,
    );
    expect(mock.commandCalls(CancelStatementCommand).map((c) => c.args[0].input)).toEqual([
      { Id: 'slow' },
    ]);
    expect(time.elapsed()).toBe(60_000);
    // Bounded exponential backoff: never above the 5 s cap, and growing towards it.
    expect(Math.max(...time.sleeps)).toBeLessThanOrEqual(5_000);
    expect(time.sleeps.slice(0, 4)).toEqual([187.5, 375, 750, 1500]);
  });

  test('aborting (Ctrl-C) cancels the running statement', async () => {
    const controller = new AbortController();
    mock.on(ExecuteStatementCommand).resolves({ Id: 'q' });
    let polls = 0;
    mock.on(DescribeStatementCommand).callsFake(async () => {
      polls += 1;
      if (polls === 3) controller.abort();
      return { Id: 'q', Status: 'STARTED' };
    });
    mock.on(CancelStatementCommand).resolves({ Status: true });
    const { wh } = warehouse({ signal: controller.signal });

    await expect(wh.query('select count(*) from orders')).rejects.toThrow(
      /Redshift statement q was interrupted by the caller; statement q was cancelled/,
    );
    expect(mock.commandCalls(CancelStatementCommand)).toHaveLength(1);
  });

  test('reads a result over 3 pages with NextToken, typing each column by its metadata', async () => {
    mock.on(ExecuteStatementCommand).resolves({ Id: 'r' });
    mock.on(DescribeStatementCommand).resolves({ Id: 'r', Status: 'FINISHED', HasResultSet: true });
    const columns = [
      { name: 'customer_id', typeName: 'varchar' },
      { name: 'orders', typeName: 'int8' },
      { name: 'spend', typeName: 'numeric' },
      { name: 'avg_gap', typeName: 'float8' },
      { name: 'active', typeName: 'bool' },
      { name: 'first_day', typeName: 'date' },
      { name: 'last_order', typeName: 'timestamp' },
    ];
    const record = (n: number) => [
      { stringValue: `c${n}` },
      { longValue: n },
      { stringValue: `${n}.50` },
      { doubleValue: n / 4 },
      { booleanValue: n % 2 === 0 },
      { stringValue: `2018-01-0${n}` },
      n === 3 ? { isNull: true } : { stringValue: `2018-01-0${n} 10:00:00.25` },
    ];
    mock
      .on(GetStatementResultCommand, { Id: 'r' })
      .resolvesOnce({ ColumnMetadata: columns, Records: [record(1), record(2)], NextToken: 't1' })
      .resolvesOnce({ ColumnMetadata: columns, Records: [record(3)], NextToken: 't2' })
      .resolvesOnce({ ColumnMetadata: columns, Records: [record(4)] });
    const { wh } = warehouse();

    const rows = await wh.query('select * from customer_summary');

    expect(mock.commandCalls(GetStatementResultCommand).map((c) => c.args[0].input)).toEqual([
      { Id: 'r' },
      { Id: 'r', NextToken: 't1' },
      { Id: 'r', NextToken: 't2' },
    ]);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      customer_id: 'c1',
      orders: 1,
      spend: '1.50',
      avg_gap: 0.25,
      active: false,
      first_day: new Date('2018-01-01T00:00:00Z'),
      last_order: new Date('2018-01-01T10:00:00.250Z'),
    });
    expect(rows[2]?.last_order).toBeNull();
  });

  test('a file longer than one batch is refused before anything runs, naming the file and its count', async () => {
    await FakeDataApi.install(mock, db);
    const long = Array.from({ length: 38 }, (_, i) => `create table t${i} (id integer);`).join(
      '\n',
    );
    const dir = await migrationsDir({
      'V001__fine.sql': 'create table fine (id integer);\n',
      'V002__long.sql': `${long}\n`,
    });
    const { wh } = warehouse();
    const error = (await migrate(wh, await readMigrations(dir)).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.message).toContain(`${join(dir, 'V002__long.sql')} has 38 statements`);
    expect(error.message).toContain('at most 37');
    expect(mock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);

    const direct = Array.from({ length: MAX_BATCH_STATEMENTS + 1 }, (_, i) => ({
      sql: 'select 1',
      file: 'sql/migrations/V003__huge.sql',
      line: i + 1,
    }));
    await expect(wh.transaction(direct)).rejects.toThrow(
      /V003__huge\.sql:1: 41 statements from sql\/migrations\/V003__huge\.sql make a batch of 41; BatchExecuteStatement runs at most 40/,
    );
  });

  test('$n parameters become named Data API parameters; NULL is written inline', async () => {
    const stmt = {
      sql: "select * from t where a = $1 and b = $2 and c = '$1' and d = $1",
      line: 1,
    };
    expect(bindParameters(stmt, [42, null])).toEqual({
      text: "select * from t where a = :p1 and b = null and c = '$1' and d = :p1",
      parameters: [{ name: 'p1', value: '42' }],
    });
    await FakeDataApi.install(mock, db);
    const { wh } = warehouse();
    expect(await wh.query('select $1::int + 1 as n, $2::varchar as s', [41, null])).toEqual([
      { n: 42, s: null },
    ]);
  });

  test('a throttled call is retried; other service errors are not', async () => {
    mock
      .on(ExecuteStatementCommand)
      .rejectsOnce(throttling())
      .rejectsOnce(throttling())
      .resolves({ Id: 'x' });
    mock.on(DescribeStatementCommand).resolves({ Id: 'x', Status: 'FINISHED' });
    const { wh } = warehouse();
    await expect(wh.query('delete from t')).resolves.toEqual([]);
    expect(mock.commandCalls(ExecuteStatementCommand)).toHaveLength(3);
    const tokens = mock
      .commandCalls(ExecuteStatementCommand)
      .map((c) => c.args[0].input.ClientToken);
    expect(new Set(tokens).size).toBe(1);

    mock.reset();
    mock.on(ExecuteStatementCommand).rejects(new Error('ValidationException: bad workgroup'));
    await expect(wh.query('delete from t')).rejects.toThrow('bad workgroup');
    expect(mock.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
  });
});

function capitalized(target: typeof SERVERLESS) {
  return {
    WorkgroupName: target.workgroupName,
    Database: target.database,
    SecretArn: target.secretArn,
  };
}
