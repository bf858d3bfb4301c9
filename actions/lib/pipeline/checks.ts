import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitStatements } from '../sql/split.js';
import type { SqlStatement } from '../sql/statement.js';
import type { Row, Warehouse } from '../warehouse/warehouse.js';

/** One data check: a query returning the offending rows (none when the data is right). */
export interface DataCheck {
  /** The file's name without `.sql`. */
  readonly check: string;
  readonly file: string;
  readonly statement: SqlStatement;
}

export interface CheckResult {
  readonly check: string;
  readonly file: string;
  readonly rows: readonly Row[];
}

/** Some data checks returned rows; the message lists them. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(
    readonly failed: readonly CheckResult[],
    /** What the failure stopped, for the message's first line. */
    readonly stopped = 'data checks failed',
  ) {
    super(describe(failed, stopped));
  }
}

const SHOWN_ROWS = 10;

function describe(failed: readonly CheckResult[], stopped: string): string {
  const parts = failed.map((f) => {
    const shown = f.rows.slice(0, SHOWN_ROWS).map((r) => `    ${JSON.stringify(r)}`);
    const more =
      f.rows.length > SHOWN_ROWS ? [`    ... and ${f.rows.length - SHOWN_ROWS} more`] : [];
    return [`${f.file}: ${f.rows.length} offending row(s)`, ...shown, ...more].join('\n');
  });
  return `${stopped}:\n${parts.join('\n')}`;
}

/** The checks in `dir`, each `*.sql` exactly one query, in name order. */
export async function readChecks(dir: string): Promise<DataCheck[]> {
  const names = await readdir(dir);
  const checks: DataCheck[] = [];
  for (const name of names.filter((f) => f.endsWith('.sql')).sort()) {
    const file = join(dir, name);
    const statements = splitStatements(await readFile(file, 'utf8'), file);
    if (statements.length !== 1) {
      throw new Error(
        `${file}: a check is exactly one query returning the offending rows; found ${statements.length} statements`,
      );
    }
    checks.push({ check: name.replace(/\.sql$/, ''), file, statement: statements[0]! });
  }
  return checks;
}

/** Runs `checks` through `query`; throws CheckFailure (with `stopped`) when any returns rows. */
export async function runCheckQueries(
  query: (statement: SqlStatement) => Promise<readonly Row[]>,
  checks: readonly DataCheck[],
  stopped?: string,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of checks) {
    results.push({ check: c.check, file: c.file, rows: await query(c.statement) });
  }
  const failed = results.filter((r) => r.rows.length > 0);
  if (failed.length > 0) throw new CheckFailure(failed, stopped);
  return results;
}

/**
 * Runs every `*.sql` in `dirs` (each one query returning the offending rows) and throws
 * CheckFailure naming each failing file and its rows.
 */
export async function runChecks(
  wh: Warehouse,
  dirs: string | readonly string[],
): Promise<CheckResult[]> {
  const checks: DataCheck[] = [];
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs)
    checks.push(...(await readChecks(dir)));
  return runCheckQueries((statement) => wh.query(statement), checks);
}
