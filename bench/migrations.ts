/** Measure 4: what the migration runner sends for a full run and for a no-op run. */
import { join } from 'node:path';
import { readMigrations } from '../actions/lib/migrations/files.js';
import { migrate } from '../actions/lib/migrations/runner.js';
import type { SqlStatement } from '../actions/lib/sql/statement.js';
import { PgliteWarehouse } from '../actions/lib/warehouse/pglite.js';
import type { Row, SqlValue, Warehouse } from '../actions/lib/warehouse/warehouse.js';
import { REPO } from './lib/paths.js';

/** Round trips (query calls + transactions) and statements (a transaction counts its statements). */
export interface MigrationCount {
  readonly run: 'full' | 'no-op';
  readonly roundTrips: number;
  readonly statements: number;
  readonly transactions: number;
  readonly applied: number;
  readonly ms: number;
}

/** A Warehouse that forwards everything and counts what goes through. */
class CountingWarehouse implements Warehouse {
  readonly kind: string;
  queries = 0;
  transactions = 0;
  statements = 0;
  constructor(private readonly inner: Warehouse) {
    this.kind = inner.kind;
  }
  query<R extends Row = Row>(
    sql: string | SqlStatement,
    params?: readonly SqlValue[],
  ): Promise<R[]> {
    this.queries += 1;
    this.statements += 1;
    return this.inner.query<R>(sql, params);
  }
  transaction(statements: readonly SqlStatement[]): Promise<void> {
    this.transactions += 1;
    this.statements += statements.length;
    return this.inner.transaction(statements);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  reset(): void {
    this.queries = this.transactions = this.statements = 0;
  }
}

/** On a fresh in-memory PGlite: every migration, then the same files again. */
export async function measureMigrations(): Promise<MigrationCount[]> {
  const files = await readMigrations(join(REPO, 'sql', 'migrations'));
  const wh = new CountingWarehouse(await PgliteWarehouse.open());
  const counts: MigrationCount[] = [];
  try {
    for (const run of ['full', 'no-op'] as const) {
      wh.reset();
      const started = performance.now();
      const outcome = await migrate(wh, files);
      counts.push({
        run,
        roundTrips: wh.queries + wh.transactions,
        statements: wh.statements,
        transactions: wh.transactions,
        applied: outcome.applied.length,
        ms: performance.now() - started,
      });
    }
  } finally {
    await wh.close();
  }
  return counts;
}
