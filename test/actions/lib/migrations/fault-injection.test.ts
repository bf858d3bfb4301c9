import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrations } from '../../../../actions/lib/migrations/files.js';
import { migrate } from '../../../../actions/lib/migrations/runner.js';
import { describeLocation } from '../../../../actions/lib/sql/statement.js';
import { PostgresWarehouse } from '../../../../actions/lib/warehouse/postgres.js';
import { StatementError, type Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { startPostgres, type PostgresServer } from '../../../support/postgres.js';
import { schemaSnapshot } from './runner-checks.js';

const BASE = `create table accounts (id integer not null, owner varchar(20) not null);
insert into accounts values (1, 'ana'), (2, 'bo'), (3, 'cy');
`;

/** Six statements of different kinds: DDL, DML and a view, each undone by a rollback. */
const CHANGE = `create table ledger (id integer not null, account_id integer not null, amount decimal(12, 2));
insert into ledger values (1, 1, 10.00), (2, 2, 20.50);
alter table accounts add column balance decimal(12, 2);
update accounts set balance = 0;
create view account_totals as
select account_id, sum(amount) as total from ledger group by account_id;
delete from accounts where id = 3;
`;

const INJECTED = 'select * from injected_fault';

let server: PostgresServer;
let wh: PostgresWarehouse;
let dir: string;

beforeAll(async () => {
  server = await startPostgres();
  wh = await PostgresWarehouse.connect(await server.createDatabase('faults'));
  dir = await mkdtemp(join(tmpdir(), 'migrations-faults-'));
  await writeFile(join(dir, 'V001__accounts.sql'), BASE);
  await migrate(wh, await readMigrations(dir));
  await writeFile(join(dir, 'V002__ledger.sql'), CHANGE);
});
afterAll(async () => {
  await wh?.close();
  await server?.stop();
});

/** Replaces statement `position` (1-based) of the next transaction with one that fails. */
function failingAt(position: number, seen: { sql: string; at: string }[]): Warehouse {
  return {
    kind: wh.kind,
    query: (sql, params) => wh.query(sql, params),
    close: async () => undefined,
    transaction: (statements) => {
      const target = statements[position - 1];
      if (target === undefined) throw new Error(`the transaction has no statement ${position}`);
      seen.push({ sql: target.sql, at: describeLocation(target) });
      return wh.transaction(
        statements.map((s, i) => (i === position - 1 ? { ...s, sql: INJECTED } : s)),
      );
    },
  };
}

describe('fault injection on a real PostgreSQL server', () => {
  test('a failure at any statement of a migration leaves no partial change', async () => {
    const files = await readMigrations(dir);
    // lock + guard + the file's statements + the history insert
    const positions = 2 + (files[1]?.statements.length ?? 0) + 1;
    expect(positions).toBe(9);
    const before = await schemaSnapshot(wh);
    const table: string[] = [
      '| position | statement replaced by a failing one | reported as | state after |',
      '| --- | --- | --- | --- |',
    ];

    for (let position = 1; position <= positions; position += 1) {
      const seen: { sql: string; at: string }[] = [];
      const error = await migrate(failingAt(position, seen), files).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StatementError);
      const message = (error as Error).message;
      expect(message).toContain(seen[0]?.at);
      expect(message).toContain('relation "injected_fault" does not exist');
      const unchanged = (await schemaSnapshot(wh)) === before;
      expect(unchanged).toBe(true);
      const what = (seen[0]?.sql ?? '').split('\n')[0]?.slice(0, 60) ?? '';
      table.push(
        `| ${position} | \`${what}\` | \`${message.split(': relation')[0]?.replace(`${dir}/`, '')}\` | ${unchanged ? 'unchanged' : 'CHANGED'} |`,
      );
    }

    const outcome = await migrate(wh, files);
    expect(outcome.applied.map((a) => a.file.name)).toEqual(['V002__ledger.sql']);
    expect(await wh.query('select id, owner, balance from accounts order by id')).toEqual([
      { id: 1, owner: 'ana', balance: '0.00' },
      { id: 2, owner: 'bo', balance: '0.00' },
    ]);
    expect(await wh.query('select account_id, total from account_totals order by 1')).toEqual([
      { account_id: 1, total: '10.00' },
      { account_id: 2, total: '20.50' },
    ]);
    if (process.env.PRINT_FAULT_TABLE !== undefined) console.log(table.join('\n'));
  });
});
