/**
 * Data checks: each `*.sql` of a folder is one query returning the rows that break a rule of the
 * data (none when the data is right). The pipeline runs `sql/checks/load` inside every load and
 * every check before training.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitStatements } from './split.js';
import { describeLocation, type SqlStatement } from './statement.js';

type Row = Record<string, unknown>;

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

/**
 * Runs `checks` through `query`; throws CheckFailure (with `stopped`) when any returns rows. A
 * query that fails is reported at its check's file and line.
 */
export async function runCheckQueries(
  query: (statement: SqlStatement) => Promise<readonly Row[]>,
  checks: readonly DataCheck[],
  stopped?: string,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of checks) {
    const rows = await query(c.statement).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        reason.startsWith(`${c.file}:`) ? reason : `${describeLocation(c.statement)}: ${reason}`,
        { cause: error },
      );
    });
    results.push({ check: c.check, file: c.file, rows });
  }
  const failed = results.filter((r) => r.rows.length > 0);
  if (failed.length > 0) throw new CheckFailure(failed, stopped);
  return results;
}
