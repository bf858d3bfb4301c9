/**
 * The data checks of `sql/checks/load` inside every load, before it commits: on PGlite and DuckDB
 * the load rolls back with the check's name and its offending rows; on Redshift each check is a
 * guard statement in the load's batch, whose SQL is run here on PGlite.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceConfig } from '../../../../contracts/environment/schema.js';
import { guardStatement } from '../../../../actions/lib/load/load-checks.js';
import { localLoader } from '../../../../actions/lib/load/loader.js';
import {
  CheckFailure,
  readChecks,
  type DataCheck,
} from '../../../../actions/lib/pipeline/checks.js';
import { splitStatements } from '../../../../actions/lib/sql/split.js';
import {
  customer,
  hexId,
  order,
  payment,
  writeOlistFiles,
  twoGoodCustomers,
} from '../../../support/olist-fixture.js';
import { refusalLeavingRows, WHO_WHEN_AMOUNT } from '../../../support/load-fixture.js';
import {
  CHECKS_DIR,
  LOAD_CHECKS_DIR,
  LOCAL_LOADERS,
  MIGRATIONS_DIR,
} from '../../../support/warehouse.js';
import { loaderForBlock, migratedWarehouseForBlock } from '../../../support/warehouse-fixture.js';

const good = twoGoodCustomers;

let checks: DataCheck[];
beforeAll(async () => {
  checks = await readChecks(LOAD_CHECKS_DIR);
});

const engines = LOCAL_LOADERS;

describe.each(engines)('%s: checks inside the load', (_name, open) => {
  const engine = loaderForBlock(open);
  beforeAll(async () => {
    await engine.loader.load(await writeOlistFiles(good()), { maxErrors: 0, checks });
  });

  async function expectRolledBack(
    path: string,
    failed: string[],
    source?: SourceConfig,
  ): Promise<CheckFailure> {
    const error = (await refusalLeavingRows(engine.wh, 2, () =>
      engine.loader.load(path, {
        maxErrors: 10,
        checks,
        ...(source === undefined ? {} : { source }),
      }),
    )) as CheckFailure;
    expect(error).toBeInstanceOf(CheckFailure);
    expect(error.failed.map((f) => f.check)).toEqual(failed);
    expect(error.message).toContain(
      `${path}: data checks failed inside the load, so it was rolled back`,
    );
    return error;
  }

  test('a negative payment rolls the load back, naming the check and the row', async () => {
    const rows = good();
    rows.payments.push(payment('o2', 2, 'voucher', '-5.00'));
    const dir = await writeOlistFiles(rows);
    const error = await expectRolledBack(dir, ['negative_payment_values']);
    expect(error.message).toContain(
      `${join(LOAD_CHECKS_DIR, 'negative_payment_values.sql')}: 1 offending row(s)`,
    );
    expect(error.message).toContain(`"order_id":"${hexId('o2')}"`);
    expect(error.message).toMatch(/"payment_value":"?-5(\.00)?"?/);
  });

  test('an order of an unknown customer, and a payment of an unknown order, roll it back', async () => {
    const rows = good();
    rows.orders.push(order('o3', 'nobody', 'delivered', '2018-01-03 10:00:00'));
    rows.payments.push(payment('o3', 1, 'boleto', '5.00'), payment('ghost', 1, 'boleto', '1.00'));
    const error = await expectRolledBack(await writeOlistFiles(rows), [
      'orders_with_unknown_customer',
      'payments_with_unknown_order',
    ]);
    expect(error.message).toContain(`"customer_id":"${hexId('nobody')}"`);
    expect(error.message).toContain(`"order_id":"${hexId('ghost')}"`);
  });

  test('a load that would leave no eligible transaction is refused', async () => {
    const rows = good();
    rows.orders = rows.orders.map((o) => o.replace('delivered', 'canceled'));
    await expectRolledBack(await writeOlistFiles(rows), ['no_eligible_transactions']);

    const path = join(await mkdtemp(join(tmpdir(), 'refunds-')), 'refunds.csv');
    await writeFile(path, 'who,when,amount\nc1,2024-01-01,-5\nc2,2024-01-02,0\n');
    const error = await expectRolledBack(path, ['no_eligible_transactions'], WHO_WHEN_AMOUNT);
    expect(error.message).toMatch(/"transactions":"?2"?,"rows_loaded":"?2"?/);
  });

  test('good data passes every check and commits', async () => {
    const rows = good();
    rows.customers.push(customer('c3', 'u3'));
    await engine.loader.load(await writeOlistFiles(rows), { maxErrors: 0, checks });
    const [n] = await engine.wh.query<{ n: unknown }>('select count(*) as n from customers');
    expect(Number(n?.n)).toBe(3);
  });
});

describe('which checks run inside a load', () => {
  /** The relations a file's queries read (`from|join public.<name>`). */
  const reads = async (file: string): Promise<string[]> =>
    [...(await readFile(file, 'utf8')).matchAll(/\b(?:from|join)\s+public\.(\w+)/g)].map(
      (m) => m[1]!,
    );

  /** The tables a load writes, and the views over nothing else (sql/migrations, R__1x). */
  const LOADED = ['customers', 'orders', 'payments', 'transactions', 'excluded_statuses'];
  const VIEWS_OVER_LOADED: Record<string, string> = {
    transaction_totals: 'R__10_transaction_totals.sql',
    eligible_transactions: 'R__11_eligible_transactions.sql',
    transaction_exclusions: 'R__12_transaction_exclusions.sql',
  };
  const readable = [...LOADED, ...Object.keys(VIEWS_OVER_LOADED)];

  test('sql/checks/load reads only what a load writes (and views over it); sql/checks reads what refresh and train write', async () => {
    for (const c of checks) {
      for (const relation of await reads(c.file)) {
        expect([c.check, relation, readable.includes(relation)]).toEqual([c.check, relation, true]);
      }
    }
    const later = await readChecks(CHECKS_DIR);
    expect(later.map((c) => c.check)).toEqual([
      'one_active_model',
      'recency_before_as_of',
      'rfm_scores_in_range',
    ]);
    for (const c of later) {
      const relations = await reads(c.file);
      expect(relations.some((r) => ['customer_features', 'segment_models'].includes(r))).toBe(true);
    }
    // The views a load check reads are built from the loaded tables and source_settings only.
    for (const [view, file] of Object.entries(VIEWS_OVER_LOADED)) {
      for (const r of await reads(join(MIGRATIONS_DIR, file))) {
        expect([view, r, [...readable, 'source_settings'].includes(r)]).toEqual([view, r, true]);
      }
    }
  });
});

describe('Redshift guard statements', () => {
  const warehouse = migratedWarehouseForBlock();

  test('each guard passes on good data and fails, named by its check file, on bad data', async () => {
    await localLoader(warehouse.wh).load(await writeOlistFiles(good()), { maxErrors: 0 });
    await warehouse.wh.transaction(checks.map(guardStatement));

    const rows = good();
    rows.payments.push(payment('o2', 2, 'voucher', '-5.00'));
    await localLoader(warehouse.wh).load(await writeOlistFiles(rows), { maxErrors: 0 });
    const error = (await warehouse.wh
      .transaction(checks.map(guardStatement))
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/negative_payment_values\.sql:\d+: .*division by zero/);
  });

  test('a guard wraps its check: one statement, whatever the check file says around it', () => {
    for (const c of checks) {
      const guard = guardStatement(c);
      expect(splitStatements(guard.sql)).toHaveLength(1);
      expect(guard.file).toBe(c.file);
      expect(guard.sql).toContain(c.statement.sql);
    }
  });
});
